import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLUMNS, planImport, readCsv, type Column, type CsvTable, type ImportPlan } from '../../src/imports/index.js';
import { reconcile, type ImportChanges, type StoredState } from '../../src/imports/reconcile.js';
import { AppError } from '../../src/platform/errors.js';
import { quoteCell } from './factories.js';

// Characters that stress CSV quoting and Unicode handling but are all valid in names.
const NAME_CHARS = ['a', 'b', 'Z', 'é', 'ß', 'ø', '中', ' ', ',', ';', '"', "'", '-', '&', '.', '1'];
const name = (max: number) => fc.string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 1, maxLength: max }).map((s) => s.trim()).filter((s) => s !== '');
const address = fc.array(name(12), { minLength: 1, maxLength: 3 }).chain((parts) => fc.constantFrom('\n', '\r\n', ', ').map((sep) => parts.join(sep)));
const serial = fc.string({ unit: fc.constantFrom('A', 'X', '7', '0', '-', '/', '#', '"', ',', 'É'), minLength: 1, maxLength: 10 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const site = fc.record({ name: name(12), address: maybe(address), city: maybe(name(10)), postcode: maybe(name(8)), country: maybe(name(6)) });
const fleet = fc.record({
  customers: fc.uniqueArray(fc.record({ name: name(16), hasRef: fc.boolean(), sites: fc.uniqueArray(site, { selector: (s) => s.name, maxLength: 3 }) }), {
    selector: (c) => c.name, minLength: 1, maxLength: 6,
  }),
  devices: fc.uniqueArray(fc.record({ serial, customer: fc.nat(), site: fc.nat(), model: maybe(name(12)) }), { selector: (d) => d.serial, maxLength: 12 }),
  repeats: fc.array(fc.record({ pick: fc.nat(), blank: fc.boolean() }), { maxLength: 8 }),
});
const format = fc.record({
  columns: fc.shuffledSubarray(COLUMNS.filter((c) => c !== 'customer')).chain((optional) => fc.shuffledSubarray(['customer' as Column, ...optional], { minLength: optional.length + 1 })),
  style: fc.constantFrom<(c: string) => string>((c) => c, (c) => c.toUpperCase(), (c) => c.replace('_', ' '), (c) => c.replace(/(^|_)(\w)/g, (_, sep: string, ch: string) => `${sep ? ' ' : ''}${ch.toUpperCase()}`)),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  bom: fc.boolean(),
  delimiter: fc.constantFrom(',', ';', '\t'),
});

type Row = Partial<Record<Column, string>>;
type Fleet = typeof fleet extends fc.Arbitrary<infer T> ? T : never;
type FleetSite = Fleet['customers'][number]['sites'][number];

/** The rows a dealer's export of this fleet could hold: devices, customers and sites alone, and repeats with cells left empty. */
function rowsOf(f: Fleet): Row[] {
  const customerRow = (index: number): Row => {
    const c = f.customers[index]!;
    return { customer: c.name, customer_ref: c.hasRef ? `R${index} ${c.name}` : '' };
  };
  const siteRow = (s: FleetSite): Row => ({
    site: s.name, address: s.address ?? '', city: s.city ?? '', postcode: s.postcode ?? '', country: s.country ?? '',
  });
  const rows: Row[] = f.customers.flatMap((c, index) => [customerRow(index), ...c.sites.map((s) => ({ ...customerRow(index), ...siteRow(s) }))]);
  for (const d of f.devices) {
    const index = d.customer % f.customers.length;
    const sites = f.customers[index]!.sites;
    const s = sites[d.site % (sites.length + 1)];
    rows.push({ ...customerRow(index), ...(s ? siteRow(s) : {}), serial: d.serial, model: d.model ?? '' });
  }
  for (const r of f.repeats) {
    const original = rows[r.pick % rows.length]!;
    rows.push(r.blank ? { customer: original.customer, site: original.site ?? '', serial: original.serial ?? '' } : original);
  }
  return rows;
}

/** Drops what the chosen columns cannot hold (site details without a site column, a model without a serial column). */
function fit(row: Row, columns: Column[]): Row {
  const has = (c: Column) => columns.includes(c);
  const kept: Row = { ...row };
  if (!has('site')) for (const c of ['address', 'city', 'postcode', 'country'] as const) delete kept[c];
  if (!has('serial')) delete kept.model;
  return kept;
}

describe('CSV import properties', () => {
  it('any valid fleet plans the same from its CSV file as from its rows, whatever the quoting, header style, delimiter, BOM or line ends', () => {
    fc.assert(
      fc.property(fleet, format, fc.nat(), (f, fmt, seed) => {
        const delimiter = fmt.columns.length > 1 ? fmt.delimiter : ',';
        const header = fmt.columns.map(fmt.style);
        const rows = rowsOf(f).map((row) => fit(row, fmt.columns));
        const shift = seed % rows.length;
        const ordered = [...rows.slice(shift), ...rows.slice(0, shift)];
        const values = ordered.map((row) => fmt.columns.map((c) => row[c] ?? ''));

        const csv = (fmt.bom ? '\uFEFF' : '') + [header, ...values].map((cells) => cells.map((v) => quoteCell(v, delimiter)).join(delimiter)).join(fmt.eol) + fmt.eol;
        let line = 2;
        const table: CsvTable = { header, headerLine: 1, records: values.map((v) => ({ line: (line += 1 + breaks(v)) - 1 - breaks(v), values: v })) };

        const expected = planImport(table);
        expect(expected.ok).toBe(true);
        expect(planImport(readCsv(csv))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('a plan only refers to customers and sites it contains, and lists each serial once', () => {
    fc.assert(
      fc.property(fleet, (f) => {
        const result = planImport({ header: [...COLUMNS], headerLine: 1, records: rowsOf(f).map((row, i) => ({ line: i + 2, values: COLUMNS.map((c) => row[c] ?? '') })) });
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        const { customers, sites, devices } = result.plan;
        const customerNames = new Set(customers.map((c) => c.name));
        const siteKeys = new Set(sites.map((s) => `${s.customer}\u0000${s.name}`));
        expect(customerNames.size).toBe(customers.length);
        expect(new Set(devices.map((d) => d.serial)).size).toBe(devices.length);
        for (const s of sites) expect(customerNames.has(s.customer)).toBe(true);
        for (const d of devices) {
          expect(customerNames.has(d.customer)).toBe(true);
          if (d.site !== null) expect(siteKeys.has(`${d.customer}\u0000${d.site}`)).toBe(true);
        }
      }),
    );
  });

  it('arbitrary text is either planned or refused with an AppError, never anything else', () => {
    const csvish = fc.string({ unit: fc.constantFrom(',', ';', '\t', '"', '\n', '\r', ' ', 'a', 'customer', 'serial', 'site', 'SN1', '\uFEFF', '\u0000', 'é') });
    fc.assert(
      fc.property(fc.oneof(csvish, fc.string({ unit: 'binary' }), csvish.map((s) => `customer,serial\n${s}`)), (text) => {
        try {
          planImport(readCsv(text));
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'bad-request') throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reconciling a plan against what its own import wrote changes nothing', () => {
    fc.assert(
      fc.property(fleet, (f) => {
        const result = planImport({ header: [...COLUMNS], headerLine: 1, records: rowsOf(f).map((row, i) => ({ line: i + 2, values: COLUMNS.map((c) => row[c] ?? '') })) });
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        let next = 0;
        const first = changesOf(result.plan, { customers: [], sites: [], devices: [] }, () => `id-${++next}`);
        expect(first.tally.customers.created).toBe(result.plan.customers.length);
        expect(first.tally.devices.created).toBe(result.plan.devices.length);
        const again = changesOf(result.plan, { customers: first.customers, sites: first.sites, devices: first.devices }, () => `id-${++next}`);
        expect([again.customers, again.sites, again.devices]).toEqual([[], [], []]);
        expect(again.tally.sites).toEqual({ created: 0, updated: 0, unchanged: result.plan.sites.length });
      }),
    );
  });
});

function changesOf(plan: ImportPlan, stored: StoredState, newId: () => string): ImportChanges {
  const result = reconcile(plan, stored, newId);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.changes;
}

function breaks(values: string[]): number {
  return values.reduce((sum, v) => sum + (v.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
}
