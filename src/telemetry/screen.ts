import { cleanText } from '../platform/text.js';
import type { UploadedReading } from './readings.schemas.js';

/** How far ahead of the server's clock a reading may be stamped (collector hosts' clocks drift) before it is refused. */
export const FUTURE_TOLERANCE_MS = 15 * 60_000;

/** Rules a reading is screened by that come from the configuration. */
export interface ScreenRules {
  /** Readings collected longer ago than this are refused: their receipts may already be pruned. */
  maxAgeMs: number;
}

/** A reading as it will be stored: possibly corrected, possibly refused, with one sentence per thing done to it. */
export interface ScreenedReading {
  reading: UploadedReading;
  /** `collectedAt` in epoch milliseconds. */
  at: number;
  /** Why the reading is kept as received but not used; null when it is used. */
  rejectedReason: string | null;
  /** What was corrected in a reading that is used. */
  notes: string[];
}

/**
 * The rules for what a usable reading is. Pure. A reading that cannot be placed (neither serial nor MAC, stamped in
 * the future, older than the receipts kept) is refused with its reason; impossible values in a reading that can be placed (a level
 * outside 0–100 %, a negative page meter) are stored as unknown, each with a note, so one bad gauge
 * never costs the rest of the reading nor puts a spike into a forecast.
 */
export function screenReading(uploaded: UploadedReading, now: Date, rules: ScreenRules): ScreenedReading {
  const { reading, cleaned } = cleanPrinterText(uploaded);
  const at = Date.parse(reading.collectedAt);
  // Stored as the UTC instant JavaScript read, so the database never reads an offset or a precision differently.
  reading.collectedAt = new Date(at).toISOString();
  const ahead = at - now.getTime();
  if (ahead > FUTURE_TOLERANCE_MS) {
    return { reading, at, rejectedReason: `The reading is stamped ${Math.round(ahead / 60_000)} minutes ahead of the server's clock; check the clock of the collector's host.`, notes: [] };
  }
  if (-ahead > rules.maxAgeMs) {
    const days = Math.round(rules.maxAgeMs / 86_400_000);
    return { reading, at, rejectedReason: `The reading was collected more than ${days} days ago; readings that old are not accepted, because the server keeps upload receipts, which recognise a repeated reading, for ${days} days.`, notes: [] };
  }
  const notes = cleaned.length > 0 ? [`Characters that cannot be stored were cleaned from ${cleaned.join(', ')}: NULs removed, broken UTF-16 replaced by U+FFFD.`] : [];
  if (uploaded.serial !== null && reading.serial === null) notes.push('The serial held nothing but characters that cannot be stored; the reading is taken as telling no serial.');
  if (reading.error !== null) return { reading, at, rejectedReason: null, notes };
  // A printer that tells no serial is known by its MAC address; one that tells neither cannot be told apart from its neighbours.
  if (reading.serial === null && !reading.mac) return { reading, at, rejectedReason: 'The reading has no serial number and no MAC address, so it cannot be matched to a device.', notes };
  const meters = { ...reading.meters };
  for (const name of ['total', 'mono', 'color'] as const) {
    const value = meters[name];
    if (value !== null && value < 0) {
      notes.push(`The ${name} page meter read ${value}, which is impossible; it was not stored.`);
      meters[name] = null;
    }
  }
  const supplies = reading.supplies.map((supply) => {
    const percent = supply.remainingPercent;
    if (percent === null || (percent >= 0 && percent <= 100)) return supply;
    // Not clamped to 100: a bare 100 would read as a new cartridge and start a false cycle.
    notes.push(`Supply ${supply.index} reported ${percent} % left, ${percent > 100 ? 'above 100 %' : 'below 0 %'}; stored as an unknown level.`);
    return { ...supply, remainingPercent: null, state: 'unknown' as const };
  });
  return { reading: { ...reading, serial: reading.serial?.toUpperCase() ?? null, mac: reading.mac ?? null, meters, supplies }, at, rejectedReason: null, notes };
}

/**
 * The reading with every string a printer or collector set made storable (cleanText), and the names of the fields
 * that had to be cleaned, for the reading's note. A serial left empty becomes no serial. Pure.
 */
export function cleanPrinterText(reading: UploadedReading): { reading: UploadedReading; cleaned: string[] } {
  const cleaned: string[] = [];
  const clean = <T extends string | null | undefined>(value: T, field: string): T => {
    if (typeof value !== 'string') return value;
    const text = cleanText(value);
    if (text !== value) cleaned.push(field);
    return text as T;
  };
  const serial = clean(reading.serial, 'serial')?.trim() || null;
  return {
    reading: {
      ...reading,
      serial: reading.serial === null ? null : serial,
      target: clean(reading.target, 'target'),
      model: clean(reading.model, 'model'),
      error: clean(reading.error, 'error'),
      supplies: reading.supplies.map((supply) => ({
        ...supply,
        color: clean(supply.color, `supply ${supply.index} color`),
        description: clean(supply.description, `supply ${supply.index} description`),
        partNumber: clean(supply.partNumber, `supply ${supply.index} part number`),
        ...(supply.partNumbers ? { partNumbers: supply.partNumbers.map((n) => clean(n, `supply ${supply.index} part numbers`)) } : {}),
        raw: { ...supply.raw, unit: clean(supply.raw.unit, `supply ${supply.index} unit`) },
      })),
    },
    cleaned: [...new Set(cleaned)],
  };
}
