import { meterAt } from './meters.js';
import type { GaugeState, LevelObservation, MeterSample } from './types.js';

export type Rounding = 'ceil' | 'floor' | 'nearest';

/**
 * How a device's gauge reads, inferred from what it showed (never from a model table): numeric in
 * steps of `step` percent, or state-only (−3 "some remaining" / −2 unknown, then low, then empty).
 */
export interface GaugeModel {
  kind: 'numeric' | 'state-only';
  step: number;
  rounding: Rounding;
  /** The device reports levels above max (e.g. 150 of 100): "100" then only means "at least 100". */
  overMax: boolean;
}

// Steps printers are known to use, largest first; a step is only claimed when every value fits it.
const CANDIDATE_STEPS = [25, 20, 10, 5, 1, 0.1];

const isMultiple = (value: number, step: number) => Math.abs(value / step - Math.round(value / step)) < 1e-6;

/**
 * Infers step and rounding from the distinct values a device's supplies showed up to `now`. A floor
 * gauge shows 0 while still printing and 100 only at the install; a ceil gauge shows 100 for a whole
 * step and 0 only when empty — the pages printed at each end decide.
 */
export function inferGauge(supplies: readonly (readonly LevelObservation[])[], meters: readonly MeterSample[], now: number): GaugeModel {
  const values = new Set<number>();
  let overMax = false;
  let pagesAtTop = 0;
  let pagesAtZero = 0;
  for (const levels of supplies) {
    for (const o of levels) {
      if (o.at > now) break;
      if (o.raw && o.raw.level !== null && o.raw.max !== null && o.raw.max > 0 && o.raw.level > o.raw.max) overMax = true;
      const v = o.remainingPercent;
      if (v === null) continue;
      if (v > 0 && v < 100) values.add(v);
      if (v === 100 || (v === 0 && o.state !== 'empty')) {
        const pages = (meterAt(meters, Math.min(o.lastAt ?? o.at, now)) ?? 0) - (meterAt(meters, o.at) ?? 0);
        if (v === 100) pagesAtTop += pages;
        else pagesAtZero += pages;
      }
    }
  }
  if (values.size === 0) return { kind: 'state-only', step: 100, rounding: 'nearest', overMax };
  const step = CANDIDATE_STEPS.find((s) => [...values].every((v) => isMultiple(v, s))) ?? 0.1;
  // With a single distinct value a fine gauge looks coarse; claim a coarse step only with two or more values.
  const claimed = values.size < 2 && step > 1 ? 1 : step;
  const rounding: Rounding = overMax ? 'ceil' : pagesAtZero > pagesAtTop ? 'floor' : pagesAtTop > pagesAtZero ? 'ceil' : 'nearest';
  return { kind: 'numeric', step: claimed, rounding, overMax };
}

/** Where the true level is when the gauge shows `value`: [lo, hi] in percent. */
export function intervalOf(gauge: GaugeModel, value: number, state: GaugeState): { lo: number; hi: number } {
  const s = gauge.step;
  if (state === 'empty') return { lo: 0, hi: 0 };
  if (gauge.overMax && value >= 100) return { lo: 100 - s, hi: Infinity };
  switch (gauge.rounding) {
    case 'ceil':
      return value <= 0 ? { lo: 0, hi: 0 } : { lo: Math.max(0, value - s), hi: value };
    case 'floor':
      return value >= 100 ? { lo: 100, hi: 100 } : { lo: value, hi: Math.min(100, value + s) };
    case 'nearest':
      return { lo: Math.max(0, value - s / 2), hi: Math.min(100, value + s / 2) };
  }
}

/** The boundary crossed when the gauge drops to `value`: the top of its interval. */
export function boundaryAbove(gauge: GaugeModel, value: number): number {
  const { hi } = intervalOf(gauge, value, 'ok');
  return Number.isFinite(hi) ? hi : value;
}
