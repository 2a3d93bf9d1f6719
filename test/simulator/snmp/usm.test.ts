import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createUserDirectory } from '../../../src/simulator/snmp/users.js';
import { aesDecrypt, aesEncrypt, digest, isAuthentic, localizeKey, passwordToKey, sign } from '../../../src/simulator/snmp/usm.js';

/** net-snmp's own USM helpers, an independent implementation to cross-check against. */
interface NetSnmpUsm {
  AuthProtocols: { sha: number };
  PrivProtocols: { aes: number };
  Authentication: {
    passwordToKey(protocol: number, password: string, engineId: Buffer): Buffer;
    calculateDigest(message: Buffer, protocol: number, password: string, engineId: Buffer): Buffer;
  };
  Encryption: {
    decryptPdu(priv: number, data: Buffer, salt: Buffer, password: string, auth: number, engine: { engineID: Buffer; engineBoots: number; engineTime: number }): Buffer;
  };
}
const netSnmp = createRequire(import.meta.url)('net-snmp') as NetSnmpUsm;

// RFC 3414 Appendix A.3.2: password "maplesyrup", engine ID 00…02.
const RFC_ENGINE = Buffer.from('000000000000000000000002', 'hex');

describe('USM keys (RFC 3414 §2.6, Appendix A)', () => {
  it('derives the RFC 3414 A.3.2 SHA master and localized keys', () => {
    const master = passwordToKey('maplesyrup');
    expect(master.toString('hex')).toBe('9fb5cc0381497b3793528939ff788d5d79145211');
    expect(localizeKey(master, RFC_ENGINE).toString('hex')).toBe('6695febc9288e36282235fc7151f128497b38f3f');
  });

  it('agrees with net-snmp on localized keys and HMAC-SHA-96 digests', () => {
    const engineId = Buffer.from('80001f8804746f6e65726c6f6f70', 'hex');
    const key = localizeKey(passwordToKey('tonerloop-auth-1'), engineId);
    expect(key).toEqual(netSnmp.Authentication.passwordToKey(netSnmp.AuthProtocols.sha, 'tonerloop-auth-1', engineId));
    const message = Buffer.from('a whole SNMP message with zeroed auth parameters');
    expect(digest(key, message)).toEqual(netSnmp.Authentication.calculateDigest(message, netSnmp.AuthProtocols.sha, 'tonerloop-auth-1', engineId));
  });

  it('signs in place and verifies only the untouched message', () => {
    const key = localizeKey(passwordToKey('tonerloop-auth-1'), RFC_ENGINE);
    const message = Buffer.concat([Buffer.from('header'), Buffer.alloc(12), Buffer.from('scoped pdu')]);
    sign(key, message, 6);
    expect(isAuthentic(key, message, 6)).toBe(true);
    message[message.length - 1]! ^= 1;
    expect(isAuthentic(key, message, 6)).toBe(false);
  });

  it('encrypts AES-128-CFB so net-snmp decrypts it, and round-trips', () => {
    const engine = { engineID: Buffer.from('80001f8804746f6e65726c6f6f70', 'hex'), engineBoots: 170_000_000, engineTime: 4242 };
    const privKey = localizeKey(passwordToKey('tonerloop-priv-1'), engine.engineID);
    const salt = Buffer.from('0102030405060708', 'hex');
    const plain = Buffer.from('3012040004000a0c0201010201000201003000', 'hex');
    const encrypted = aesEncrypt(privKey, engine.engineBoots, engine.engineTime, salt, plain);
    expect(encrypted).not.toEqual(plain);
    expect(netSnmp.Encryption.decryptPdu(netSnmp.PrivProtocols.aes, encrypted, salt, 'tonerloop-priv-1', netSnmp.AuthProtocols.sha, engine)).toEqual(plain);
    expect(aesDecrypt(privKey, engine.engineBoots, engine.engineTime, salt, encrypted)).toEqual(plain);
  });
});

describe('createUserDirectory', () => {
  it('refuses configurations net-snmp managers could never use', () => {
    expect(() => createUserDirectory([{ name: 'short', level: 'authNoPriv', authPassword: 'short' }])).toThrow(/at least 8/);
    expect(() => createUserDirectory([{ name: 'nopriv', level: 'authPriv', authPassword: 'long-enough' }])).toThrow(/privacy password/);
  });

  it('localizes keys per engine, so two printers never share a key', () => {
    const users = createUserDirectory([{ name: 'collector', level: 'authNoPriv', authPassword: 'tonerloop-auth-1' }]);
    const a = users(Buffer.from('01', 'hex'), Buffer.from('collector'))!;
    const b = users(Buffer.from('02', 'hex'), Buffer.from('collector'))!;
    expect(a.authKey).not.toEqual(b.authKey);
    expect(users(Buffer.from('01', 'hex'), Buffer.from('other'))).toBeUndefined();
  });
});
