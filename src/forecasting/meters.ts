import { median, standardDeviation } from './low-mark.js';
import type { MeterSample } from './types.js';

const HOUR = 3_600_000;
export const DAY = 86_400_000;

/**
 * Page-meter samples up to `now`, made continuous: a counter that drops to under half its value was
 * reset (a new formatter board, a firmware reset) and continues from where it was; a small step
 * backwards is a bad reading and is dropped, as are negative or non-finite values.
 */
export function continuousMeter(samples: readonly MeterSample[], now = Infinity): MeterSample[] {
  const out: MeterSample[] = [];
  let offset = 0;
  let lastRaw: number | null = null;
  for (const s of samples) {
    if (s.at > now) break;
    if (!Number.isFinite(s.total) || s.total < 0) continue;
    if (lastRaw !== null && s.total < lastRaw) {
      if (s.total >= lastRaw * 0.5) continue;
      offset = out[out.length - 1]!.total;
    }
    lastRaw = s.total;
    out.push({ at: s.at, total: s.total + offset });
  }
  return out;
}

/** The meter at `t`, interpolated between samples (held flat outside them); null without samples. */
export function meterAt(meters: readonly MeterSample[], t: number): number | null {
  if (meters.length === 0) return null;
  if (t <= meters[0]!.at) return meters[0]!.total;
  const last = meters[meters.length - 1]!;
  if (t >= last.at) return last.total;
  let lo = 0;
  let hi = meters.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (meters[mid]!.at <= t) lo = mid;
    else hi = mid;
  }
  const a = meters[lo]!;
  const b = meters[hi]!;
  return a.total + ((b.total - a.total) * (t - a.at)) / (b.at - a.at);
}

/** A device's printing habit: pages per hour of the week, learned from its meters. */
export interface PageRate {
  /** 168 entries, Monday 00:00 UTC first. */
  perHourOfWeek: number[];
  weeklyPages: number;
  /** Pages on a working day (the five busiest weekdays of the profile), on average. */
  pagesPerWorkday: number;
  /** Coefficient of variation of the daily totals on working days. */
  dailyCv: number;
  /** Working days behind the estimate. */
  workdaysSeen: number;
  /** Days of meter history the profile covers. */
  daysCovered: number;
}

const hourOfWeek = (t: number) => ((Math.floor(t / HOUR) % 168) + 168 + 72) % 168; // 1970-01-01 was a Thursday

/**
 * Learns the hour-of-week page profile over the last `windowDays` (weekday/weekend and office
 * hours fall out of it), spreading each meter increment evenly over the hours between its samples.
 * Null with fewer than two samples or less than a day of history.
 */
