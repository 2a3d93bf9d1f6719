import type { RawIppAttributes } from '../ipp-reader.js';
import type { DeviceReading, SupplyKind, SupplyReading } from '../reading.js';
import { colorOf } from './color.js';
import { cleanSerial, counterValue } from './identity.js';
import { normalizeLevel } from './level.js';
import { partNumberOf, partNumbersOf } from './part-number.js';
import { isReceptacleOf, supplyKindOf, unitOfKeyword } from './supply-kind.js';

// IPP marker-types and printer-supply type keywords (PWG 5100.13 / RFC 3805 TC spelled as keywords).
const KIND_BY_KEYWORD: Record<string, SupplyKind> = {
  'toner-cartridge': 'toner', toner: 'toner', tonercartridge: 'toner', 'waste-toner': 'waste-toner', wastetoner: 'waste-toner',
  opc: 'drum', developer: 'developer', fuser: 'fuser', 'ink-cartridge': 'ink', ink: 'ink', inkcartridge: 'ink',
  'waste-ink': 'waste-ink', wasteink: 'waste-ink', 'transfer-unit': 'transfer', transferunit: 'transfer', staples: 'staples',
};

/** Parses one printer-supply value: "index=1;class=supplyThatIsConsumed;type=tonerCartridge;unit=percent;maxcapacity=100;level=37;colorantname=black;". */
export function parsePrinterSupply(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  return fields;
}

const int = (text: string | undefined): number | null => (text !== undefined && /^-?\d+$/.test(text) ? Number(text) : null);
const list = (raw: RawIppAttributes, name: string) => raw.get(name) ?? [];

/**
 * What printer-state-reasons say about supplies. They are printer-wide, so they decide only a gauge at
 * 0: with "toner-low" and no "…-empty" reason, a low/empty-only gauge at 0 is low, not empty.
 */
function reasonsSayLowNotEmpty(raw: RawIppAttributes): boolean {
  const reasons = list(raw, 'printer-state-reasons').map((r) => String(r).toLowerCase());
  return reasons.some((r) => /(toner|marker-supply)-low/.test(r)) && !reasons.some((r) => /(toner|marker-supply)-empty/.test(r));
}

/** Supplies from printer-supply (units and capacities as the MIB gives them), with names from printer-supply-description. */
function fromPrinterSupply(raw: RawIppAttributes): SupplyReading[] {
  const descriptions = list(raw, 'printer-supply-description').map(String);
  const lowLevels = list(raw, 'marker-low-levels');
  return list(raw, 'printer-supply').map((value, i) => {
    const f = parsePrinterSupply(String(value));
    const description = descriptions[i] ?? null;
    const kind = KIND_BY_KEYWORD[(f.type ?? '').toLowerCase()] ?? supplyKindOf(null, description);
    const isReceptacle = f.class === 'receptacleThatIsFilled' || isReceptacleOf(null, kind);
    const unit = unitOfKeyword(f.unit ?? null);
    const level = int(f.level);
    const max = int(f.maxcapacity);
    const low = typeof lowLevels[i] === 'number' ? (lowLevels[i] as number) : null;
    return {
      index: int(f.index) ?? i + 1, kind, color: colorOf(f.colorantname, kind === 'toner' || kind === 'ink' ? description : null), description,
      partNumber: partNumberOf(description), partNumbers: partNumbersOf(description), isReceptacle,
      ...normalizeLevel({ level, max, unit, isReceptacle, deviceSaysLow: !isReceptacle && level === 0 && reasonsSayLowNotEmpty(raw), deviceSaysEmpty: false, lowPercent: isReceptacle ? null : low }),
      raw: { level, max, unit },
    };
  });
}

/** Supplies from the marker-* attributes: levels already in percent, −1/−2/−3 as in the Printer MIB. */
function fromMarkers(raw: RawIppAttributes): SupplyReading[] {
  const names = list(raw, 'marker-names').map(String);
  const colors = list(raw, 'marker-colors').map(String);
  const types = list(raw, 'marker-types').map(String);
  const lows = list(raw, 'marker-low-levels');
  return list(raw, 'marker-levels').map((value, i) => {
    const description = names[i] ?? null;
    const kind = KIND_BY_KEYWORD[(types[i] ?? '').toLowerCase()] ?? supplyKindOf(null, description);
    const isReceptacle = isReceptacleOf(null, kind);
    const level = typeof value === 'number' ? value : int(String(value));
    const low = typeof lows[i] === 'number' ? (lows[i] as number) : null;
    return {
      index: i + 1, kind, color: colorOf(colors[i], kind === 'toner' || kind === 'ink' ? description : null), description,
      partNumber: partNumberOf(description), partNumbers: partNumbersOf(description), isReceptacle,
      ...normalizeLevel({ level, max: 100, unit: 'percent', isReceptacle, deviceSaysLow: !isReceptacle && level === 0 && reasonsSayLowNotEmpty(raw), deviceSaysEmpty: false, lowPercent: isReceptacle ? null : low }),
      raw: { level, max: 100, unit: 'percent' },
    };
  });
}

/** Turns a printer's Get-Printer-Attributes answer into a CONTRACT device reading. */
export function normalizeIppReading(raw: RawIppAttributes, target: string, collectedAt: Date): DeviceReading {
  const deviceId = String(list(raw, 'printer-device-id')[0] ?? '');
  const serial = cleanSerial(String(list(raw, 'printer-serial-number')[0] ?? '')) ?? cleanSerial(/(?:^|;)\s*(?:SN|SERN|SERIALNUMBER):\s*([^;]+)/i.exec(deviceId)?.[1]);
  const supplies = list(raw, 'printer-supply').length > 0 ? fromPrinterSupply(raw) : fromMarkers(raw);
  return {
    collectedAt: collectedAt.toISOString(),
    target,
    protocol: 'ipp',
    serial,
    // IPP tells no interface address; a printer without a serial is identified over SNMP.
    mac: null,
    model: String(list(raw, 'printer-make-and-model')[0] ?? '') || null,
    meters: { total: counterValue(list(raw, 'printer-impressions-completed')[0] ?? null), mono: null, color: null },
    supplies,
    error: null,
  };
}
