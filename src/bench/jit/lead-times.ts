import type { LeadTimeWeight } from '../../requests/index.js';
import type { Random } from '../../simulator/random.js';

/**
 * The bench draws from the same business-day lead times the service-level trigger reasons with (src/requests:
 * most orders on site in 1–3 business days, one in ten back-ordered for 5–10) and counts them the same way.
 */
export { addBusinessDays, type LeadTimeWeight } from '../../requests/index.js';

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