export function pageRate(meters: readonly MeterSample[], now: number, windowDays = 84): PageRate | null {
  const from = now - windowDays * DAY;
  let i = meters.length - 1;
  while (i > 0 && meters[i - 1]!.at >= from) i--;
  if (i > 0) i--; // include the sample just before the window so its first hours are covered
  const pages = new Array<number>(168).fill(0);
  const exposure = new Array<number>(168).fill(0);
  const daily = new Map<number, number>();
  let covered = 0;
  // The day being added to, kept out of the map until the hours move on to another day: one map update a day
  // rather than one an hour (the same sums, added in the same order).
  let day = NaN;
  let dayPages = 0;
  for (let k = i; k + 1 < meters.length && meters[k + 1]!.at <= now; k++) {
    const a = meters[k]!;
    const b = meters[k + 1]!;
    const start = Math.max(a.at, from);
    if (b.at <= start) continue;
    const perMs = (b.total - a.total) / (b.at - a.at);
    for (let t = start; t < b.at; ) {
      const end = Math.min(b.at, (Math.floor(t / HOUR) + 1) * HOUR);
      const h = hourOfWeek(t);
      const share = (end - t) / HOUR;
      pages[h]! += perMs * (end - t);
      exposure[h]! += share;
      const dayOfT = Math.floor(t / DAY);
      if (dayOfT !== day) {
        if (!Number.isNaN(day)) daily.set(day, dayPages);
        day = dayOfT;
        dayPages = daily.get(day) ?? 0;
      }
      dayPages += perMs * (end - t);
      t = end;
    }
    covered += b.at - start;
  }
  if (!Number.isNaN(day)) daily.set(day, dayPages);
  if (covered < DAY) return null;
  // An hour of the week not seen yet (less than a week of history) is unknown, not idle: give it the average.
  const seenHours = exposure.reduce((a, b) => a + b, 0);
  const averagePerHour = seenHours > 0 ? pages.reduce((a, b) => a + b, 0) / seenHours : 0;
  const perHourOfWeek = pages.map((p, h) => (exposure[h]! > 0 ? p / exposure[h]! : averagePerHour));
  const dayTotals = Array.from({ length: 7 }, (_, d) => perHourOfWeek.slice(d * 24, d * 24 + 24).reduce((a, b) => a + b, 0));
  const workdays = [...dayTotals.keys()].sort((a, b) => dayTotals[b]! - dayTotals[a]!).slice(0, 5);
  const workdaySet = new Set(workdays);
  // Daily totals of working days (whole days only), for how much one day differs from the next.
  const totals: number[] = [];
  for (const [day, total] of daily) {
    const dayStart = day * DAY;
    if (dayStart < from || dayStart + DAY > now) continue;
    if (workdaySet.has(Math.floor(hourOfWeek(dayStart) / 24))) totals.push(total);
  }
  // The level of a working day: whole working days, with days the printer stood still (a supply out, switched
  // off, a holiday) left out and bursts (month-end reports, a mailing) capped; the hour-of-week shape keeps
  // the weekday/weekend pattern. A plain mean let a week's stall or one mailing move every forecast.
  const typical = robustDailyLevel(totals);
  const profileWorkday = workdays.reduce((a, d) => a + dayTotals[d]!, 0) / 5;
  if (typical && profileWorkday > 0) for (let h = 0; h < 168; h++) perHourOfWeek[h]! *= typical.mean / profileWorkday;
  const mean = totals.reduce((a, b) => a + b, 0) / Math.max(1, totals.length);
  const weeklyPages = perHourOfWeek.reduce((a, b) => a + b, 0);
  return {
    perHourOfWeek,
    weeklyPages,
    pagesPerWorkday: typical?.mean ?? profileWorkday,
    dailyCv: mean > 0 && totals.length >= 3 ? standardDeviation(totals)! / mean : 0.5,
    workdaysSeen: totals.length,
    daysCovered: covered / DAY,
  };
}

const STALLED_BELOW = 0.25;
const BURST_CAP = 2.5;

/**
 * The mean of working-day totals with stalled days (under a quarter of the median) left out and bursts
 * capped at 2.5 × the median; null with fewer than five days, or three left.
 */
export function robustDailyLevel(totals: readonly number[]): { mean: number; days: number } | null {
  if (totals.length < 5) return null;
  const middle = median(totals)!;
  if (!(middle > 0)) return null;
  const kept = totals.filter((x) => x >= STALLED_BELOW * middle).map((x) => Math.min(x, BURST_CAP * middle));
  if (kept.length < 3) return null;
  return { mean: kept.reduce((a, b) => a + b, 0) / kept.length, days: kept.length };
}

/** Days from `now` until `pages` more pages are printed at the learned profile; Infinity if it never prints. */
export function daysUntilPages(rate: PageRate, now: number, pages: number): number {
  if (pages <= 0) return 0;
  if (rate.weeklyPages <= 0) return Infinity;
  let left = pages;
  let t = now;
  const fullWeeks = Math.max(0, Math.floor(left / rate.weeklyPages) - 1);
  left -= fullWeeks * rate.weeklyPages;
  t += fullWeeks * 7 * DAY;
  for (let guard = 0; guard < 3 * 168 + 2; guard++) {
    const end = (Math.floor(t / HOUR) + 1) * HOUR;
    const perHour = rate.perHourOfWeek[hourOfWeek(t)]!;
    const here = (perHour * (end - t)) / HOUR;
    if (here >= left && perHour > 0) return (t + (left / perHour) * HOUR - now) / DAY;
    left -= here;
    t = end;
  }
  return (t - now) / DAY;
}
