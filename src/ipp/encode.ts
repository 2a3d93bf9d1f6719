import { MAX_COLLECTION_DEPTH } from './decode.js';
import {
  BEG_COLLECTION_TAG,
  END_COLLECTION_TAG,
  END_OF_ATTRIBUTES_TAG,
  GROUP_TAGS,
  MEMBER_ATTR_NAME_TAG,
  OUT_OF_BAND_TAGS,
  STRING_TAGS,
  VALUE_TAGS,
  isReservedValueCode,
} from './tags.js';
import type { IppAttribute, IppDateTime, IppMessage, IppValue } from './types.js';
import { ByteWriter, utf8Bytes } from './writer.js';

const EMPTY = new Uint8Array(0);

/**
 * Encodes an IPP message (RFC 8010 §3.1). Throws RangeError for what cannot go on the wire: an
 * empty name or value list, a number out of range, a name or value longer than 65535 bytes.
 */
export function encodeIppMessage(message: IppMessage): Uint8Array {
  const writer = new ByteWriter();
  writer.u8(message.version.major, 'version major');
  writer.u8(message.version.minor, 'version minor');
  writer.u16(message.code, 'operation-id or status-code');
  writer.i32(message.requestId, 'request-id');
  for (const group of message.groups) {
    writer.u8(GROUP_TAGS[group.name], `group tag of '${group.name}'`);
    for (const attribute of group.attributes) writeAttribute(writer, attribute, 0);
  }
  writer.u8(END_OF_ATTRIBUTES_TAG, 'end-of-attributes-tag');
  writer.bytes(message.data);
  return writer.result();
}

/** Writes the first value under the attribute's name and every further value with an empty name. */
function writeAttribute(writer: ByteWriter, attribute: IppAttribute, depth: number): void {
  if (attribute.name === '') throw new RangeError('An attribute name must not be empty (empty names mark additional values)');
  if (attribute.values.length === 0) throw new RangeError(`Attribute '${attribute.name}' has no value`);
  attribute.values.forEach((value, index) => writeValue(writer, index === 0 ? attribute.name : '', value, depth));
}

function writeValue(writer: ByteWriter, name: string, value: IppValue, depth: number): void {
  const what = `a value of '${name}'`;
  if (value.tag === 'collection') return writeCollection(writer, name, value.value, depth);
  const code = value.tag === 'other' ? value.code : VALUE_TAGS[value.tag];
  if (value.tag === 'other' && (code < 0x10 || code > 0xff || isReservedValueCode(code))) {
    throw new RangeError(`Tag 0x${code.toString(16)} of an 'other' value is a delimiter or a tag with a meaning`);
  }
  writer.u8(code, 'value tag');
  writer.lengthPrefixed(utf8Bytes(name), 'attribute name');
  writer.lengthPrefixed(valueBytes(value, what), what);
}

/** RFC 8010 §3.1.6: begCollection, then memberAttrName + values per member, then endCollection. */
function writeCollection(writer: ByteWriter, name: string, members: IppAttribute[], depth: number): void {
  if (depth >= MAX_COLLECTION_DEPTH) throw new RangeError(`Collections nested deeper than ${MAX_COLLECTION_DEPTH} levels`);
  writer.u8(BEG_COLLECTION_TAG, 'begCollection');
  writer.lengthPrefixed(utf8Bytes(name), 'attribute name');
  writer.u16(0, 'begCollection value-length');
  for (const member of members) {
    if (member.name === '') throw new RangeError(`A member of collection '${name}' has an empty name`);
    if (member.values.length === 0) throw new RangeError(`Member '${member.name}' of '${name}' has no value`);
    writer.u8(MEMBER_ATTR_NAME_TAG, 'memberAttrName');
    writer.u16(0, 'memberAttrName name-length');
    writer.lengthPrefixed(utf8Bytes(member.name), 'member name');
    for (const value of member.values) writeValue(writer, '', value, depth + 1);
  }
  writer.u8(END_COLLECTION_TAG, 'endCollection');
  writer.u16(0, 'endCollection name-length');
  writer.u16(0, 'endCollection value-length');
}

/** The value octets of a non-collection value. */
function valueBytes(value: Exclude<IppValue, { tag: 'collection' }>, what: string): Uint8Array {
  if (value.tag in OUT_OF_BAND_TAGS) return EMPTY;
  if (value.tag in STRING_TAGS) return utf8Bytes((value as { value: string }).value);
  const writer = new ByteWriter();
  switch (value.tag) {
    case 'integer':
    case 'enum':
      writer.i32(value.value, what);
      break;
    case 'boolean':
      writer.u8(value.value ? 1 : 0, what);
      break;
    case 'octetString':
    case 'other':
      return value.value;
    case 'dateTime':
      writeDateTime(writer, value.value, what);
      break;
    case 'resolution':
      writer.i32(value.value.crossFeed, what);
      writer.i32(value.value.feed, what);
      writer.u8(value.value.units, what);
      break;
    case 'rangeOfInteger':
      writer.i32(value.value.lower, what);
      writer.i32(value.value.upper, what);
      break;
    case 'textWithLanguage':
    case 'nameWithLanguage':
      writer.lengthPrefixed(utf8Bytes(value.value.language), what);
      writer.lengthPrefixed(utf8Bytes(value.value.text), what);
      break;
  }
  return writer.result();
}

function writeDateTime(writer: ByteWriter, date: IppDateTime, what: string): void {
  writer.u16(date.year, what);
  for (const part of [date.month, date.day, date.hour, date.minutes, date.seconds, date.deciSeconds]) writer.u8(part, what);
  if (date.utcDirection !== '+' && date.utcDirection !== '-') throw new RangeError(`${what}: UTC direction must be '+' or '-'`);
  writer.u8(date.utcDirection === '+' ? 0x2b : 0x2d, what);
  writer.u8(date.utcHours, what);
  writer.u8(date.utcMinutes, what);
}
