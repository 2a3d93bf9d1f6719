import type { SupplyStateName, UnitName } from '../reading.js';

/** What a device said about one supply's level, in its own terms. */
export interface LevelReport {
  level: number | null;
  max: number | null;
  unit: UnitName | null;
  isReceptacle: boolean;
  /** The device's own alerts for this supply (prtAlertTable, printer-state-reasons). */
  deviceSaysLow: boolean;
  deviceSaysEmpty: boolean;
  /** The device's low mark in percent (IPP marker-low-levels), when it tells one. */
  lowPercent: number | null;
}

/** Life left in percent and a state, never invented (CONTRACT: −3 is "some remaining", not 50 %). */
export interface NormalizedLevel {
  remainingPercent: number | null;
  state: SupplyStateName;
}

// Below this share of life left a supply counts as low when the device gives no low mark of its own.
const DEFAULT_LOW_PERCENT = 10;

/** True for a real capacity: positive. RFC 3805: −1 other, −2 unknown. */
function realMax(max: number | null): max is number {
  return max !== null && max > 0;
}

/** Percent of life left from level and max: only when both are real numbers; a level above max is clamped to 100. */
export function percentOf(level: number, max: number | null, unit: UnitName | null): number | null {
  if (level < 0) return null;
  // unit percent: the level already is the percentage (devices send max 100, or a junk max).
  if (unit === 'percent') return Math.min(100, level);
  if (!realMax(max)) return null;
  return Math.min(100, (100 * level) / max);
}

/**
 * Normalizes one supply level. Special values (RFC 3805 prtMarkerSuppliesLevel): −1 other/no
 * restriction and −2 unknown give no number; −3 means "some remains"; Ricoh's −100 means near end.
 * For a receptacle the level is space left, so 0 means full.
 */
export function normalizeLevel(report: LevelReport): NormalizedLevel {
  const { level } = report;
  if (report.deviceSaysEmpty) return { remainingPercent: level !== null && level >= 0 ? 0 : null, state: 'empty' };
  if (level === null || level === -1 || level === -2) return { remainingPercent: null, state: report.deviceSaysLow ? 'low' : 'unknown' };
  // Ricoh reports −100 once a cartridge is near its end: low, amount unknown.
  if (level === -100) return { remainingPercent: null, state: 'low' };
  if (level === -3) return { remainingPercent: null, state: report.deviceSaysLow ? 'low' : 'some-remaining' };
  if (level < 0) return { remainingPercent: null, state: 'unknown' };
  const percent = percentOf(level, report.max, report.unit);
  if (percent === null) return { remainingPercent: null, state: report.deviceSaysLow ? 'low' : level === 0 ? 'empty' : 'unknown' };
  const rounded = Math.round(percent * 10) / 10;
  // A device whose gauge reads 0 but whose own alerts say only "low" (low/empty-only gauges) is not empty.
  if (level === 0) return { remainingPercent: 0, state: report.deviceSaysLow ? 'low' : 'empty' };
  const lowMark = report.lowPercent !== null && report.lowPercent > 0 && report.lowPercent < 100 ? report.lowPercent : DEFAULT_LOW_PERCENT;
  return { remainingPercent: rounded, state: report.deviceSaysLow || rounded <= lowMark ? 'low' : 'ok' };
}
