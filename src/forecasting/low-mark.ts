import type { CartridgeCycle } from './types.js';

/** Pages at which a cycle's supply ran out: its 0 % point, else its end. */
export function depletionPages(c: CartridgeCycle): number | null {
  if (c.end !== 'depleted') return null;
  const zero = c.points.find((p) => p.percent === 0);
  return zero ? zero.pages : c.endPages;
}

/**
 * Percent left when a state-only gauge first said "low", from a cycle seen whole (new cartridge in,
 * low, empty): the share of its pages printed after "low". Sensors trip anywhere from 5 % to 40 %.
 */
export function lowMarkOf(c: CartridgeCycle): number | null {
  const empty = depletionPages(c);
  if (c.start !== 'new' || empty === null || c.lowPages === null) return null;
  const total = empty - c.installPages;
  if (total <= 0 || c.lowPages < c.installPages || c.lowPages > empty) return null;
  return (100 * (empty - c.lowPages)) / total;
}

/** The median of a list (null when empty). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The sample standard deviation of a list (null with fewer than two values). */
export function standardDeviation(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
}
