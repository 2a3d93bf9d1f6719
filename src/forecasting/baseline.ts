import { DAY } from './meters.js';

/** One level reading as a common tool keeps it. */
export interface BaselineReading {
  at: number;
  remainingPercent: number | null;
}

/**
 * The common baseline: a straight line (least squares, level against time) through the level
 * readings since the last rise (every rise taken for an install), extrapolated to 0. Null with fewer
 * than two distinct levels or a line that does not fall.
 */
export function baselineDaysRemaining(readings: readonly BaselineReading[], now: number): number | null {
  let end = readings.length;
  while (end > 0 && readings[end - 1]!.at > now) end--;
  let start = end - 1;
  let later: number | null = null;
  for (let i = end - 1; i >= 0; i--) {
    const v = readings[i]!.remainingPercent;
    if (v === null) continue;
    if (later !== null && v < later) break;
    later = v;
    start = i;
  }
  let n = 0, st = 0, sy = 0, stt = 0, sty = 0;
  const distinct = new Set<number>();
  for (let i = Math.max(0, start); i < end; i++) {
    const r = readings[i]!;
    if (r.remainingPercent === null) continue;
    const t = (r.at - now) / DAY;
    n++; st += t; sy += r.remainingPercent; stt += t * t; sty += t * r.remainingPercent;
    distinct.add(r.remainingPercent);
  }
  if (distinct.size < 2) return null;
  const slope = (n * sty - st * sy) / (n * stt - st * st);
  if (!(slope < 0)) return null;
  const levelNow = (sy - slope * st) / n; // the line's value at t = 0 (now)
  return Math.max(0, levelNow / -slope);
}
