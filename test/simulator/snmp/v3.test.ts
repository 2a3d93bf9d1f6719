import { describe, expect, it } from 'vitest';
import { BerReader } from '../../../src/simulator/snmp/ber.js';
import { answerDatagram, type DatagramContext } from '../../../src/simulator/snmp/datagram.js';
import { decodeMessage, decodeScopedPdu, FLAG, type V3Message } from '../../../src/simulator/snmp/message.js';
import { renderPrinterMib } from '../../../src/simulator/snmp/oids.js';
import { ERROR_STATUS, PDU } from '../../../src/simulator/snmp/pdu.js';
import { createUserDirectory } from '../../../src/simulator/snmp/users.js';
import { aesDecrypt, isAuthentic } from '../../../src/simulator/snmp/usm.js';
import { REPORT_OIDS, type Outcome, type ReportReason } from '../../../src/simulator/snmp/v3.js';
import { kyoceraColourSnapshot } from './factories.js';
import { v3Request, type V3RequestFields } from './requests.js';

const ENGINE_ID = Buffer.from('80001f8804746f6e65726c6f6f702074657374', 'hex');
const BOOTS = 7;
const TIME = 1_000;
const SYS_NAME = [1, 3, 6, 1, 2, 1, 1, 5, 0];
const users = createUserDirectory([
  { name: 'collector', level: 'authPriv', authPassword: 'auth-secret', privPassword: 'priv-secret' },
  { name: 'auditor', level: 'authNoPriv', authPassword: 'auth-secret' },
]);
const collector = users(ENGINE_ID, Buffer.from('collector'))!;
const table = renderPrinterMib(kyoceraColourSnapshot());

function answer(fields: Partial<V3RequestFields>): { outcome: Outcome; stats: Partial<Record<ReportReason, number>> } {
  const stats: Partial<Record<ReportReason, number>> = {};
  const context: DatagramContext = {
    community: Buffer.from('public'),
    users,
    engine: { engineId: ENGINE_ID, engineBoots: BOOTS, engineTime: TIME },
    table: () => table,
    salt: () => Buffer.from('a1a2a3a4a5a6a7a8', 'hex'),
    countReport: (reason) => (stats[reason] = (stats[reason] ?? 0) + 1),
  };
  const request = v3Request({
    engineId: ENGINE_ID, engineBoots: BOOTS, engineTime: TIME, userName: 'collector',
    msgFlags: FLAG.auth | FLAG.priv | FLAG.reportable, authKey: collector.authKey!, privKey: collector.privKey!,
    oids: [SYS_NAME], ...fields,
  });
  return { outcome: answerDatagram(request, context), stats };
}

/** The report's single usmStats varbind OID, and whether the report is signed. */
function reportOf(outcome: Outcome): { oid: string; signed: boolean; message: V3Message } {
  expect(outcome.kind).toBe('report');
  if (outcome.kind === 'drop') throw new Error('dropped');
  const message = decodeMessage(outcome.datagram) as V3Message;
  const pdu = decodeScopedPdu(message.data).pdu;
  expect(pdu.type).toBe(PDU.report);
  return { oid: pdu.varbinds[0]!.oid.join('.'), signed: (message.msgFlags & FLAG.auth) !== 0, message };
}

