/**
 * The subset of ASN.1 BER (X.690) that SNMP messages use, strict on input: definite lengths only,
 * single-byte tags, integers of at most 32 bits. Anything else raises BerError, which the agent
 * counts and drops — a malformed datagram must never become an exception anywhere else.
 */

/** Thrown for input that is not well-formed SNMP BER. */
export class BerError extends Error {}

export const TAG = {
  integer: 0x02,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  sequence: 0x30,
  ipAddress: 0x40,
  counter32: 0x41,
  gauge32: 0x42,
  timeticks: 0x43,
  noSuchObject: 0x80,
  noSuchInstance: 0x81,
  endOfMibView: 0x82,
} as const;

/** One decoded TLV: value bytes are buf[start, end); `from` is where the tag byte sits. */
export interface Tlv {
  tag: number;
  from: number;
  start: number;
  end: number;
}

/** A cursor over consecutive TLVs inside [position, end) of one buffer. */
export class BerReader {
  constructor(readonly buf: Buffer, private position = 0, readonly end = buf.length) {}

  /** True once every TLV in this reader's range has been consumed. */
  get done(): boolean {
    return this.position >= this.end;
  }

  /** Reads the next TLV, optionally insisting on its tag. */
  next(expectedTag?: number): Tlv {
    const { buf, end } = this;
    const from = this.position;
    if (from + 2 > end) throw new BerError('truncated TLV');
    const tag = buf[from]!;
    if ((tag & 0x1f) === 0x1f) throw new BerError('multi-byte tag');
    if (expectedTag !== undefined && tag !== expectedTag) throw new BerError(`expected tag ${expectedTag}, got ${tag}`);
    let length = buf[from + 1]!;
    let start = from + 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 4) throw new BerError('indefinite or oversized length');
      if (start + count > end) throw new BerError('truncated length');
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + buf[start + i]!;
      start += count;
    }
    if (start + length > end) throw new BerError('truncated value');
    this.position = start + length;
    return { tag, from, start, end: start + length };
  }

  /** Reads a constructed TLV (SEQUENCE or PDU) and returns a reader over its contents. */
  enter(expectedTag: number): BerReader {
    const tlv = this.next(expectedTag);
    return new BerReader(this.buf, tlv.start, tlv.end);
  }

  /** Reads a signed 32-bit INTEGER. */
  integer(expectedTag: number = TAG.integer): number {
    const { start, end } = this.next(expectedTag);
    const length = end - start;
    if (length < 1 || length > 4) throw new BerError('integer length out of range');
    return this.buf.readIntBE(start, length);
  }

  /** Reads an OCTET STRING (a view into the datagram, not a copy). */
  octets(): Buffer {
    const { start, end } = this.next(TAG.octetString);
    return this.buf.subarray(start, end);
  }

  /** Reads an OBJECT IDENTIFIER. */
  oid(): number[] {
    const { start, end } = this.next(TAG.oid);
    return decodeOid(this.buf, start, end);
  }
}

/** Decodes OID content octets; the first octet packs the first two arcs as 40·x + y (X.690 §8.19). */
export function decodeOid(buf: Buffer, start: number, end: number): number[] {
  if (end <= start) throw new BerError('empty OID');
  // RFC 2578 §3.5: at most 128 sub-identifiers; a datagram claiming more is not a request.
  if (end - start > 128 * 5) throw new BerError('OID too long');
  const arcs: number[] = [];
  let value = 0;
  for (let i = start; i < end; i++) {
    const byte = buf[i]!;
    value = value * 128 + (byte & 0x7f);
    if (value > 0xffffffff) throw new BerError('sub-identifier exceeds 32 bits');
    if (byte & 0x80) continue;
    if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
    else arcs.push(value);
    value = 0;
  }
  if (buf[end - 1]! & 0x80) throw new BerError('unterminated sub-identifier');
  if (arcs.length > 128) throw new BerError('too many sub-identifiers');
  return arcs;
}

/** Encodes a definite length. */
function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  if (length < 0x100) return Buffer.from([0x81, length]);
  if (length < 0x10000) return Buffer.from([0x82, length >> 8, length & 0xff]);
  return Buffer.from([0x83, length >> 16, (length >> 8) & 0xff, length & 0xff]);
}

/** Encodes one TLV around already-encoded content. */
export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

/** Encodes a constructed TLV (SEQUENCE, PDU) around its encoded parts. */
export function constructed(tag: number, parts: readonly Buffer[]): Buffer {
  return tlv(tag, Buffer.concat(parts));
}

/** Encodes a signed INTEGER in minimal two's complement; values outside int32 wrap, as on a device. */
export function encodeInteger(value: number, tag: number = TAG.integer): Buffer {
  let rest = value | 0;
  const bytes: number[] = [];
  do {
    bytes.unshift(rest & 0xff);
    rest >>= 8;
  } while (!((rest === 0 && !(bytes[0]! & 0x80)) || (rest === -1 && bytes[0]! & 0x80)));
  return tlv(tag, Buffer.from(bytes));
}

/** Encodes an unsigned 32-bit value (Counter32, Gauge32, TimeTicks), wrapping modulo 2^32. */
export function encodeUnsigned(value: number, tag: number): Buffer {
  let rest = Math.trunc(value) % 0x100000000;
  if (rest < 0) rest += 0x100000000;
  const bytes: number[] = [];
  do {
    bytes.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(tag, Buffer.from(bytes));
}

/** Encodes an OCTET STRING (text goes out as UTF-8). */
export function encodeOctets(value: Buffer | string, tag: number = TAG.octetString): Buffer {
  return tlv(tag, typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
}

/** Encodes an empty-content TLV: NULL or an SNMPv2 exception. */
export function encodeEmpty(tag: number): Buffer {
  return Buffer.from([tag, 0]);
}

/** Encodes an OBJECT IDENTIFIER from its arcs. */
export function encodeOid(arcs: readonly number[]): Buffer {
  if (arcs.length < 2 || arcs[0]! > 2 || (arcs[0]! < 2 && arcs[1]! >= 40)) throw new Error(`Cannot encode OID ${arcs.join('.')}`);
  const bytes: number[] = [];
  const push = (arc: number) => {
    const group = [arc % 128];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) group.unshift((rest % 128) | 0x80);
    bytes.push(...group);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (let i = 2; i < arcs.length; i++) push(arcs[i]!);
  return tlv(TAG.oid, Buffer.from(bytes));
}
