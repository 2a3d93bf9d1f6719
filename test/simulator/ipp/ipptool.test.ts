import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IppSimulator } from '../../../src/simulator/ipp/index.js';
import type { PrinterSnapshot } from '../../../src/simulator/snapshot.js';
import { buildSnapshot, buildSupply } from './factories.js';
import { ipptoolCommand, ipptoolPrinterAttributes, runIpptool, standardTestFile, type PlistValue } from './ipptool.js';

const COLOUR = '127.0.20.11';
const MONO = '127.0.20.12';
const OFF = '127.0.20.13';

const snapshots = new Map<string, PrinterSnapshot>([
  [COLOUR, buildSnapshot()],
  [
    MONO,
    buildSnapshot({
      sysName: 'PRN-WAREHOUSE',
      makeAndModel: 'Kyocera ECOSYS P3155dn',
      pageCount: 120_004,
      ippSerial: null,
      supplies: [buildSupply({ description: 'TK-3160', unit: 13, maxCapacity: 7200, level: 4600, ippLevel: 63 })],
      colorants: [{ index: 1, value: 'black' }],
    }),
  ],
  [OFF, buildSnapshot({ online: false })],
]);

const simulator = new IppSimulator({ port: 0, snapshotOf: (address) => snapshots.get(address) });
const text = (value: PlistValue | undefined) => (value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value);
const list = (value: PlistValue | undefined) => (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(text);

beforeAll(async () => {
  ipptoolCommand();
  for (const address of [COLOUR, MONO, OFF]) await simulator.addPrinter(address);
});

afterAll(() => simulator.close());

describe('the IPP simulator, as CUPS ipptool sees it', () => {
  it('passes ipptool’s standard get-printer-attributes.test', async () => {
    const run = await runIpptool(['-tv', simulator.printerUri(COLOUR), standardTestFile('get-printer-attributes.test')]);
    expect(run.stdout).toContain('[PASS]');
    expect(run.code, run.stdout).toBe(0);
  });

  it('passes the requested-attributes conformance tests of get-printer-attributes-suite.test', async () => {
    const run = await runIpptool(['-t', simulator.printerUri(COLOUR), standardTestFile('get-printer-attributes-suite.test')]);
    // The suite's fifth test asks for 'all' yet expects only media-col-database: a bug in the file, so it cannot pass.
    const verdicts = [...run.stdout.matchAll(/^\s{4}(Get-Printer-Attributes \(.*?)\s+\[(PASS|FAIL)\]/gm)].map(([, name, verdict]) => `${name} ${verdict}`);
    expect(verdicts.slice(0, 4)).toEqual([
      'Get-Printer-Attributes (no requested-attributes) PASS',
      "Get-Printer-Attributes (requested-attributes='all') PASS",
      "Get-Printer-Attributes (requested-attributes='all','media-col-databa PASS",
      "Get-Printer-Attributes (requested-attributes='none') PASS",
    ]);
  });

  it('shows the snapshot’s supplies, meter and serial exactly, a marker at −3 included', async () => {
    const names = ['marker-names', 'marker-colors', 'marker-types', 'marker-levels', 'marker-low-levels', 'printer-supply', 'printer-supply-description'];
    const attrs = await ipptoolPrinterAttributes(simulator.printerUri(COLOUR), [...names, 'printer-impressions-completed', 'printer-serial-number', 'printer-state-reasons']);
    const snapshot = snapshots.get(COLOUR)!;
    expect(list(attrs['marker-levels'])).toEqual(snapshot.supplies.map((s) => s.ippLevel));
    expect(list(attrs['marker-levels'])[0]).toBe(-3);
    expect(list(attrs['marker-names'])).toEqual(snapshot.supplies.map((s) => s.ippName));
    expect(list(attrs['marker-colors'])).toEqual(snapshot.supplies.map((s) => s.ippColor));
    expect(list(attrs['marker-types'])).toEqual(snapshot.supplies.map((s) => s.ippType));
    expect(list(attrs['marker-low-levels'])).toEqual(snapshot.supplies.map((s) => s.ippLowLevel));
    expect(list(attrs['printer-supply-description'])).toEqual(snapshot.supplies.map((s) => s.description));
    expect(list(attrs['printer-supply'])).toEqual([
      'index=1;class=supplyThatIsConsumed;type=tonerCartridge;unit=percent;maxcapacity=100;level=-3;colorantname=black;',
      'index=2;class=supplyThatIsConsumed;type=tonerCartridge;unit=percent;maxcapacity=100;level=40;colorantname=cyan;',
      'index=3;class=supplyThatIsConsumed;type=tonerCartridge;unit=percent;maxcapacity=100;level=20;colorantname=magenta;',
      'index=4;class=supplyThatIsConsumed;type=tonerCartridge;unit=percent;maxcapacity=100;level=60;colorantname=yellow;',
      'index=5;class=receptacleThatIsFilled;type=wasteToner;unit=tenthsOfGrams;maxcapacity=7200;level=-3;',
    ]);
    expect(attrs['printer-impressions-completed']).toBe(73421);
    expect(attrs['printer-serial-number']).toBe('CNDK701234');
    expect(list(attrs['printer-state-reasons'])).toEqual(['none']);
  });

  it('answers each address with its own printer', async () => {
    const names = ['printer-name', 'printer-make-and-model', 'printer-impressions-completed', 'marker-levels', 'printer-supply', 'printer-serial-number'];
    const [colour, mono] = await Promise.all([
      ipptoolPrinterAttributes(simulator.printerUri(COLOUR), names, '2.0'),
      ipptoolPrinterAttributes(simulator.printerUri(MONO), names, '2.0'),
    ]);
    expect([colour['printer-name'], colour['printer-impressions-completed']]).toEqual(['PRN-ACCOUNTS-01', 73421]);
    expect([mono['printer-name'], mono['printer-make-and-model'], mono['printer-impressions-completed']]).toEqual(['PRN-WAREHOUSE', 'Kyocera ECOSYS P3155dn', 120_004]);
    expect(list(mono['marker-levels'])).toEqual([63]);
    expect(list(mono['printer-supply'])).toEqual(['index=1;class=supplyThatIsConsumed;type=tonerCartridge;unit=tenthsOfGrams;maxcapacity=7200;level=4600;colorantname=black;']);
    expect(mono['printer-serial-number']).toBeUndefined();
  });

  it('shows the new values once the snapshot changes', async () => {
    snapshots.set(MONO, { ...snapshots.get(MONO)!, pageCount: 120_050 });
    const attrs = await ipptoolPrinterAttributes(simulator.printerUri(MONO), ['printer-impressions-completed']);
    expect(attrs['printer-impressions-completed']).toBe(120_050);
  });

  it('refuses connections while the printer is switched off, and answers once it is back on', async () => {
    const off = await runIpptool(['-t', simulator.printerUri(OFF), standardTestFile('get-printer-attributes.test')]);
    expect(off.code).not.toBe(0);
    expect(off.stdout + off.stderr).toMatch(/Unable to connect/);
    snapshots.set(OFF, { ...snapshots.get(OFF)!, online: true });
    await simulator.refresh();
    const on = await runIpptool(['-t', simulator.printerUri(OFF), standardTestFile('get-printer-attributes.test')]);
    expect(on.code, on.stdout).toBe(0);
  });

  it('drops a printer switched off between power checks at its next connection', async () => {
    const address = '127.0.20.14';
    snapshots.set(address, buildSnapshot());
    const lazy = new IppSimulator({ port: 0, powerCheckMs: 0, snapshotOf: (a) => snapshots.get(a) });
    try {
      await lazy.addPrinter(address);
      snapshots.set(address, buildSnapshot({ online: false }));
      const run = await runIpptool(['-t', lazy.printerUri(address), standardTestFile('get-printer-attributes.test')]);
      expect(run.code).not.toBe(0);
      expect(lazy.counters).toMatchObject({ answered: 0 });
      expect(lazy.counters.dropped).toBeGreaterThanOrEqual(1);
    } finally {
      await lazy.close();
    }
  });
});
