import { projectForecast, Z90 } from '../forecasting/index.js';
import { DAY_MS, HOUR_MS, toMillis, type ForecastView, type Instant } from './types.js';

/** One lead time in business days (order → cartridge on site) and how often it happens; weights need not sum to 1. */
export interface LeadTimeWeight {
  days: number;
  weight: number;
}

/**
 * A dealer's carrier when nothing better is known: most orders on site in 1–3 business days, one in ten
 * back-ordered for 5–10 (the same distribution `tonerloop bench jit` draws from by default).
 */
export const DEFAULT_LEAD_TIME_DISTRIBUTION: readonly LeadTimeWeight[] = Object.freeze([
  { days: 1, weight: 40 }, { days: 2, weight: 30 }, { days: 3, weight: 20 },
  { days: 5, weight: 4 }, { days: 7, weight: 3 }, { days: 10, weight: 3 },
]);

/** Hours between passes of the scheduled request re-evaluation (requests.reevaluate.hourly); uploads evaluate sooner. */
export const REEVALUATION_HOURS = 1;

/** The request evaluation runs at least hourly (the re-evaluation pass), so a decision put off waits about an hour. */
export const DEFAULT_NEXT_EVALUATION_HOURS = REEVALUATION_HOURS;

/** What the service-level trigger knows beyond the settings: the lead-time distribution and when it is next asked. */
export interface StockoutRiskContext {
  leadTimes?: readonly LeadTimeWeight[];
  /** Hours until the next reading is evaluated: an order not placed now is placed then at the earliest. */
  nextEvaluationHours?: number;
  /** Why the lead times are longer than the carrier's, in words (a wait for stock: stockWaitNote), for the reason. */
  leadTimeNote?: string;
}

/** The chance of running out before a replacement arrives, and what it rests on. */
export interface StockoutRisk {
  /** Percent chance of running out before a cartridge ordered at the next evaluation arrives: what the trigger compares. */
  probabilityPercent: number;
  /** The same for a cartridge ordered now. */
  probabilityIfOrderedNowPercent: number;
  /** ISO date-time of the median depletion, and of the forecast band's edges (null when the forecast gave none). */
  depletionDate: string;
  bandLow: string | null;
  bandHigh: string | null;
  /** ISO date-time a cartridge ordered now arrives at the median lead time. */
  expectedArrival: string;
  /** Even an order placed now on the shortest lead time arrives after the median depletion date. */
  unavoidable: boolean;
  /** Shortest and longest lead time with a weight, in business days. */
  leadTimeDays: { min: number; max: number };
}

// The forecast band is its 10th–90th percentile: read back with the z the forecaster built it with (Z90).
// A forecast without a band is taken to be about ±25 % at the band's 80 % (σ of ln T): rather wide than sure.
const SIGMA_WITHOUT_BAND = 0.2;
// Dates further out than a century are shown as none.
const MAX_DATE_DAYS = 36_525;
// Beyond this the band says nothing useful and the tails stop moving.
const SIGMA_MAX = 3;

/**
 * The depletion time's distribution at `now`, in days from now: a two-piece log-normal with its median at the
 * forecast's days remaining and its 10th and 90th percentiles on the band's low and high edges (one σ per side, so
 * a lopsided band stays lopsided). Log-normal because time to empty is positive and skewed: a slower printing
 * month stretches it more than a faster one shortens it. Null without a forecast date.
 */
export function depletionDistribution(forecast: ForecastView, now: Instant): { medianDays: number; lowDays: number | null; highDays: number | null; cdf: (days: number) => number } | null {
  const t = toMillis(now);
  const projected = projectForecast({ ...forecast, daysRemainingLow: forecast.daysRemainingLow ?? null, daysRemainingHigh: forecast.daysRemainingHigh ?? null }, t);
  const depletesAt = forecast.depletionDate === null ? NaN : Date.parse(forecast.depletionDate);
  const median = projected.daysRemaining ?? (Number.isFinite(depletesAt) ? (depletesAt - t) / DAY_MS : null);
  if (median === null || !Number.isFinite(median)) return null;
  const low = projected.daysRemainingLow ?? null;
  const high = projected.daysRemainingHigh ?? null;
  if (median <= 0) return { medianDays: 0, lowDays: low, highDays: high, cdf: () => 1 };
  const side = (edge: number | null, below: boolean) => {
    if (edge === null) return null;
    if (below) return edge < median ? Math.log(median / Math.max(edge, median * 1e-3)) / Z90 : null;
    return edge > median ? Math.log(edge / median) / Z90 : null;
  };
  const sLow = side(low, true);
  const sHigh = side(high, false);
  const sigmaLow = Math.min(SIGMA_MAX, sLow ?? sHigh ?? SIGMA_WITHOUT_BAND);
  const sigmaHigh = Math.min(SIGMA_MAX, sHigh ?? sLow ?? SIGMA_WITHOUT_BAND);
  const cdf = (days: number) => {
    if (days <= 0) return 0;
    const x = Math.log(days / median);
    return normalCdf(x / (x < 0 ? sigmaLow : sigmaHigh));
  };
  return { medianDays: median, lowDays: low, highDays: high, cdf };
}

