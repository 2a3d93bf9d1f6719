/** Builds request datagrams the way a manager would, for tests that need exact control of the bytes. */
import { encodeCommunityMessage, encodeScopedPdu, encodeV3Message, FLAG } from '../../../src/simulator/snmp/message.js';
import { encodePdu, encodeVarbind, PDU } from '../../../src/simulator/snmp/pdu.js';
import { aesEncrypt, sign } from '../../../src/simulator/snmp/usm.js';

const NULL_VALUE = { type: 'raw', bytes: Buffer.from([0x05, 0x00]) } as const;

export interface PduFields {
  type?: number;
  requestId?: number;
  /** non-repeaters for GETBULK */
  errorStatus?: number;
  /** max-repetitions for GETBULK */
  errorIndex?: number;
  oids: number[][];
}

/** Encodes a request PDU whose varbinds carry NULL values. */
export function requestPdu(fields: PduFields): Buffer {
  return encodePdu(
    { type: fields.type ?? PDU.get, requestId: fields.requestId ?? 1, errorStatus: fields.errorStatus ?? 0, errorIndex: fields.errorIndex ?? 0 },
    fields.oids.map((oid) => encodeVarbind({ oid, value: NULL_VALUE })),
  );
}

/** A v1 (0) or v2c (1) request. */
export function communityRequest(version: 0 | 1, community: string, fields: PduFields): Buffer {
  return encodeCommunityMessage(version, Buffer.from(community), requestPdu(fields));
}

export interface V3RequestFields extends PduFields {
  engineId: Buffer;
  engineBoots: number;
  engineTime: number;
  userName: string;
  msgFlags: number;
  authKey?: Buffer;
  privKey?: Buffer;
  msgId?: number;
  msgMaxSize?: number;
  contextName?: string;
  privParams?: Buffer;
  securityModel?: number;
}

/** A v3 request, encrypted and signed as its flags say with already-localized keys. */
export function v3Request(fields: V3RequestFields): Buffer {
  let data: Buffer = encodeScopedPdu(fields.engineId, Buffer.from(fields.contextName ?? ''), requestPdu(fields));
  let privParams: Buffer = Buffer.alloc(0);
  if (fields.msgFlags & FLAG.priv) {
    privParams = fields.privParams ?? Buffer.from('0011223344556677', 'hex');
    data = aesEncrypt(fields.privKey!, fields.engineBoots, fields.engineTime, privParams, data);
  }
  const { message, authOffset } = encodeV3Message({
    msgId: fields.msgId ?? 4242,
    msgMaxSize: fields.msgMaxSize ?? 65507,
    msgFlags: fields.msgFlags,
    engineId: fields.engineId,
    engineBoots: fields.engineBoots,
    engineTime: fields.engineTime,
    userName: Buffer.from(fields.userName),
    privParams,
    data,
  });
  if (fields.securityModel !== undefined) {
    // encodeV3Message always writes USM (3) right after msgFlags; patch it for the negative case.
    const at = message.indexOf(Buffer.from([0x04, 0x01, fields.msgFlags, 0x02, 0x01, 0x03]));
    message[at + 5] = fields.securityModel;
  }
  if (fields.msgFlags & FLAG.auth) sign(fields.authKey!, message, authOffset);
  return message;
}
