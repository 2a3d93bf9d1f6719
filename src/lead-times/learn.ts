// The trigger's own business-day convention and default, from the module itself rather than the requests index: the
// requests domain's evaluation reads this domain, and stockout-risk.ts imports nothing of either (no import cycle).
import { addBusinessDays, DEFAULT_LEAD_TIME_DISTRIBUTION, type LeadTimeWeight } from '../requests/stockout-risk.js';

const DAY_MS = 86_400_000;

/** Only deliveries of the last 180 days are learned from: a carrier or a warehouse changes within a year. */
export const LEAD_TIME_WINDOW_DAYS = 180;
/** A sample's weight halves every 90 days of age, so last month's deliveries count about twice those of four months ago. */
export const LEAD_TIME_HALF_LIFE_DAYS = 90;
/** Fewer deliveries than this say too little about a site's tail: the setting (or the built-in distribution) stands. */
export const MIN_LEAD_TIME_SAMPLES = 5;

/** One order's way to a site: dispatched → delivered (the warehouse), or actioned → new cartridge seen (an external ERP). */
export interface LeadTimeSample {
  start: Date | number;
  end: Date | number;
  kind: 'delivery' | 'erp-order';
}

/** Where a lead time comes from: a site's own history, a setting made by the dealer (or a customer), or the built-in distribution. */
export type LeadTimeSource = 'learned' | 'setting' | 'default';

/** The lead time in `leadTimeDays` (calendar days) a dealer or customer set explicitly, and at which level. */
export interface LeadTimeSetting {
  leadTimeDays: number;
  level: 'dealer' | 'customer' | 'contract' | 'device';
}

/** A site's lead time: its distribution in business days (weights sum to 1), where it comes from, and its summary in words. */
export interface LearnedLeadTime {
  source: LeadTimeSource;
  /** Samples in the window (all of them, also when too few to count). */
  samples: number;
  deliveries: number;
  erpOrders: number;
  windowDays: number;
  minSamples: number;
  medianBusinessDays: number;
  p90BusinessDays: number;
  distribution: LeadTimeWeight[];
  /** The setting fallen back on (also shown when learned, for comparison); null when nobody set one. */
  setting: LeadTimeSetting | null;
  /** One sentence: what the figures rest on. */
  basis: string;
}

const utcDay = (t: number) => Math.floor(t / DAY_MS);
const weekday = (day: number) => {
  const d = new Date(day * DAY_MS).getUTCDay();
  return d !== 0 && d !== 6;
};

/**
 * Business days from `start` to `end`, counted on UTC dates as addBusinessDays counts them: a weekend start counts
 * from Monday, then each weekday date after the start's up to the end's is one. So a same-day delivery is 0
 * (addBusinessDays(t, 0) is t's own day), Monday → Tuesday 1, Friday → Monday 1, Saturday → Monday 0. A delivery on a
 * later date than the start that lands on a weekend (a Saturday round) counts at least 1: it was not same-day.
 * An end before the start is 0.
 */
export function businessDaysBetween(start: Date | number, end: Date | number): number {
  const from = utcDay(addBusinessDays(+start, 0));
  const to = utcDay(+end);
  let days = 0;
  for (let day = from + 1; day <= to; day++) if (weekday(day)) days++;
  return days === 0 && to > utcDay(+start) && to > from ? 1 : days;
}

/**
 * A site's lead-time distribution in business days from its recorded orders (pure; `now` passed in): the samples of
 * the last LEAD_TIME_WINDOW_DAYS, each weighted by its age (half-life LEAD_TIME_HALF_LIFE_DAYS), once there are
 * MIN_LEAD_TIME_SAMPLES of them; else the explicit setting (calendar days as business days: 7 → 5), else the built-in
 * distribution the trigger uses when nothing is known.
 */
