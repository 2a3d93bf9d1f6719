import type { GaugeState, LevelObservation, MeterSample } from '../../src/forecasting/index.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const T0 = Date.parse('2026-01-05T00:00:00Z'); // a Monday

/**
 * Meters every 4 hours of an office printing in office hours: none at weekends and, each weekday, `perWorkday`
 * (or `pagesOn(day)`, day 0 = T0, for offices that are not steady) ÷ 10 pages an hour over the 4-hour spans
 * starting at 08:00, 12:00 and 16:00 — 1.2 × the figure a day. The forecasting tests' truths are read off these
 * same meters, so only the shape matters.
 */
export function officeMeters(days: number, perWorkday: number | ((day: number) => number), start = 10_000): MeterSample[] {
  const pagesOn = typeof perWorkday === 'number' ? (day: number) => (new Date(T0 + day * DAY).getUTCDay() % 6 === 0 ? 0 : perWorkday) : perWorkday;
  const out: MeterSample[] = [];
  let total = start;
  for (let h = 0; h <= days * 24; h += 4) {
    const t = T0 + h * HOUR;
    out.push({ at: t, total: Math.round(total) });
    const hour = new Date(t).getUTCHours();
    if (hour >= 8 && hour < 18) total += (pagesOn(Math.floor(h / 24)) / 10) * 4;
  }
  return out;
}

/**
 * Readings of a gauge over a sequence of cartridges: `truth(pages)` gives the true percent left at a
 * page count, `show` turns it into what the device says. Consecutive identical readings become runs.
 */
export function gaugeReadings(meters: MeterSample[], truth: (pages: number, at: number) => number, show: (percent: number) => { value: number | null; state: GaugeState }): LevelObservation[] {
  const runs: LevelObservation[] = [];
  for (const m of meters) {
    const { value, state } = show(truth(m.total, m.at));
    const last = runs[runs.length - 1];
    if (last && last.remainingPercent === value && last.state === state) last.lastAt = m.at;
    else runs.push({ at: m.at, lastAt: m.at, remainingPercent: value, state });
  }
  return runs;
}

/** A percent gauge in steps of `step`, rounded up or down, with a low mark. */
export const percentGauge = (step: number, rounding: 'ceil' | 'floor', lowMark = 10) => (p: number) => {
  if (p <= 0) return { value: 0, state: 'empty' as const };
  const steps = rounding === 'ceil' ? Math.ceil(p / step - 1e-9) : Math.floor(p / step + 1e-9);
  const value = Math.min(100, steps * step);
  return { value, state: p <= lowMark ? ('low' as const) : ('ok' as const) };
};

/** A gauge that only says "some remaining" (−3), then "low", then "empty". */
export const lowOnlyGauge = (lowMark = 15) => (p: number) =>
  p <= 0 ? { value: 0, state: 'empty' as const } : p <= lowMark ? { value: 0, state: 'low' as const } : { value: null, state: 'some-remaining' as const };

/** True level of back-to-back cartridges of `yieldPages` pages each, the first installed new at `firstInstall` pages; replaced `gapPages` after running out. */
export function cartridges(yieldPages: number, firstInstall: number) {
  return (pages: number) => {
    if (pages < firstInstall) return 50;
    const into = (pages - firstInstall) % yieldPages;
    return Math.max(0, 100 * (1 - into / yieldPages));
  };
}
