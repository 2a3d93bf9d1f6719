import type { LevelPoint } from './types.js';

/** A straight line fitted through level points: percent = intercept − tonerPerPage × pages. */
export interface TonerFit {
  /** Percent of a cartridge per page. */
  tonerPerPage: number;
  /** Relative standard error of `tonerPerPage`. */
  relativeError: number;
  points: number;
  /** Percent range the points span. */
  percentSpan: number;
}

/** Least-squares toner per page through a cycle's level points; null without two distinct levels or a falling line. */
export function fitTonerPerPage(points: readonly LevelPoint[]): TonerFit | null {
  const n = points.length;
  if (n < 2) return null;
  let sp = 0;
  let sy = 0;
  for (const p of points) {
    sp += p.pages;
    sy += p.percent;
  }
  const mp = sp / n;
  const my = sy / n;
  let spp = 0;
  let spy = 0;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    spp += (p.pages - mp) ** 2;
    spy += (p.pages - mp) * (p.percent - my);
    minY = Math.min(minY, p.percent);
    maxY = Math.max(maxY, p.percent);
  }
  if (spp <= 0 || maxY - minY <= 0) return null;
  const slope = spy / spp;
  if (slope >= 0) return null;
  let rss = 0;
  for (const p of points) rss += (p.percent - (my + slope * (p.pages - mp))) ** 2;
  const se = n > 2 ? Math.sqrt(rss / (n - 2) / spp) : Infinity;
  // Residuals of a random walk are correlated, so the textbook error is optimistic; two points say little about it.
  const relativeError = n > 2 ? Math.max(0.03, (2 * se) / -slope) : 0.15;
  return { tonerPerPage: -slope, relativeError: Math.min(relativeError, 1), points: n, percentSpan: maxY - minY };
}

/** Combines independent estimates of toner per page (each with a relative error) in log space, weighted by precision. */
export function combineEstimates(estimates: readonly { value: number; relativeError: number }[]): { value: number; relativeError: number } | null {
  let wsum = 0;
  let lsum = 0;
  for (const e of estimates) {
    if (!(e.value > 0) || !(e.relativeError > 0)) continue;
    const w = 1 / e.relativeError ** 2;
    wsum += w;
    lsum += w * Math.log(e.value);
  }
  if (wsum === 0) return null;
  return { value: Math.exp(lsum / wsum), relativeError: Math.sqrt(1 / wsum) };
}
