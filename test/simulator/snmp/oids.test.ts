import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareOids, formatOid, renderPrinterMib, type MibTable, type SnmpValue } from '../../../src/simulator/snmp/index.js';
import { hpMonoSnapshot, kyoceraColourSnapshot } from './factories.js';

const valueAt = (table: MibTable, oid: string): SnmpValue | undefined => table.find((entry) => formatOid(entry.oid) === oid)?.value;

/** The override lines of a snmpd fixture (a real agent's view of the same printer) as expected values. */
function fixtureValues(file: string): Map<string, SnmpValue> {
  const values = new Map<string, SnmpValue>();
  for (const line of readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8').split('\n')) {
    const sysDescr = /^sysDescr (.*)$/.exec(line);
    if (sysDescr) values.set('1.3.6.1.2.1.1.1.0', { type: 'octets', value: sysDescr[1]! });
    const override = /^override \.([\d.]+) (\w+) (.*)$/.exec(line);
    if (!override) continue;
    const [, oid, type, raw] = override as unknown as [string, string, string, string];
    if (type === 'octet_str') values.set(oid, { type: 'octets', value: JSON.parse(raw) as string });
    else if (type === 'counter') values.set(oid, { type: 'counter32', value: Number(raw) });
    else values.set(oid, { type: 'integer', value: Number(raw) });
  }
  return values;
}

describe('renderPrinterMib', () => {
  it('serves every object the HP mono fixture serves, with the same type and value', () => {
    const table = renderPrinterMib(hpMonoSnapshot({ serial: 'PHBQH12345' }));
    for (const [oid, value] of fixtureValues('hp-mono-percent.conf')) expect(valueAt(table, oid), oid).toEqual(value);
  });

  it('serves every object the Kyocera colour fixture serves, with the same type and value', () => {
    const table = renderPrinterMib(kyoceraColourSnapshot({ pageCountAsInteger: false }));
    for (const [oid, value] of fixtureValues('kyocera-colour-units.conf')) expect(valueAt(table, oid), oid).toEqual(value);
  });

  it('returns entries in strictly increasing OID order', () => {
    const table = renderPrinterMib(kyoceraColourSnapshot());
    for (let i = 1; i < table.length; i++) expect(compareOids(table[i - 1]!.oid, table[i]!.oid)).toBe(-1);
  });

  it('omits prtGeneralSerialNumber when the device does not serve a serial', () => {
    const table = renderPrinterMib(hpMonoSnapshot());
    expect(valueAt(table, '1.3.6.1.2.1.43.5.1.1.17.1')).toBeUndefined();
    expect(valueAt(table, '1.3.6.1.2.1.1.1.0')).toEqual({ type: 'octets', value: expect.stringContaining('SN:PHBQH12345') });
  });

  it('sends the page counter as INTEGER only for devices with that quirk', () => {
    const oid = '1.3.6.1.2.1.43.10.2.1.4.1.1';
    expect(valueAt(renderPrinterMib(hpMonoSnapshot()), oid)).toEqual({ type: 'counter32', value: 48_213 });
    expect(valueAt(renderPrinterMib(hpMonoSnapshot({ pageCountAsInteger: true })), oid)).toEqual({ type: 'integer', value: 48_213 });
  });

  it('renders the system group, the hrDevice row and the marker index of every supply', () => {
    const snapshot = kyoceraColourSnapshot();
    const table = renderPrinterMib(snapshot);
    expect(valueAt(table, '1.3.6.1.2.1.1.2.0')).toEqual({ type: 'oid', value: snapshot.sysObjectId });
    expect(valueAt(table, '1.3.6.1.2.1.1.3.0')).toEqual({ type: 'timeticks', value: snapshot.sysUpTimeTicks });
    expect(valueAt(table, '1.3.6.1.2.1.1.5.0')).toEqual({ type: 'octets', value: snapshot.sysName });
    expect(valueAt(table, '1.3.6.1.2.1.25.3.2.1.2.1')).toEqual({ type: 'oid', value: '1.3.6.1.2.1.25.3.1.5' });
    expect(valueAt(table, '1.3.6.1.2.1.25.3.2.1.3.1')).toEqual({ type: 'octets', value: 'ECOSYS M5526cdw' });
    for (const supply of snapshot.supplies) expect(valueAt(table, `1.3.6.1.2.1.43.11.1.1.2.1.${supply.index}`)).toEqual({ type: 'integer', value: 1 });
  });

  it('renders each alert as a prtAlertTable row with its time as TimeTicks', () => {
    const table = renderPrinterMib(kyoceraColourSnapshot());
    const row = (column: number) => valueAt(table, `1.3.6.1.2.1.43.18.1.1.${column}.1.12`);
    expect([2, 3, 4, 5, 6, 7].map((column) => row(column))).toEqual([5, 3, 11, 3, -2, 1107].map((value) => ({ type: 'integer', value })));
    expect(row(8)).toEqual({ type: 'octets', value: 'Waste toner box nearly full' });
    expect(row(9)).toEqual({ type: 'timeticks', value: 123_000 });
    expect(row(1)).toBeUndefined(); // prtAlertIndex is not-accessible (RFC 3805)
  });

  it('keeps one row when a snapshot repeats a supply index', () => {
    const snapshot = hpMonoSnapshot();
    const table = renderPrinterMib({ ...snapshot, supplies: [snapshot.supplies[0]!, { ...snapshot.supplies[0]!, level: 5 }] });
    expect(table.filter((entry) => formatOid(entry.oid) === '1.3.6.1.2.1.43.11.1.1.9.1.1')).toHaveLength(1);
    expect(valueAt(table, '1.3.6.1.2.1.43.11.1.1.9.1.1')).toEqual({ type: 'integer', value: 5 });
  });
});
