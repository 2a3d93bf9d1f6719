import { sql, type Insertable, type Kysely } from 'kysely';
import type { TenantScope } from '../auth/index.js';
import type { DB, SupplyJobStatus } from '../db/schema.js';
import type { StockCandidate } from './select-sku.js';
import { OPEN_JOB_STATUSES } from './status.js';

type ExceptionReason = DB['fulfilment_exceptions']['reason'];

/** Filters of the jobs board. */
export interface JobFilter {
  status?: SupplyJobStatus;
  deviceId?: string;
  customerId?: string;
  siteId?: string;
  /** Only jobs created before this instant (the board's age filter). */
  createdBefore?: Date;
}

/** Supply jobs, their lines, comments and exceptions, and the stock catalogue as the job module reads it. */
export function createSupplyJobRepository(db: Kysely<DB>) {
  const jobsIn = (scope: TenantScope) => {
    let query = db.selectFrom('supply_jobs as j').innerJoin('devices as d', 'd.id', 'j.device_id').innerJoin('customers as c', 'c.id', 'j.customer_id').where('j.dealer_id', '=', scope.dealerId);
    if (scope.customerId) query = query.where('j.customer_id', '=', scope.customerId);
    return query;
  };
  const filtered = (scope: TenantScope, filter: JobFilter) => {
    let query = jobsIn(scope);
    if (filter.deviceId) query = query.where('j.device_id', '=', filter.deviceId);
    if (filter.customerId) query = query.where('j.customer_id', '=', filter.customerId);
    if (filter.siteId) query = query.where('j.site_id', '=', filter.siteId);
    if (filter.createdBefore) query = query.where('j.created_at', '<', filter.createdBefore);
    return query;
  };

  /** Stock items by id with their part numbers, in the order of `ids`. */
  async function items(dealerId: string, ids: readonly string[]): Promise<StockCandidate[]> {
    if (ids.length === 0) return [];
    const rows = await db.selectFrom('stock_items as i')
      .select(['i.id', 'i.sku', 'i.description', 'i.kind', 'i.color', 'i.yield_pages',
        sql<string[]>`coalesce((select array_agg(p.part_number order by p.part_number) from stock_part_numbers p where p.stock_item_id = i.id), '{}')`.as('part_numbers')])
      .where('i.dealer_id', '=', dealerId).where('i.id', 'in', [...ids]).execute();
    const byId = new Map(rows.map((r) => [r.id, { id: r.id, sku: r.sku, description: r.description, kind: r.kind, color: r.color, yieldPages: r.yield_pages, partNumbers: r.part_numbers }]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  return {
    items,

    /** One stock item of the dealer by its SKU. */
    async itemBySku(dealerId: string, sku: string): Promise<StockCandidate | undefined> {
      const row = await db.selectFrom('stock_items').select('id').where('dealer_id', '=', dealerId).where('sku', '=', sku).executeTakeFirst();
      return row ? (await items(dealerId, [row.id]))[0] : undefined;
    },

    /** A contract's default stock, in its position order. */
    async contractDefaultStock(dealerId: string, contractId: string): Promise<StockCandidate[]> {
      const rows = await db.selectFrom('contract_default_stock').select('stock_item_id').where('dealer_id', '=', dealerId).where('contract_id', '=', contractId).orderBy('position').execute();
      return items(dealerId, rows.map((r) => r.stock_item_id));
    },

    /** The related stock of a printer model, in its position order. */
    async relatedStock(dealerId: string, model: string): Promise<StockCandidate[]> {
      const rows = await db.selectFrom('related_stock').select('stock_item_id').where('dealer_id', '=', dealerId).where('model', '=', model).orderBy('position').execute();
      return items(dealerId, rows.map((r) => r.stock_item_id));
    },

    /** Stock items listing any of these part numbers (upper case, as stored), by SKU. */
    async partNumberMatches(dealerId: string, partNumbers: readonly string[]): Promise<StockCandidate[]> {
      if (partNumbers.length === 0) return [];
      const rows = await db.selectFrom('stock_part_numbers as p').innerJoin('stock_items as i', 'i.id', 'p.stock_item_id').select('i.id').distinct()
        .select('i.sku').where('p.dealer_id', '=', dealerId).where('p.part_number', 'in', partNumbers.map((p) => p.toUpperCase())).orderBy('i.sku').execute();
      return items(dealerId, rows.map((r) => r.id));
    },

    /** Substitutes of some items in their position order, with whether each may ship without asking. */
    async substitutesOf(dealerId: string, itemIds: readonly string[]): Promise<Map<string, { item: StockCandidate; withoutAsking: boolean }[]>> {
      const map = new Map<string, { item: StockCandidate; withoutAsking: boolean }[]>();
      if (itemIds.length === 0) return map;
      const rows = await db.selectFrom('stock_substitutes').select(['stock_item_id', 'substitute_id', 'without_asking']).where('dealer_id', '=', dealerId).where('stock_item_id', 'in', [...itemIds]).orderBy('position').execute();
      const subs = new Map((await items(dealerId, [...new Set(rows.map((r) => r.substitute_id))])).map((i) => [i.id, i]));
      for (const row of rows) {
        const item = subs.get(row.substitute_id);
        if (item) map.set(row.stock_item_id, [...(map.get(row.stock_item_id) ?? []), { item, withoutAsking: row.without_asking }]);
      }
      return map;
    },

    /** Stock levels of some items, locked until the transaction ends so two jobs never reserve the same units. */
    async lockStockLevels(dealerId: string, itemIds: readonly string[]) {
      if (itemIds.length === 0) return [];
      return db.selectFrom('stock_levels').selectAll().where('dealer_id', '=', dealerId).where('stock_item_id', 'in', [...itemIds]).orderBy('stock_item_id').orderBy('location').forUpdate().execute();
    },

    /** Moves units of an item at a location: reserved and on hand change by these amounts. */
    async adjustStock(dealerId: string, itemId: string, location: string, change: { reserved: number; onHand: number }): Promise<void> {
      await db.updateTable('stock_levels').set({ reserved: sql`greatest(0, reserved + ${change.reserved})`, on_hand: sql`greatest(0, on_hand + ${change.onHand})` })
        .where('dealer_id', '=', dealerId).where('stock_item_id', '=', itemId).where('location', '=', location).execute();
    },

    /** Ready jobs with an open back-ordered line of an item, oldest job first: the order arriving stock fills them in. */
    async backorderedJobs(dealerId: string, itemId: string): Promise<string[]> {
      const rows = await db.selectFrom('supply_job_lines as l').innerJoin('supply_jobs as j', 'j.id', 'l.job_id').select(['j.id', 'j.created_at', 'j.number']).distinct()
        .where('j.dealer_id', '=', dealerId).where('j.status', '=', 'ready').where('l.backorder', '=', true).where('l.completed_at', 'is', null).where('l.stock_item_id', '=', itemId)
        .orderBy('j.created_at').orderBy('j.number').execute();
      return rows.map((r) => r.id);
    },

    /**
     * Gives a job inserted under a placeholder its dealer's next gapless number, in one statement (J-000123): the counter
     * row stays locked until the transaction ends, and a rollback gives the number back. The last statement but a few
     * of a job's transaction, so other jobs wait for the counter as briefly as can be.
     */
    async numberJob(dealerId: string, jobId: string): Promise<string> {
      const { rows } = await sql<{ number: string }>`
        with n as (insert into supply_job_counters (dealer_id, last_number) values (${dealerId}, 1)
                   on conflict (dealer_id) do update set last_number = supply_job_counters.last_number + 1 returning last_number::text as value)
        update supply_jobs set number = 'J-' || lpad(n.value, greatest(6, length(n.value)), '0') from n where supply_jobs.id = ${jobId} returning supply_jobs.number`.execute(db);
      if (!rows[0]) throw new Error(`No supply job ${jobId} to number.`);
      return rows[0].number;
    },

    /** The open jobs of a device, newest first, locked: a job being added to is not released meanwhile. */
    async lockOpenJobsOfDevice(deviceId: string) {
      return db.selectFrom('supply_jobs').select(['id', 'number', 'status', 'created_at']).where('device_id', '=', deviceId).where('status', 'in', [...OPEN_JOB_STATUSES])
        .orderBy('created_at', 'desc').forUpdate().execute();
    },

    async insertJob(job: Insertable<DB['supply_jobs']>): Promise<void> {
      await db.insertInto('supply_jobs').values(job).execute();
    },

    async insertLines(lines: Insertable<DB['supply_job_lines']>[]): Promise<void> {
      if (lines.length > 0) await db.insertInto('supply_job_lines').values(lines).execute();
    },

    async addComment(comment: Insertable<DB['supply_job_comments']>): Promise<void> {
      await db.insertInto('supply_job_comments').values(comment).execute();
    },

    /** The device a job (in scope) is for: what to lock before the job's row. */
    async deviceOfJob(scope: TenantScope, id: string): Promise<string | null> {
      let query = db.selectFrom('supply_jobs').select('device_id').where('dealer_id', '=', scope.dealerId).where('id', '=', id);
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      return (await query.executeTakeFirst())?.device_id ?? null;
    },

    /** The dealer of a job (for system work that has no caller's scope). */
    async dealerOfJob(id: string): Promise<string | null> {
      return (await db.selectFrom('supply_jobs').select('dealer_id').where('id', '=', id).executeTakeFirst())?.dealer_id ?? null;
    },

    /** One job in scope, locked until the transaction ends. */
    async lockJob(scope: TenantScope, id: string) {
      let query = db.selectFrom('supply_jobs').selectAll().where('dealer_id', '=', scope.dealerId).where('id', '=', id);
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      return query.forUpdate().executeTakeFirst();
    },

    /** Changes a job's stored fields. */
    async updateJob(id: string, change: { status?: SupplyJobStatus; history?: Record<string, unknown>[]; excess?: Record<string, unknown>[] | null; excessConfirmedAt?: Date | null; excessConfirmedBy?: string | null; expectedAt?: Date | null; statusChangedAt?: Date }, now: Date): Promise<void> {
      let query = db.updateTable('supply_jobs').set({ updated_at: now }).where('id', '=', id);
      if (change.status !== undefined) query = query.set({ status: change.status });
      if (change.history !== undefined) query = query.set({ history: JSON.stringify(change.history) });
      if (change.excess !== undefined) query = query.set({ excess: change.excess === null ? null : JSON.stringify(change.excess) });
      if (change.excessConfirmedAt !== undefined) query = query.set({ excess_confirmed_at: change.excessConfirmedAt });
      if (change.excessConfirmedBy !== undefined) query = query.set({ excess_confirmed_by: change.excessConfirmedBy });
      if (change.expectedAt !== undefined) query = query.set({ expected_at: change.expectedAt });
      if (change.statusChangedAt !== undefined) query = query.set({ status_changed_at: change.statusChangedAt });
      await query.execute();
    },

    /** Lines of some jobs, in the order they were added. */
    async linesOf(jobIds: readonly string[]) {
      if (jobIds.length === 0) return [];
      return db.selectFrom('supply_job_lines').selectAll().where('job_id', 'in', [...jobIds]).orderBy('created_at').orderBy('supply_index').execute();
    },

    /** Changes a line as its job goes ready or ships. */
    async updateLine(id: string, change: { stockItemId?: string; sku?: string; description?: string; substituteOf?: string | null; backorder?: boolean; expectedAt?: Date | null; reservedLocation?: string | null; why?: string }): Promise<void> {
      await db.updateTable('supply_job_lines').set({
        ...(change.stockItemId !== undefined && { stock_item_id: change.stockItemId }), ...(change.sku !== undefined && { sku: change.sku }),
        ...(change.description !== undefined && { description: change.description }), ...(change.substituteOf !== undefined && { substitute_of: change.substituteOf }),
        ...(change.backorder !== undefined && { backorder: change.backorder }), ...(change.expectedAt !== undefined && { expected_at: change.expectedAt }),
        ...(change.reservedLocation !== undefined && { reserved_location: change.reservedLocation }), ...(change.why !== undefined && { why: change.why }),
      }).where('id', '=', id).execute();
    },

    /** Closes the open lines of requests whose loop closed; the jobs they belong to. */
    async closeLinesOfRequests(requestIds: readonly string[], now: Date): Promise<string[]> {
      if (requestIds.length === 0) return [];
      const rows = await db.updateTable('supply_job_lines').set({ completed_at: now }).where('request_id', 'in', [...requestIds]).where('completed_at', 'is', null).returning('job_id').execute();
      return [...new Set(rows.map((r) => r.job_id))];
    },

    /** Comments of a job, oldest first. */
    async commentsOf(jobId: string) {
      return db.selectFrom('supply_job_comments').selectAll().where('job_id', '=', jobId).orderBy('seq').limit(1000).execute();
    },

    /** Cartridges of one colour and kind on a device's job lines (cancelled jobs left out), and when the first was put on a job. */
    async shippedOf(deviceId: string, kind: string, color: string | null): Promise<{ quantity: number; firstAt: Date | null }> {
      let query = db.selectFrom('supply_job_lines as l').innerJoin('supply_jobs as j', 'j.id', 'l.job_id')
        .select([sql<string | null>`sum(l.quantity)`.as('quantity'), sql<Date | null>`min(l.created_at)`.as('first_at')])
        .where('j.device_id', '=', deviceId).where('j.status', '<>', 'cancelled').where('l.kind', '=', kind);
      query = color === null ? query.where('l.color', 'is', null) : query.where(sql`lower(l.color)`, '=', color.toLowerCase());
      const row = await query.executeTakeFirst();
      return { quantity: Number(row?.quantity ?? 0), firstAt: row?.first_at ? new Date(row.first_at) : null };
    },

    /** Pages the device printed since an instant on one of its counters (every page, or colour pages): the last sample at or before it to the latest; null when that counter has no samples. */
    async pagesSince(deviceId: string, since: Date, counter: 'total' | 'color' = 'total'): Promise<number | null> {
      const samples = () => db.selectFrom('meter_history').select(`${counter} as pages`).where('device_id', '=', deviceId).where(counter, 'is not', null);
      const at = await samples().where('observed_at', '<=', since).orderBy('observed_at', 'desc').limit(1).executeTakeFirst();
      const last = await samples().orderBy('confirmed_at', 'desc').limit(1).executeTakeFirst();
      if (!last || last.pages === null) return null;
      // Without a sample before the first shipment the first sample after it stands in: the pages before it are not counted.
      const base = at ?? await samples().orderBy('observed_at').limit(1).executeTakeFirst();
      return base?.pages == null ? null : Math.max(0, Number(last.pages) - Number(base.pages));
    },

    /** The jobs board: jobs in scope matching the filter, newest first. */
    async list(scope: TenantScope, filter: JobFilter, limit: number) {
      let query = filtered(scope, filter).leftJoin('sites as s', 's.id', 'j.site_id').selectAll('j').select(['d.serial', 'c.name as customer_name', 's.name as site_name']);
      if (filter.status) query = query.where('j.status', '=', filter.status);
      return query.orderBy('j.created_at', 'desc').orderBy('j.id').limit(limit).execute();
    },

    /** How many jobs matching the filter (any status) are in each status. */
    async countByStatus(scope: TenantScope, filter: JobFilter): Promise<Map<SupplyJobStatus, number>> {
      const rows = await filtered(scope, filter).select(['j.status', sql<string>`count(*)`.as('n')]).groupBy('j.status').execute();
      return new Map(rows.map((r) => [r.status, Number(r.n)]));
    },

    /** One job in scope with its device's serial and model and its customer's and site's names. */
    async detail(scope: TenantScope, id: string) {
      return jobsIn(scope).leftJoin('sites as s', 's.id', 'j.site_id').selectAll('j').select(['d.serial', 'd.model', 'c.name as customer_name', 's.name as site_name']).where('j.id', '=', id).executeTakeFirst();
    },

    /** The device's supply job before this one (by creation), for the job view's link. */
    async previousJob(deviceId: string, before: Date, excludeId: string) {
      return db.selectFrom('supply_jobs').select(['id', 'number', 'status', 'created_at']).where('device_id', '=', deviceId).where('id', '<>', excludeId)
        .where('created_at', '<=', before).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    },

    /** Records why a request could not become a job line; an open exception of the request is updated, not repeated. True when it is new. */
    async noteException(exception: { id: string; dealerId: string; requestId: string; customerId: string; deviceId: string; reason: ExceptionReason; message: string }, now: Date): Promise<boolean> {
      const existing = await db.selectFrom('fulfilment_exceptions').select('id').where('request_id', '=', exception.requestId).where('resolved_at', 'is', null).executeTakeFirst();
      if (existing) {
        await db.updateTable('fulfilment_exceptions').set({ reason: exception.reason, message: exception.message, updated_at: now }).where('id', '=', existing.id).execute();
        return false;
      }
      await db.insertInto('fulfilment_exceptions').values({
        id: exception.id, dealer_id: exception.dealerId, request_id: exception.requestId, customer_id: exception.customerId, device_id: exception.deviceId,
        reason: exception.reason, message: exception.message, created_at: now, updated_at: now,
      }).execute();
      return true;
    },

    /** Marks a request's open exception resolved (by whom, with the job it became). */
    async resolveExceptionOf(requestId: string, by: string, jobId: string | null, now: Date): Promise<void> {
      await db.updateTable('fulfilment_exceptions').set({ resolved_at: now, resolved_by: by, job_id: jobId, updated_at: now }).where('request_id', '=', requestId).where('resolved_at', 'is', null).execute();
    },

    /** Exceptions in scope (open only unless told), oldest first, with the request's serial and customer. */
    async exceptions(scope: TenantScope, options: { open: boolean }, limit: number) {
      let query = db.selectFrom('fulfilment_exceptions as x').innerJoin('consumable_requests as r', 'r.id', 'x.request_id').innerJoin('customers as c', 'c.id', 'x.customer_id')
        .leftJoin('supplies as s', (join) => join.onRef('s.device_id', '=', 'r.device_id').onRef('s.supply_index', '=', 'r.supply_index'))
        .selectAll('x').select(['r.serial', 'r.status as request_status', 'r.supply_index', 'c.name as customer_name', 's.kind', 's.color', 's.part_number'])
        .where('x.dealer_id', '=', scope.dealerId);
      if (scope.customerId) query = query.where('x.customer_id', '=', scope.customerId);
      if (options.open) query = query.where('x.resolved_at', 'is', null);
      return query.orderBy('x.created_at').orderBy('x.id').limit(limit).execute();
    },

    /** One exception in scope. */
    async exception(scope: TenantScope, id: string) {
      let query = db.selectFrom('fulfilment_exceptions').selectAll().where('dealer_id', '=', scope.dealerId).where('id', '=', id);
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      return query.executeTakeFirst();
    },

    /** The dealer's job-creator interval and last scheduled run. */
    async runSettings(dealerId: string) {
      return db.selectFrom('dealers').select(['job_run_minutes', 'job_run_at']).where('id', '=', dealerId).executeTakeFirstOrThrow();
    },

    async setRunMinutes(dealerId: string, minutes: number): Promise<void> {
      await db.updateTable('dealers').set({ job_run_minutes: minutes }).where('id', '=', dealerId).execute();
    },

    /** Claims the dealers whose scheduled run is due at `now` (one statement: two processes never claim the same run). */
    async claimDueDealers(now: Date): Promise<string[]> {
      const rows = await db.updateTable('dealers').set({ job_run_at: now })
        .where((eb) => eb.or([eb('job_run_at', 'is', null), eb('job_run_at', '<=', sql<Date>`${now}::timestamptz - make_interval(mins => job_run_minutes)`)]))
        .returning('id').execute();
      return rows.map((r) => r.id);
    },
  };
}

export type SupplyJobRepository = ReturnType<typeof createSupplyJobRepository>;
