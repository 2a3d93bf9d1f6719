import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BerError, BerReader, decodeOid, encodeInteger, encodeOid, encodeUnsigned, TAG } from '../../../src/simulator/snmp/ber.js';
import { decodeMessage } from '../../../src/simulator/snmp/message.js';
import { communityRequest } from './requests.js';

const hex = (buffer: Buffer) => buffer.toString('hex');

describe('BER encoding', () => {
  it('encodes the textbook examples of X.690 and RFC 1157', () => {
    expect(hex(encodeOid([1, 3, 6, 1]))).toBe('06032b0601');
    expect(hex(encodeOid([1, 3, 6, 1, 4, 1, 2680]))).toBe('06072b060104019478');
    expect(hex(encodeInteger(-3))).toBe('0201fd');
    expect(hex(encodeInteger(128))).toBe('02020080');
    expect(hex(encodeInteger(-129))).toBe('0202ff7f');
    expect(hex(encodeUnsigned(0xffffffff, TAG.counter32))).toBe('410500ffffffff');
    expect(hex(encodeUnsigned(0, TAG.timeticks))).toBe('430100');
  });

  it('round-trips every 32-bit INTEGER', () => {
    fc.assert(fc.property(fc.integer({ min: -0x80000000, max: 0x7fffffff }), (value) => new BerReader(encodeInteger(value)).integer() === value));
  });

  it('wraps unsigned values modulo 2^32, as a Counter32 on a device does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (value) => {
        const encoded = encodeUnsigned(value, TAG.counter32);
        expect(encoded.readUIntBE(2, encoded.length - 2)).toBe(value % 2 ** 32);
      }),
    );
  });

  it('round-trips every OID', () => {
    const oid = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 39 }), fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 30 }))
      .map(([first, second, rest]) => [first, second, ...rest]);
    fc.assert(
      fc.property(oid, (arcs) => {
        expect(new BerReader(encodeOid(arcs)).oid()).toEqual(arcs);
      }),
    );
  });
});

describe('BER decoding of hostile input', () => {
  it('rejects sub-identifiers over 32 bits and unterminated ones', () => {
    expect(() => decodeOid(Buffer.from('2b9080808000', 'hex'), 0, 6)).toThrow(BerError);
    expect(() => decodeOid(Buffer.from('2b86', 'hex'), 0, 2)).toThrow(BerError);
  });

  it('rejects lengths that run past the datagram and indefinite lengths', () => {
    expect(() => new BerReader(Buffer.from('3005020100', 'hex')).next()).toThrow(BerError);
    expect(() => new BerReader(Buffer.from('30800201000000', 'hex')).next()).toThrow(BerError);
    expect(() => new BerReader(Buffer.from('3084ffffffff', 'hex')).next()).toThrow(BerError);
  });

  it('throws nothing but BerError for any byte string', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          decodeMessage(Buffer.from(bytes));
        } catch (error) {
          expect(error).toBeInstanceOf(BerError);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('rejects every truncation of a valid request', () => {
    const request = communityRequest(1, 'public', { oids: [[1, 3, 6, 1, 2, 1, 1, 1, 0], [1, 3, 6, 1, 2, 1, 43, 11, 1, 1, 9, 1, 1]] });
    expect(decodeMessage(request).version).toBe(1);
    for (let length = 0; length < request.length; length++) expect(() => decodeMessage(request.subarray(0, length))).toThrow(BerError);
  });
});
