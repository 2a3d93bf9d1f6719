import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger.js';
import { parseScenario } from '../../src/simulator/scenario.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { ensureCommand } from '../support/debian.js';

const run = promisify(execFile);
const SNMP_PORT = 20000 + Math.floor(Math.random() * 20000);
const V3 = ['-v3', '-l', 'authPriv', '-u', 'tester', '-a', 'SHA', '-A', 'auth-secret-1', '-x', 'AES', '-X', 'priv-secret-1'];

/** Runs a net-snmp tool and parses "OID = TYPE: value" lines. */
async function walk(tool: string, args: string[], address: string, oid: string): Promise<Map<string, { type: string; value: string }>> {
  const { stdout } = await run(tool, [...args, '-On', '-Oe', '-t', '2', '-r', '1', `${address}:${SNMP_PORT}`, oid]);
  const rows = new Map<string, { type: string; value: string }>();
  for (const line of stdout.split('\n')) {
    const match = /^(\S+) = (\w[\w-]*): ?(.*)$/.exec(line);
    if (match) rows.set(match[1]!.replace(/^\./, ''), { type: match[2]!, value: match[3]!.replace(/^"|"$/g, '') });
  }
  return rows;
}

// The encodings written out independently of the simulator's encoder: what each personality must show.
function expectedLevel(personality: string, gauge: number, low: boolean): number {
  switch (personality) {
    case 'percent-1': return Math.ceil(gauge * 100 - 1e-9);
    case 'percent-10': return 10 * Math.ceil(gauge * 10 - 1e-9);
    case 'percent-25': return 25 * Math.floor(gauge * 4 + 1e-9);
    case 'low-only': return low ? 0 : -3;
    case 'tenths-of-grams': return Math.round(gauge * 7200);
    case 'unknown': return -2;
    case 'ricoh-near-end': return low ? -100 : 10 * Math.ceil(gauge * 10 - 1e-9);
    case 'over-max': return Math.ceil(gauge * 150 - 1e-9);
    default: throw new Error(personality);
  }
}

