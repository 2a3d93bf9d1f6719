import { createHash } from 'node:crypto';
import { encodeConsumable, encodeReceptacle, PERSONALITIES } from './personality.js';
import type { SimPrinter, SupplyState } from './printer.js';
import type { PrinterSnapshot, WireSupply } from './snapshot.js';

// Printer MIB prtMarkerSuppliesType values (RFC 3805 PrtMarkerSuppliesTypeTC).
const SUPPLY_TYPE = { toner: 3, 'waste-toner': 4, drum: 9 } as const;
const IPP_TYPE = { toner: 'toner-cartridge', 'waste-toner': 'waste-toner', drum: 'opc' } as const;
const IPP_COLOR: Record<string, string> = { black: '#000000', cyan: '#00FFFF', magenta: '#FF00FF', yellow: '#FFFF00' };
const COLORANTS = ['black', 'cyan', 'magenta', 'yellow'] as const;

function wireSupply(printer: SimPrinter, s: SupplyState): WireSupply {
  const isWaste = s.spec.kind === 'waste-toner';
  const encoded = isWaste
    ? encodeReceptacle(printer.model.wastePersonality, s.remaining)
    : encodeConsumable(PERSONALITIES[printer.model.personality], printer.gauge(s), s.low, s.empty);
  const colorant = s.spec.kind === 'toner' && s.spec.color ? COLORANTS.indexOf(s.spec.color) + 1 : 0;
  return {
    index: s.index,
    supplyClass: isWaste ? 4 : 3,
    type: SUPPLY_TYPE[s.spec.kind],
    description: s.spec.description,
    unit: encoded.unit,
    maxCapacity: encoded.max,
    level: encoded.level,
    colorantIndex: colorant,
    ippName: s.spec.description,
    ippColor: s.spec.color ? IPP_COLOR[s.spec.color]! : 'none',
    ippType: IPP_TYPE[s.spec.kind],
    ippLevel: encoded.ippLevel,
    // IPP levels follow the MIB here: a waste box's level is the space left, so "low" is little space left.
    ippLowLevel: isWaste ? 5 : printer.model.lowPercent,
    ippHighLevel: 100,
  };
}

/** What the printer shows on the wire right now (at its last computed hour), encoded by its personality. */
export function renderSnapshot(printer: SimPrinter): PrinterSnapshot {
  const { model } = printer;
  const colorants = model.color ? COLORANTS : (['black'] as const);
  return {
    online: printer.online,
    sysDescr: model.serialOnlyInSysDescr
      ? `${model.vendor.toUpperCase()} ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,SN:${printer.serial},PID:${model.name}`
      : `${model.vendor} ${model.name}`,
    sysObjectId: model.sysObjectId,
    sysUpTimeTicks: Math.max(0, Math.floor((printer.time - printer.poweredOnAt) / 10)),
    sysName: `${model.id}-${printer.serial.slice(-4).toLowerCase()}`,
    hrDeviceDescr: model.name,
    hrDeviceType: '1.3.6.1.2.1.25.3.1.5',
    serial: model.serialOnlyInSysDescr ? null : model.serialOnlyInVendorMib ? '' : printer.serial,
    vendorSerial: model.serialOnlyInSysDescr ? null : printer.serial,
    mac: macOf(printer.serial),
    pageCount: printer.pageCount,
    pageCountAsInteger: model.counterAsInteger,
    meters: model.colorCounters
      ? { total: printer.pageCount, mono: printer.pageCount - printer.colorPageCount, color: printer.colorPageCount }
      : { total: printer.pageCount, mono: null, color: null },
    supplies: printer.supplies.map((s) => wireSupply(printer, s)),
    colorants: colorants.map((value, i) => ({ index: i + 1, value })),
    alerts: printer.alerts.map((a) => ({
      index: a.alertIndex, severity: a.severity, trainingLevel: 3, group: 11, groupIndex: a.supply, location: -2, code: a.code,
      description: a.description, time: Math.max(0, Math.floor((a.at - printer.poweredOnAt) / 10)),
    })),
    makeAndModel: model.name,
    ippSerial: model.serialOnlyInSysDescr ? null : printer.serial,
  };
}

// Serials are few and a snapshot is rendered at every poll: each address is hashed once.
const MACS = new Map<string, string>();

/** A locally administered unicast address drawn from the serial: stable for a printer, no random stream used. */
function macOf(serial: string): string {
  let mac = MACS.get(serial);
  if (mac === undefined) {
    const bytes = createHash('sha256').update(serial).digest().subarray(0, 5);
    MACS.set(serial, (mac = ['02', ...[...bytes].map((b) => b.toString(16).padStart(2, '0'))].join(':')));
  }
  return mac;
}