/**
 * The probability that the supply runs out before a replacement is on site, for an order placed at the next
 * evaluation (the trigger's "wait one more reading?") and for one placed now, over the lead-time distribution in
 * business days. Null without a forecast date. Pure; `now` is passed in.
 */
export function stockoutRisk(forecast: ForecastView | null, now: Instant, context: StockoutRiskContext = {}): StockoutRisk | null {
  if (!forecast) return null;
  const t = toMillis(now);
  const depletion = depletionDistribution(forecast, t);
  if (!depletion) return null;
  const leadTimes = usableLeadTimes(context.leadTimes ?? DEFAULT_LEAD_TIME_DISTRIBUTION);
  const total = leadTimes.reduce((sum, w) => sum + w.weight, 0);
  const wait = Math.max(0, context.nextEvaluationHours ?? DEFAULT_NEXT_EVALUATION_HOURS) * HOUR_MS;
  const chance = (orderAt: number) => leadTimes.reduce((sum, w) => sum + w.weight * depletion.cdf((addBusinessDays(orderAt, w.days) - t) / DAY_MS), 0) / total;
  const shortest = Math.min(...leadTimes.map((w) => w.days));
  // A band edge can lie centuries away (a supply barely used): such a date is no date, and is left out.
  const iso = (days: number | null) => (days === null || !(Math.abs(days) < MAX_DATE_DAYS) ? null : new Date(t + days * DAY_MS).toISOString());
  return {
    probabilityPercent: 100 * chance(t + wait),
    probabilityIfOrderedNowPercent: 100 * chance(t),
    depletionDate: iso(depletion.medianDays) ?? forecast.depletionDate ?? new Date(t).toISOString(),
    bandLow: iso(depletion.lowDays),
    bandHigh: iso(depletion.highDays),
    expectedArrival: new Date(addBusinessDays(t, medianLeadTime(leadTimes, total))).toISOString(),
    unavoidable: addBusinessDays(t, shortest) > t + depletion.medianDays * DAY_MS,
    leadTimeDays: { min: shortest, max: Math.max(...leadTimes.map((w) => w.days)) },
  };
}

/** The weighted lead times that count; the default when none has a weight (a dealer's list can be all zeros by mistake). */
export function usableLeadTimes(leadTimes: readonly LeadTimeWeight[]): readonly LeadTimeWeight[] {
  const weighted = leadTimes.filter((w) => w.weight > 0 && w.days >= 0);
  return weighted.length > 0 ? weighted : DEFAULT_LEAD_TIME_DISTRIBUTION;
}

function medianLeadTime(leadTimes: readonly LeadTimeWeight[], total: number): number {
  let seen = 0;
  for (const w of [...leadTimes].sort((a, b) => a.days - b.days)) {
    seen += w.weight;
    if (seen >= total / 2) return w.days;
  }
  return leadTimes[leadTimes.length - 1]!.days;
}

/**
 * When an order placed at `at` arrives `days` business days later: carriers neither pick up nor deliver on
 * Saturdays and Sundays, so a weekend order counts from Monday and every weekend on the way is skipped. Counted in
 * whole weeks and the days left over (the trigger asks this per lead time at every evaluation): the same instant as
 * stepping day by day, a fraction of a day counting as a whole one.
 */
export function addBusinessDays(at: number, days: number): number {
  const weekday = new Date(at).getUTCDay();
  if (Number.isNaN(weekday)) return NaN;
  // A weekend order counts from Monday, at the same time of day.
  const fromWeekday = weekday === 6 || weekday === 0 ? 1 : weekday;
  const start = at + (weekday === 6 ? 2 : weekday === 0 ? 1 : 0) * DAY_MS;
  const businessDays = days > 0 ? Math.ceil(days) : 0;
  const leftOver = businessDays % 5;
  // Five business days are a calendar week; the days left over cross one weekend if they run past Friday.
  const calendarDays = (businessDays - leftOver) / 5 * 7 + leftOver + (fromWeekday + leftOver > 5 ? 2 : 0);
  return start + calendarDays * DAY_MS;
}

/** Φ, the standard normal CDF (Abramowitz–Stegun 7.1.26 on erf; error below 1.5e-7, ample for a risk in percent). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const k = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * k - 1.453152027) * k + 1.421413741) * k - 0.284496736) * k + 0.254829592) * k * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