describe('the simulator read by Debian net-snmp tools', () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    ensureCommand('snmpbulkwalk', 'snmp');
    // Real time from a whole hour: no simulated hour passes while the test reads, so the truth holds still.
    const scenario = parseScenario({ printers: 9, seed: 'wire', speed: 1, start: '2026-03-02T10:00:00Z', behaviour: { offlinePerDayProbability: 0 } });
    simulator = await startSimulator({
      scenario, firstAddress: '127.0.30.1', snmpPort: SNMP_PORT, ippPort: null, controlPort: null, community: 'public',
      v3Users: [{ name: 'tester', level: 'authPriv', authPassword: 'auth-secret-1', privPassword: 'priv-secret-1' }], logger: createLogger('silent'),
    });
    // Set known truths, e.g. the Canon's 25 % gauge at a true 61 %, the Samsung's low/empty-only gauge below its low mark.
    const at = (model: string) => simulator.simulation.printers.find((p) => p.model.id === model)!;
    at('canon-lbp226').supplies[0]!.remaining = 0.61;
    at('samsung-m2070').supplies[0]!.remaining = 0.1;
    at('samsung-m2070').supplies[0]!.low = true;
    at('hp-m404').supplies[0]!.remaining = 0.371;
  });
  afterAll(() => simulator?.stop());

  it.each(['v1', 'v2c bulk', 'v3 authPriv'])('reads every personality over %s and the values match the truth at that moment', async (mode) => {
    const [tool, args] = mode === 'v1' ? ['snmpwalk', ['-v1', '-c', 'public']] : mode === 'v2c bulk' ? ['snmpbulkwalk', ['-v2c', '-c', 'public']] : ['snmpwalk', V3];
    for (const [i, printer] of simulator.simulation.printers.entries()) {
      const address = simulator.addresses[i]!;
      const rows = await walk(tool as string, args as string[], address, '1.3.6.1.2.1.43.11.1.1');
      const truth = simulator.simulation.truthAt(i, simulator.now());
      for (const supply of truth.supplies) {
        const suffix = `1.${supply.index}`;
        const level = Number(rows.get(`1.3.6.1.2.1.43.11.1.1.9.${suffix}`)?.value);
        const where = `${printer.model.id} supply ${supply.index} (${mode})`;
        if (supply.kind === 'waste-toner') expect(level, where).toBe(supply.remaining > 0 ? -3 : 0);
        else expect(level, where).toBe(supply.empty ? 0 : expectedLevel(printer.model.personality, supply.gauge, supply.low));
        expect(rows.get(`1.3.6.1.2.1.43.11.1.1.6.${suffix}`)?.value, where).toBe(printer.model.supplies[supply.index - 1]!.description);
      }
    }
  });

  it('shows the worked examples: 61 % on a 25 % floor gauge reads 50, a low low/empty-only gauge reads 0, 37.1 % reads 38', async () => {
    const level = async (model: string) => {
      const i = simulator.simulation.printers.findIndex((p) => p.model.id === model);
      const rows = await walk('snmpget', ['-v2c', '-c', 'public'], simulator.addresses[i]!, '1.3.6.1.2.1.43.11.1.1.9.1.1');
      return Number([...rows.values()][0]?.value);
    };
    expect(await level('canon-lbp226')).toBe(50);
    expect(await level('samsung-m2070')).toBe(0);
    expect(await level('hp-m404')).toBe(38);
  });

  it('serves the vendor quirks: serial only in sysDescr, counter as INTEGER, units not percent', async () => {
    const indexOf = (model: string) => simulator.simulation.printers.findIndex((p) => p.model.id === model);
    const hp = indexOf('hp-m404');
    const hpRows = await walk('snmpwalk', ['-v2c', '-c', 'public'], simulator.addresses[hp]!, '1.3.6.1.2.1');
    expect(hpRows.get('1.3.6.1.2.1.1.1.0')?.value).toContain(`SN:${simulator.simulation.printers[hp]!.serial}`);
    expect(hpRows.has('1.3.6.1.2.1.43.5.1.1.17.1')).toBe(false);
    expect(hpRows.get('1.3.6.1.2.1.43.10.2.1.4.1.1')?.type).toBe('Counter32');
    expect(Number(hpRows.get('1.3.6.1.2.1.43.10.2.1.4.1.1')?.value)).toBe(simulator.simulation.truthAt(hp, simulator.now()).pageCount);

    const brother = await walk('snmpget', ['-v2c', '-c', 'public'], simulator.addresses[indexOf('brother-l2350')]!, '1.3.6.1.2.1.43.10.2.1.4.1.1');
    expect([...brother.values()][0]?.type).toBe('INTEGER');

    const kyocera = indexOf('kyocera-m5526');
    const units = await walk('snmpwalk', ['-v2c', '-c', 'public'], simulator.addresses[kyocera]!, '1.3.6.1.2.1.43.11.1.1.7');
    expect(units.get('1.3.6.1.2.1.43.11.1.1.7.1.1')?.value).toBe('13');
    // Kyocera leaves prtGeneralSerialNumber empty and tells its serial in kcprtSerialNumber (KYOCERA-MIB).
    const { stdout: empty } = await run('snmpget', ['-v2c', '-c', 'public', '-On', `${simulator.addresses[kyocera]!}:${SNMP_PORT}`, '1.3.6.1.2.1.43.5.1.1.17.1']);
    expect(empty.trim()).toBe('.1.3.6.1.2.1.43.5.1.1.17.1 = ""');
    const vendorSerial = await walk('snmpget', ['-v2c', '-c', 'public'], simulator.addresses[kyocera]!, '1.3.6.1.4.1.1347.43.5.1.1.28.1');
    expect([...vendorSerial.values()][0]?.value).toBe(simulator.simulation.printers[kyocera]!.serial);
  });

  it('stays silent for a wrong community and refuses a wrong v3 password', async () => {
    await expect(run('snmpget', ['-v2c', '-c', 'private', '-t', '1', '-r', '0', `${simulator.addresses[0]}:${SNMP_PORT}`, '1.3.6.1.2.1.1.1.0'])).rejects.toThrow(/Timeout/);
    const wrong = V3.map((a) => (a === 'auth-secret-1' ? 'not-the-secret' : a));
    await expect(run('snmpget', [...wrong, '-t', '1', '-r', '0', `${simulator.addresses[0]}:${SNMP_PORT}`, '1.3.6.1.2.1.1.1.0'])).rejects.toThrow(/Authentication failure|wrong digest|Timeout/i);
  });
});