export function learnLeadTime(samples: readonly LeadTimeSample[], setting: LeadTimeSetting | null, now: Date | number): LearnedLeadTime {
  const t = +now;
  const since = +leadTimeWindowStart(now);
  const recent = samples.filter((s) => +s.end >= since && +s.end <= t && +s.end >= +s.start);
  const deliveries = recent.filter((s) => s.kind === 'delivery').length;
  const counts = { samples: recent.length, deliveries, erpOrders: recent.length - deliveries, windowDays: LEAD_TIME_WINDOW_DAYS, minSamples: MIN_LEAD_TIME_SAMPLES, setting };
  if (recent.length >= MIN_LEAD_TIME_SAMPLES) {
    const byDays = new Map<number, number>();
    for (const s of recent) {
      const days = businessDaysBetween(s.start, s.end);
      byDays.set(days, (byDays.get(days) ?? 0) + 0.5 ** ((t - +s.end) / DAY_MS / LEAD_TIME_HALF_LIFE_DAYS));
    }
    const distribution = normalized([...byDays].map(([days, weight]) => ({ days, weight })));
    return { source: 'learned', ...counts, ...summary(distribution), distribution, basis: `Learned from ${orders(deliveries, recent.length - deliveries)} in the last ${LEAD_TIME_WINDOW_DAYS} days.` };
  }
  const sofar = recent.length === 0 ? 'No deliveries recorded yet' : `Only ${orders(deliveries, recent.length - deliveries)} in the last ${LEAD_TIME_WINDOW_DAYS} days (${MIN_LEAD_TIME_SAMPLES} needed)`;
  if (setting) {
    const distribution = [{ days: settingBusinessDays(setting.leadTimeDays), weight: 1 }];
    return { source: 'setting', ...counts, ...summary(distribution), distribution, basis: `${sofar}: the ${setting.level}'s ${setting.leadTimeDays}-day lead-time setting (${plural(distribution[0]!.days, 'business day')}).` };
  }
  const distribution = normalized(DEFAULT_LEAD_TIME_DISTRIBUTION);
  return { source: 'default', ...counts, ...summary(distribution), distribution, basis: `${sofar}: the built-in distribution (1–3 business days, one order in ten back-ordered 5–10).` };
}

/** The oldest delivery time that still counts at `now`: what the repository reads from. */
export function leadTimeWindowStart(now: Date | number): Date {
  return new Date(+now - LEAD_TIME_WINDOW_DAYS * DAY_MS);
}

/** A lead-time setting in calendar days as business days: five in every seven, rounded (Happen EKM's 7 days is 5). */
export function settingBusinessDays(calendarDays: number): number {
  return Math.max(0, Math.round((calendarDays * 5) / 7));
}

/** The weighted median and 90th percentile of a distribution (business days, sorted, weights summing to 1). */
function summary(distribution: readonly LeadTimeWeight[]): { medianBusinessDays: number; p90BusinessDays: number } {
  const quantile = (q: number) => {
    let seen = 0;
    for (const w of distribution) {
      seen += w.weight;
      // A hair under q: weights summing to exactly 0.9 must not miss by a rounding error.
      if (seen >= q - 1e-9) return w.days;
    }
    return distribution[distribution.length - 1]!.days;
  };
  return { medianBusinessDays: quantile(0.5), p90BusinessDays: quantile(0.9) };
}

function normalized(distribution: readonly LeadTimeWeight[]): LeadTimeWeight[] {
  const total = distribution.reduce((sum, w) => sum + w.weight, 0);
  return [...distribution].sort((a, b) => a.days - b.days).map((w) => ({ days: w.days, weight: w.weight / total }));
}

function orders(deliveries: number, erpOrders: number): string {
  if (erpOrders === 0) return plural(deliveries, 'delivery', 'deliveries');
  const erp = `${plural(erpOrders, 'ERP order')} (actioned → new cartridge seen)`;
  return deliveries === 0 ? erp : `${plural(deliveries, 'delivery', 'deliveries')} and ${erp}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
