import { sql, type Kysely } from 'kysely';
import type { TenantScope } from '../auth/index.js';
import type { DB, SupplyJobStatus } from '../db/schema.js';
import type { AgeBucket } from './reports.js';

/** Statuses in which a job has not left the warehouse: a back-order line of such a job is still waiting for stock. */
const BEFORE_DISPATCH: SupplyJobStatus[] = ['booked', 'ready', 'packed'];

/** Cartridges, as the shipped-vs-consumed report counts them: toner and ink (not drums, fusers or waste boxes). */
const CARTRIDGE_KINDS = ['toner', 'ink'];

/** The SQL behind the supply-job reports (dealer staff only; a customer scope still narrows every query). */
export function createJobReportRepository(db: Kysely<DB>) {
  const jobsIn = (scope: TenantScope) => {
    let query = db.selectFrom('supply_jobs as j').where('j.dealer_id', '=', scope.dealerId);
    if (scope.customerId) query = query.where('j.customer_id', '=', scope.customerId);
    return query;
  };

  return {
    /** Jobs per status and age bucket (time since they entered their status), with the oldest status change of each. */
    async statusAges(scope: TenantScope, cutoffs: { oneDay: Date; threeDays: Date; sevenDays: Date }) {
      const bucket = sql<AgeBucket>`case when j.status_changed_at > ${cutoffs.oneDay} then 'under1Day' when j.status_changed_at > ${cutoffs.threeDays} then 'days1To3'
        when j.status_changed_at > ${cutoffs.sevenDays} then 'days3To7' else 'over7Days' end`;
      const rows = await jobsIn(scope).select(['j.status', bucket.as('bucket'), sql<string>`count(*)`.as('n'), sql<Date>`min(j.status_changed_at)`.as('oldest')])
        .groupBy(['j.status', sql`2`]).execute();
      return rows.map((r) => ({ status: r.status, bucket: r.bucket, count: Number(r.n), oldest: new Date(r.oldest) }));
    },

    /** Open exceptions per reason, with the oldest. */
    async openExceptions(scope: TenantScope) {
      let query = db.selectFrom('fulfilment_exceptions').select(['reason', sql<string>`count(*)`.as('n'), sql<Date>`min(created_at)`.as('oldest')])
        .where('dealer_id', '=', scope.dealerId).where('resolved_at', 'is', null);
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      const rows = await query.groupBy('reason').execute();
      return rows.map((r) => ({ reason: r.reason, count: Number(r.n), oldest: new Date(r.oldest) }));
    },

    /** Jobs flagged for excess supply: how many wait for a dispatcher's confirmation and how many were confirmed (open and closed jobs alike, cancelled left out). */
    async excessCounts(scope: TenantScope) {
      const row = await jobsIn(scope).select([
        sql<string>`count(*) filter (where j.excess_confirmed_at is null)`.as('pending'), sql<string>`count(*) filter (where j.excess_confirmed_at is not null)`.as('confirmed'),
      ]).where('j.excess', 'is not', null).where('j.status', '<>', 'cancelled').executeTakeFirst();
      return { pending: Number(row?.pending ?? 0), confirmed: Number(row?.confirmed ?? 0) };
    },

    /** How many open back-order lines there are, and how many of them are past their expected date at `now`. */
    async backorderCounts(scope: TenantScope, now: Date) {
      const row = await jobsIn(scope).innerJoin('supply_job_lines as l', 'l.job_id', 'j.id')
        .select([sql<string>`count(*)`.as('lines'), sql<string>`count(*) filter (where l.expected_at < ${now})`.as('overdue')])
        .where('l.backorder', '=', true).where('l.completed_at', 'is', null).where('j.status', 'in', BEFORE_DISPATCH).executeTakeFirst();
      return { lines: Number(row?.lines ?? 0), overdue: Number(row?.overdue ?? 0) };
    },

    /** Open back-order lines (not closed, their job not yet dispatched), the soonest expected first, with their job, printer and customer. */
    async backorders(scope: TenantScope, limit: number) {
      return jobsIn(scope).innerJoin('supply_job_lines as l', 'l.job_id', 'j.id').innerJoin('devices as d', 'd.id', 'j.device_id').innerJoin('customers as c', 'c.id', 'j.customer_id')
        .select(['l.id', 'l.sku', 'l.description', 'l.color', 'l.kind', 'l.quantity', 'l.expected_at', 'l.created_at', 'j.id as job_id', 'j.number', 'j.status', 'j.customer_id', 'c.name as customer_name', 'd.serial'])
        .where('l.backorder', '=', true).where('l.completed_at', 'is', null).where('j.status', 'in', BEFORE_DISPATCH)
        .orderBy(sql`l.expected_at asc nulls last`).orderBy('l.created_at').orderBy('l.id').limit(limit).execute();
    },

    /** Jobs flagged for excess supply (cancelled left out), those waiting for confirmation first, then the newest. */
    async excessJobs(scope: TenantScope, confirmed: boolean | undefined, limit: number) {
      let query = jobsIn(scope).innerJoin('devices as d', 'd.id', 'j.device_id').innerJoin('customers as c', 'c.id', 'j.customer_id')
        .select(['j.id', 'j.number', 'j.status', 'j.device_id', 'j.customer_id', 'j.excess', 'j.excess_confirmed_at', 'j.excess_confirmed_by', 'j.created_at', 'c.name as customer_name', 'd.serial'])
        .where('j.excess', 'is not', null).where('j.status', '<>', 'cancelled');
      if (confirmed !== undefined) query = query.where('j.excess_confirmed_at', confirmed ? 'is not' : 'is', null);
      return query.orderBy(sql`j.excess_confirmed_at is not null`).orderBy('j.created_at', 'desc').orderBy('j.id').limit(limit).execute();
    },

    /**
     * Cartridges shipped per customer in [from, to): the quantities of the toner and ink lines of jobs whose history has
     * them dispatched in the window, back orders and jobs cancelled since left out.
     */
    async shippedByCustomer(scope: TenantScope, from: Date, to: Date) {
      const rows = await jobsIn(scope).innerJoin('supply_job_lines as l', 'l.job_id', 'j.id').innerJoin('customers as c', 'c.id', 'j.customer_id')
        .select(['j.customer_id', 'c.name', sql<string>`sum(l.quantity)`.as('n')])
        .where('l.kind', 'in', CARTRIDGE_KINDS).where('l.backorder', '=', false).where('j.status', '<>', 'cancelled')
        .where(sql<boolean>`exists (select 1 from jsonb_array_elements(j.history) h where h->>'to' = 'dispatched' and (h->>'at')::timestamptz >= ${from} and (h->>'at')::timestamptz < ${to})`)
        .groupBy(['j.customer_id', 'c.name']).execute();
      return rows.map((r) => ({ customerId: r.customer_id, customer: r.name, count: Number(r.n) }));
    },

    /**
     * Cartridges consumed per customer in [from, to): cartridge cycles of the customer's printers (toner and ink supplies)
     * that ended in the window, emptied or swapped: each is a cartridge that came out of a printer.
     */
    async consumedByCustomer(scope: TenantScope, from: Date, to: Date) {
      let query = db.selectFrom('cartridge_cycles as y').innerJoin('devices as d', 'd.id', 'y.device_id').innerJoin('customers as c', 'c.id', 'd.customer_id')
        .innerJoin('supplies as s', (join) => join.onRef('s.device_id', '=', 'y.device_id').onRef('s.supply_index', '=', 'y.supply_index'))
        .select(['d.customer_id', 'c.name', sql<string>`count(*)`.as('n')])
        .where('y.dealer_id', '=', scope.dealerId).where('y.end_kind', '<>', 'open').where('y.ended_at', '>=', from).where('y.ended_at', '<', to).where('s.kind', 'in', CARTRIDGE_KINDS);
      if (scope.customerId) query = query.where('d.customer_id', '=', scope.customerId);
      const rows = await query.groupBy(['d.customer_id', 'c.name']).execute();
      return rows.map((r) => ({ customerId: r.customer_id, customer: r.name, count: Number(r.n) }));
    },
  };
}

export type JobReportRepository = ReturnType<typeof createJobReportRepository>;
