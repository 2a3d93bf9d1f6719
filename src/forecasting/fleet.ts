import { lowMarkOf, median } from './low-mark.js';
import type { CartridgeCycle, FleetPrior } from './types.js';

// Only cycles whose level points span enough of the cartridge say anything about its yield.
const MIN_SPAN_PERCENT = 30;

/** Whether a cycle's level points span enough of the cartridge (30 %) for its toner per page to say anything. */
export function spansEnough(c: CartridgeCycle): boolean {
  return c.points.length > 1 && Math.max(...c.points.map((p) => p.percent)) - Math.min(...c.points.map((p) => p.percent)) >= MIN_SPAN_PERCENT;
}

/** Which stored cycles a fleet prior is learned from: finished, using at least this share of the cartridge, the most recent ones. */
export const FLEET_PRIOR = { minUsedPercent: MIN_SPAN_PERCENT, cycles: 500 } as const;

/**
 * What the fleet's finished cycles of one cartridge type (part number) say: realized yield (median,
 * robust spread) and the low mark of state-only gauges. The prior for devices without history.
 */
export function fleetPriorOf(cycles: readonly CartridgeCycle[]): FleetPrior | null {
  const yields: number[] = [];
  const lowMarks: number[] = [];
  for (const c of cycles) {
    if (c.end === 'open') continue;
    if (c.realizedYield !== null && spansEnough(c)) yields.push(c.realizedYield);
    const low = lowMarkOf(c);
    if (low !== null) lowMarks.push(low);
  }
  return priorFrom(yields, lowMarks);
}

/** The prior from realized yields (and low marks) of finished cycles; null with fewer than three yields. */
export function priorFrom(yields: readonly number[], lowMarks: readonly number[] = []): FleetPrior | null {
  const yieldPages = median([...yields]);
  if (yieldPages === null || yields.length < 3) return null;
  const mad = median(yields.map((y) => Math.abs(y - yieldPages)))!;
  return { yieldPages, yieldSpread: Math.max(0.1, (1.4826 * mad) / yieldPages), lowMarkPercent: lowMarks.length >= 3 ? median([...lowMarks]) : null, cycles: yields.length };
}
