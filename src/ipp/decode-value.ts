import { IppDecodeError } from './errors.js';
import type { ByteReader } from './reader.js';
import { OUT_OF_BAND_TAGS, STRING_TAGS, VALUE_TAG_BY_CODE } from './tags.js';
import type { IppDateTime, IppOutOfBandTag, IppStringTag, IppValue } from './types.js';

/** Fixed value lengths of RFC 8010 §3.9; a printer that sends anything else is not speaking IPP. */
const FIXED_LENGTH: Partial<Record<string, number>> = { integer: 4, enum: 4, boolean: 1, dateTime: 11, resolution: 9, rangeOfInteger: 8 };

/**
 * Decodes one non-collection value of `length` bytes at the reader's cursor and leaves the cursor
 * just after it. The caller has already checked that `length` bytes are present.
 */
export function decodeSimpleValue(reader: ByteReader, code: number, length: number, attributeName: string): IppValue {
  const start = reader.offset;
  const tag = VALUE_TAG_BY_CODE.get(code);
  if (tag === undefined || tag === 'collection') return { tag: 'other', code, value: reader.take(length, 'a value') };
  const fixed = FIXED_LENGTH[tag];
  if (fixed !== undefined && length !== fixed) {
    throw new IppDecodeError(`Value of '${attributeName}' is ${tag} but ${length} bytes long, not ${fixed}`, start);
  }
  if (tag in OUT_OF_BAND_TAGS) {
    // RFC 8010 §3.8: out-of-band values have no value; a stray one is skipped, as CUPS does.
    reader.take(length, 'an out-of-band value');
    return { tag: tag as IppOutOfBandTag };
  }
  if (tag in STRING_TAGS) return { tag: tag as IppStringTag, value: reader.text(length, 'a string value') };
  switch (tag) {
    case 'integer':
    case 'enum':
      return { tag, value: reader.i32('an integer') };
    case 'boolean':
      // RFC 8010 says 0x00 or 0x01; like CUPS, any non-zero byte reads as true.
      return { tag, value: reader.u8('a boolean') !== 0 };
    case 'octetString':
      return { tag, value: reader.take(length, 'an octetString') };
    case 'dateTime':
      return { tag, value: readDateTime(reader, attributeName) };
    case 'resolution': {
      const crossFeed = reader.i32('a resolution');
      const feed = reader.i32('a resolution');
      const units = reader.u8('a resolution');
      return { tag, value: { crossFeed, feed, units } };
    }
    case 'rangeOfInteger': {
      const lower = reader.i32('a rangeOfInteger');
      return { tag, value: { lower, upper: reader.i32('a rangeOfInteger') } };
    }
    case 'textWithLanguage':
    case 'nameWithLanguage':
      return { tag, value: readWithLanguage(reader, length, attributeName) };
  }
  throw new IppDecodeError(`Value tag 0x${code.toString(16)} has no decoder`, start);
}

/** RFC 8010 §3.9: language length, language, text length, text, and nothing else inside the value. */
function readWithLanguage(reader: ByteReader, length: number, attributeName: string): { language: string; text: string } {
  const start = reader.offset;
  const end = start + length;
  const inside = (count: number) => {
    if (reader.offset + count > end) throw new IppDecodeError(`Value of '${attributeName}' overruns its own length`, reader.offset);
  };
  inside(2);
  const languageLength = reader.u16('a language length');
  inside(languageLength);
  const language = reader.text(languageLength, 'a language');
  inside(2);
  const textLength = reader.u16('a text length');
  inside(textLength);
  const text = reader.text(textLength, 'a text');
  if (reader.offset !== end) throw new IppDecodeError(`Value of '${attributeName}' has ${end - reader.offset} stray bytes`, reader.offset);
  return { language, text };
}

/** RFC 2579 DateAndTime; only the UTC direction is checked, since it decides the value's shape. */
function readDateTime(reader: ByteReader, attributeName: string): IppDateTime {
  const year = reader.u16('a dateTime');
  const [month, day, hour, minutes, seconds, deciSeconds] = Array.from({ length: 6 }, () => reader.u8('a dateTime')) as number[];
  const directionOffset = reader.offset;
  const direction = reader.u8('a dateTime');
  if (direction !== 0x2b && direction !== 0x2d) {
    throw new IppDecodeError(`dateTime of '${attributeName}' has UTC direction 0x${direction.toString(16)}, not '+' or '-'`, directionOffset);
  }
  const utcHours = reader.u8('a dateTime');
  const utcMinutes = reader.u8('a dateTime');
  return {
    year,
    month: month as number,
    day: day as number,
    hour: hour as number,
    minutes: minutes as number,
    seconds: seconds as number,
    deciSeconds: deciSeconds as number,
    utcDirection: direction === 0x2b ? '+' : '-',
    utcHours,
    utcMinutes,
  };
}
