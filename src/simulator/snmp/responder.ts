/**
 * Answers one request PDU from a MIB table, with the version-specific rules of RFC 3416 (v2c/v3)
 * and RFC 1157 (v1). Pure: the table and the size budget come in, a Response PDU (or null for
 * "send nothing") goes out.
 */
import { getBulk, getExact, getNextVarbind, type Varbind } from './lookup.js';
import type { MibTable } from './oids.js';
import { ERROR_STATUS, PDU, encodePdu, encodeVarbind, type RequestPdu } from './pdu.js';

/** SNMP message versions as carried in the message header. */
export const VERSION = { v1: 0, v2c: 1, v3: 3 } as const;
export type SnmpVersion = (typeof VERSION)[keyof typeof VERSION];

/** Bytes a varbind list wrapper and PDU header can take beyond the varbinds themselves. */
const PDU_OVERHEAD = 32;

/** The encoded Response PDU for a request, or null when the request must go unanswered. */
export function respond(table: MibTable, request: RequestPdu, version: SnmpVersion, maxPduBytes: number): Buffer | null {
  const reply = (errorStatus: number, errorIndex: number, varbinds: Buffer[]) =>
    encodePdu({ type: PDU.response, requestId: request.requestId, errorStatus, errorIndex }, varbinds);
  // An error response carries the request's varbinds unchanged (RFC 3416 §4.2.1, RFC 1157 §4.1.2).
  const echo = () => request.varbinds.map((varbind) => encodeVarbind({ oid: varbind.oid, value: { type: 'raw', bytes: varbind.value } }));
  const fits = (varbinds: Buffer[]) => varbinds.reduce((sum, varbind) => sum + varbind.length, PDU_OVERHEAD) <= maxPduBytes;
  const tooBig = () => {
    // SNMPv2 sends tooBig with an empty list (RFC 3416 §4.2.1); v1 echoes, which may not fit either.
    if (version !== VERSION.v1) return reply(ERROR_STATUS.tooBig, 0, []);
    const echoed = echo();
    return fits(echoed) ? reply(ERROR_STATUS.tooBig, 0, echoed) : null;
  };

  switch (request.type) {
    case PDU.get:
    case PDU.getNext: {
      const varbinds: Varbind[] = request.varbinds.map(({ oid }) =>
        request.type === PDU.get ? getExact(table, oid) : getNextVarbind(table, oid),
      );
      if (version === VERSION.v1) {
        // SNMPv1 has no exceptions: the first missing name fails the whole request with noSuchName.
        const missing = varbinds.findIndex((varbind) => isException(varbind));
        if (missing >= 0) return reply(ERROR_STATUS.noSuchName, missing + 1, echo());
      }
      const encoded = varbinds.map(encodeVarbind);
      return fits(encoded) ? reply(ERROR_STATUS.noError, 0, encoded) : tooBig();
    }
    case PDU.getBulk: {
      if (version === VERSION.v1) return null; // GetBulkRequest-PDU does not exist in SNMPv1
      const oids = request.varbinds.map((varbind) => varbind.oid);
      // The smallest varbind is ~6 bytes; this bound keeps a huge max-repetitions from running away.
      const bound = Math.max(0, Math.floor((maxPduBytes - PDU_OVERHEAD) / 6));
      const encoded: Buffer[] = [];
      let size = PDU_OVERHEAD;
      // A GETBULK reply too large for the budget is truncated, never tooBig (RFC 3416 §4.2.3).
      for (const varbind of getBulk(table, oids, request.errorStatus, request.errorIndex, bound)) {
        const bytes = encodeVarbind(varbind);
        if (size + bytes.length > maxPduBytes) break;
        size += bytes.length;
        encoded.push(bytes);
      }
      return reply(ERROR_STATUS.noError, 0, encoded);
    }
    case PDU.set: {
      // The simulated printer is read-only: v1 says readOnly, SNMPv2 notWritable, on the first varbind.
      if (request.varbinds.length === 0) return reply(ERROR_STATUS.noError, 0, []);
      return reply(version === VERSION.v1 ? ERROR_STATUS.readOnly : ERROR_STATUS.notWritable, 1, echo());
    }
    default:
      // Responses, traps, informs and reports are not requests to a command responder.
      return null;
  }
}

/** The encoded authorizationError response a request gets when its security level is below the user's. */
export function refuse(request: RequestPdu): Buffer {
  const echo = request.varbinds.map((varbind) => encodeVarbind({ oid: varbind.oid, value: { type: 'raw', bytes: varbind.value } }));
  return encodePdu({ type: PDU.response, requestId: request.requestId, errorStatus: ERROR_STATUS.authorizationError, errorIndex: 0 }, echo);
}

function isException(varbind: Varbind): boolean {
  const type = varbind.value.type;
  return type === 'noSuchObject' || type === 'noSuchInstance' || type === 'endOfMibView';
}
