import type { RawSnmpReading, RawValue } from '../snmp-reader.js';
import type { DeviceReading, SupplyReading } from '../reading.js';
import { colorOf } from './color.js';
import { cleanSerial, counterValue, macOf, serialFromSysDescr } from './identity.js';
import { normalizeLevel } from './level.js';
import { modelOf } from './model.js';
import { partNumberOf, partNumbersOf } from './part-number.js';
import { isReceptacleOf, supplyKindOf, unitOf } from './supply-kind.js';
import { EVERY_MAKERS_SERIAL, VendorReader, vendorOf } from './vendor.js';

const HR_DEVICE_PRINTER = '1.3.6.1.2.1.25.3.1.5';
// RFC 3805 PrtAlertCodeTC: almost-empty/almost-full and empty/full codes of marker supplies.
const LOW_CODES = new Set([1104, 1105, 1106, 1107, 1108, 1115]);
const EMPTY_CODES = new Set([1101, 1102, 1103, 1109, 1110, 1116]);
const MARKER_SUPPLIES_GROUP = 11;
const COLOURED_KINDS = new Set(['toner', 'ink', 'developer', 'drum']);

const num = (value: RawValue | undefined): number | null => (value && typeof value.value === 'number' ? value.value : value && /^-?\d+$/.test(String(value.value)) ? Number(value.value) : null);
const str = (value: RawValue | undefined): string | null => (value === undefined ? null : String(value.value).trim() || null);

/** True when what answered is a printer: hrDeviceType says so, or it serves the Printer MIB. */
export function looksLikePrinter(raw: RawSnmpReading): boolean {
  return [...raw.hrDeviceType.values()].includes(HR_DEVICE_PRINTER) || (raw.supplies.get(9)?.size ?? 0) > 0 || raw.serial.size > 0;
}

/** Supplies the device's alert table calls low or empty, by "hrDeviceIndex.supplyIndex". */
function alertedSupplies(raw: RawSnmpReading): { low: Set<string>; empty: Set<string> } {
  const low = new Set<string>();
  const empty = new Set<string>();
  const groups = raw.alerts.get(4);
  for (const [key, code] of raw.alerts.get(7) ?? []) {
    if (num(groups?.get(key)) !== MARKER_SUPPLIES_GROUP) continue;
    const supply = `${key.split('.')[0]}.${num(raw.alerts.get(5)?.get(key))}`;
    const c = num(code);
    if (c !== null && LOW_CODES.has(c)) low.add(supply);
    if (c !== null && EMPTY_CODES.has(c)) empty.add(supply);
  }
  return { low, empty };
}

/** The supplies table as CONTRACT supplies, ordered by index. */
function suppliesOf(raw: RawSnmpReading): SupplyReading[] {
  const col = (n: number) => raw.supplies.get(n) ?? new Map<string, RawValue>();
  const alerts = alertedSupplies(raw);
  const keys = [...new Set([...col(9).keys(), ...col(6).keys(), ...col(5).keys()])];
  return keys
    .map((key): SupplyReading => {
      const description = str(col(6).get(key));
      const kind = supplyKindOf(num(col(5).get(key)), description);
      const unit = unitOf(num(col(7).get(key)));
      const level = num(col(9).get(key));
      const max = num(col(8).get(key));
      const isReceptacle = isReceptacleOf(num(col(4).get(key)), kind);
      const colorantIndex = num(col(3).get(key));
      const colorant = colorantIndex ? raw.colorants.get(`${key.split('.')[0]}.${colorantIndex}`) : undefined;
      const { remainingPercent, state } = normalizeLevel({ level, max, unit, isReceptacle, deviceSaysLow: alerts.low.has(key), deviceSaysEmpty: alerts.empty.has(key), lowPercent: null });
      return {
        index: Number(key.split('.')[1]),
        kind,
        // Drums and developers of colour printers are per colour too, and say which in their description.
        color: COLOURED_KINDS.has(kind) ? colorOf(colorant, description) : colorOf(colorant),
        description,
        partNumber: partNumberOf(description),
        partNumbers: partNumbersOf(description),
        isReceptacle,
        remainingPercent,
        state,
        raw: { level, max, unit },
      };
    })
    .sort((a, b) => a.index - b.index);
}

/**
 * The serial, model and page meters, from the Printer MIB first and the maker's own MIB where the Printer MIB
 * says nothing: a serial from prtGeneralSerialNumber, else the maker's serial object (any maker's: rebadges
 * name another in sysObjectID), else "SN:" in sysDescr; mono and colour counters only makers publish.
 */
function identityOf(raw: RawSnmpReading, printerIndex: string) {
  const read = new VendorReader(raw.vendor);
  const vendor = vendorOf(raw.sysObjectId, raw.sysDescr);
  // Its own maker's first, then any maker's.
  const vendorSerials = [...(vendor?.serial ?? []), ...EVERY_MAKERS_SERIAL];
  const serial = cleanSerial(raw.serial.get(printerIndex) ?? [...raw.serial.values()][0])
    ?? vendorSerials.map((oid) => cleanSerial(read.text(oid))).find((s) => s !== null)
    ?? serialFromSysDescr(raw.sysDescr);
  const vendorModel = vendor?.model.map((oid) => read.text(oid)).find((m) => m !== null) ?? null;
  const model = modelOf({ hrDeviceDescr: raw.hrDeviceDescr.get(printerIndex) ?? null, vendorModel, sysDescr: raw.sysDescr });
  const vendorMeters = vendor?.meters(read) ?? { total: null, mono: null, color: null };
  const total = counterValue(raw.lifeCount.get(`${printerIndex}.1`)?.value ?? [...raw.lifeCount.values()][0]?.value) ?? vendorMeters.total;
  return { serial, model, meters: { total, mono: vendorMeters.mono, color: vendorMeters.color } };
}

/** Turns what a printer answered over SNMP into a CONTRACT device reading. */
export function normalizeSnmpReading(raw: RawSnmpReading, target: string, collectedAt: Date): DeviceReading {
  const printerIndex = [...raw.hrDeviceType].find(([, type]) => type === HR_DEVICE_PRINTER)?.[0] ?? [...raw.serial.keys()][0] ?? '1';
  const { serial, model, meters } = identityOf(raw, printerIndex);
  return {
    collectedAt: collectedAt.toISOString(),
    target,
    protocol: 'snmp',
    serial,
    mac: macOf(raw.ifType, raw.ifPhysAddress),
    model,
    meters,
    supplies: suppliesOf(raw),
    error: null,
  };
}
