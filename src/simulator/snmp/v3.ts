/**
 * SNMPv3 message processing for an authoritative (agent) engine: RFC 3412 §7.2 and RFC 3414 §3.2,
 * in the order real agents check — engine ID, user, security level, digest, time window, privacy —
 * answering each failure with the Report PDU a manager such as net-snmp's tools understands.
 */
import { BerError } from './ber.js';
import { FLAG, decodeScopedPdu, encodeScopedPdu, encodeV3Message, type V3Message } from './message.js';
import type { MibTable } from './oids.js';
import { PDU, encodeFullPdu } from './pdu.js';
import { VERSION, refuse, respond } from './responder.js';
import type { LocalizedUser, UserDirectory } from './users.js';
import { AUTH_PARAMETERS_LENGTH, PRIV_PARAMETERS_LENGTH, aesDecrypt, aesEncrypt, isAuthentic, sign } from './usm.js';

/** Report reasons and the counters they report (usmStats, RFC 3414 §5; snmpUnknownContexts, RFC 3413). */
export const REPORT_OIDS = {
  unsupportedSecLevels: [1, 3, 6, 1, 6, 3, 15, 1, 1, 1, 0],
  notInTimeWindows: [1, 3, 6, 1, 6, 3, 15, 1, 1, 2, 0],
  unknownUserNames: [1, 3, 6, 1, 6, 3, 15, 1, 1, 3, 0],
  unknownEngineIds: [1, 3, 6, 1, 6, 3, 15, 1, 1, 4, 0],
  wrongDigests: [1, 3, 6, 1, 6, 3, 15, 1, 1, 5, 0],
  decryptionErrors: [1, 3, 6, 1, 6, 3, 15, 1, 1, 6, 0],
  unknownContexts: [1, 3, 6, 1, 6, 3, 12, 1, 5, 0],
} as const;
export type ReportReason = keyof typeof REPORT_OIDS;

/** This printer's engine at the instant of the request. */
export interface LocalEngine {
  engineId: Buffer;
  engineBoots: number;
  /** Seconds since the engine's boots value last changed. */
  engineTime: number;
}

export interface V3Context {
  engine: LocalEngine;
  users: UserDirectory;
  /** The printer's table, rendered only once a request has passed security. */
  table: () => MibTable;
  /** A fresh 8-octet AES salt (never reused under one key, RFC 3826 §3.1.1.1). */
  salt: () => Buffer;
  /** Increments the counter a report carries and returns its new value. */
  countReport: (reason: ReportReason) => number;
}

export type Outcome = { kind: 'response' | 'report'; datagram: Buffer } | { kind: 'drop' };

const DROP: Outcome = { kind: 'drop' };
/** RFC 3414 §3.2.7: a message more than 150 s from the engine's clock is not in the time window. */
const TIME_WINDOW_SECONDS = 150;
/** The largest message this agent accepts or sends over UDP/IPv4. */
export const MAX_MESSAGE_SIZE = 65507;
const EMPTY: Buffer = Buffer.alloc(0);

