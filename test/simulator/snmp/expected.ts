/**
 * What net-snmp's tools should print for a snapshot, written out OID by OID from RFC 1213,
 * RFC 2790 and RFC 3805 — independently of the renderer under test.
 */
import type { PrinterSnapshot } from '../../../src/simulator/snapshot.js';
import type { PrintedValue } from './net-snmp-tools.js';

const int = (value: number): PrintedValue => ({ type: 'INTEGER', value: String(value) });
const str = (value: string): PrintedValue => ({ type: 'STRING', value });

/** Every OID → printed value the printer must serve, in walk order. */
export function expectedPrinted(snapshot: PrinterSnapshot): Map<string, PrintedValue> {
  const rows: Array<[string, PrintedValue]> = [
    ['1.3.6.1.2.1.1.1.0', str(snapshot.sysDescr)],
    ['1.3.6.1.2.1.1.2.0', { type: 'OID', value: snapshot.sysObjectId }],
    ['1.3.6.1.2.1.1.3.0', { type: 'Timeticks', value: String(snapshot.sysUpTimeTicks) }],
    ['1.3.6.1.2.1.1.5.0', str(snapshot.sysName)],
    ['1.3.6.1.2.1.25.3.2.1.2.1', { type: 'OID', value: snapshot.hrDeviceType }],
    ['1.3.6.1.2.1.25.3.2.1.3.1', str(snapshot.hrDeviceDescr)],
  ];
  // The loopback and the ethernet port (ifIndex, ifDescr, ifType, ifPhysAddress), as snmpwalk prints them.
  const hex = snapshot.mac.split(':').map((b) => b.toUpperCase()).join(' ');
  rows.push(
    ['1.3.6.1.2.1.2.2.1.1.1', int(1)], ['1.3.6.1.2.1.2.2.1.1.2', int(2)],
    ['1.3.6.1.2.1.2.2.1.2.1', str('lo')], ['1.3.6.1.2.1.2.2.1.2.2', str('eth0')],
    ['1.3.6.1.2.1.2.2.1.3.1', int(24)], ['1.3.6.1.2.1.2.2.1.3.2', int(6)],
    ['1.3.6.1.2.1.2.2.1.6.1', str('')], ['1.3.6.1.2.1.2.2.1.6.2', { type: 'Hex-STRING', value: `${hex} ` }],
  );
  if (snapshot.serial !== null) rows.push(['1.3.6.1.2.1.43.5.1.1.17.1', str(snapshot.serial)]);
  // The makers' own objects (HP-LASERJET-COMMON-MIB, KYOCERA-MIB): the serial there and the page counts.
  const counter = (n: number) => ({ type: 'Counter32', value: String(n) });
  const { mono, color } = snapshot.meters;
  if (snapshot.sysObjectId.startsWith('1.3.6.1.4.1.11.')) {
    if (snapshot.vendorSerial !== null) rows.push(['1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0', str(snapshot.vendorSerial)]);
    rows.push(['1.3.6.1.4.1.11.2.3.9.4.2.1.4.1.2.5.0', counter(snapshot.pageCount)]);
    if (mono !== null && color !== null) rows.push(['1.3.6.1.4.1.11.2.3.9.4.2.1.4.1.2.6.0', counter(mono)], ['1.3.6.1.4.1.11.2.3.9.4.2.1.4.1.2.7.0', counter(color)]);
  }
  if (snapshot.sysObjectId.startsWith('1.3.6.1.4.1.1347.')) {
    if (snapshot.vendorSerial !== null) rows.push(['1.3.6.1.4.1.1347.43.5.1.1.28.1', str(snapshot.vendorSerial)]);
    rows.push(['1.3.6.1.4.1.1347.43.10.1.1.12.1.1', counter(snapshot.pageCount)]);
    if (mono !== null && color !== null) rows.push(['1.3.6.1.4.1.1347.42.3.1.2.1.1.1.1', counter(mono)], ['1.3.6.1.4.1.1347.42.3.1.2.1.1.1.3', counter(color)]);
  }
  rows.push(['1.3.6.1.2.1.43.10.2.1.4.1.1', snapshot.pageCountAsInteger ? int(snapshot.pageCount) : { type: 'Counter32', value: String(snapshot.pageCount) }]);
  for (const s of snapshot.supplies) {
    const row = `1.${s.index}`;
    rows.push(
      [`1.3.6.1.2.1.43.11.1.1.2.${row}`, int(1)],
      [`1.3.6.1.2.1.43.11.1.1.3.${row}`, int(s.colorantIndex)],
      [`1.3.6.1.2.1.43.11.1.1.4.${row}`, int(s.supplyClass)],
      [`1.3.6.1.2.1.43.11.1.1.5.${row}`, int(s.type)],
      [`1.3.6.1.2.1.43.11.1.1.6.${row}`, str(s.description)],
      [`1.3.6.1.2.1.43.11.1.1.7.${row}`, int(s.unit)],
      [`1.3.6.1.2.1.43.11.1.1.8.${row}`, int(s.maxCapacity)],
      [`1.3.6.1.2.1.43.11.1.1.9.${row}`, int(s.level)],
    );
  }
  for (const c of snapshot.colorants) rows.push([`1.3.6.1.2.1.43.12.1.1.4.1.${c.index}`, str(c.value)]);
  for (const a of snapshot.alerts) {
    const row = `1.${a.index}`;
    rows.push(
      [`1.3.6.1.2.1.43.18.1.1.2.${row}`, int(a.severity)],
      [`1.3.6.1.2.1.43.18.1.1.3.${row}`, int(a.trainingLevel)],
      [`1.3.6.1.2.1.43.18.1.1.4.${row}`, int(a.group)],
      [`1.3.6.1.2.1.43.18.1.1.5.${row}`, int(a.groupIndex)],
      [`1.3.6.1.2.1.43.18.1.1.6.${row}`, int(a.location)],
      [`1.3.6.1.2.1.43.18.1.1.7.${row}`, int(a.code)],
      [`1.3.6.1.2.1.43.18.1.1.8.${row}`, str(a.description)],
      [`1.3.6.1.2.1.43.18.1.1.9.${row}`, { type: 'Timeticks', value: String(a.time) }],
    );
  }
  rows.sort(([a], [b]) => numericOrder(a, b));
  return new Map(rows);
}

/** Only the entries under a subtree, e.g. the Printer MIB 1.3.6.1.2.1.43. */
export function under(values: Map<string, PrintedValue>, prefix: string): Map<string, PrintedValue> {
  return new Map([...values].filter(([oid]) => oid.startsWith(`${prefix}.`)));
}

function numericOrder(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}
