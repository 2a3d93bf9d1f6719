import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnmpAgent, defaultEngineId, type SnmpAgent } from '../../../src/simulator/snmp/index.js';
import type { PrinterSnapshot } from '../../../src/simulator/snapshot.js';
import { expectedPrinted, under } from './expected.js';
import { hpMonoSnapshot, kyoceraColourSnapshot } from './factories.js';
import { ensureSnmpTools, parsePrinted, runTool } from './net-snmp-tools.js';

const HP = '127.0.20.1';
const KYOCERA = '127.0.20.2';
const OFFLINE = '127.0.20.3';
const AUTH = 'tonerloop-auth-1';
const PRIV = 'tonerloop-priv-1';
const NUMERIC = ['-On', '-Oe'];
const QUICK = ['-t', '1', '-r', '0'];

const snapshots = new Map<string, PrinterSnapshot>([
  [HP, hpMonoSnapshot()],
  [KYOCERA, kyoceraColourSnapshot()],
  [OFFLINE, hpMonoSnapshot({ online: false })],
]);
let agent: SnmpAgent;
const ports = new Map<string, number>();
const target = (address: string) => `${address}:${ports.get(address)}`;
const v3 = (level: 'authPriv' | 'authNoPriv', user: string, auth = AUTH, priv = PRIV) =>
  level === 'authPriv'
    ? ['-v3', '-l', 'authPriv', '-u', user, '-a', 'SHA', '-A', auth, '-x', 'AES', '-X', priv]
    : ['-v3', '-l', 'authNoPriv', '-u', user, '-a', 'SHA', '-A', auth];

beforeAll(async () => {
  ensureSnmpTools();
  agent = createSnmpAgent({
    port: 0,
    snapshotOf: (address) => snapshots.get(address),
    users: [
      { name: 'collector', level: 'authPriv', authPassword: AUTH, privPassword: PRIV },
      { name: 'auditor', level: 'authNoPriv', authPassword: AUTH },
    ],
  });
  for (const address of [HP, KYOCERA, OFFLINE]) ports.set(address, await agent.listen(address));
});

afterAll(async () => {
  await agent?.close();
});

