import { businessDaysBetween } from '../lead-times/learn.js';
import { dayMonth } from './trigger.js';
import { usableLeadTimes, type LeadTimeWeight } from './stockout-risk.js';
import { DAY_MS, toMillis, type Instant } from './types.js';

/**
 * The stock of the item the job module would ship for a supply (selectSku's choice), as the trigger weighs it: free
 * units on the shelf, when the earliest open purchase order expects more, and the supplier's lead time otherwise.
 */
export interface ItemStock {
  /** The item in the dealer's words, e.g. "HP 59A black toner". */
  description: string;
  /** Units on hand less reserved, over the item's bins. */
  freeUnits: number;
  /** The earliest expected date of an open purchase order still expecting some of the item; null when none. */
  nextExpectedAt: Date | number | null;
  /** Calendar days from a purchase order to its arrival: the item's own, else the dealer's (purchase suggestions' figure). */
  supplierLeadTimeDays: number;
}

/** What an order placed now waits for before the carrier can take it: the item coming back into stock. */
export interface StockWait {
  item: string;
  /** ISO date-time the item is expected in stock. */
  expectedAt: string;
  /** Business days from now until then: added to every carrier lead time. */
  businessDays: number;
  /** Where the date comes from: an open purchase order, or the supplier's lead time for one not placed yet. */
  basis: 'purchase-order' | 'supplier-lead-time';
}

/** The lead times of one supply: the carrier's, shifted by the wait for stock when the item is out of it. */
export interface SupplyLeadTime {
  leadTimes: readonly LeadTimeWeight[];
  stockWait: StockWait | null;
}

/**
 * The lead-time distribution of one supply at `now` (pure): the site's carrier distribution when the item has free
 * stock (or none is known: no item fits, or an external ERP fulfils, whose learned times include its warehouse);
 * else every carrier lead time plus the business days until stock is expected — the earliest open purchase order's
 * date, else now plus the supplier's lead time. An order placed while the item is out cannot leave today, so the
 * wait is at least one business day, also when a purchase order's date has passed without the stock.
 */
export function supplyLeadTime(carrier: readonly LeadTimeWeight[], stock: ItemStock | null, now: Instant): SupplyLeadTime {
  if (stock === null || stock.freeUnits > 0) return { leadTimes: carrier, stockWait: null };
  const t = toMillis(now);
  const ordered = stock.nextExpectedAt === null ? null : +stock.nextExpectedAt;
  const expectedAt = ordered !== null && Number.isFinite(ordered) ? ordered : t + Math.max(0, stock.supplierLeadTimeDays) * DAY_MS;
  const businessDays = Math.max(1, businessDaysBetween(t, expectedAt));
  return {
    leadTimes: usableLeadTimes(carrier).map((w) => ({ days: w.days + businessDays, weight: w.weight })),
    stockWait: { item: stock.description, expectedAt: new Date(Math.max(expectedAt, t)).toISOString(), businessDays, basis: ordered !== null && Number.isFinite(ordered) ? 'purchase-order' : 'supplier-lead-time' },
  };
}

/** The wait in words for a request's reason: "HP 59A black toner is out of stock, expected 14 Dec (purchase order)". */
export function stockWaitNote(wait: StockWait): string {
  const source = wait.basis === 'purchase-order' ? 'by its purchase order' : "by the supplier's lead time, no purchase order open";
  return `${wait.item} is out of stock, expected ${dayMonth(wait.expectedAt)} ${source}: ${wait.businessDays} business day${wait.businessDays === 1 ? '' : 's'} added to the carrier's`;
}
