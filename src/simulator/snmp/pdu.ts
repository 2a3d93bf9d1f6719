/** SNMP PDUs (RFC 3416 §3) to and from BER. */
import { BerError, BerReader, TAG, constructed, encodeEmpty, encodeInteger, encodeOctets, encodeOid, encodeUnsigned } from './ber.js';
import { parseOid } from './oid.js';
import type { Varbind, VarbindValue } from './lookup.js';

export const PDU = {
  get: 0xa0,
  getNext: 0xa1,
  response: 0xa2,
  set: 0xa3,
  trap: 0xa4,
  getBulk: 0xa5,
  inform: 0xa6,
  trapV2: 0xa7,
  report: 0xa8,
} as const;

/** RFC 3416 error-status values (and RFC 1157's v1 subset: 0–5). */
export const ERROR_STATUS = {
  noError: 0,
  tooBig: 1,
  noSuchName: 2,
  readOnly: 4,
  notWritable: 17,
  authorizationError: 16,
} as const;

/** A decoded request PDU. For GETBULK, errorStatus/errorIndex carry non-repeaters/max-repetitions. */
export interface RequestPdu {
  type: number;
  requestId: number;
  errorStatus: number;
  errorIndex: number;
  /** Names and the raw value TLV of each varbind (NULL in reads, the new value in a SET). */
  varbinds: Array<{ oid: number[]; value: Buffer }>;
}

/** A PDU this agent sends: a Response or a Report. */
export interface ResponsePdu {
  type: typeof PDU.response | typeof PDU.report;
  requestId: number;
  errorStatus: number;
  errorIndex: number;
  varbinds: readonly Varbind[];
}

/** Decodes one PDU from the reader; throws BerError when it is not a well-formed PDU. */
export function decodePdu(reader: BerReader): RequestPdu {
  const tlv = reader.next();
  if (tlv.tag < PDU.get || tlv.tag > PDU.report) throw new BerError(`not a PDU tag: ${tlv.tag}`);
  if (tlv.tag === PDU.trap) throw new BerError('SNMPv1 Trap-PDU is not a request');
  const body = new BerReader(reader.buf, tlv.start, tlv.end);
  const requestId = body.integer();
  const errorStatus = body.integer();
  const errorIndex = body.integer();
  const list = body.enter(TAG.sequence);
  const varbinds: RequestPdu['varbinds'] = [];
  while (!list.done) {
    const varbind = list.enter(TAG.sequence);
    const oid = varbind.oid();
    const value = varbind.next();
    if (!varbind.done) throw new BerError('trailing bytes in varbind');
    varbinds.push({ oid, value: reader.buf.subarray(value.from, value.end) });
  }
  if (!body.done) throw new BerError('trailing bytes in PDU');
  return { type: tlv.tag, requestId, errorStatus, errorIndex, varbinds };
}

/** Encodes one varbind value. */
export function encodeValue(value: VarbindValue): Buffer {
  switch (value.type) {
    case 'integer':
      return encodeInteger(value.value);
    case 'octets':
      return encodeOctets(value.value);
    case 'oid':
      return encodeOid(parseOid(value.value));
    case 'counter32':
      return encodeUnsigned(value.value, TAG.counter32);
    case 'gauge32':
      return encodeUnsigned(value.value, TAG.gauge32);
    case 'timeticks':
      return encodeUnsigned(value.value, TAG.timeticks);
    case 'noSuchObject':
      return encodeEmpty(TAG.noSuchObject);
    case 'noSuchInstance':
      return encodeEmpty(TAG.noSuchInstance);
    case 'endOfMibView':
      return encodeEmpty(TAG.endOfMibView);
    case 'raw':
      return value.bytes;
  }
}

/** Encodes one varbind: SEQUENCE { name, value }. */
export function encodeVarbind(varbind: Varbind): Buffer {
  return constructed(TAG.sequence, [encodeOid(varbind.oid), encodeValue(varbind.value)]);
}

/** Encodes a PDU from varbinds already encoded with encodeVarbind (the responder sizes them first). */
export function encodePdu(pdu: { type: number; requestId: number; errorStatus: number; errorIndex: number }, encodedVarbinds: readonly Buffer[]): Buffer {
  return constructed(pdu.type, [
    encodeInteger(pdu.requestId),
    encodeInteger(pdu.errorStatus),
    encodeInteger(pdu.errorIndex),
    constructed(TAG.sequence, encodedVarbinds),
  ]);
}

/** Encodes a whole PDU with its varbinds. */
export function encodeFullPdu(pdu: ResponsePdu): Buffer {
  return encodePdu(pdu, pdu.varbinds.map(encodeVarbind));
}
