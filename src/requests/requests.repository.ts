import { sql, type Insertable, type Kysely } from 'kysely';
import type { TenantScope } from '../auth/index.js';
import type { DB, StoredStockoutRisk } from '../db/schema.js';
import { CONSUMABLE_KINDS } from '../forecasting/index.js';

type RequestRow = DB['consumable_requests'];
export type NewRequest = Insertable<RequestRow>;

const OPEN = ['outstanding', 'queried', 'actioned'] as const;

/** A stored fulfilment override, or null when the level does not set one (or sets something unknown). */
const fulfilmentAt = (column: string) => sql.raw(`case when ${column}->>'fulfilment' in ('internal','external') then ${column}->>'fulfilment' end`);

/**
 * The effective `fulfilment` request setting of the device aliased `d`, in SQL: device → the settings contract in
 * force at `now` (one naming the device before one covering all, then the latest start, then the newest: the
 * order of settingsContract) → customer → dealer → 'internal'. The same inheritance as resolveSettings, so the
 * B2B queue and the job creator can filter a whole queue in one query; both check it again in TypeScript, under
 * the device's lock, before they take a request.
 */
export function effectiveFulfilment(now: Date) {
  return sql<'internal' | 'external'>`coalesce(
    ${fulfilmentAt('d.request_settings')},
    (select ${fulfilmentAt('k.request_settings')} from contracts k
      where k.dealer_id = d.dealer_id and k.customer_id = d.customer_id
        and (k.covers_all_devices or exists (select 1 from contract_devices kd where kd.contract_id = k.id and kd.device_id = d.id))
        and (k.valid_from is null or k.valid_from <= ${now}) and (k.valid_until is null or ${now} <= k.valid_until)
      order by k.covers_all_devices, k.valid_from desc nulls last, k.created_at desc limit 1),
    (select ${fulfilmentAt('u.request_settings')} from customers u where u.id = d.customer_id),
    (select ${fulfilmentAt('e.request_settings')} from dealers e where e.id = d.dealer_id),
    'internal')`;
}

/** Who may take a queue's requests: only those whose device's effective fulfilment is this one (with the time it is judged at). */
export interface FulfilmentFilter {
  fulfilment?: { is: 'internal' | 'external'; now: Date };
}

/** The advisory lock of a device's requests: lockDevice and lockDevices must take the same one, or they would not exclude each other. */
const deviceLockKey = (dealerId: string, deviceId: string) => `${dealerId}/requests/${deviceId}`;

