import { sql, type Kysely, type SqlBool } from 'kysely';
import type { TenantScope } from '../auth/index.js';
import { CONSUMABLE_KINDS } from '../forecasting/index.js';
import { DEFAULT_REQUEST_SETTINGS, OPEN_STATUSES } from '../requests/index.js';
import type { DB, DeviceRow, SupplyRow } from '../db/schema.js';

export interface DeviceFilter {
  serial?: string;
  /** Interface address (ifPhysAddress), any case. */
  mac?: string;
  /** Serial prefix, for type-ahead search. */
  q?: string;
  customerId?: string;
  siteId?: string;
  model?: string;
  status?: DeviceStatus;
}

/** Where a page listed soonest first ends: its last device's run-out date (null: among the devices without one) and identity. */
export interface SoonestKey {
  runsOutAt: Date | null;
  identity: string;
}

/** What the fleet dashboard groups devices by, most pressing first. */
export type DeviceStatus = 'replaced' | 'unreachable' | 'ordering' | 'low' | 'healthy';
export const DEVICE_STATUSES = ['replaced', 'unreachable', 'ordering', 'low', 'healthy'] as const satisfies readonly DeviceStatus[];

/** A device not heard from for this long counts as unreachable on the dashboard. */
export const STALE_AFTER_MS = 48 * 3_600_000;

// The dashboard's "low" uses the built-in request settings (upper threshold, lead time + buffer): one
// cheap expression over 100,000 devices instead of resolving every device's settings.
const LOW_PERCENT = DEFAULT_REQUEST_SETTINGS.upperThresholdPercent;
const LOW_DAYS = DEFAULT_REQUEST_SETTINGS.leadTimeDays + DEFAULT_REQUEST_SETTINGS.safetyBufferDays;

/**
 * The status of the device row aliased `d`: replaced (another printer took its place), unreachable (failing polls, silent for two days or never
 * seen), ordering (an open request), low (a toner, ink, drum or developer at or under the default upper
 * threshold, 15 %, or running out within the default lead time and buffer, 9 days), else healthy.
 */
function statusOf(dealerId: string, now: Date, only?: string[]) {
  const staleBefore = new Date(now.getTime() - STALE_AFTER_MS);
  // By the depletion date, not the stored day count: that is as of the last reading, and days left count down from it.
  const lowBefore = new Date(now.getTime() + LOW_DAYS * 86_400_000);
  // Each device set is built once and probed per device (a hashed subplan): cheap over a whole fleet. The soonest
  // depletion date is the device's own runs_out_at (kept with its forecasts, telemetry.repository.ts), not every
  // supply's forecast JSON parsed again: that parse was most of the fleet's status count at 100,000 devices.
  // For a page of devices the sets are narrowed to them, so a device page does not read the fleet.
  const requestsOf = only ? sql`and r.device_id in (${sql.join(only)})` : sql``;
  const suppliesOf = only ? sql`and s.device_id in (${sql.join(only)})` : sql``;
  return sql<DeviceStatus>`case
    when d.replaced_by is not null then 'replaced'
    when d.unreachable_since is not null or d.last_seen_at is null or d.last_seen_at < ${staleBefore} then 'unreachable'
    when d.id in (select r.device_id from consumable_requests r where r.dealer_id = ${dealerId} ${requestsOf} and r.status in (${sql.join(OPEN_STATUSES)})) then 'ordering'
    when d.runs_out_at <= ${lowBefore} then 'low'
    when d.id in (select s.device_id from supplies s where s.dealer_id = ${dealerId} ${suppliesOf} and not s.is_receptacle and s.kind in (${sql.join(CONSUMABLE_KINDS)})
      and (s.state in ('low', 'empty') or s.remaining_percent <= ${LOW_PERCENT})) then 'low'
    else 'healthy' end`;
}

