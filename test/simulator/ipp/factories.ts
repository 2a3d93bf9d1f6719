import type { PrinterSnapshot, WireSupply } from '../../../src/simulator/snapshot.js';

/** A black toner cartridge at 37 % (percent unit, max 100); overrides win. */
export function buildSupply(overrides: Partial<WireSupply> = {}): WireSupply {
  return {
    index: 1,
    supplyClass: 3,
    type: 21,
    description: 'Black Cartridge HP CF259A',
    unit: 19,
    maxCapacity: 100,
    level: 37,
    colorantIndex: 1,
    ippName: 'Black Toner',
    ippColor: '#000000',
    ippType: 'toner-cartridge',
    ippLevel: 37,
    ippLowLevel: 10,
    ippHighLevel: 100,
    ...overrides,
  };
}

/** The four toners of shared/fixtures/ipp/colour-coarse.conf (black only "some remaining") and a waste box. */
export function colourCoarseSupplies(): WireSupply[] {
  const toner = (index: number, colour: string, hex: string, level: number) =>
    buildSupply({ index, colorantIndex: index, description: `${colour} Toner`, ippName: `${colour} Toner`, ippColor: hex, level, ippLevel: level });
  return [
    toner(1, 'Black', '#000000', -3),
    toner(2, 'Cyan', '#00FFFF', 40),
    toner(3, 'Magenta', '#FF00FF', 20),
    toner(4, 'Yellow', '#FFFF00', 60),
    buildSupply({
      index: 5,
      supplyClass: 4,
      type: 4,
      description: 'Waste Toner Box',
      unit: 13,
      maxCapacity: 7200,
      level: -3,
      colorantIndex: 0,
      ippName: 'Waste Toner',
      ippColor: 'none',
      ippType: 'waste-toner',
      ippLevel: -3,
    }),
  ];
}

/** An online colour printer that answers like colour-coarse.conf; overrides win. */
export function buildSnapshot(overrides: Partial<PrinterSnapshot> = {}): PrinterSnapshot {
  return {
    online: true,
    sysDescr: 'HP Color LaserJet MFP M480f',
    sysObjectId: '1.3.6.1.4.1.11.2.3.9.1',
    sysUpTimeTicks: 8_640_000,
    sysName: 'PRN-ACCOUNTS-01',
    hrDeviceDescr: 'HP Color LaserJet MFP M480f',
    hrDeviceType: '1.3.6.1.2.1.25.3.1.5',
    serial: 'CNDK701234',
    vendorSerial: null,
    mac: '02:00:00:00:00:01',
    pageCount: 73421,
    pageCountAsInteger: false,
    meters: { total: 73421, mono: null, color: null },
    supplies: colourCoarseSupplies(),
    colorants: [
      { index: 1, value: 'black' },
      { index: 2, value: 'cyan' },
      { index: 3, value: 'magenta' },
      { index: 4, value: 'yellow' },
    ],
    alerts: [],
    makeAndModel: 'HP Color LaserJet MFP M480f',
    ippSerial: 'CNDK701234',
    ...overrides,
  };
}
