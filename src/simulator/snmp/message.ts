/** SNMP message envelopes: community-based v1/v2c (RFC 1157, 1901) and v3 with USM (RFC 3412, 3414). */
import { BerError, BerReader, TAG, constructed, encodeInteger, encodeOctets, tlv } from './ber.js';
import { decodePdu, type RequestPdu } from './pdu.js';
import { AUTH_PARAMETERS_LENGTH } from './usm.js';

export interface CommunityMessage {
  version: 0 | 1;
  community: Buffer;
  pdu: RequestPdu;
}

export interface V3Message {
  version: 3;
  msgId: number;
  msgMaxSize: number;
  msgFlags: number;
  securityModel: number;
  engineId: Buffer;
  engineBoots: number;
  engineTime: number;
  userName: Buffer;
  authParams: Buffer;
  /** Where msgAuthenticationParameters' value sits in `whole`, to zero it for the HMAC. */
  authParamsOffset: number;
  privParams: Buffer;
  /** The plaintext ScopedPDU TLV, or the encrypted ScopedPDU's octets when the priv flag is set. */
  data: Buffer;
  whole: Buffer;
}

export type SnmpMessage = CommunityMessage | V3Message;

/** msgFlags bits (RFC 3412 §6.4). */
export const FLAG = { auth: 1, priv: 2, reportable: 4 } as const;

/** Decodes a datagram into a message; throws BerError when it is not one. */
export function decodeMessage(datagram: Buffer): SnmpMessage {
  const outer = new BerReader(datagram);
  const message = outer.enter(TAG.sequence);
  if (!outer.done) throw new BerError('trailing bytes after message');
  const version = message.integer();
  if (version === 0 || version === 1) {
    const community = message.octets();
    const pdu = decodePdu(message);
    if (!message.done) throw new BerError('trailing bytes in message');
    return { version, community, pdu };
  }
  if (version !== 3) throw new BerError(`unsupported version ${version}`);

  const header = message.enter(TAG.sequence);
  const msgId = header.integer();
  const msgMaxSize = header.integer();
  const flags = header.octets();
  if (flags.length !== 1) throw new BerError('msgFlags must be one octet');
  const securityModel = header.integer();
  if (!header.done) throw new BerError('trailing bytes in header');

  const parameters = message.next(TAG.octetString);
  const wrapper = new BerReader(datagram, parameters.start, parameters.end);
  const usm = wrapper.enter(TAG.sequence);
  if (!wrapper.done) throw new BerError('trailing bytes after security parameters');
  const engineId = usm.octets();
  const engineBoots = usm.integer();
  const engineTime = usm.integer();
  const userName = usm.octets();
  const auth = usm.next(TAG.octetString);
  const privParams = usm.octets();
  if (!usm.done) throw new BerError('trailing bytes in security parameters');

  const msgFlags = flags[0]!;
  const data = message.next((msgFlags & FLAG.priv) !== 0 ? TAG.octetString : TAG.sequence);
  if (!message.done) throw new BerError('trailing bytes in message');
  return {
    version: 3,
    msgId,
    msgMaxSize,
    msgFlags,
    securityModel,
    engineId,
    engineBoots,
    engineTime,
    userName,
    authParams: datagram.subarray(auth.start, auth.end),
    authParamsOffset: auth.start,
    privParams,
    data: (msgFlags & FLAG.priv) !== 0 ? datagram.subarray(data.start, data.end) : datagram.subarray(data.from, data.end),
    whole: datagram,
  };
}

/** Decodes a ScopedPDU; trailing octets are ignored because privacy padding may follow it. */
export function decodeScopedPdu(bytes: Buffer): { contextEngineId: Buffer; contextName: Buffer; pdu: RequestPdu } {
  const scoped = new BerReader(bytes).enter(TAG.sequence);
  const contextEngineId = scoped.octets();
  const contextName = scoped.octets();
  const pdu = decodePdu(scoped);
  if (!scoped.done) throw new BerError('trailing bytes in ScopedPDU');
  return { contextEngineId, contextName, pdu };
}

/** Encodes a ScopedPDU around an encoded PDU. */
export function encodeScopedPdu(contextEngineId: Buffer, contextName: Buffer, pdu: Buffer): Buffer {
  return constructed(TAG.sequence, [encodeOctets(contextEngineId), encodeOctets(contextName), pdu]);
}

/** Encodes a v1/v2c message. */
export function encodeCommunityMessage(version: 0 | 1, community: Buffer, pdu: Buffer): Buffer {
  return constructed(TAG.sequence, [encodeInteger(version), encodeOctets(community), pdu]);
}

export interface V3Envelope {
  msgId: number;
  msgMaxSize: number;
  msgFlags: number;
  engineId: Buffer;
  engineBoots: number;
  engineTime: number;
  userName: Buffer;
  privParams: Buffer;
  /** The ScopedPDU TLV, or the encrypted ScopedPDU octets when the priv flag is set. */
  data: Buffer;
}

/**
 * Encodes a v3 message. With the auth flag set, msgAuthenticationParameters is 12 zero octets
 * and `authOffset` says where, so the caller can sign the finished message in place.
 */
export function encodeV3Message(envelope: V3Envelope): { message: Buffer; authOffset: number } {
  const authenticated = (envelope.msgFlags & FLAG.auth) !== 0;
  const before = [
    encodeOctets(envelope.engineId),
    encodeInteger(envelope.engineBoots),
    encodeInteger(envelope.engineTime),
    encodeOctets(envelope.userName),
  ];
  const authParams = encodeOctets(Buffer.alloc(authenticated ? AUTH_PARAMETERS_LENGTH : 0));
  const usmParts = [...before, authParams, encodeOctets(envelope.privParams)];
  const usm = constructed(TAG.sequence, usmParts);
  const parameters = tlv(TAG.octetString, usm);
  const header = constructed(TAG.sequence, [
    encodeInteger(envelope.msgId),
    encodeInteger(envelope.msgMaxSize),
    encodeOctets(Buffer.from([envelope.msgFlags])),
    encodeInteger(3),
  ]);
  const data = (envelope.msgFlags & FLAG.priv) !== 0 ? encodeOctets(envelope.data) : envelope.data;
  const parts = [encodeInteger(3), header, parameters, data];
  const message = constructed(TAG.sequence, parts);
  // A constructed TLV's header is its length minus its parts; the auth value follows a 2-octet header.
  const authOffset =
    message.length - sum(parts) + parts[0]!.length + header.length +
    (parameters.length - usm.length) + (usm.length - sum(usmParts)) + sum(before) + 2;
  return { message, authOffset };
}

const sum = (parts: readonly Buffer[]) => parts.reduce((total, part) => total + part.length, 0);
