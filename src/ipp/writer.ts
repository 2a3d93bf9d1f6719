const utf8 = new TextEncoder();

/** A growing big-endian byte buffer; checks ranges so a bad value fails loudly instead of wrapping. */
export class ByteWriter {
  private buffer = new Uint8Array(256);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  /** Appends one unsigned byte. */
  u8(value: number, what: string): void {
    checkInteger(value, 0, 0xff, what);
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  /** Appends a big-endian unsigned 16-bit number. */
  u16(value: number, what: string): void {
    checkInteger(value, 0, 0xffff, what);
    this.reserve(2);
    this.view.setUint16(this.length, value);
    this.length += 2;
  }

  /** Appends a big-endian signed 32-bit integer. */
  i32(value: number, what: string): void {
    checkInteger(value, -0x80000000, 0x7fffffff, what);
    this.reserve(4);
    this.view.setInt32(this.length, value);
    this.length += 4;
  }

  /** Appends raw bytes. */
  bytes(value: Uint8Array): void {
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
  }

  /** Appends a 16-bit length followed by the bytes: the shape of every IPP name and value. */
  lengthPrefixed(value: Uint8Array, what: string): void {
    if (value.length > 0xffff) throw new RangeError(`${what} is ${value.length} bytes; IPP lengths stop at 65535`);
    this.u16(value.length, what);
    this.bytes(value);
  }

  /** The bytes written so far, as a copy the writer no longer touches. */
  result(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(count: number): void {
    if (this.length + count <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + count) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }
}

/** UTF-8 bytes of a string (IPP text and names are UTF-8 when attributes-charset is utf-8). */
export function utf8Bytes(value: string): Uint8Array {
  return utf8.encode(value);
}

/** Fails with a RangeError unless `value` is an integer in [min, max]. */
export function checkInteger(value: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be an integer from ${min} to ${max}, got ${value}`);
  }
}
