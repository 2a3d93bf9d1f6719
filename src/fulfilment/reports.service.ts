import type { z } from 'zod';
import type { Store } from '../app/store.js';
import { scopeOf, type Principal } from '../auth/index.js';
import { AppError } from '../platform/errors.js';
import { ageCutoffs, daysWaiting, shippedRatio, shippedVsConsumed, statusAgeRows } from './reports.js';
import type { BackorderLine, ExcessJob, ReportSummary, ShippedVsConsumed } from './reports.schemas.js';

const DAY = 86_400_000;
/** The longest period the shipped-vs-consumed report covers: ten years. */
const MAX_PERIOD_DAYS = 3660;

/** Jobs per status and age (since they entered their status), back orders, open exceptions and excess-supply flags, at `now`. */
export async function reportSummary(store: Store, principal: Principal, now: Date): Promise<z.infer<typeof ReportSummary>> {
  const scope = scopeOf(principal);
  const reports = store.repos.jobReports;
  const [ages, exceptions, excess, backorders] = await Promise.all([
    reports.statusAges(scope, ageCutoffs(now)), reports.openExceptions(scope), reports.excessCounts(scope), reports.backorderCounts(scope, now),
  ]);
  const oldest = exceptions.length === 0 ? null : new Date(Math.min(...exceptions.map((e) => e.oldest.getTime())));
  return {
    at: now.toISOString(),
    statuses: statusAgeRows(ages),
    backorders,
    exceptions: {
      open: exceptions.reduce((n, e) => n + e.count, 0),
      byReason: { 'unknown-serial': exceptions.find((e) => e.reason === 'unknown-serial')?.count ?? 0, 'no-sku': exceptions.find((e) => e.reason === 'no-sku')?.count ?? 0 },
      oldestSince: oldest?.toISOString() ?? null,
    },
    excess,
  };
}

/** Open back-order lines, the soonest expected first, with how long each has waited at `now`. */
export async function backorderReport(store: Store, principal: Principal, limit: number, now: Date): Promise<z.infer<typeof BackorderLine>[]> {
  const rows = await store.repos.jobReports.backorders(scopeOf(principal), limit);
  return rows.map((r) => ({
    lineId: r.id, sku: r.sku, description: r.description, color: r.color, kind: r.kind, quantity: r.quantity, job: { id: r.job_id, number: r.number, status: r.status },
    customerId: r.customer_id, customer: r.customer_name, serial: r.serial, expectedAt: r.expected_at?.toISOString() ?? null, overdue: r.expected_at !== null && r.expected_at < now,
    waitingSince: r.created_at.toISOString(), daysWaiting: daysWaiting(r.created_at, now),
  }));
}

/** Jobs flagged for excess supply with the guard's figures, confirmed or not and by whom. */
export async function excessReport(store: Store, principal: Principal, confirmed: boolean | undefined, limit: number): Promise<z.infer<typeof ExcessJob>[]> {
  const rows = await store.repos.jobReports.excessJobs(scopeOf(principal), confirmed, limit);
  return rows.map((r) => ({
    id: r.id, number: r.number, status: r.status, deviceId: r.device_id, serial: r.serial, customerId: r.customer_id, customer: r.customer_name, createdAt: r.created_at.toISOString(),
    // Flags stored before the guard counted colour pages have no axis: they counted every page.
    figures: ((r.excess ?? []) as unknown as z.infer<typeof ExcessJob>['figures']).map((f) => ({ ...f, pagesAxis: f.pagesAxis ?? 'total' })),
    confirmed: r.excess_confirmed_at !== null, confirmedAt: r.excess_confirmed_at?.toISOString() ?? null, confirmedBy: r.excess_confirmed_by,
  }));
}

/** The period of the shipped-vs-consumed report: `to` defaults to now, `from` to 90 days before `to`; 400 when from is not before to or the span passes ten years. */
export function reportPeriod(query: { from?: string | undefined; to?: string | undefined }, now: Date): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 90 * DAY);
  if (!(from < to)) throw new AppError('bad-request', 'The period is empty: from must be before to.', { field: 'from' });
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY) throw new AppError('bad-request', `The period is longer than ${MAX_PERIOD_DAYS} days; ask for a shorter one.`, { field: 'from' });
  return { from, to };
}

/** Per customer, cartridges shipped by supply jobs against cartridges consumed in the period, with the ratio (how each is counted: reports.repository.ts). */
export async function shippedVsConsumedReport(store: Store, principal: Principal, period: { from: Date; to: Date }): Promise<z.infer<typeof ShippedVsConsumed>> {
  const scope = scopeOf(principal);
  const [shipped, consumed] = await Promise.all([
    store.repos.jobReports.shippedByCustomer(scope, period.from, period.to), store.repos.jobReports.consumedByCustomer(scope, period.from, period.to),
  ]);
  const customers = shippedVsConsumed(shipped, consumed);
  const total = { shipped: customers.reduce((n, c) => n + c.shipped, 0), consumed: customers.reduce((n, c) => n + c.consumed, 0) };
  return { from: period.from.toISOString(), to: period.to.toISOString(), customers, totals: { ...total, ratio: shippedRatio(total.shipped, total.consumed) } };
}
