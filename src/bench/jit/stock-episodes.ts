import { DAY_MS, HOUR_MS } from '../../requests/types.js';
import { Random } from '../../simulator/random.js';
import { addBusinessDays, drawLeadTime, type LeadTimeWeight } from './lead-times.js';
import { BACK_ORDER_BUSINESS_DAYS } from './ledger.js';

/**
 * Back orders as the dealer's warehouse has them: per stock item (a part number), stock-out episodes in time rather
 * than a coin per order. Between episodes the item is on the shelf and an order leaves at once (the carrier's 1–3
 * business days); an order placed during an episode waits for its end (the restock) and then the carrier's days, and
 * every printer using that part waits for the same restock.
 *
 * Calibrated on the scenario's lead-time list (the bench's: 1, 2, 3 business days 40/30/20, back orders of 5, 7 or 10
 * days 4/3/3): entries under BACK_ORDER_BUSINESS_DAYS are the carrier's; an episode lasts one of the longer entries'
 * days, drawn by their weights; episodes cover EPISODE_TIME_FACTOR × their weight share of the time (10 % → 14 %),
 * with exponential gaps between them. An order falls anywhere in an episode and waits only what is left of it (longer
 * episodes catching more orders), so it takes that factor for about one order in ten to wait 5 business days or more
 * in all: on the 1,000-printer year the four dealer rules' shipments took 5 or more 7.3–9.6 % of the time, 7.2–7.4
 * business days on average (the coin: 10 %, 7.1); every run reports its own (PolicyResult.backOrders).
 *
 * What a dealer's stock module knows is the date the supplier promised, not the day stock arrives: the promise is
 * the episode's end less a slip of 0, 1, 2 or 3 business days (50/25/15/10 %), so a restock comes on the promised day
 * or up to three business days after it; an order placed after a broken promise is counted by the trigger as one
 * business day's wait (production's rule for a purchase order past its date).
 */
export const EPISODE_TIME_FACTOR = 1.4;
export const PROMISE_SLIP_BUSINESS_DAYS: readonly LeadTimeWeight[] = Object.freeze([
  { days: 0, weight: 50 }, { days: 1, weight: 25 }, { days: 2, weight: 15 }, { days: 3, weight: 10 },
]);

/** A stock-out of one item: out from `start` until `end` (the restock); `promisedEnd` is what the supplier said. */
export interface StockEpisode {
  start: number;
  end: number;
  promisedEnd: number;
}

/** The back-order model a scenario's lead times give: the carrier's lead times, the episodes' lengths and their share of time. */
export interface BackOrderModel {
  carrier: readonly LeadTimeWeight[];
  episodeBusinessDays: readonly LeadTimeWeight[];
  outOfStockShare: number;
}

/** Splits a scenario's lead times into the carrier's (under 5 business days) and back-order episodes (5 and more). */
export function backOrderModel(leadTimes: readonly LeadTimeWeight[]): BackOrderModel {
  const weighted = leadTimes.filter((w) => w.weight > 0);
  const carrier = weighted.filter((w) => w.days < BACK_ORDER_BUSINESS_DAYS);
  const episodes = weighted.filter((w) => w.days >= BACK_ORDER_BUSINESS_DAYS);
  const total = weighted.reduce((sum, w) => sum + w.weight, 0);
  // A dealer whose every order takes 5 days or more has a slow carrier, not back orders.
  if (carrier.length === 0 || episodes.length === 0) return { carrier: weighted, episodeBusinessDays: [], outOfStockShare: 0 };
  const share = episodes.reduce((sum, w) => sum + w.weight, 0) / total;
  return { carrier, episodeBusinessDays: episodes, outOfStockShare: Math.min(0.9, EPISODE_TIME_FACTOR * share) };
}

/** The stock-out episodes of every item over [from, to], drawn per item from the seed: the same for every policy. */
export class StockEpisodes {
  private readonly byItem = new Map<string, StockEpisode[]>();

  constructor(private readonly seed: string, private readonly model: BackOrderModel, private readonly from: number, private readonly to: number) {}

  /** The episode item `item` is in at `at`, or null when it is on the shelf. */
  at(item: string, at: number): StockEpisode | null {
    for (const episode of this.of(item)) {
      if (episode.start > at) return null;
      if (at < episode.end) return episode;
    }
    return null;
  }

  /** The item's episodes in time order. */
  of(item: string): readonly StockEpisode[] {
    const known = this.byItem.get(item);
    if (known) return known;
    const episodes: StockEpisode[] = [];
    const { episodeBusinessDays, outOfStockShare } = this.model;
    if (episodeBusinessDays.length > 0 && outOfStockShare > 0) {
      const random = Random.derive(this.seed, `stock/${item}`);
      const meanDays = episodeBusinessDays.reduce((sum, w) => sum + w.days * w.weight, 0) / episodeBusinessDays.reduce((sum, w) => sum + w.weight, 0);
      // Calendar time: five business days are a week.
      const meanGapMs = (meanDays * 7 / 5) * DAY_MS * (1 - outOfStockShare) / outOfStockShare;
      // Started a mean gap before the bench, so an item may be out on its first day.
      let t = this.from - meanGapMs * random.uniform(0, 1);
      while (t < this.to) {
        t += -meanGapMs * Math.log(1 - random.uniform(0, 0.999_999));
        const days = drawLeadTime(episodeBusinessDays, random);
        const slip = drawLeadTime(PROMISE_SLIP_BUSINESS_DAYS, random);
        const start = Math.round(t / HOUR_MS) * HOUR_MS;
        const end = addBusinessDays(start, days);
        episodes.push({ start, end, promisedEnd: addBusinessDays(start, Math.max(1, days - slip)) });
        t = end;
      }
    }
    this.byItem.set(item, episodes);
    return episodes;
  }
}
