/**
 * The only error the decoder ever throws: untrusted bytes from a printer or a client must end in
 * this one catchable type, never in a RangeError from a buffer read or a stack overflow.
 */
export class IppDecodeError extends Error {
  /** Byte offset in the message where decoding gave up. */
  readonly offset: number;

  constructor(reason: string, offset: number) {
    super(`${reason} at byte offset ${offset}`);
    this.name = 'IppDecodeError';
    this.offset = offset;
  }
}
