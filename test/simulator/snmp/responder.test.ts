import { describe, expect, it } from 'vitest';
import { BerReader } from '../../../src/simulator/snmp/ber.js';
import { decodeMessage, type CommunityMessage } from '../../../src/simulator/snmp/message.js';
import { renderPrinterMib } from '../../../src/simulator/snmp/oids.js';
import { decodePdu, ERROR_STATUS, PDU, type RequestPdu } from '../../../src/simulator/snmp/pdu.js';
import { respond, VERSION, type SnmpVersion } from '../../../src/simulator/snmp/responder.js';
import { hpMonoSnapshot } from './factories.js';
import { communityRequest, type PduFields } from './requests.js';

const table = renderPrinterMib(hpMonoSnapshot());
const SYS_DESCR = [1, 3, 6, 1, 2, 1, 1, 1, 0];
const LAST = table[table.length - 1]!.oid as number[];
const MISSING = [1, 3, 6, 1, 4, 1, 99, 0];

/** Runs a request through respond() and decodes the Response PDU it produced. */
function ask(version: SnmpVersion, fields: PduFields, budget = 65_000): RequestPdu | null {
  const request = (decodeMessage(communityRequest(version === VERSION.v1 ? 0 : 1, 'public', fields)) as CommunityMessage).pdu;
  const bytes = respond(table, request, version, budget);
  return bytes && decodePdu(new BerReader(bytes));
}
const tags = (pdu: RequestPdu | null) => pdu!.varbinds.map((varbind) => varbind.value[0]);

describe('respond', () => {
  it('fails a v1 GET with noSuchName at the first missing name, echoing the request', () => {
    const pdu = ask(VERSION.v1, { oids: [SYS_DESCR, MISSING] });
    expect([pdu!.errorStatus, pdu!.errorIndex]).toEqual([ERROR_STATUS.noSuchName, 2]);
    expect(tags(pdu)).toEqual([0x05, 0x05]);
  });

  it('fails a v1 GETNEXT past the end with noSuchName, and answers v2c with endOfMibView', () => {
    expect(ask(VERSION.v1, { type: PDU.getNext, oids: [LAST] })!.errorStatus).toBe(ERROR_STATUS.noSuchName);
    const v2c = ask(VERSION.v2c, { type: PDU.getNext, oids: [LAST] });
    expect(v2c!.errorStatus).toBe(0);
    expect(tags(v2c)).toEqual([0x82]);
  });

  it('ignores GETBULK in SNMPv1, where it does not exist', () => {
    expect(ask(VERSION.v1, { type: PDU.getBulk, oids: [SYS_DESCR], errorIndex: 10 })).toBeNull();
  });

  it('truncates a GETBULK to the size budget instead of failing it', () => {
    const whole = ask(VERSION.v2c, { type: PDU.getBulk, oids: [[1, 3]], errorIndex: 1000 });
    expect(whole!.varbinds).toHaveLength(table.length + 1); // every entry, then endOfMibView
    const truncated = ask(VERSION.v2c, { type: PDU.getBulk, oids: [[1, 3]], errorIndex: 1000 }, 300);
    expect(truncated!.varbinds.length).toBeGreaterThan(0);
    expect(truncated!.varbinds.length).toBeLessThan(table.length);
    expect(truncated!.errorStatus).toBe(0);
  });

  it('treats negative non-repeaters as zero — the GETBULK that crashes net-snmp’s own Agent', () => {
    const pdu = ask(VERSION.v2c, { type: PDU.getBulk, errorStatus: -1, errorIndex: 3, oids: [SYS_DESCR] });
    expect(pdu!.varbinds.map((varbind) => varbind.oid.join('.'))).toEqual(table.slice(1, 4).map((entry) => entry.oid.join('.')));
  });

  it('answers tooBig with no varbinds when a GET does not fit', () => {
    const pdu = ask(VERSION.v2c, { oids: [SYS_DESCR, SYS_DESCR, SYS_DESCR] }, 200);
    expect([pdu!.errorStatus, pdu!.varbinds.length]).toEqual([ERROR_STATUS.tooBig, 0]);
  });

  it('refuses SET as readOnly in v1 and notWritable in v2c', () => {
    expect(ask(VERSION.v1, { type: PDU.set, oids: [SYS_DESCR] })!.errorStatus).toBe(ERROR_STATUS.readOnly);
    const v2c = ask(VERSION.v2c, { type: PDU.set, oids: [SYS_DESCR] });
    expect([v2c!.errorStatus, v2c!.errorIndex]).toEqual([ERROR_STATUS.notWritable, 1]);
  });

  it('sends nothing for PDUs that are not requests', () => {
    for (const type of [PDU.response, PDU.report, PDU.trapV2, PDU.inform]) expect(ask(VERSION.v2c, { type, oids: [SYS_DESCR] })).toBeNull();
  });

  it('keeps the request-id', () => {
    expect(ask(VERSION.v2c, { requestId: -123_456, oids: [SYS_DESCR] })!.requestId).toBe(-123_456);
  });
});
