import type { Random } from './random.js';

/** How one printer is used: its office's volume and habits. */
export interface UsageProfile {
  /** Median pages on a working day. */
  pagesPerWorkday: number;
  /** Share of pages printed in colour (0 on mono devices). */
  colorShare: number;
  /** Mean black coverage per page (0.05 = the ISO 5 % page; offices print 6–8 %). */
  blackCoverage: number;
  /** Mean coverage per colour channel on a colour page. */
  colorCoverage: number;
}

/** What one simulated day brings: pages in total and the coverage of each channel that day. */
export interface DayPlan {
  pages: number;
  colorPages: number;
  blackCoverage: number;
  colorCoverage: number;
}

// Share of a working day's pages printed in each hour (08:00–17:59 local office time, UTC here):
// a morning peak, a lunch dip, an afternoon peak.
export const HOUR_WEIGHTS: readonly number[] = (() => {
  const weights = new Array<number>(24).fill(0);
  const office = [0.08, 0.12, 0.13, 0.12, 0.07, 0.09, 0.13, 0.11, 0.09, 0.06];
  office.forEach((w, i) => (weights[8 + i] = w));
  return weights;
})();

/** True for the quiet days around Christmas and New Year, when offices print little. */
export function isHolidayLull(day: Date): boolean {
  const month = day.getUTCMonth();
  const date = day.getUTCDate();
  return (month === 11 && date >= 24) || (month === 0 && date <= 2);
}

/**
 * Draws one day's printing: log-normal volume around the office's median, next to nothing at
 * weekends, a lull over the holidays, and now and then a burst (month-end reports, a mailing).
 */
export function planDay(usage: UsageProfile, dayStart: Date, random: Random): DayPlan {
  const weekday = dayStart.getUTCDay();
  let pages = random.logNormal(usage.pagesPerWorkday, 0.35);
  if (weekday === 0 || weekday === 6) pages *= random.chance(0.1) ? 0.2 : 0;
  if (isHolidayLull(dayStart)) pages *= 0.15;
  if (random.chance(0.03)) pages *= random.uniform(2, 4);
  pages = Math.round(pages);
  const colorPages = Math.round(pages * usage.colorShare * random.uniform(0.7, 1.3));
  return {
    pages,
    colorPages: Math.min(pages, colorPages),
    blackCoverage: usage.blackCoverage * random.logNormal(1, 0.2),
    colorCoverage: usage.colorCoverage * random.logNormal(1, 0.25),
  };
}

/** A usage profile for a new printer: office sizes vary widely, so volumes do too. */
export function drawUsage(random: Random, color: boolean): UsageProfile {
  return {
    pagesPerWorkday: Math.max(5, random.logNormal(70, 0.6)),
    colorShare: color ? random.uniform(0.15, 0.5) : 0,
    blackCoverage: random.uniform(0.045, 0.08),
    colorCoverage: color ? random.uniform(0.05, 0.12) : 0,
  };
}