describe('SNMP agent with net-snmp clients', () => {
  it('serves the whole MIB view to snmpwalk -v1, value for value and type for type', async () => {
    const result = await runTool('snmpwalk', ['-v1', '-c', 'public', ...NUMERIC, target(KYOCERA), '1.3.6.1']);
    expect(result.code).toBe(0);
    const printed = parsePrinted(result.stdout);
    expect([...printed]).toEqual([...expectedPrinted(snapshots.get(KYOCERA)!)]);
  });

  it('serves the same view to snmpwalk -v2c, with the HP serial only in sysDescr', async () => {
    const result = await runTool('snmpwalk', ['-v2c', '-c', 'public', ...NUMERIC, target(HP), '1.3.6.1']);
    expect(result.code).toBe(0);
    const printed = parsePrinted(result.stdout);
    expect([...printed]).toEqual([...expectedPrinted(snapshots.get(HP)!)]);
    expect(printed.has('1.3.6.1.2.1.43.5.1.1.17.1')).toBe(false);
    expect(printed.get('1.3.6.1.2.1.1.1.0')?.value).toContain('SN:PHBQH12345');
  });

  it('sends the page counter as Counter32, or as INTEGER for a device with that quirk', async () => {
    const oid = '1.3.6.1.2.1.43.10.2.1.4.1.1';
    const hp = parsePrinted((await runTool('snmpget', ['-v2c', '-c', 'public', ...NUMERIC, target(HP), oid])).stdout);
    const kyocera = parsePrinted((await runTool('snmpget', ['-v2c', '-c', 'public', ...NUMERIC, target(KYOCERA), oid])).stdout);
    expect(hp.get(oid)).toEqual({ type: 'Counter32', value: '48213' });
    expect(kyocera.get(oid)).toEqual({ type: 'INTEGER', value: '20881' });
  });

  it('serves the Printer MIB to snmpbulkwalk -v2c', async () => {
    const result = await runTool('snmpbulkwalk', ['-v2c', '-c', 'public', '-Cr25', ...NUMERIC, target(KYOCERA), '1.3.6.1.2.1.43']);
    expect(result.code).toBe(0);
    expect([...parsePrinted(result.stdout)]).toEqual([...under(expectedPrinted(snapshots.get(KYOCERA)!), '1.3.6.1.2.1.43')]);
  });

  it('repeats every repeater max-repetitions times in one GETBULK (RFC 3416 §4.2.3)', async () => {
    const oids = ['1.3.6.1.2.1.1', '1.3.6.1.2.1.43.11.1.1.6', '1.3.6.1.2.1.43.11.1.1.9'];
    const result = await runTool('snmpbulkget', ['-v2c', '-c', 'public', '-Cn1', '-Cr3', ...NUMERIC, target(KYOCERA), ...oids]);
    expect([...parsePrinted(result.stdout).keys()]).toEqual([
      '1.3.6.1.2.1.1.1.0',
      '1.3.6.1.2.1.43.11.1.1.6.1.1', '1.3.6.1.2.1.43.11.1.1.9.1.1',
      '1.3.6.1.2.1.43.11.1.1.6.1.2', '1.3.6.1.2.1.43.11.1.1.9.1.2',
      '1.3.6.1.2.1.43.11.1.1.6.1.3', '1.3.6.1.2.1.43.11.1.1.9.1.3',
    ]);
  });

  it('answers snmpget with values, noSuchInstance and noSuchObject', async () => {
    const result = await runTool('snmpget', [
      '-v2c', '-c', 'public', ...NUMERIC, target(KYOCERA),
      '1.3.6.1.2.1.43.11.1.1.9.1.3', '1.3.6.1.2.1.43.11.1.1.9.1.4', '1.3.6.1.4.1.99.1.0',
    ]);
    const printed = parsePrinted(result.stdout);
    expect(printed.get('1.3.6.1.2.1.43.11.1.1.9.1.3')).toEqual({ type: 'INTEGER', value: '-3' });
    expect(printed.get('1.3.6.1.2.1.43.11.1.1.9.1.4')?.type).toBe('noSuchInstance');
    expect(printed.get('1.3.6.1.4.1.99.1.0')?.type).toBe('noSuchObject');
  });

  it('answers every printer address with its own values', async () => {
    const sysDescr = '1.3.6.1.2.1.1.1.0';
    const [hp, kyocera] = await Promise.all(
      [HP, KYOCERA].map(async (address) => parsePrinted((await runTool('snmpget', ['-v2c', '-c', 'public', ...NUMERIC, target(address), sysDescr])).stdout)),
    );
    expect(hp!.get(sysDescr)?.value).toBe(snapshots.get(HP)!.sysDescr);
    expect(kyocera!.get(sysDescr)?.value).toBe(snapshots.get(KYOCERA)!.sysDescr);
  });

  it('serves a new snapshot as soon as the model publishes one', async () => {
    const level = '1.3.6.1.2.1.43.11.1.1.9.1.1';
    const before = hpMonoSnapshot();
    snapshots.set(HP, { ...before, supplies: [{ ...before.supplies[0]!, level: 36 }] });
    try {
      const printed = parsePrinted((await runTool('snmpget', ['-v2c', '-c', 'public', ...NUMERIC, target(HP), level])).stdout);
      expect(printed.get(level)?.value).toBe('36');
    } finally {
      snapshots.set(HP, before);
    }
  });

  it('serves SNMPv3 authPriv (HMAC-SHA-96, AES-128) walks', async () => {
    const result = await runTool('snmpwalk', [...v3('authPriv', 'collector'), ...NUMERIC, target(KYOCERA), '1.3.6.1']);
    expect(result.stderr).toBe('');
    expect([...parsePrinted(result.stdout)]).toEqual([...expectedPrinted(snapshots.get(KYOCERA)!)]);
  });

  it('serves SNMPv3 authNoPriv bulk walks', async () => {
    const result = await runTool('snmpbulkwalk', [...v3('authNoPriv', 'auditor'), ...NUMERIC, target(HP), '1.3.6.1.2.1.43']);
    expect(result.stderr).toBe('');
    expect([...parsePrinted(result.stdout)]).toEqual([...under(expectedPrinted(snapshots.get(HP)!), '1.3.6.1.2.1.43')]);
  });

  it('resynchronizes a manager with a stale engine clock through a signed notInTimeWindow report', async () => {
    const before = agent.counters.usmStats.notInTimeWindows;
    const engineId = `0x${defaultEngineId(KYOCERA).toString('hex')}`;
    const result = await runTool('snmpget', [...v3('authPriv', 'collector'), '-e', engineId, '-Z', '3,1000', ...NUMERIC, ...QUICK, target(KYOCERA), '1.3.6.1.2.1.1.5.0']);
    expect(parsePrinted(result.stdout).get('1.3.6.1.2.1.1.5.0')?.value).toBe('KM-ECOSYS-7');
    expect(agent.counters.usmStats.notInTimeWindows).toBe(before + 1);
  });

  it('reports a wrong v3 password as an authentication failure', async () => {
    const result = await runTool('snmpget', [...v3('authPriv', 'collector', 'wrong-password'), ...NUMERIC, ...QUICK, target(KYOCERA), '1.3.6.1.2.1.1.1.0']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Authentication failure/);
  });

  it('reports an unknown v3 user', async () => {
    const result = await runTool('snmpget', [...v3('authPriv', 'intruder'), ...NUMERIC, ...QUICK, target(KYOCERA), '1.3.6.1.2.1.1.1.0']);
    expect(result.stderr).toMatch(/Unknown user name/);
  });

  it('reports a security level the user has no keys for, and refuses one below the user minimum', async () => {
    const unsupported = await runTool('snmpget', [...v3('authPriv', 'auditor'), ...NUMERIC, ...QUICK, target(KYOCERA), '1.3.6.1.2.1.1.1.0']);
    expect(unsupported.stderr).toMatch(/Unsupported security level/);
    const below = await runTool('snmpget', ['-v3', '-l', 'noAuthNoPriv', '-u', 'collector', ...NUMERIC, ...QUICK, target(KYOCERA), '1.3.6.1.2.1.1.1.0']);
    expect(below.stdout + below.stderr).toMatch(/authorizationError/);
  });

  it('stays silent for a wrong privacy password, as net-snmp snmpd does', async () => {
    const result = await runTool('snmpget', [...v3('authPriv', 'collector', AUTH, 'wrong-privacy'), ...NUMERIC, ...QUICK, target(KYOCERA), '1.3.6.1.2.1.1.1.0']);
    expect(result.stderr).toMatch(/Timeout/);
  });

  it('stays silent for a wrong community', async () => {
    const dropped = agent.counters.dropped;
    const result = await runTool('snmpget', ['-v2c', '-c', 'private', ...NUMERIC, ...QUICK, target(KYOCERA), '1.3.6.1.2.1.1.1.0']);
    expect(result.stderr).toMatch(/Timeout/);
    expect(agent.counters.dropped).toBe(dropped + 1);
  });

  it('stays silent while a printer is offline, whatever the version', async () => {
    const v2c = await runTool('snmpget', ['-v2c', '-c', 'public', ...NUMERIC, ...QUICK, target(OFFLINE), '1.3.6.1.2.1.1.1.0']);
    const v3Result = await runTool('snmpget', [...v3('authPriv', 'collector'), ...NUMERIC, ...QUICK, target(OFFLINE), '1.3.6.1.2.1.1.1.0']);
    expect(v2c.stderr).toMatch(/Timeout/);
    expect(v3Result.stderr).toMatch(/Timeout|No response/i);
  });

  it('refuses SET: notWritable for v2c, readOnly for v1', async () => {
    const v2c = await runTool('snmpset', ['-v2c', '-c', 'public', ...NUMERIC, ...QUICK, target(HP), '1.3.6.1.2.1.1.5.0', 's', 'renamed']);
    const v1 = await runTool('snmpset', ['-v1', '-c', 'public', ...NUMERIC, ...QUICK, target(HP), '1.3.6.1.2.1.1.5.0', 's', 'renamed']);
    expect(v2c.stderr).toMatch(/notWritable/);
    expect(v1.stderr).toMatch(/readOnly/);
  });

  it('accounts for every datagram and never fails internally', () => {
    const { requests, responses, reports, dropped, malformed, errors } = agent.counters;
    expect(errors).toBe(0);
    expect(responses + reports + dropped + malformed).toBe(requests);
  });
});