/** Consumable requests and what evaluation needs to know about a device. */
export function createRequestRepository(db: Kysely<DB>) {
  /** expectedYields of many devices in one query: each device's median realized yield per supply. */
  const expectedYieldsOf = async (deviceIds: readonly string[]): Promise<Map<string, Map<number, number>>> => {
    const map = new Map<string, Map<number, number>>(deviceIds.map((id) => [id, new Map()]));
    if (deviceIds.length === 0) return map;
    const rows = await db.selectFrom('cartridge_cycles')
      .select(['device_id', 'supply_index', sql<number | null>`percentile_cont(0.5) within group (order by realized_yield)`.as('y')])
      .where('device_id', 'in', [...deviceIds]).where('end_kind', '<>', 'open').where('realized_yield', 'is not', null).groupBy(['device_id', 'supply_index']).execute();
    for (const row of rows) if (row.y !== null) map.get(row.device_id)?.set(row.supply_index, Number(row.y));
    return map;
  };
  const withDevice = (scope: TenantScope) => {
    let query = db.selectFrom('consumable_requests as r')
      .innerJoin('devices as d', 'd.id', 'r.device_id')
      .innerJoin('customers as c', 'c.id', 'r.customer_id')
      .leftJoin('supplies as s', (join) => join.onRef('s.device_id', '=', 'r.device_id').onRef('s.supply_index', '=', 'r.supply_index'))
      .where('r.dealer_id', '=', scope.dealerId);
    if (scope.customerId) query = query.where('r.customer_id', '=', scope.customerId);
    return query;
  };

  return {
    /** Serializes request evaluation and manual orders of one device until the transaction ends. */
    async lockDevice(dealerId: string, deviceId: string): Promise<void> {
      await sql`select pg_advisory_xact_lock(hashtextextended(${deviceLockKey(dealerId, deviceId)}, 0))`.execute(db);
    },

    /**
     * lockDevice for many devices in one statement, in one sorted order: two callers locking overlapping sets (two
     * processes' job creators) wait for each other instead of deadlocking.
     */
    async lockDevices(dealerId: string, deviceIds: readonly string[]): Promise<void> {
      if (deviceIds.length === 0) return;
      const keys = [...new Set(deviceIds)].map((id) => deviceLockKey(dealerId, id));
      // Volatile functions in the select list run after the sort, in key order.
      await sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${keys}::text[]) as k order by k`.execute(db);
    },

    /** The newest page-meter sample of a device: its total and when it was last confirmed. */
    async lastMeter(deviceId: string) {
      return db.selectFrom('meter_history').select(['total', 'confirmed_at']).where('device_id', '=', deviceId).orderBy('confirmed_at', 'desc').limit(1).executeTakeFirst();
    },

    /**
     * A page of devices (any dealer), by id after `after`, whose requests time alone can change: a toner,
     * ink, drum or developer with a forecast depletion date. Levels, installs and fresh meters only
     * change with an upload, which evaluates its devices itself.
     */
    async devicesWithForecasts(after: string | null, limit: number) {
      // A replaced printer is gone: nothing to order for it.
      let query = db.selectFrom('devices as d').select(['d.id', 'd.dealer_id']).where('d.replaced_by', 'is', null)
        .where((eb) => eb.exists(eb.selectFrom('supplies as s').select('s.device_id').whereRef('s.device_id', '=', 'd.id').where('s.is_receptacle', '=', false)
          .where('s.kind', 'in', CONSUMABLE_KINDS).where(sql<boolean>`s.forecast->>'depletionDate' is not null`)));
      if (after) query = query.where('d.id', '>', after);
      return query.orderBy('d.id').limit(limit).execute();
    },

    /** Inserts a request unless the supply already has an open one (the partial unique index decides, race-free). */
    async insertUnlessOpen(request: NewRequest): Promise<boolean> {
      // The serial it is raised for, kept: the job module matches it against the device again when it takes the request.
      const serial = request.serial !== undefined ? request.serial : sql<string | null>`(select serial from devices where id = ${request.device_id})`;
      const row = await db.insertInto('consumable_requests').values({ ...request, serial })
        .onConflict((oc) => oc.columns(['device_id', 'supply_index']).where('status', 'in', [...OPEN]).doNothing())
        .returning('id').executeTakeFirst();
      return row !== undefined;
    },

    /** Every request of a device, newest first. */
    async ofDevice(deviceId: string) {
      return db.selectFrom('consumable_requests').selectAll().where('device_id', '=', deviceId).orderBy('created_at', 'desc').execute();
    },

    /**
     * A queue: requests of one status (or all) with their device and customer; optionally of one device. By
     * default oldest first (a device's newest first), the B2B queue's order; with `days-left` the supply that runs
     * out soonest first (its forecast depletion date; none last), then oldest; with `newest`, newest first.
     */
    async queue(scope: TenantScope, filter: { status: RequestRow['status'] | 'all'; deviceId?: string } & FulfilmentFilter, limit: number, sort?: 'days-left' | 'newest') {
      let query = withDevice(scope)
        .select(['r.id', 'r.status', 'r.trigger', 'r.created_at', 'r.comment', 'r.supply_index', 'r.origin', 'r.rapid_use', 'r.authorization_results', 'r.quantity', 'r.supply_indexes', 'r.device_id', 'r.external_id', 'r.stockout_risk', 'd.serial', 'c.name as customer_name', 's.kind', 's.color', 's.part_number', 's.remaining_percent', 's.forecast']);
      if (filter.status !== 'all') query = query.where('r.status', '=', filter.status);
      if (filter.deviceId) query = query.where('r.device_id', '=', filter.deviceId);
      if (filter.fulfilment) query = query.where(effectiveFulfilment(filter.fulfilment.now), '=', filter.fulfilment.is);
      if (sort === 'days-left') {
        // Only four-digit-year dates are compared (as devices.runs_out_at does), so an odd forecast cannot fail the list.
        query = query.orderBy(sql`case when s.forecast->>'depletionDate' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' then (s.forecast->>'depletionDate')::timestamptz end`, (ob) => ob.asc().nullsLast()).orderBy('r.created_at');
      } else if (sort === 'newest' || (sort === undefined && filter.deviceId)) {
        query = query.orderBy('r.created_at', 'desc');
      } else {
        query = query.orderBy('r.created_at');
      }
      return query.orderBy('r.id').limit(limit).execute();
    },

    /** How many requests are in each status, in scope and of one device when given (the board's tab counts). */
    async countByStatus(scope: TenantScope, filter: { deviceId?: string } & FulfilmentFilter): Promise<Map<RequestRow['status'], number>> {
      let query = db.selectFrom('consumable_requests as r').select(['r.status', sql<string>`count(*)`.as('n')]).where('r.dealer_id', '=', scope.dealerId);
      if (scope.customerId) query = query.where('r.customer_id', '=', scope.customerId);
      if (filter.deviceId) query = query.where('r.device_id', '=', filter.deviceId);
      if (filter.fulfilment) query = query.where(sql<boolean>`exists (select 1 from devices d where d.id = r.device_id and ${effectiveFulfilment(filter.fulfilment.now)} = ${filter.fulfilment.is})`);
      const rows = await query.groupBy('r.status').execute();
      return new Map(rows.map((r) => [r.status, Number(r.n)]));
    },

    /** One request in scope with its device, customer and supply. */
    async detail(scope: TenantScope, id: string) {
      return withDevice(scope).selectAll('r').select(['d.serial', 'd.model', 'c.name as customer_name', 's.kind', 's.color', 's.part_number', 's.remaining_percent', 's.forecast'])
        .where('r.id', '=', id).executeTakeFirst();
    },

    /** Adds a comment to a request. */
    async addComment(comment: Insertable<DB['request_comments']>): Promise<void> {
      await db.insertInto('request_comments').values(comment).execute();
    },

    /** A request's comments, oldest first. */
    async commentsOf(requestId: string) {
      return db.selectFrom('request_comments').selectAll().where('request_id', '=', requestId).orderBy('seq').limit(1000).execute();
    },

    /** The device a request (of this tenant) is for: what to lock before the request's row. */
    async deviceOfRequest(scope: TenantScope, id: string): Promise<string | null> {
      let query = db.selectFrom('consumable_requests').select('device_id').where('dealer_id', '=', scope.dealerId).where('id', '=', id);
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      return (await query.executeTakeFirst())?.device_id ?? null;
    },

    /** One request, locked until the transaction ends, so concurrent actions apply one at a time. */
    async lockForUpdate(scope: TenantScope, id: string) {
      let query = db.selectFrom('consumable_requests').selectAll().where('dealer_id', '=', scope.dealerId).where('id', '=', id);
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      return query.forUpdate().executeTakeFirst();
    },

    /** Some requests, locked until the transaction ends (lockForUpdate of many, in one statement). */
    async lockManyForUpdate(scope: TenantScope, ids: readonly string[]) {
      if (ids.length === 0) return [];
      let query = db.selectFrom('consumable_requests').selectAll().where('dealer_id', '=', scope.dealerId).where('id', 'in', [...ids]);
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      return query.orderBy('id').forUpdate().execute();
    },

    /** saveStatus of many requests in one statement. */
    async saveStatuses(changes: readonly { id: string; status: RequestRow['status']; externalId: string | null; comment: string | null; statusChangedAt: Date; history: Record<string, unknown>[] }[]): Promise<void> {
      if (changes.length === 0) return;
      const col = <T>(f: (c: (typeof changes)[number]) => T) => changes.map(f);
      await sql`update consumable_requests r set status = u.status, external_id = u.external_id, comment = u.comment, status_changed_at = u.changed_at, history = u.history::jsonb
        from unnest(${col((c) => c.id)}::uuid[], ${col((c) => c.status)}::text[], ${col((c) => c.externalId)}::text[], ${col((c) => c.comment)}::text[],
                    ${col((c) => c.statusChangedAt.toISOString())}::timestamptz[], ${col((c) => JSON.stringify(c.history))}::text[]) as u(id, status, external_id, comment, changed_at, history)
        where r.id = u.id`.execute(db);
    },

    /** Stores a request's new status, comment, external reference and history. */
    async saveStatus(id: string, change: { status: RequestRow['status']; externalId: string | null; comment: string | null; statusChangedAt: Date; history: Record<string, unknown>[] }): Promise<void> {
      await db.updateTable('consumable_requests').set({
        status: change.status, external_id: change.externalId, comment: change.comment, status_changed_at: change.statusChangedAt, history: JSON.stringify(change.history),
      }).where('id', '=', id).execute();
    },

    /** Records a fresh authorization of a request: its rule results and, when it reopens, its new status and the stockout risk it reopens on. */
    async saveAuthorization(id: string, results: { rule: string; passed: boolean; reason: string }[], reopened: { statusChangedAt: Date; history: Record<string, unknown>[]; stockoutRisk: StoredStockoutRisk | null } | null): Promise<void> {
      let query = db.updateTable('consumable_requests').set({ authorization_results: JSON.stringify(results) }).where('id', '=', id).where('status', '=', 'rejected');
      if (reopened) query = query.set({ status: 'outstanding', status_changed_at: reopened.statusChangedAt, history: JSON.stringify(reopened.history), stockout_risk: reopened.stockoutRisk && JSON.stringify(reopened.stockoutRisk) });
      await query.execute();
    },

    /** When a cartridge was last seen going into each supply of a device (`at`), and when a brand-new one last did (`newAt`). */
    async lastInstalls(deviceId: string): Promise<Map<number, { at: Date; newAt: Date | null }>> {
      const rows = await db.selectFrom('cartridge_cycles')
        .select(['supply_index', sql<Date>`max(installed_at)`.as('at'), sql<Date | null>`max(installed_at) filter (where start_kind = 'new')`.as('new_at')])
        .where('device_id', '=', deviceId).where('start_kind', 'in', ['new', 'moved-in']).groupBy('supply_index').execute();
      return new Map(rows.map((r) => [r.supply_index, { at: new Date(r.at), newAt: r.new_at === null ? null : new Date(r.new_at) }]));
    },

    /** Median realized yield of a device's finished cycles per supply: what a cartridge lasts there. */
    async expectedYields(deviceId: string): Promise<Map<number, number>> {
      return (await expectedYieldsOf([deviceId])).get(deviceId)!;
    },

    expectedYieldsOf,
  };
}

export type RequestRepository = ReturnType<typeof createRequestRepository>;
