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

// How one day's printing varies around the office's habit (planDay draws these; expectedDay averages them).
const VOLUME_SIGMA = 0.35;
const WEEKEND_WORK_CHANCE = 0.1;
const WEEKEND_WORK_SHARE = 0.2;
const HOLIDAY_SHARE = 0.15;
const BURST_CHANCE = 0.03;
const BURST_FACTOR: [number, number] = [2, 4];
const COLOR_SHARE_SPREAD: [number, number] = [0.7, 1.3];
const BLACK_COVERAGE_SIGMA = 0.2;
const COLOR_COVERAGE_SIGMA = 0.25;

/**
 * Draws one day's printing: log-normal volume around the office's median, next to nothing at
 * weekends, a lull over the holidays, and now and then a burst (month-end reports, a mailing).
 */
export function planDay(usage: UsageProfile, dayStart: Date, random: Random): DayPlan {
  const weekday = dayStart.getUTCDay();
  let pages = random.logNormal(usage.pagesPerWorkday, VOLUME_SIGMA);
  if (weekday === 0 || weekday === 6) pages *= random.chance(WEEKEND_WORK_CHANCE) ? WEEKEND_WORK_SHARE : 0;
  if (isHolidayLull(dayStart)) pages *= HOLIDAY_SHARE;
  if (random.chance(BURST_CHANCE)) pages *= random.uniform(...BURST_FACTOR);
  pages = Math.round(pages);
  const colorPages = Math.round(pages * usage.colorShare * random.uniform(...COLOR_SHARE_SPREAD));
  return {
    pages,
    colorPages: Math.min(pages, colorPages),
    blackCoverage: usage.blackCoverage * random.logNormal(1, BLACK_COVERAGE_SIGMA),
    colorCoverage: usage.colorCoverage * random.logNormal(1, COLOR_COVERAGE_SIGMA),
  };
}

/**
 * What planDay gives on average on a working day or a weekend day (holidays aside): the truth a
 * forecaster could at best know about a printer's habit, for scoring forecasts against it.
 */
export function expectedDay(usage: UsageProfile, weekend: boolean): DayPlan {
  const burst = 1 + BURST_CHANCE * ((BURST_FACTOR[0] + BURST_FACTOR[1]) / 2 - 1);
  const pages = usage.pagesPerWorkday * Math.exp(VOLUME_SIGMA ** 2 / 2) * burst * (weekend ? WEEKEND_WORK_CHANCE * WEEKEND_WORK_SHARE : 1);
  return {
    pages,
    colorPages: pages * usage.colorShare * ((COLOR_SHARE_SPREAD[0] + COLOR_SHARE_SPREAD[1]) / 2),
    blackCoverage: usage.blackCoverage * Math.exp(BLACK_COVERAGE_SIGMA ** 2 / 2),
    colorCoverage: usage.colorCoverage * Math.exp(COLOR_COVERAGE_SIGMA ** 2 / 2),
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
