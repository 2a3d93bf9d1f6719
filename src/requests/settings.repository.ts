import { sql, type Kysely, type SqlBool } from 'kysely';
import type { TenantScope } from '../auth/index.js';
import type { DB } from '../db/schema.js';

/** The request-setting overrides stored on dealers, customers and devices (contracts keep theirs on the contract row). */
export function createSettingsRepository(db: Kysely<DB>) {
  return {
    /** The dealer-wide overrides. */
    async ofDealer(dealerId: string): Promise<Record<string, unknown>> {
      const row = await db.selectFrom('dealers').select('request_settings').where('id', '=', dealerId).executeTakeFirst();
      return row?.request_settings ?? {};
    },

    /** Replaces the dealer-wide overrides. */
    async setDealer(dealerId: string, overrides: Record<string, unknown>): Promise<void> {
      await db.updateTable('dealers').set({ request_settings: JSON.stringify(overrides) }).where('id', '=', dealerId).execute();
    },

    /** The overrides of some customers of a dealer, by customer id (one query). */
    async ofCustomers(dealerId: string, customerIds: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
      if (customerIds.length === 0) return new Map();
      const rows = await db.selectFrom('customers').select(['id', 'request_settings']).where('dealer_id', '=', dealerId).where('id', 'in', [...customerIds]).execute();
      return new Map(rows.map((r) => [r.id, r.request_settings]));
    },

    /** A customer's overrides; undefined when the customer is not in scope. */
    async ofCustomer(scope: TenantScope, customerId: string): Promise<Record<string, unknown> | undefined> {
      let query = db.selectFrom('customers').select('request_settings').where('dealer_id', '=', scope.dealerId).where('id', '=', customerId);
      if (scope.customerId) query = query.where('id', '=', scope.customerId);
      return (await query.executeTakeFirst())?.request_settings;
    },

    /** Replaces a customer's overrides; false when the customer is not in scope. */
    async setCustomer(scope: TenantScope, customerId: string, overrides: Record<string, unknown>, now: Date): Promise<boolean> {
      let query = db.updateTable('customers').set({ request_settings: JSON.stringify(overrides), updated_at: now }).where('dealer_id', '=', scope.dealerId).where('id', '=', customerId);
      if (scope.customerId) query = query.where('id', '=', scope.customerId);
      return (await query.executeTakeFirst()).numUpdatedRows > 0n;
    },

    /** What a change at a level could contradict, the dealer's or one customer's: the customers, contracts and devices below it with overrides of their own. */
    async overriddenBelow(dealerId: string, customerId: string | null) {
      const hasOwn = sql<SqlBool>`request_settings <> '{}'::jsonb`;
      let customers = db.selectFrom('customers').select(['id', 'name', 'request_settings']).where('dealer_id', '=', dealerId).where(hasOwn);
      let contracts = db.selectFrom('contracts').select(['id', 'name', 'customer_id', 'request_settings']).where('dealer_id', '=', dealerId).where(hasOwn);
      let devices = db.selectFrom('devices').select(['id', 'serial', 'customer_id', 'request_settings']).where('dealer_id', '=', dealerId).where(hasOwn);
      if (customerId) {
        customers = customers.where('id', '=', customerId);
        contracts = contracts.where('customer_id', '=', customerId);
        devices = devices.where('customer_id', '=', customerId);
      }
      return { customers: await customers.execute(), contracts: await contracts.execute(), devices: await devices.execute() };
    },

    /** Replaces a device's overrides; false when the device is not in scope. */
    async setDevice(scope: TenantScope, deviceId: string, overrides: Record<string, unknown>, now: Date): Promise<boolean> {
      let query = db.updateTable('devices').set({ request_settings: JSON.stringify(overrides), updated_at: now }).where('dealer_id', '=', scope.dealerId).where('id', '=', deviceId);
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      return (await query.executeTakeFirst()).numUpdatedRows > 0n;
    },
  };
}

export type SettingsRepository = ReturnType<typeof createSettingsRepository>;
