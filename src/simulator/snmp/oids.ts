/**
 * Renders a printer's wire snapshot into the OID → value table its SNMP agent serves: the system
 * group, the printer's hrDevice row and the RFC 3805 Printer MIB objects a collector reads.
 */
import type { PrinterSnapshot } from '../snapshot.js';
import { compareOids, type Oid } from './oid.js';
import { vendorObjects } from './vendor-oids.js';

/** A typed SNMP value as it goes on the wire (SMIv2 base types the Printer MIB needs). */
export type SnmpValue =
  | { type: 'integer'; value: number }
  | { type: 'octets'; value: string | Buffer }
  | { type: 'oid'; value: string }
  | { type: 'counter32'; value: number }
  | { type: 'gauge32'; value: number }
  | { type: 'timeticks'; value: number };

/** One object instance. `instanceLength` counts the trailing arcs that form the instance index. */
export interface MibEntry {
  oid: Oid;
  instanceLength: number;
  value: SnmpValue;
}

/** Entries sorted by OID (compareOids), no duplicates: what GETNEXT walks. */
export type MibTable = readonly MibEntry[];

const SYSTEM = [1, 3, 6, 1, 2, 1, 1];
const IF_ENTRY = [1, 3, 6, 1, 2, 1, 2, 2, 1];
const HR_DEVICE_ENTRY = [1, 3, 6, 1, 2, 1, 25, 3, 2, 1];
const PRINTMIB = [1, 3, 6, 1, 2, 1, 43];
const GENERAL_ENTRY = [...PRINTMIB, 5, 1, 1];
const MARKER_ENTRY = [...PRINTMIB, 10, 2, 1];
const SUPPLIES_ENTRY = [...PRINTMIB, 11, 1, 1];
const COLORANT_ENTRY = [...PRINTMIB, 12, 1, 1];
const ALERT_ENTRY = [...PRINTMIB, 18, 1, 1];

/** The printer is hrDevice 1 and has a single marker (1): the indexes RFC 3805 rows hang under. */
const HR_DEVICE_INDEX = 1;
const MARKER_INDEX = 1;

const integer = (value: number): SnmpValue => ({ type: 'integer', value });
const octets = (value: string | Buffer): SnmpValue => ({ type: 'octets', value });

/** Renders one snapshot into its sorted OID table; the snapshot is treated as an immutable value. */
export function renderPrinterMib(snapshot: PrinterSnapshot): MibTable {
  const entries: MibEntry[] = [];
  const scalar = (oid: number[], value: SnmpValue) => entries.push({ oid: [...oid, 0], instanceLength: 1, value });
  const cell = (column: number[], index: number[], value: SnmpValue) =>
    entries.push({ oid: [...column, ...index], instanceLength: index.length, value });

  scalar([...SYSTEM, 1], octets(snapshot.sysDescr));
  scalar([...SYSTEM, 2], { type: 'oid', value: snapshot.sysObjectId });
  scalar([...SYSTEM, 3], { type: 'timeticks', value: snapshot.sysUpTimeTicks });
  scalar([...SYSTEM, 5], octets(snapshot.sysName));

  cell([...HR_DEVICE_ENTRY, 2], [HR_DEVICE_INDEX], { type: 'oid', value: snapshot.hrDeviceType });
  cell([...HR_DEVICE_ENTRY, 3], [HR_DEVICE_INDEX], octets(snapshot.hrDeviceDescr));

  // The interfaces: the loopback (no address) and the printer's ethernet port with its address.
  cell([...IF_ENTRY, 1], [1], integer(1));
  cell([...IF_ENTRY, 1], [2], integer(2));
  cell([...IF_ENTRY, 2], [1], octets('lo'));
  cell([...IF_ENTRY, 2], [2], octets('eth0'));
  cell([...IF_ENTRY, 3], [1], integer(24));
  cell([...IF_ENTRY, 3], [2], integer(6));
  cell([...IF_ENTRY, 6], [1], octets(Buffer.alloc(0)));
  cell([...IF_ENTRY, 6], [2], octets(Buffer.from(snapshot.mac.replace(/:/g, ''), 'hex')));

  // HP and others serve no prtGeneralSerialNumber at all; the collector must then find "SN:" in sysDescr.
  if (snapshot.serial !== null) cell([...GENERAL_ENTRY, 17], [HR_DEVICE_INDEX], octets(snapshot.serial));

  // Some firmware sends the life count as INTEGER instead of Counter32 — a quirk collectors must accept.
  const pageCount: SnmpValue = snapshot.pageCountAsInteger
    ? integer(snapshot.pageCount)
    : { type: 'counter32', value: snapshot.pageCount };
  cell([...MARKER_ENTRY, 4], [HR_DEVICE_INDEX, MARKER_INDEX], pageCount);

  for (const supply of snapshot.supplies) {
    const row = [HR_DEVICE_INDEX, supply.index];
    cell([...SUPPLIES_ENTRY, 2], row, integer(MARKER_INDEX));
    cell([...SUPPLIES_ENTRY, 3], row, integer(supply.colorantIndex));
    cell([...SUPPLIES_ENTRY, 4], row, integer(supply.supplyClass));
    cell([...SUPPLIES_ENTRY, 5], row, integer(supply.type));
    cell([...SUPPLIES_ENTRY, 6], row, octets(supply.description));
    cell([...SUPPLIES_ENTRY, 7], row, integer(supply.unit));
    cell([...SUPPLIES_ENTRY, 8], row, integer(supply.maxCapacity));
    cell([...SUPPLIES_ENTRY, 9], row, integer(supply.level));
  }

  for (const colorant of snapshot.colorants) {
    cell([...COLORANT_ENTRY, 4], [HR_DEVICE_INDEX, colorant.index], octets(colorant.value));
  }

  for (const alert of snapshot.alerts) {
    const row = [HR_DEVICE_INDEX, alert.index];
    cell([...ALERT_ENTRY, 2], row, integer(alert.severity));
    cell([...ALERT_ENTRY, 3], row, integer(alert.trainingLevel));
    cell([...ALERT_ENTRY, 4], row, integer(alert.group));
    cell([...ALERT_ENTRY, 5], row, integer(alert.groupIndex));
    cell([...ALERT_ENTRY, 6], row, integer(alert.location));
    cell([...ALERT_ENTRY, 7], row, integer(alert.code));
    cell([...ALERT_ENTRY, 8], row, octets(alert.description));
    cell([...ALERT_ENTRY, 9], row, { type: 'timeticks', value: alert.time });
  }

  for (const object of vendorObjects(snapshot)) entries.push({ oid: object.oid, instanceLength: 1, value: object.value });

  entries.sort((a, b) => compareOids(a.oid, b.oid));
  // A duplicated row index in the snapshot would make two entries share an OID; keep the last.
  return entries.filter((entry, i) => i + 1 >= entries.length || compareOids(entry.oid, entries[i + 1]!.oid) !== 0);
}
