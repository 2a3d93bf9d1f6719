import { decodeSimpleValue } from './decode-value.js';
import { IppDecodeError } from './errors.js';
import { ByteReader } from './reader.js';
import { BEG_COLLECTION_TAG, END_COLLECTION_TAG, END_OF_ATTRIBUTES_TAG, GROUP_BY_CODE, MEMBER_ATTR_NAME_TAG } from './tags.js';
import type { IppAttribute, IppGroup, IppMessage, IppValue } from './types.js';

/** Nesting deeper than any real printer uses; the bound keeps hostile input from exhausting the stack. */
export const MAX_COLLECTION_DEPTH = 32;

/** One attribute-with-one-value field as it sits on the wire (RFC 8010 §3.1.4), value not yet read. */
interface Field {
  tag: number;
  tagOffset: number;
  name: string;
  valueLength: number;
}

/**
 * Decodes an IPP message (RFC 8010 §3.1). Throws only IppDecodeError, whatever the bytes; every
 * length is checked against what is left, and every loop step consumes at least one byte.
 */
export function decodeIppMessage(bytes: Uint8Array): IppMessage {
  const reader = new ByteReader(bytes);
  const major = reader.u8('the version number');
  const minor = reader.u8('the version number');
  const code = reader.u16('the operation-id or status-code');
  const requestId = reader.i32('the request-id');
  const groups: IppGroup[] = [];
  let group: IppGroup | undefined;
  let last: IppAttribute | undefined;
  for (;;) {
    const tagOffset = reader.offset;
    const tag = reader.u8('the attribute groups (no end-of-attributes-tag)');
    if (tag === END_OF_ATTRIBUTES_TAG) break;
    if (tag < 0x10) {
      const name = GROUP_BY_CODE.get(tag);
      if (name === undefined) throw new IppDecodeError(`Reserved delimiter tag 0x${hex(tag)}`, tagOffset);
      group = { name, attributes: [] };
      groups.push(group);
      last = undefined;
      continue;
    }
    if (group === undefined) throw new IppDecodeError('Attribute before any group tag', tagOffset);
    const field = readField(reader, tag, tagOffset);
    if (tag === END_COLLECTION_TAG || tag === MEMBER_ATTR_NAME_TAG) {
      throw new IppDecodeError(`Collection tag 0x${hex(tag)} outside a collection`, tagOffset);
    }
    const value = readValue(reader, field, field.name || last?.name || '', 0);
    if (field.name !== '') {
      last = { name: field.name, values: [value] };
      group.attributes.push(last);
    } else if (last === undefined) {
      throw new IppDecodeError('Additional value (empty name) with no attribute before it in its group', tagOffset);
    } else {
      last.values.push(value);
    }
  }
  const data = reader.take(reader.remaining, 'document data');
  return { version: { major, minor }, code, requestId, groups, data };
}

/** Reads tag-less remainder of a field: name-length, name, value-length (the value stays unread). */
function readField(reader: ByteReader, tag: number, tagOffset: number): Field {
  const nameLength = reader.u16('a name-length');
  const name = reader.text(nameLength, 'an attribute name');
  const valueLength = reader.u16('a value-length');
  reader.need(valueLength, `the value of '${name}'`);
  return { tag, tagOffset, name, valueLength };
}

/** Reads the value of `field`, recursing into a collection when it opens one. */
function readValue(reader: ByteReader, field: Field, attributeName: string, depth: number): IppValue {
  if (field.tag !== BEG_COLLECTION_TAG) return decodeSimpleValue(reader, field.tag, field.valueLength, attributeName);
  // RFC 8010 §3.1.6 wants an empty begCollection value; like CUPS, a non-empty one is skipped.
  reader.take(field.valueLength, 'a begCollection value');
  if (depth >= MAX_COLLECTION_DEPTH) {
    throw new IppDecodeError(`Collections nested deeper than ${MAX_COLLECTION_DEPTH} levels`, field.tagOffset);
  }
  return { tag: 'collection', value: readMembers(reader, attributeName, depth + 1) };
}

/**
 * Reads collection members up to the matching endCollection: each member is a memberAttrName
 * whose value is the member's name, followed by its values, all with empty names.
 */
function readMembers(reader: ByteReader, attributeName: string, depth: number): IppAttribute[] {
  const members: IppAttribute[] = [];
  let member: IppAttribute | undefined;
  for (;;) {
    const tagOffset = reader.offset;
    const tag = reader.u8(`collection '${attributeName}' (no endCollection)`);
    if (tag < 0x10) throw new IppDecodeError(`Delimiter tag 0x${hex(tag)} inside collection '${attributeName}'`, tagOffset);
    const field = readField(reader, tag, tagOffset);
    if (field.name !== '') throw new IppDecodeError(`Named field '${field.name}' inside collection '${attributeName}'`, tagOffset);
    if (member !== undefined && member.values.length === 0 && (tag === END_COLLECTION_TAG || tag === MEMBER_ATTR_NAME_TAG)) {
      throw new IppDecodeError(`Member '${member.name}' of '${attributeName}' has no value`, tagOffset);
    }
    if (tag === END_COLLECTION_TAG) {
      reader.take(field.valueLength, 'an endCollection value');
      return members;
    }
    if (tag === MEMBER_ATTR_NAME_TAG) {
      const name = reader.text(field.valueLength, 'a member name');
      if (name === '') throw new IppDecodeError(`Empty member name in collection '${attributeName}'`, tagOffset);
      member = { name, values: [] };
      members.push(member);
      continue;
    }
    if (member === undefined) throw new IppDecodeError(`Value before any memberAttrName in collection '${attributeName}'`, tagOffset);
    member.values.push(readValue(reader, field, member.name, depth));
  }
}

function hex(code: number): string {
  return code.toString(16).padStart(2, '0');
}
