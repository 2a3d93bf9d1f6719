/**
 * The makers' own MIB objects a simulated printer serves beside the Printer MIB, written from the vendors'
 * MIBs independently of the collector's reading of them (src/collection/normalize/vendor.ts), so the two
 * check each other: HP-LASERJET-COMMON-MIB (serial-number, status-prt-eng page counts) and KYOCERA-MIB
 * (kcprtSerialNumber, kcprtMarkerServiceCount, and the print counters by colour mode).
 */
import type { PrinterSnapshot } from '../snapshot.js';
import type { SnmpValue } from './oids.js';

/** One object instance the printer serves: its full OID (arcs) and value. */
export interface VendorObject {
  oid: number[];
  value: SnmpValue;
}

const HP_DEVICE = [1, 3, 6, 1, 4, 1, 11, 2, 3, 9, 4, 2, 1];
const KYOCERA = [1, 3, 6, 1, 4, 1, 1347];

/** The maker objects of a snapshot, by the enterprise of its sysObjectID; none for makers not simulated. */
export function vendorObjects(snapshot: PrinterSnapshot): VendorObject[] {
  const enterprise = Number(/^1\.3\.6\.1\.4\.1\.(\d+)/.exec(snapshot.sysObjectId)?.[1]);
  const counter = (value: number): SnmpValue => ({ type: 'counter32', value });
  const objects: VendorObject[] = [];
  const { mono, color } = snapshot.meters;
  if (enterprise === 11) {
    // device-system.id.serial-number (…1.1.3.3.0); status-prt-eng total/mono/colour engine pages (…4.1.2.5/6/7.0).
    if (snapshot.vendorSerial !== null) objects.push({ oid: [...HP_DEVICE, 1, 1, 3, 3, 0], value: { type: 'octets', value: snapshot.vendorSerial } });
    objects.push({ oid: [...HP_DEVICE, 4, 1, 2, 5, 0], value: counter(snapshot.pageCount) });
    if (mono !== null && color !== null) {
      objects.push({ oid: [...HP_DEVICE, 4, 1, 2, 6, 0], value: counter(mono) }, { oid: [...HP_DEVICE, 4, 1, 2, 7, 0], value: counter(color) });
    }
  }
  if (enterprise === 1347) {
    // kcprtSerialNumber.1, kcprtMarkerServiceCount.1.1, and print (function 1) pages by colour mode: 1 black and white, 3 full colour.
    if (snapshot.vendorSerial !== null) objects.push({ oid: [...KYOCERA, 43, 5, 1, 1, 28, 1], value: { type: 'octets', value: snapshot.vendorSerial } });
    objects.push({ oid: [...KYOCERA, 43, 10, 1, 1, 12, 1, 1], value: counter(snapshot.pageCount) });
    if (mono !== null && color !== null) {
      objects.push({ oid: [...KYOCERA, 42, 3, 1, 2, 1, 1, 1, 1], value: counter(mono) }, { oid: [...KYOCERA, 42, 3, 1, 2, 1, 1, 1, 3], value: counter(color) });
    }
  }
  return objects;
}
