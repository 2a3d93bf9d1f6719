import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../src/collection/agent/discovery.js';
import { probePrinter } from '../../src/collection/snmp-reader.js';
import { effectiveSettings } from '../../src/collectors/settings.js';
import { createLogger } from '../../src/platform/logger.js';
import { parseScenario } from '../../src/simulator/scenario.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { fixture, startSnmpd, type Peer } from '../collection/peers.js';

const SNMP_PORT = 20000 + Math.floor(Math.random() * 20000);

describe('discovery sweeps', () => {
  let simulator: RunningSimulator;
  let host: Peer;

  beforeAll(async () => {
    simulator = await startSimulator({ scenario: parseScenario({ printers: 3, behaviour: { offlinePerDayProbability: 0 } }), firstAddress: '127.0.44.2', snmpPort: SNMP_PORT, ippPort: null, controlPort: null, community: 'public', v3Users: [], logger: createLogger('silent') });
    // A Linux host answering SNMP, but no printer: Debian's snmpd with host resources only.
    host = await startSnmpd({ address: '127.0.44.9', config: fixture('snmpd/linux-host.conf') });
  });
  afterAll(async () => {
    await simulator?.stop();
    await host?.stop();
  });

  it('finds the printers in a range, skipping silent addresses quietly, within the concurrency limit', async () => {
    const config = effectiveSettings({}, { ranges: ['127.0.44.1-127.0.44.8'], snmp: { port: SNMP_PORT, timeoutMs: 300 }, concurrency: 3 });
    const progress: [number, number, number][] = [];
    let inFlight = 0;
    let peak = 0;
    const found = await sweep(config, (done, total, printers) => progress.push([done, total, printers]), async (target) => {
      peak = Math.max(peak, ++inFlight);
      try {
        return await probePrinter(target);
      } finally {
        inFlight--;
      }
    });
    expect(found).toEqual(simulator.addresses.map((a) => `${a}:${SNMP_PORT}`).sort());
    expect(peak).toBeLessThanOrEqual(3);
    expect(progress.at(-1)).toEqual([8, 8, 3]);
  });

  it('does not take an SNMP host that is not a printer for one', async () => {
    expect(await probePrinter({ host: host.address, port: host.port, version: '2c', community: 'public', timeoutMs: 1000, retries: 0 })).toBe(false);
    expect(await probePrinter({ host: simulator.addresses[0]!, port: SNMP_PORT, version: '2c', community: 'public', timeoutMs: 1000, retries: 0 })).toBe(true);
  });

  it('refuses ranges that are not ranges or are too large, with a sentence', () => {
    expect(() => effectiveSettings({}, { ranges: ['10.0.0.0/8'] })).toThrow(/from \/16 to \/32/);
    expect(() => effectiveSettings({}, { ranges: ['10.0.0.9-10.0.0.1'] })).toThrow(/ends before it starts/);
    expect(() => effectiveSettings({}, { ranges: ['printers please'] })).toThrow(/is not a CIDR/);
  });
});
