import { describe, expect, it } from 'vitest';
import { IppDecodeError, MAX_COLLECTION_DEPTH, attribute, decodeIppMessage, encodeIppMessage, type IppAttribute } from '../../src/ipp/index.js';

const header = [0x01, 0x01, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x01];

/** One wire field: tag, name, value (RFC 8010 §3.1.4). */
function field(tag: number, name: string, value: number[] | string): number[] {
  const nameBytes = Array.from(Buffer.from(name, 'utf8'));
  const valueBytes = typeof value === 'string' ? Array.from(Buffer.from(value, 'utf8')) : value;
  return [tag, nameBytes.length >> 8, nameBytes.length & 0xff, ...nameBytes, valueBytes.length >> 8, valueBytes.length & 0xff, ...valueBytes];
}

const message = (...parts: number[][]) => Uint8Array.from([...header, ...parts.flat()]);

/** The IppDecodeError that decoding `bytes` throws. */
function decodeError(bytes: Uint8Array): IppDecodeError {
  try {
    decodeIppMessage(bytes);
  } catch (error) {
    if (error instanceof IppDecodeError) return error;
    throw error;
  }
  throw new Error('decoded without error');
}

describe('decodeIppMessage', () => {
  it('joins values with empty names to the attribute before them', () => {
    const decoded = decodeIppMessage(message([0x04], field(0x21, 'marker-levels', [0, 0, 0, 37]), field(0x21, '', [0xff, 0xff, 0xff, 0xfd]), [0x03]));
    expect(decoded.groups).toEqual([{ name: 'printer', attributes: [attribute('marker-levels', 'integer', 37, -3)] }]);
  });

  it('decodes a nested collection (media-col with media-size)', () => {
    const decoded = decodeIppMessage(
      message(
        [0x04],
        field(0x34, 'media-col-default', []),
        field(0x4a, '', 'media-size'),
        field(0x34, '', []),
        field(0x4a, '', 'x-dimension'),
        field(0x21, '', [0, 0, 0x52, 0x08]),
        field(0x4a, '', 'y-dimension'),
        field(0x21, '', [0, 0, 0x74, 0x04]),
        field(0x37, '', []),
        field(0x4a, '', 'media-type'),
        field(0x44, '', 'stationery'),
        field(0x37, '', []),
        [0x03],
      ),
    );
    const size: IppAttribute[] = [attribute('x-dimension', 'integer', 21000), attribute('y-dimension', 'integer', 29700)];
    expect(decoded.groups[0]?.attributes).toEqual([
      attribute('media-col-default', 'collection', [attribute('media-size', 'collection', size), attribute('media-type', 'keyword', 'stationery')]),
    ]);
  });

  it('keeps document data after end-of-attributes', () => {
    expect(decodeIppMessage(message([0x01, 0x03, 0x25, 0x50])).data).toEqual(Uint8Array.from([0x25, 0x50]));
  });

  it('keeps values of tags it does not interpret byte for byte', () => {
    const decoded = decodeIppMessage(message([0x04], field(0x4b, 'vendor-thing', [1, 2, 3]), [0x03]));
    expect(decoded.groups[0]?.attributes[0]?.values).toEqual([{ tag: 'other', code: 0x4b, value: Uint8Array.from([1, 2, 3]) }]);
  });

  it('reads out-of-band values with no value', () => {
    const decoded = decodeIppMessage(message([0x04], field(0x13, 'printer-location', []), [0x03]));
    expect(decoded.groups[0]?.attributes[0]?.values).toEqual([{ tag: 'no-value' }]);
  });

  it('rejects an integer that is not 4 bytes, naming the attribute and offset', () => {
    const error = decodeError(message([0x04], field(0x21, 'marker-levels', [0, 37]), [0x03]));
    expect(error.message).toBe("Value of 'marker-levels' is integer but 2 bytes long, not 4 at byte offset 27");
    expect(error.offset).toBe(27);
  });

  it('rejects a value-length that runs past the end without reading it', () => {
    const bytes = message([0x04, 0x41, 0x00, 0x01, 0x61, 0xff, 0xff, 0x62]);
    expect(decodeError(bytes).message).toMatch(/Message ends inside the value of 'a': 65535 bytes needed, 1 left at byte offset 15/);
  });

  it('rejects a message without end-of-attributes-tag', () => {
    expect(decodeError(message([0x01])).message).toMatch(/no end-of-attributes-tag.* at byte offset 9$/);
  });

  it('rejects an additional value with no attribute before it', () => {
    expect(decodeError(message([0x04], field(0x21, '', [0, 0, 0, 1]), [0x03])).offset).toBe(9);
  });

  it('rejects attributes before any group tag', () => {
    expect(decodeError(message(field(0x21, 'x', [0, 0, 0, 1]), [0x03])).message).toMatch(/before any group tag/);
  });

  it('rejects reserved delimiter tags', () => {
    expect(decodeError(message([0x0f, 0x03])).message).toMatch(/Reserved delimiter tag 0x0f at byte offset 8/);
  });

  it('rejects collection structure outside a collection and values before a member name', () => {
    expect(decodeError(message([0x04], field(0x4a, '', 'x'), [0x03])).message).toMatch(/outside a collection/);
    expect(decodeError(message([0x04], field(0x34, 'c', []), field(0x21, '', [0, 0, 0, 1]), field(0x37, '', []), [0x03])).message).toMatch(
      /Value before any memberAttrName/,
    );
  });

  it('rejects a collection member without a value', () => {
    const bytes = message([0x04], field(0x34, 'c', []), field(0x4a, '', 'm'), field(0x37, '', []), [0x03]);
    expect(decodeError(bytes).message).toMatch(/Member 'm' of 'c' has no value/);
  });

  it('rejects a text-with-language value whose inner lengths disagree with its length', () => {
    const bytes = message([0x04], field(0x35, 'printer-info', [0, 2, 0x65, 0x6e, 0, 5, 0x61]), [0x03]);
    expect(decodeError(bytes).message).toMatch(/overruns its own length/);
  });

  it('rejects nesting deeper than MAX_COLLECTION_DEPTH with IppDecodeError, not a stack overflow', () => {
    const open = [...field(0x34, 'c', []), ...field(0x4a, '', 'm')];
    const nested = [...open, ...Array.from({ length: 1_000 }, () => [...field(0x34, '', []), ...field(0x4a, '', 'm')]).flat()];
    expect(decodeError(message([0x04], nested)).message).toMatch(new RegExp(`deeper than ${MAX_COLLECTION_DEPTH}`));
  });
});

describe('encodeIppMessage', () => {
  const base = { version: { major: 1, minor: 1 }, code: 0, requestId: 1, data: new Uint8Array(0) };
  const withAttribute = (attr: IppAttribute) => ({ ...base, groups: [{ name: 'printer' as const, attributes: [attr] }] });

  it('refuses what the wire cannot carry', () => {
    expect(() => encodeIppMessage(withAttribute({ name: '', values: [{ tag: 'no-value' }] }))).toThrow(RangeError);
    expect(() => encodeIppMessage(withAttribute({ name: 'x', values: [] }))).toThrow(/has no value/);
    expect(() => encodeIppMessage(withAttribute(attribute('x', 'integer', 2 ** 31)))).toThrow(RangeError);
    expect(() => encodeIppMessage(withAttribute(attribute('x', 'integer', 1.5)))).toThrow(RangeError);
    expect(() => encodeIppMessage(withAttribute(attribute('x', 'textWithoutLanguage', 'a'.repeat(70_000))))).toThrow(/65535/);
    expect(() => encodeIppMessage(withAttribute({ name: 'x', values: [{ tag: 'other', code: 0x21, value: new Uint8Array(4) }] }))).toThrow(RangeError);
  });
});
