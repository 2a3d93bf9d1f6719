import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger.js';
import { parseScenario } from '../../src/simulator/scenario.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { ipptoolCommand, ipptoolPrinterAttributes, runIpptool, standardTestFile } from './ipp/ipptool.js';

const IPP_PORT = 20000 + Math.floor(Math.random() * 20000);

// IPP marker-levels as each personality must show them, written out independently of the encoder.
function expectedIppLevel(personality: string, gauge: number, low: boolean, empty: boolean): number {
  if (empty) return 0;
  switch (personality) {
    case 'percent-1': return Math.ceil(gauge * 100 - 1e-9);
    case 'percent-10': return 10 * Math.ceil(gauge * 10 - 1e-9);
    case 'percent-25': return 25 * Math.floor(gauge * 4 + 1e-9);
    case 'low-only': return low ? 0 : -3;
    case 'tenths-of-grams': return Math.round((100 * Math.round(gauge * 7200)) / 7200);
    case 'unknown': return -2;
    case 'ricoh-near-end': return low ? -3 : 10 * Math.ceil(gauge * 10 - 1e-9);
    case 'over-max': return Math.min(100, Math.ceil(gauge * 150 - 1e-9));
    default: throw new Error(personality);
  }
}

describe('the simulator read by CUPS ipptool', () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    ipptoolCommand();
    const scenario = parseScenario({ printers: 9, seed: 'ipp-wire', speed: 1, start: '2026-03-02T10:00:00Z', behaviour: { offlinePerDayProbability: 0 } });
    simulator = await startSimulator({ scenario, firstAddress: '127.0.31.1', snmpPort: IPP_PORT, ippPort: IPP_PORT, controlPort: null, community: 'public', v3Users: [], logger: createLogger('silent') });
  });
  afterAll(() => simulator?.stop());

  it("passes ipptool's standard get-printer-attributes test on every printer", async () => {
    for (const address of simulator.addresses) {
      const run = await runIpptool(['-t', `ipp://${address}:${IPP_PORT}/ipp/print`, standardTestFile('get-printer-attributes.test')]);
      expect(run.code, `${address}: ${run.stdout}`).toBe(0);
    }
  });

  it('shows marker-levels, impressions and serials that match the truth at that moment, for every personality', async () => {
    for (const [i, printer] of simulator.simulation.printers.entries()) {
      const attributes = await ipptoolPrinterAttributes(`ipp://${simulator.addresses[i]}:${IPP_PORT}/ipp/print`, ['marker-levels', 'marker-names', 'printer-impressions-completed', 'printer-serial-number']);
      const truth = simulator.simulation.truthAt(i, simulator.now());
      const levels = ([] as unknown[]).concat(attributes['marker-levels']);
      truth.supplies.forEach((supply, s) => {
        const where = `${printer.model.id} marker ${s + 1}`;
        if (supply.kind === 'waste-toner') expect(levels[s], where).toBe(supply.remaining > 0 ? -3 : 0);
        else expect(levels[s], where).toBe(expectedIppLevel(printer.model.personality, supply.gauge, supply.low, supply.empty));
      });
      expect(attributes['printer-impressions-completed']).toBe(truth.pageCount);
      if (printer.model.serialOnlyInSysDescr) expect(attributes['printer-serial-number']).toBeUndefined();
      else expect(attributes['printer-serial-number']).toBe(printer.serial);
    }
  });
});
