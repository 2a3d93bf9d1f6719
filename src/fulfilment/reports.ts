import type { SupplyJobStatus } from '../db/schema.js';
import { JOB_STATUSES } from './status.js';

const DAY = 86_400_000;

/** How long a job has been in its status, in the buckets a dispatcher reads the board by. */
export const AGE_BUCKETS = ['under1Day', 'days1To3', 'days3To7', 'over7Days'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** The instants that split the age buckets at `now`: entered before `oneDay` is 1 day old or more, and so on. */
export function ageCutoffs(now: Date): { oneDay: Date; threeDays: Date; sevenDays: Date } {
  return { oneDay: new Date(now.getTime() - DAY), threeDays: new Date(now.getTime() - 3 * DAY), sevenDays: new Date(now.getTime() - 7 * DAY) };
}

/** One status of the summary: how many jobs are in it, per age bucket, and since when the oldest of them has been. */
export interface StatusAgeRow {
  status: SupplyJobStatus;
  total: number;
  ages: Record<AgeBucket, number>;
  oldestSince: string | null;
}

/** The counts the repository gives (one per status and bucket that has jobs) as a row per status, every status listed in the status machine's order. */
export function statusAgeRows(counts: readonly { status: SupplyJobStatus; bucket: AgeBucket; count: number; oldest: Date }[]): StatusAgeRow[] {
  return JOB_STATUSES.map((status) => {
    const mine = counts.filter((c) => c.status === status);
    const ages = Object.fromEntries(AGE_BUCKETS.map((b) => [b, mine.filter((c) => c.bucket === b).reduce((n, c) => n + c.count, 0)])) as Record<AgeBucket, number>;
    const oldest = mine.length === 0 ? null : new Date(Math.min(...mine.map((c) => c.oldest.getTime())));
    return { status, total: AGE_BUCKETS.reduce((n, b) => n + ages[b], 0), ages, oldestSince: oldest?.toISOString() ?? null };
  });
}

/** Whole days from `since` to `now` (a line added 36 hours ago has waited 1 day). */
export function daysWaiting(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / DAY));
}

/** One customer in the shipped-vs-consumed report. */
export interface ShippedVsConsumedRow {
  customerId: string;
  customer: string;
  shipped: number;
  consumed: number;
  /** Shipped ÷ consumed, to two decimals; null when nothing was consumed. Above 1 the customer is building a stock of spares. */
  ratio: number | null;
}

/** Shipped ÷ consumed to two decimals; null when nothing was consumed. */
export function shippedRatio(shipped: number, consumed: number): number | null {
  return consumed > 0 ? Math.round((shipped / consumed) * 100) / 100 : null;
}

/** Joins cartridges shipped and consumed per customer: every customer with either, the most over-supplied first (no consumption counts as most), then by name. */
export function shippedVsConsumed(
  shipped: readonly { customerId: string; customer: string; count: number }[],
  consumed: readonly { customerId: string; customer: string; count: number }[],
): ShippedVsConsumedRow[] {
  const rows = new Map<string, ShippedVsConsumedRow>();
  const row = (c: { customerId: string; customer: string }) => {
    const existing = rows.get(c.customerId) ?? { customerId: c.customerId, customer: c.customer, shipped: 0, consumed: 0, ratio: null };
    rows.set(c.customerId, existing);
    return existing;
  };
  for (const s of shipped) row(s).shipped += s.count;
  for (const c of consumed) row(c).consumed += c.count;
  const out = [...rows.values()].map((r) => ({ ...r, ratio: shippedRatio(r.shipped, r.consumed) }));
  const order = (r: ShippedVsConsumedRow) => (r.ratio === null ? (r.shipped > 0 ? Infinity : -1) : r.ratio);
  return out.sort((a, b) => order(b) - order(a) || a.customer.localeCompare(b.customer) || a.customerId.localeCompare(b.customerId));
}
