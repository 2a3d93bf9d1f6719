/** One printer's supply that the fleet's forecasts say will run out, as purchase suggestions read it. */
export interface SupplyDemand {
  stockItemId: string;
  /** The forecast's depletion date, and the edges of its 10th–90th percentile band (earliest: the band's low days). */
  runsOutAt: Date;
  earliestAt: Date;
  latestAt: Date;
  /** Days a full cartridge of the item lasts at this printer's rate (its yield ÷ pages a day); null when unknown: one cartridge only. */
  cycleDays: number | null;
  /** The first cartridge is on a job already (reserved, back-ordered, packed or on its way): only the ones after it count. */
  covered: boolean;
}

/** An item's stock as suggestions weigh it. */
export interface ItemSupply {
  stockItemId: string;
  sku: string;
  description: string;
  onHand: number;
  reserved: number;
  /** What open purchase orders still expect. */
  onOrder: number;
  /** Units back-ordered on ready jobs: needed now, nothing reserved for them. */
  backorders: number;
  /** The supplier's days from order to arrival (the item's, else the dealer's). */
  leadTimeDays: number;
}

/** What to order of one item, how many, by when, and why in figures. */
export interface PurchaseSuggestion {
  stockItemId: string;
  sku: string;
  description: string;
  /** Units to order so that stock covers the band's high demand (printers running out at the early edge): never negative. */
  quantity: number;
  /** Units to order to cover the expected demand only. */
  quantityExpected: number;
  /** Cartridges the fleet will need within the horizon: expected, and the band's low and high. */
  demand: { expected: number; low: number; high: number };
  /** Printers whose supply of this item runs out within the horizon. */
  printers: number;
  onHand: number;
  reserved: number;
  available: number;
  onOrder: number;
  backorders: number;
  leadTimeDays: number;
  /** When stock first runs short (back orders: now), on the band's early dates; null when it does not within the horizon. */
  needBy: Date | null;
  /** needBy less the lead time: the last day to order; null when nothing needs ordering. */
  orderBy: Date | null;
  /** The order-by date has passed: order now, and it will still arrive after the need. */
  late: boolean;
}

const DAY = 86_400_000;
// A cycle shorter than a week is a forecast artefact (a printer flattening a cartridge a week is rare and would be its own conversation).
const MIN_CYCLE_DAYS = 7;

/** The days a full cartridge lasts at a printer's rate: yield ÷ (pages left ÷ days left); null when any figure is missing. */
export function cycleDaysOf(yieldPages: number | null, pagesRemaining: number | null, daysRemaining: number | null): number | null {
  if (!yieldPages || pagesRemaining === null || daysRemaining === null || !(pagesRemaining > 0) || !(daysRemaining > 0)) return null;
  const days = yieldPages / (pagesRemaining / daysRemaining);
  return Number.isFinite(days) ? Math.max(MIN_CYCLE_DAYS, days) : null;
}

/** The dates within [now, until] a supply needs a cartridge: its run-out (now if past), then every cycle after; the first dropped when covered. */
export function needDates(first: Date, cycleDays: number | null, covered: boolean, now: Date, until: Date): Date[] {
  const dates: Date[] = [];
  let at = Math.max(first.getTime(), now.getTime());
  while (at <= until.getTime()) {
    dates.push(new Date(at));
    if (cycleDays === null || !(cycleDays > 0)) break;
    at += Math.max(MIN_CYCLE_DAYS, cycleDays) * DAY;
  }
  return covered ? dates.slice(1) : dates;
}

/**
 * Purchase suggestions over a horizon, from the fleet's own forecasts: per item, the cartridges printers will need by
 * `until` (each supply's run-out, then one per cycle; with the band: the early edge for high demand, the late edge for
 * low), against stock free on the shelf (on hand less reserved), on order, and back orders (needed now). The quantity
 * covers the high demand, so stock runs short only when printers run out faster than the band's early edge; the order-by
 * date is the day stock first runs short (on the early dates, walking the needs in date order) less the supplier's lead
 * time. Items with neither demand nor back orders are left out. Sorted: what to order first (earliest order-by), then
 * what is covered, by SKU. Pure: `now` is passed in.
 */
export function purchaseSuggestions(items: readonly ItemSupply[], supplies: readonly SupplyDemand[], now: Date, until: Date): PurchaseSuggestion[] {
  const bySupply = new Map<string, SupplyDemand[]>();
  // Pushed, not copied: a fleet's popular cartridge has tens of thousands of supplies (copying was quadratic, 49 s at 60,000).
  for (const s of supplies) {
    const own = bySupply.get(s.stockItemId);
    if (own) own.push(s);
    else bySupply.set(s.stockItemId, [s]);
  }
  const result: PurchaseSuggestion[] = [];
  for (const item of items) {
    const own = bySupply.get(item.stockItemId) ?? [];
    const count = (edge: 'runsOutAt' | 'earliestAt' | 'latestAt') => own.reduce((n, s) => n + needDates(s[edge], s.cycleDays, s.covered, now, until).length, 0);
    const demand = { expected: count('runsOutAt'), low: count('latestAt'), high: count('earliestAt') };
    const printers = own.filter((s) => needDates(s.earliestAt, s.cycleDays, s.covered, now, until).length > 0).length;
    const backorders = Math.max(0, item.backorders);
    if (demand.high === 0 && backorders === 0) continue;
    const available = Math.max(0, item.onHand - item.reserved);
    const supply = available + Math.max(0, item.onOrder);
    const quantity = Math.max(0, backorders + demand.high - supply);
    const quantityExpected = Math.max(0, backorders + demand.expected - supply);
    // Stock runs short at the need that takes the running count past what is (or will be) on the shelf.
    const needs = [...Array.from({ length: backorders }, () => now), ...own.flatMap((s) => needDates(s.earliestAt, s.cycleDays, s.covered, now, until))].sort((a, b) => a.getTime() - b.getTime());
    const needBy = needs.length > supply ? needs[supply]! : null;
    const orderBy = needBy && new Date(needBy.getTime() - item.leadTimeDays * DAY);
    result.push({
      stockItemId: item.stockItemId, sku: item.sku, description: item.description, quantity, quantityExpected, demand, printers,
      onHand: item.onHand, reserved: item.reserved, available, onOrder: item.onOrder, backorders, leadTimeDays: item.leadTimeDays,
      needBy, orderBy, late: orderBy !== null && orderBy.getTime() < now.getTime(),
    });
  }
  return result.sort((a, b) => (a.orderBy === null ? 1 : 0) - (b.orderBy === null ? 1 : 0) || (a.orderBy?.getTime() ?? 0) - (b.orderBy?.getTime() ?? 0) || a.sku.localeCompare(b.sku));
}
