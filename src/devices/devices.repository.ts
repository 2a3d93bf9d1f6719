import type { Kysely } from 'kysely';
import type { TenantScope } from '../auth/index.js';
import type { DB, DeviceRow, SupplyRow } from '../db/schema.js';

export interface DeviceFilter {
  serial?: string;
  customerId?: string;
  siteId?: string;
  model?: string;
}

/** Devices (printers) and their current supplies. Every query is bounded by the caller's tenant scope. */
export function createDeviceRepository(db: Kysely<DB>) {
  const devicesIn = (scope: TenantScope) => {
    let query = db.selectFrom('devices').where('dealer_id', '=', scope.dealerId);
    if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
    return query;
  };

  return {
    /** Devices by serial, one page after the cursor's serial (keyset pagination: as fast on page 1000 as on page 1). */
    async list(scope: TenantScope, filter: DeviceFilter, options: { limit: number; afterSerial?: string }): Promise<DeviceRow[]> {
      let query = devicesIn(scope).selectAll();
      if (filter.serial !== undefined) query = query.where('serial', '=', filter.serial);
      if (filter.customerId !== undefined) query = query.where('customer_id', '=', filter.customerId);
      if (filter.siteId !== undefined) query = query.where('site_id', '=', filter.siteId);
      if (filter.model !== undefined) query = query.where('model', '=', filter.model);
      if (options.afterSerial !== undefined) query = query.where('serial', '>', options.afterSerial);
      return query.orderBy('serial').limit(options.limit + 1).execute();
    },

    /** The same page by OFFSET: the common way, kept only as the benchmark's baseline. */
    async listByOffset(scope: TenantScope, options: { limit: number; offset: number }): Promise<DeviceRow[]> {
      return devicesIn(scope).selectAll().orderBy('serial').limit(options.limit).offset(options.offset).execute();
    },

    /** One device in the scope. */
    async get(scope: TenantScope, id: string): Promise<DeviceRow | undefined> {
      return devicesIn(scope).selectAll().where('id', '=', id).executeTakeFirst();
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