describe('SNMPv3 processing (RFC 3414 §3.2)', () => {
  it('answers engine discovery with an unsigned report carrying the engine ID, boots and time', () => {
    const { outcome, stats } = answer({ engineId: Buffer.alloc(0), userName: '', msgFlags: FLAG.reportable, engineBoots: 0, engineTime: 0 });
    const report = reportOf(outcome);
    expect(report.oid).toBe(REPORT_OIDS.unknownEngineIds.join('.'));
    expect(report.signed).toBe(false);
    expect(report.message.engineId).toEqual(ENGINE_ID);
    expect([report.message.engineBoots, report.message.engineTime]).toEqual([BOOTS, TIME]);
    expect(stats.unknownEngineIds).toBe(1);
  });

  it('stays silent when the failed request did not ask for reports', () => {
    expect(answer({ engineId: Buffer.alloc(0), userName: '', msgFlags: 0 }).outcome.kind).toBe('drop');
  });

  it('answers an authPriv GET encrypted and signed with the user’s localized keys', () => {
    const { outcome } = answer({});
    if (outcome.kind !== 'response') throw new Error(`expected a response, got ${outcome.kind}`);
    const message = decodeMessage(outcome.datagram) as V3Message;
    expect(message.msgFlags).toBe(FLAG.auth | FLAG.priv); // responses are not reportable
    expect(isAuthentic(collector.authKey!, outcome.datagram, message.authParamsOffset)).toBe(true);
    const plain = aesDecrypt(collector.privKey!, message.engineBoots, message.engineTime, message.privParams, message.data);
    const { pdu } = decodeScopedPdu(plain);
    expect(pdu.type).toBe(PDU.response);
    expect(new BerReader(pdu.varbinds[0]!.value).octets().toString()).toBe('KM-ECOSYS-7');
  });

  it('accepts a manager clock up to 150 seconds off', () => {
    expect(answer({ engineTime: TIME + 150 }).outcome.kind).toBe('response');
    expect(answer({ engineTime: TIME - 150 }).outcome.kind).toBe('response');
  });

  it('sends a signed notInTimeWindow report for a stale clock or other boots', () => {
    for (const fields of [{ engineTime: TIME + 151 }, { engineTime: 0 }, { engineBoots: BOOTS - 1 }]) {
      const report = reportOf(answer(fields).outcome);
      expect(report.oid).toBe(REPORT_OIDS.notInTimeWindows.join('.'));
      expect(report.signed).toBe(true);
      expect([report.message.engineBoots, report.message.engineTime]).toEqual([BOOTS, TIME]);
    }
  });

  it('reports a wrong digest unsigned', () => {
    const authKey = Buffer.from(collector.authKey!);
    authKey[0]! ^= 1; // a manager holding a key from another password
    const report = reportOf(answer({ authKey }).outcome);
    expect(report.oid).toBe(REPORT_OIDS.wrongDigests.join('.'));
    expect(report.signed).toBe(false);
  });

  it('reports unknown users and security levels the user has no keys for', () => {
    expect(reportOf(answer({ userName: 'nobody', msgFlags: FLAG.reportable }).outcome).oid).toBe(REPORT_OIDS.unknownUserNames.join('.'));
    const auditor = users(ENGINE_ID, Buffer.from('auditor'))!;
    const priv = answer({ userName: 'auditor', authKey: auditor.authKey!, privKey: collector.privKey! }).outcome;
    expect(reportOf(priv).oid).toBe(REPORT_OIDS.unsupportedSecLevels.join('.'));
  });

  it('reports privacy parameters that are not an 8-octet salt as a decryption error', () => {
    expect(reportOf(answer({ privParams: Buffer.alloc(7) }).outcome).oid).toBe(REPORT_OIDS.decryptionErrors.join('.'));
  });

  it('reports a non-default context as unknown', () => {
    expect(reportOf(answer({ contextName: 'bridge1' }).outcome).oid).toBe(REPORT_OIDS.unknownContexts.join('.'));
  });

  it('answers authorizationError below the user’s minimum security level', () => {
    const { outcome } = answer({ msgFlags: FLAG.reportable });
    if (outcome.kind !== 'response') throw new Error(`expected a response, got ${outcome.kind}`);
    const { pdu } = decodeScopedPdu((decodeMessage(outcome.datagram) as V3Message).data);
    expect(pdu.errorStatus).toBe(ERROR_STATUS.authorizationError);
  });

  it('drops messages RFC 3412 calls invalid: priv without auth, tiny msgMaxSize, another security model', () => {
    expect(answer({ msgFlags: FLAG.priv | FLAG.reportable }).outcome.kind).toBe('drop');
    expect(answer({ msgMaxSize: 483 }).outcome.kind).toBe('drop');
    expect(answer({ securityModel: 2 }).outcome.kind).toBe('drop');
  });
});
