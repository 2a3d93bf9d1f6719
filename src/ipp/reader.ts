import { IppDecodeError } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * A cursor over untrusted bytes: every read checks bounds first and fails with IppDecodeError,
 * so nothing downstream can index past the end or trust a length it has not checked.
 */
export class ByteReader {
  private readonly view: DataView;
  offset = 0;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes left after the cursor. */
  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  /** Fails unless `count` more bytes exist, naming what was being read. */
  need(count: number, what: string): void {
    if (this.remaining < count) {
      throw new IppDecodeError(`Message ends inside ${what}: ${count} bytes needed, ${this.remaining} left`, this.offset);
    }
  }

  /** Reads one unsigned byte. */
  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.offset++] as number;
  }

  /** Reads a big-endian unsigned 16-bit length or code. */
  u16(what: string): number {
    this.need(2, what);
    const value = this.view.getUint16(this.offset);
    this.offset += 2;
    return value;
  }

  /** Reads a big-endian signed 32-bit integer. */
  i32(what: string): number {
    this.need(4, what);
    const value = this.view.getInt32(this.offset);
    this.offset += 4;
    return value;
  }

  /** Takes `length` bytes as a fresh copy (the caller's buffer may be reused). */
  take(length: number, what: string): Uint8Array {
    this.need(length, what);
    const slice = new Uint8Array(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return slice;
  }

  /** Reads `length` bytes as UTF-8; malformed sequences become U+FFFD rather than failing the message. */
  text(length: number, what: string): string {
    this.need(length, what);
    const value = utf8.decode(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return value;
  }
}