/** Processes one decoded v3 message; throws BerError when its (decrypted) ScopedPDU is malformed. */
export function processV3(message: V3Message, context: V3Context): Outcome {
  const { engine } = context;
  const authenticated = (message.msgFlags & FLAG.auth) !== 0;
  const private_ = (message.msgFlags & FLAG.priv) !== 0;
  // RFC 3412 §7.2: only USM (3); priv without auth is invalid; 484 octets is the smallest legal max.
  if (message.securityModel !== 3 || (private_ && !authenticated) || message.msgMaxSize < 484) return DROP;

  const report = (reason: ReportReason, signer?: LocalizedUser): Outcome => {
    if ((message.msgFlags & FLAG.reportable) === 0) return DROP;
    return { kind: 'report', datagram: encodeReport(message, context, reason, signer) };
  };

  if (!message.engineId.equals(engine.engineId)) return report('unknownEngineIds'); // also engine discovery
  const user = context.users(engine.engineId, message.userName);
  if (!user) return report('unknownUserNames');
  if ((authenticated && !user.authKey) || (private_ && !user.privKey)) return report('unsupportedSecLevels');
  if (authenticated) {
    if (message.authParams.length !== AUTH_PARAMETERS_LENGTH || !isAuthentic(user.authKey!, message.whole, message.authParamsOffset)) {
      return report('wrongDigests');
    }
    const late = Math.abs(message.engineTime - engine.engineTime) > TIME_WINDOW_SECONDS;
    if (engine.engineBoots >= 2147483647 || message.engineBoots !== engine.engineBoots || late) {
      // Signed, so the manager may trust the boots and time it carries and resynchronize.
      return report('notInTimeWindows', user);
    }
  }
  let plain: Buffer = message.data;
  if (private_) {
    if (message.privParams.length !== PRIV_PARAMETERS_LENGTH) return report('decryptionErrors');
    plain = aesDecrypt(user.privKey!, message.engineBoots, message.engineTime, message.privParams, message.data);
  }
  // A wrong privacy key decrypts to garbage that fails here: dropped, as net-snmp's snmpd does.
  const scoped = decodeScopedPdu(plain);
  const pdu = scoped.pdu;
  if (pdu.type === PDU.response || pdu.type === PDU.report || pdu.type === PDU.trapV2) return DROP;
  if (scoped.contextName.length > 0) return report('unknownContexts');

  const level = authenticated ? (private_ ? 2 : 1) : 0;
  const budget = Math.min(message.msgMaxSize, MAX_MESSAGE_SIZE) - v3Overhead(message, engine, scoped.contextName);
  const responsePdu = level < user.level ? refuse(pdu) : respond(context.table(), pdu, VERSION.v3, budget);
  if (!responsePdu) return DROP;

  let data: Buffer = encodeScopedPdu(engine.engineId, scoped.contextName, responsePdu);
  let privParams = EMPTY;
  if (private_) {
    privParams = context.salt();
    data = aesEncrypt(user.privKey!, engine.engineBoots, engine.engineTime, privParams, data);
  }
  const { message: datagram, authOffset } = encodeV3Message({
    msgId: message.msgId,
    msgMaxSize: MAX_MESSAGE_SIZE,
    msgFlags: message.msgFlags & (FLAG.auth | FLAG.priv), // a response is never reportable
    engineId: engine.engineId,
    engineBoots: engine.engineBoots,
    engineTime: engine.engineTime,
    userName: message.userName,
    privParams,
    data,
  });
  if (authenticated) sign(user.authKey!, datagram, authOffset);
  return { kind: 'response', datagram };
}

/** Encodes a Report PDU carrying one counter, unauthenticated unless a signer is given. */
function encodeReport(message: V3Message, context: V3Context, reason: ReportReason, signer?: LocalizedUser): Buffer {
  const { engine } = context;
  const pdu = encodeFullPdu({
    type: PDU.report,
    requestId: plainRequestId(message),
    errorStatus: 0,
    errorIndex: 0,
    varbinds: [{ oid: REPORT_OIDS[reason], value: { type: 'counter32', value: context.countReport(reason) } }],
  });
  const { message: datagram, authOffset } = encodeV3Message({
    msgId: message.msgId, // managers match a report to their request by msgID (RFC 3412 §7.2.13)
    msgMaxSize: MAX_MESSAGE_SIZE,
    msgFlags: signer ? FLAG.auth : 0,
    engineId: engine.engineId,
    engineBoots: engine.engineBoots,
    engineTime: engine.engineTime,
    userName: message.userName,
    privParams: EMPTY,
    data: encodeScopedPdu(engine.engineId, EMPTY, pdu),
  });
  if (signer) sign(signer.authKey!, datagram, authOffset);
  return datagram;
}

/** The request-id of a plaintext request, for the report; 0 when encrypted or unreadable. */
function plainRequestId(message: V3Message): number {
  if ((message.msgFlags & FLAG.priv) !== 0) return 0;
  try {
    return decodeScopedPdu(message.data).pdu.requestId;
  } catch (error) {
    if (error instanceof BerError) return 0;
    throw error;
  }
}

/** Bytes of v3 header, security parameters and ScopedPDU wrapping around the response PDU. */
function v3Overhead(message: V3Message, engine: LocalEngine, contextName: Buffer): number {
  return 96 + 2 * engine.engineId.length + message.userName.length + contextName.length;
}