/** Devices (printers) and their current supplies. Every query is bounded by the caller's tenant scope. */
export function createDeviceRepository(db: Kysely<DB>) {
  const devicesIn = (scope: TenantScope) => {
    let query = db.selectFrom('devices').where('dealer_id', '=', scope.dealerId);
    if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
    return query;
  };
  const filtered = (scope: TenantScope, filter: Omit<DeviceFilter, 'status'>) => {
    let query = db.selectFrom('devices as d').where('d.dealer_id', '=', scope.dealerId);
    if (scope.customerId) query = query.where('d.customer_id', '=', scope.customerId);
    if (filter.serial !== undefined) query = query.where('d.serial', '=', filter.serial);
    if (filter.mac !== undefined) query = query.where('d.mac', '=', filter.mac.toLowerCase());
    if (filter.q !== undefined) query = query.where('d.serial', 'like', `${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (filter.customerId !== undefined) query = query.where('d.customer_id', '=', filter.customerId);
    if (filter.siteId !== undefined) query = query.where('d.site_id', '=', filter.siteId);
    if (filter.model !== undefined) query = query.where('d.model', '=', filter.model);
    return query;
  };
  // The filtered devices with every column, narrowed to one dashboard status when the filter names one.
  const matching = (scope: TenantScope, filter: DeviceFilter, now: Date | undefined) => {
    let query = filtered(scope, filter).selectAll('d');
    if (filter.status !== undefined) {
      if (!now) throw new TypeError('Filtering devices by status needs the time.');
      query = query.where(sql<SqlBool>`${statusOf(scope.dealerId, now)} = ${filter.status}`);
    }
    return query;
  };

  return {
    /**
     * Devices by identity (the serial a printer tells, `mac:…` for one that tells none), one page after the
     * cursor's (keyset pagination: as fast on page 1000 as on page 1; identities are unique, serials may be null).
     */
    async list(scope: TenantScope, filter: DeviceFilter, options: { limit: number; afterIdentity?: string; now?: Date }): Promise<DeviceRow[]> {
      let query = matching(scope, filter, options.now);
      if (options.afterIdentity !== undefined) query = query.where('d.identity', '>', options.afterIdentity);
      return query.orderBy('d.identity').limit(options.limit + 1).execute();
    },

    /**
     * Devices soonest run-out first (devices.runs_out_at, then identity), those without a date last, one page
     * after `after` (the last row of the page before). Two index-ordered reads at most — the dated devices by
     * (runs_out_at, identity), then the undated by identity — so a deep page costs what the first does.
     */
    async listSoonest(scope: TenantScope, filter: DeviceFilter, options: { limit: number; after?: SoonestKey; now?: Date }): Promise<DeviceRow[]> {
      const { after, limit } = options;
      const rows: DeviceRow[] = [];
      if (!after || after.runsOutAt !== null) {
        let query = matching(scope, filter, options.now).where('d.runs_out_at', 'is not', null);
        if (after) query = query.where(sql<SqlBool>`(d.runs_out_at, d.identity) > (${after.runsOutAt!.toISOString()}::timestamptz, ${after.identity}::text)`);
        rows.push(...await query.orderBy('d.runs_out_at').orderBy('d.identity').limit(limit + 1).execute());
      }
      if (rows.length <= limit) {
        let query = matching(scope, filter, options.now).where('d.runs_out_at', 'is', null);
        if (after?.runsOutAt === null) query = query.where('d.identity', '>', after.identity);
        rows.push(...await query.orderBy('d.identity').limit(limit + 1 - rows.length).execute());
      }
      return rows;
    },

    /** The names of some sites of a dealer, by id. */
    async siteNames(dealerId: string, siteIds: string[]): Promise<Map<string, string>> {
      if (siteIds.length === 0) return new Map();
      const rows = await db.selectFrom('sites').select(['id', 'name']).where('dealer_id', '=', dealerId).where('id', 'in', [...new Set(siteIds)]).execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    /** Sets (or, with null, clears) the site of a device in the scope and where in it it stands; returns the device, or undefined when it is not in scope. */
    async setLocation(scope: TenantScope, id: string, location: string | null, siteId: string | null, now: Date): Promise<DeviceRow | undefined> {
      let query = db.updateTable('devices').set({ location, site_id: siteId, updated_at: now }).where('dealer_id', '=', scope.dealerId).where('id', '=', id);
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      return query.returningAll().executeTakeFirst();
    },

    /** The dashboard status of some devices. */
    async statuses(dealerId: string, ids: string[], now: Date): Promise<Map<string, DeviceStatus>> {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('devices as d').select(['d.id', statusOf(dealerId, now, ids).as('status')]).where('d.dealer_id', '=', dealerId).where('d.id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r.status]));
    },

    /** How many devices (matching the filter) are in each status. */
    async countByStatus(scope: TenantScope, filter: Omit<DeviceFilter, 'status'>, now: Date): Promise<Record<DeviceStatus, number>> {
      const rows = await db.selectFrom(filtered(scope, filter).select(statusOf(scope.dealerId, now).as('status')).as('x'))
        .select(['x.status', sql<string>`count(*)`.as('n')]).groupBy('x.status').execute();
      const counts = Object.fromEntries(DEVICE_STATUSES.map((s) => [s, 0])) as Record<DeviceStatus, number>;
      for (const row of rows) counts[row.status] = Number(row.n);
      return counts;
    },

    /** Asks for a fresh reading of a device; false when it is not in scope. */
    async requestRefresh(scope: TenantScope, id: string, now: Date): Promise<boolean> {
      let query = db.updateTable('devices').set({ refresh_requested_at: now }).where('dealer_id', '=', scope.dealerId).where('id', '=', id);
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      return (await query.executeTakeFirst()).numUpdatedRows > 0n;
    },

    /** Where a collector should read again now: its customer's devices with a refresh asked for after their last reading. */
    async refreshTargets(dealerId: string, customerId: string): Promise<string[]> {
      const rows = await db.selectFrom('devices').select('last_target').where('dealer_id', '=', dealerId).where('customer_id', '=', customerId)
        .where('refresh_requested_at', 'is not', null).where('last_target', 'is not', null)
        .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', eb.ref('refresh_requested_at'))])).limit(500).execute();
      return rows.map((r) => r.last_target!);
    },

    /** The distinct models of the devices in scope, for the dashboard's filter. */
    async models(scope: TenantScope): Promise<string[]> {
      const rows = await devicesIn(scope).select('model').distinct().where('model', 'is not', null).orderBy('model').limit(500).execute();
      return rows.map((r) => r.model!);
    },

    /** The same page by OFFSET: the common way, kept only as the benchmark's baseline. */
    async listByOffset(scope: TenantScope, options: { limit: number; offset: number }): Promise<DeviceRow[]> {
      return devicesIn(scope).selectAll().orderBy('identity').limit(options.limit).offset(options.offset).execute();
    },

    /** One device in the scope. */
    async get(scope: TenantScope, id: string): Promise<DeviceRow | undefined> {
      return devicesIn(scope).selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Some devices in scope by id (one query, however many ids). */
    async getMany(scope: TenantScope, ids: readonly string[]): Promise<DeviceRow[]> {
      if (ids.length === 0) return [];
      return devicesIn(scope).selectAll().where('id', 'in', [...ids]).execute();
    },

    /** Which of these ids name devices the caller may see, of one customer (one query, however many ids). */
    async idsOfCustomer(scope: TenantScope, customerId: string, ids: string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await devicesIn(scope).select('id').where('customer_id', '=', customerId).where('id', 'in', ids).execute();
      return new Set(rows.map((r) => r.id));
    },

    /** The current supplies of some devices of one dealer, by device then supply index. */
    async suppliesOf(dealerId: string, deviceIds: string[]): Promise<SupplyRow[]> {
      if (deviceIds.length === 0) return [];
      return db
        .selectFrom('supplies')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('device_id', 'in', deviceIds)
        .orderBy('device_id')
        .orderBy('supply_index')
        .execute();
    },

    /**
     * Sets the serial of a printer that tells none, as entered by hand; its readings still match it by MAC.
     * Only for a device in the scope that has no serial of its own; returns the device, or undefined.
     */
    async setSerialByHand(scope: TenantScope, id: string, serial: string, now: Date): Promise<DeviceRow | undefined> {
      let query = db.updateTable('devices').set({ serial, serial_by_hand: true, updated_at: now })
        .where('dealer_id', '=', scope.dealerId).where('id', '=', id).where((eb) => eb.or([eb('serial', 'is', null), eb('serial_by_hand', '=', true)]));
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      return query.returningAll().executeTakeFirst();
    },

    /** The dealer's device with this serial in any case (readings' serials are upper-cased, registered ones are kept as typed), if any. */
    async bySerial(dealerId: string, serial: string): Promise<DeviceRow | undefined> {
      return db.selectFrom('devices').selectAll().where('dealer_id', '=', dealerId).where(sql`upper(serial)`, '=', serial.toUpperCase()).executeTakeFirst();
    },

    /** Inserts a device; undefined when the dealer already has one with that serial. */
    async insert(dealerId: string, device: { id: string; customerId: string; siteId: string | null; serial: string; model: string | null }, now: Date): Promise<DeviceRow | undefined> {
      return db
        .insertInto('devices')
        .values({ id: device.id, dealer_id: dealerId, customer_id: device.customerId, site_id: device.siteId, serial: device.serial, model: device.model, created_at: now, updated_at: now })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
    },

    /**
     * Creates or updates a device by serial within a dealer (the serial is the asset's identity).
     * Returns the row and whether it was new.
     */
    async upsertBySerial(
      dealerId: string,
      device: { id: string; customerId: string; siteId: string | null; serial: string; model: string | null },
      now: Date,
    ): Promise<DeviceRow> {
      return db
        .insertInto('devices')
        .values({
          id: device.id, dealer_id: dealerId, customer_id: device.customerId, site_id: device.siteId, serial: device.serial,
          model: device.model, created_at: now, updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['dealer_id', 'serial']).doUpdateSet((eb) => ({
            customer_id: eb.ref('excluded.customer_id'),
            site_id: eb.ref('excluded.site_id'),
            model: eb.fn.coalesce('excluded.model', 'devices.model'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
    },
  };
}

export type DeviceRepository = ReturnType<typeof createDeviceRepository>;
