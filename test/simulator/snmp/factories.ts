/** Printer snapshots for SNMP tests, modelled on the fixtures in /work/shared/fixtures/snmpd. */
import type { PrinterSnapshot, WireSupply } from '../../../src/simulator/snapshot.js';

const HR_DEVICE_PRINTER = '1.3.6.1.2.1.25.3.1.5';

function supply(fields: Partial<WireSupply> & Pick<WireSupply, 'index' | 'description' | 'level'>): WireSupply {
  return {
    supplyClass: 3,
    type: 21,
    unit: 19,
    maxCapacity: 100,
    colorantIndex: 1,
    ippName: fields.description,
    ippColor: '#000000',
    ippType: 'toner-cartridge',
    ippLevel: fields.level,
    ippLowLevel: 10,
    ippHighLevel: 100,
    ...fields,
  };
}

/** A mono HP laser: percent levels, serial only in sysDescr (no prtGeneralSerialNumber). */
export function hpMonoSnapshot(overrides: Partial<PrinterSnapshot> = {}): PrinterSnapshot {
  return {
    online: true,
    sysDescr: 'HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD153,EEPROM JSI24090006,CIDATE 02/04/2024,SN:PHBQH12345,PID:HP LaserJet Pro M404dn',
    sysObjectId: '1.3.6.1.4.1.11.2.3.9.1',
    sysUpTimeTicks: 8_640_000,
    sysName: 'NPI3A4B5C',
    hrDeviceDescr: 'HP LaserJet Pro M404dn',
    hrDeviceType: HR_DEVICE_PRINTER,
    serial: null,
    vendorSerial: null,
    mac: '02:1b:78:a1:b2:c3',
    pageCount: 48_213,
    pageCountAsInteger: false,
    meters: { total: 48_213, mono: null, color: null },
    supplies: [supply({ index: 1, description: 'Black Cartridge HP CF259A', level: 37 })],
    colorants: [{ index: 1, value: 'black' }],
    alerts: [],
    makeAndModel: 'HP LaserJet Pro M404dn',
    ippSerial: 'PHBQH12345',
    ...overrides,
  };
}

/** A colour Kyocera: absolute units, a waste box that only says −3, two alerts, page count as INTEGER. */
export function kyoceraColourSnapshot(overrides: Partial<PrinterSnapshot> = {}): PrinterSnapshot {
  return {
    online: true,
    sysDescr: 'KYOCERA Document Solutions Printing System',
    sysObjectId: '1.3.6.1.4.1.1347.41',
    sysUpTimeTicks: 123_456,
    sysName: 'KM-ECOSYS-7',
    hrDeviceDescr: 'ECOSYS M5526cdw',
    hrDeviceType: HR_DEVICE_PRINTER,
    serial: 'VCF9Z01234',
    vendorSerial: null,
    mac: '02:17:c8:a1:b2:c3',
    pageCount: 20_881,
    pageCountAsInteger: true,
    meters: { total: 20_881, mono: null, color: null },
    supplies: [
      supply({ index: 1, description: 'TK-5240C', type: 3, unit: 13, maxCapacity: 7200, level: 4600, colorantIndex: 2, ippColor: '#00FFFF' }),
      supply({ index: 2, description: 'TK-5240K', type: 3, unit: 13, maxCapacity: 7200, level: 290, colorantIndex: 1 }),
      // A receptacle: its level is the space left, and this one only knows "some remains" (−3).
      supply({
        index: 3, description: 'Waste Toner Box', supplyClass: 4, type: 4, unit: 19, maxCapacity: -2, level: -3,
        colorantIndex: 0, ippColor: 'none', ippType: 'waste-toner', ippLevel: -3,
      }),
      supply({ index: 10, description: 'Drum Unit DK-5231', type: 9, unit: 7, maxCapacity: 100_000, level: 61_000, colorantIndex: 0, ippType: 'opc' }),
    ],
    colorants: [
      { index: 1, value: 'black' },
      { index: 2, value: 'cyan' },
    ],
    // RFC 3805 PrtAlertCodeTC: 1104 markerTonerAlmostEmpty, 1107 markerWasteTonerReceptacleAlmostFull.
    alerts: [
      { index: 7, severity: 4, trainingLevel: 3, group: 11, groupIndex: 2, location: -2, code: 1104, description: 'Black toner is low', time: 120_000 },
      { index: 12, severity: 5, trainingLevel: 3, group: 11, groupIndex: 3, location: -2, code: 1107, description: 'Waste toner box nearly full', time: 123_000 },
    ],
    makeAndModel: 'Kyocera ECOSYS M5526cdw',
    ippSerial: 'VCF9Z01234',
    ...overrides,
  };
}
