import type { Random } from '../../simulator/random.js';

const DAY = 86_400_000;

/** One business-day lead time and how often it happens (weights need not sum to 1). */
export interface LeadTimeWeight {
  days: number;
  weight: number;
}

/**
 * The default carrier: most orders on site in 1–3 business days, one in ten back-ordered for 5–10
 * (BRIEF: dealers ship in 1–2 business days; a short supply becomes a back order).
 */
export const DEFAULT_LEAD_TIMES: readonly LeadTimeWeight[] = [
  { days: 1, weight: 40 }, { days: 2, weight: 30 }, { days: 3, weight: 20 },
  { days: 5, weight: 4 }, { days: 7, weight: 3 }, { days: 10, weight: 3 },
];

/** One lead time in business days, drawn by weight. */
export function drawLeadTime(weights: readonly LeadTimeWeight[], random: Random): number {
  const total = weights.reduce((sum, w) => sum + w.weight, 0);
  let x = random.uniform(0, total);
  for (const w of weights) {
    if (x < w.weight) return w.days;
    x -= w.weight;
  }
  return weights[weights.length - 1]!.days;
}

const isWeekend = (t: number) => {
  const day = new Date(t).getUTCDay();
  return day === 0 || day === 6;
};

/**
 * When an order placed at `at` arrives `days` business days later: carriers neither pick up nor deliver
 * on Saturdays and Sundays, so an order of a weekend counts from Monday and every weekend on the way is skipped.
 */
export function addBusinessDays(at: number, days: number): number {
  let t = at;
  while (isWeekend(t)) t += DAY;
  for (let left = days; left > 0; ) {
    t += DAY;
    if (!isWeekend(t)) left--;
  }
  return t;
}
