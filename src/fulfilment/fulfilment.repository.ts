import { sql, type Insertable, type Kysely } from 'kysely';
import type { TenantScope } from '../auth/index.js';
import type { DB, SupplyJobStatus } from '../db/schema.js';
import type { StockCandidate } from './select-sku.js';
import { OPEN_JOB_STATUSES } from './status.js';

type ExceptionReason = DB['fulfilment_exceptions']['reason'];

/** A stock item as the SKU choice reads it, with its stock as the request evaluation weighs it (stockedSkuSources). */
export type StockedCandidate = StockCandidate & { freeUnits: number; nextExpectedAt: Date | null; leadTimeDays: number };

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

    /**
     * Where the SKUs of one printer's supplies come from (its contract's default stock, its model's related stock, the
     * items listing any of its part numbers, each in selectSku's order), each item with its free units (on hand less
     * reserved, over its bins), the earliest date an open purchase order expects it (refreshOnOrder's) and its supplier
     * lead time (the item's, else the dealer's) — in one statement, as the request evaluation reads it for every supply.
     */
    async stockedSkuSources(dealerId: string, printer: { contractId: string | null; model: string | null; partNumbers: readonly string[] }): Promise<{ contract: StockedCandidate[]; related: StockedCandidate[]; partMatches: StockedCandidate[] }> {
      const parts = [...new Set(printer.partNumbers.map((p) => p.toUpperCase()))];
      const rows = await sql<{ source: 'contract' | 'related' | 'part'; id: string; sku: string; description: string; kind: string; color: string | null; yield_pages: number | null; part_numbers: string[]; free_units: number; next_expected_at: Date | null; lead_time_days: number }>`
        with candidates as (
          select 'contract' as source, position, stock_item_id from contract_default_stock
            where dealer_id = ${dealerId} and contract_id = ${printer.contractId}::uuid
          union all
          select 'related', position, stock_item_id from related_stock where dealer_id = ${dealerId} and model = ${printer.model}
          union all
          select distinct 'part', 0, stock_item_id from stock_part_numbers where dealer_id = ${dealerId} and part_number = any(${parts}::text[]))
        select k.source, i.id, i.sku, i.description, i.kind, i.color, i.yield_pages,
          coalesce((select array_agg(p.part_number order by p.part_number) from stock_part_numbers p where p.stock_item_id = i.id), '{}') as part_numbers,
          coalesce((select sum(greatest(0, l.on_hand - l.reserved)) from stock_levels l where l.dealer_id = ${dealerId} and l.stock_item_id = i.id), 0)::int as free_units,
          (select min(l.next_expected_at) from stock_levels l where l.dealer_id = ${dealerId} and l.stock_item_id = i.id) as next_expected_at,
          coalesce(i.lead_time_days, (select e.supplier_lead_time_days from dealers e where e.id = ${dealerId})) as lead_time_days
        from candidates k join stock_items i on i.id = k.stock_item_id and i.dealer_id = ${dealerId}
        order by k.source, k.position, i.sku`.execute(db);
      const of = (source: string) => rows.rows.filter((r) => r.source === source).map((r) => ({
        id: r.id, sku: r.sku, description: r.description, kind: r.kind, color: r.color, yieldPages: r.yield_pages, partNumbers: r.part_numbers,
        freeUnits: Number(r.free_units), nextExpectedAt: r.next_expected_at === null ? null : new Date(r.next_expected_at), leadTimeDays: Number(r.lead_time_days),
      }));
      return { contract: of('contract'), related: of('related'), partMatches: of('part') };
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

    /**
     * Ready jobs with an open back-ordered line of an item (`own`), or of an item it is a substitute of (`substitute`),
     * oldest job first: the order arriving stock fills them in.
     */
    async backorderedJobs(dealerId: string, itemId: string, pass: 'own' | 'substitute' = 'own'): Promise<{ id: string; deviceId: string }[]> {
      const query = db.selectFrom('supply_job_lines as l').innerJoin('supply_jobs as j', 'j.id', 'l.job_id').select(['j.id', 'j.device_id', 'j.created_at', 'j.number']).distinct()
        .where('j.dealer_id', '=', dealerId).where('j.status', '=', 'ready').where('l.backorder', '=', true).where('l.completed_at', 'is', null);
      const rows = await (pass === 'own' ? query.where('l.stock_item_id', '=', itemId)
        : query.where('l.stock_item_id', 'in', db.selectFrom('stock_substitutes').select('stock_item_id').where('dealer_id', '=', dealerId).where('substitute_id', '=', itemId)))
        .orderBy('j.created_at').orderBy('j.number').execute();
      return rows.map((r) => ({ id: r.id, deviceId: r.device_id }));
    },

    /** The items an item is a substitute of (what its arrival may fill back orders of besides its own). */
    async itemsSubstitutedBy(dealerId: string, itemId: string): Promise<string[]> {
      const rows = await db.selectFrom('stock_substitutes').select('stock_item_id').distinct().where('dealer_id', '=', dealerId).where('substitute_id', '=', itemId).execute();
      return rows.map((r) => r.stock_item_id);
    },

    /**
     * Gives jobs inserted under placeholders their dealer's next gapless numbers (J-000123), in the order of `jobIds`, in
     * one statement: the counter row stays locked until the transaction ends, and a rollback gives the numbers back. The
     * last statements of a job creator's transaction follow it, so other takers wait for the counter as briefly as can be.
     */
    async numberJobs(dealerId: string, jobIds: readonly string[]): Promise<Map<string, string>> {
      if (jobIds.length === 0) return new Map();
      const { rows } = await sql<{ id: string; number: string }>`
        with n as (insert into supply_job_counters (dealer_id, last_number) values (${dealerId}, ${jobIds.length})
                   on conflict (dealer_id) do update set last_number = supply_job_counters.last_number + ${jobIds.length} returning last_number),
        given as (select id, (n.last_number - ${jobIds.length} + i)::text as value from unnest(${[...jobIds]}::uuid[]) with ordinality as g(id, i), n)
        update supply_jobs j set number = 'J-' || lpad(given.value, greatest(6, length(given.value)), '0') from given where j.id = given.id
        returning j.id, j.number`.execute(db);
      if (rows.length !== jobIds.length) throw new Error(`Numbered ${rows.length} of ${jobIds.length} supply jobs.`);
      return new Map(rows.map((r) => [r.id, r.number]));
    },

    /** The open jobs of some devices, newest first, locked: a job being added to is not released meanwhile. */
    async lockOpenJobsOfDevices(deviceIds: readonly string[]) {
      if (deviceIds.length === 0) return [];
      return db.selectFrom('supply_jobs').select(['id', 'device_id', 'number', 'status', 'created_at', 'excess']).where('device_id', 'in', [...deviceIds]).where('status', 'in', [...OPEN_JOB_STATUSES])
        .orderBy('created_at', 'desc').orderBy('id').forUpdate().execute();
    },

    async insertJobs(jobs: Insertable<DB['supply_jobs']>[]): Promise<void> {
      if (jobs.length > 0) await db.insertInto('supply_jobs').values(jobs).execute();
    },

    async insertLines(lines: Insertable<DB['supply_job_lines']>[]): Promise<void> {
      if (lines.length > 0) await db.insertInto('supply_job_lines').values(lines).execute();
    },

    async addComment(comment: Insertable<DB['supply_job_comments']>): Promise<void> {
      await db.insertInto('supply_job_comments').values(comment).execute();
    },

    /** Several comments in one statement; each job's in the order given. */
    async addComments(comments: Insertable<DB['supply_job_comments']>[]): Promise<void> {
      if (comments.length > 0) await db.insertInto('supply_job_comments').values(comments).execute();
    },

    /** New excess flags of some jobs in one statement: each flag list replaces the job's, and its confirmation is cleared (a new flag needs a new one). */
    async flagExcess(flags: readonly { jobId: string; excess: readonly unknown[] }[], now: Date): Promise<void> {
      if (flags.length === 0) return;
      await sql`update supply_jobs j set excess = f.excess::jsonb, excess_confirmed_at = null, excess_confirmed_by = null, updated_at = ${now.toISOString()}::timestamptz
        from unnest(${flags.map((f) => f.jobId)}::uuid[], ${flags.map((f) => JSON.stringify(f.excess))}::text[]) as f(id, excess) where j.id = f.id`.execute(db);
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

    /**
     * Cartridges on some devices' job lines (cancelled jobs left out) per device, kind and colour (lower case, null for
     * none), and when the first of each was put on a job: what the excess-supply guard counts as shipped before.
     */
    async shippedOfDevices(deviceIds: readonly string[]): Promise<{ deviceId: string; kind: string; color: string | null; quantity: number; firstAt: Date }[]> {
      if (deviceIds.length === 0) return [];
      const rows = await db.selectFrom('supply_job_lines as l').innerJoin('supply_jobs as j', 'j.id', 'l.job_id')
        .select(['j.device_id', 'l.kind', sql<string | null>`lower(l.color)`.as('color'), sql<string>`sum(l.quantity)`.as('quantity'), sql<Date>`min(l.created_at)`.as('first_at')])
        .where('j.device_id', 'in', [...deviceIds]).where('j.status', '<>', 'cancelled').groupBy(['j.device_id', 'l.kind', sql`lower(l.color)`]).execute();
      return rows.map((r) => ({ deviceId: r.device_id, kind: r.kind, color: r.color, quantity: Number(r.quantity), firstAt: new Date(r.first_at) }));
    },

    /**
     * Pages printed since an instant, per device and instant asked, in one query in the order asked: on every page's
     * counter and on the colour counter, each from its last sample at or before the instant to its latest; null where
     * that counter has no samples.
     */
    async pagesSinceEach(asked: readonly { deviceId: string; since: Date }[]): Promise<{ total: number | null; color: number | null }[]> {
      if (asked.length === 0) return [];
      const counter = (column: 'total' | 'color') => sql.raw(`
        (select ${column} from meter_history m where m.device_id = a.device_id and m.${column} is not null order by m.confirmed_at desc limit 1) as last_${column},
        (select ${column} from meter_history m where m.device_id = a.device_id and m.${column} is not null and m.observed_at <= a.since order by m.observed_at desc limit 1) as at_${column},
        (select ${column} from meter_history m where m.device_id = a.device_id and m.${column} is not null order by m.observed_at limit 1) as first_${column}`);
      const { rows } = await sql<Record<`${'last' | 'at' | 'first'}_${'total' | 'color'}`, string | null>>`
        select ${counter('total')}, ${counter('color')}
        from unnest(${asked.map((a) => a.deviceId)}::uuid[], ${asked.map((a) => a.since.toISOString())}::timestamptz[]) with ordinality as a(device_id, since, i)
        order by a.i`.execute(db);
      // Without a sample at or before the instant the first sample after it stands in: the pages before it are not counted.
      const pages = (last: string | null, at: string | null, first: string | null) => {
        const base = at ?? first;
        return last === null || base === null ? null : Math.max(0, Number(last) - Number(base));
      };
      return rows.map((r) => ({ total: pages(r.last_total, r.at_total, r.first_total), color: pages(r.last_color, r.at_color, r.first_color) }));
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

    /**
     * Records why requests could not become job lines, in one statement: a request's open exception is updated, not
     * repeated (the partial unique index on open exceptions). The requests whose exception is new.
     */
    async noteExceptions(exceptions: readonly { id: string; dealerId: string; requestId: string; customerId: string; deviceId: string; reason: ExceptionReason; message: string }[], now: Date): Promise<Set<string>> {
      if (exceptions.length === 0) return new Set();
      const rows = await db.insertInto('fulfilment_exceptions').values(exceptions.map((x) => ({
        id: x.id, dealer_id: x.dealerId, request_id: x.requestId, customer_id: x.customerId, device_id: x.deviceId, reason: x.reason, message: x.message, created_at: now, updated_at: now,
      }))).onConflict((oc) => oc.column('request_id').where('resolved_at', 'is', null).doUpdateSet((eb) => ({ reason: eb.ref('excluded.reason'), message: eb.ref('excluded.message'), updated_at: now })))
        // xmax is 0 on a row this statement inserted, and set on one it updated.
        .returning(['request_id', sql<boolean>`xmax = 0`.as('inserted')]).execute();
      return new Set(rows.filter((r) => r.inserted).map((r) => r.request_id));
    },

    /** Marks requests' open exceptions resolved (by whom, with the job each became), in one statement. */
    async resolveExceptionsOf(resolved: readonly { requestId: string; jobId: string }[], by: string, now: Date): Promise<void> {
      if (resolved.length === 0) return;
      await sql`update fulfilment_exceptions x set resolved_at = ${now.toISOString()}::timestamptz, resolved_by = ${by}, job_id = r.job_id, updated_at = ${now.toISOString()}::timestamptz
        from unnest(${resolved.map((r) => r.requestId)}::uuid[], ${resolved.map((r) => r.jobId)}::uuid[]) as r(request_id, job_id)
        where x.request_id = r.request_id and x.resolved_at is null`.execute(db);
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
