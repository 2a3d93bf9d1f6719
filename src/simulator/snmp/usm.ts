/**
 * The User-based Security Model's cryptography for the one protocol pair printers are configured
 * with in practice: HMAC-SHA-96 authentication (RFC 3414 §7) and AES-128-CFB privacy (RFC 3826).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA-96 puts the first 12 octets of the HMAC into msgAuthenticationParameters. */
export const AUTH_PARAMETERS_LENGTH = 12;
/** AES privacy parameters are the 8-octet salt. */
export const PRIV_PARAMETERS_LENGTH = 8;

/** RFC 3414 A.2.2: Ku = SHA-1 over one megabyte of the password repeated. Slow on purpose; cache it. */
export function passwordToKey(password: string): Buffer {
  const source = Buffer.from(password, 'utf8');
  if (source.length === 0) throw new Error('An SNMPv3 password cannot be empty.');
  const megabyte = Buffer.alloc(1_048_576);
  for (let offset = 0; offset < megabyte.length; offset += source.length) source.copy(megabyte, offset);
  return createHash('sha1').update(megabyte).digest();
}

/** RFC 3414 §2.6: localizes a user key to one engine, Kul = SHA-1(Ku ‖ engineID ‖ Ku). */
export function localizeKey(masterKey: Buffer, engineId: Buffer): Buffer {
  return createHash('sha1').update(masterKey).update(engineId).update(masterKey).digest();
}

/** HMAC-SHA-96 of a whole message whose authentication parameters are already zeroed. */
export function digest(authKey: Buffer, message: Buffer): Buffer {
  return createHmac('sha1', authKey).update(message).digest().subarray(0, AUTH_PARAMETERS_LENGTH);
}

/** Checks the digest a message arrived with (at `offset`) against the one computed with zeros there. */
export function isAuthentic(authKey: Buffer, message: Buffer, offset: number): boolean {
  const received = message.subarray(offset, offset + AUTH_PARAMETERS_LENGTH);
  if (received.length !== AUTH_PARAMETERS_LENGTH) return false;
  const zeroed = Buffer.from(message);
  zeroed.fill(0, offset, offset + AUTH_PARAMETERS_LENGTH);
  return timingSafeEqual(received, digest(authKey, zeroed));
}

/** Writes the digest into a freshly encoded message at the placeholder `offset`. */
export function sign(authKey: Buffer, message: Buffer, offset: number): void {
  digest(authKey, message).copy(message, offset);
}

/** RFC 3826 §3.1.2.1: the IV is engineBoots ‖ engineTime ‖ salt, all of the authoritative engine. */
function aesIv(engineBoots: number, engineTime: number, salt: Buffer): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(engineBoots >>> 0, 0);
  iv.writeUInt32BE(engineTime >>> 0, 4);
  salt.copy(iv, 8);
  return iv;
}

/** AES-128-CFB with the first 16 octets of the localized privacy key (RFC 3826 §3.1.2.1). */
export function aesEncrypt(privKey: Buffer, engineBoots: number, engineTime: number, salt: Buffer, plain: Buffer): Buffer {
  const cipher = createCipheriv('aes-128-cfb', privKey.subarray(0, 16), aesIv(engineBoots, engineTime, salt));
  return Buffer.concat([cipher.update(plain), cipher.final()]);
}

/** Inverse of aesEncrypt; a wrong key yields garbage, not an error — the ScopedPDU parse catches it. */
export function aesDecrypt(privKey: Buffer, engineBoots: number, engineTime: number, salt: Buffer, encrypted: Buffer): Buffer {
  const decipher = createDecipheriv('aes-128-cfb', privKey.subarray(0, 16), aesIv(engineBoots, engineTime, salt));
  return Buffer.concat([decipher.update(encrypted), decipher.final()]);
}
