import { sql, type Kysely } from 'kysely';
import type { TenantScope } from '../auth/index.js';
import type { ContractRow, DB } from '../db/schema.js';

/** The stored fields of a contract. */
export interface ContractFields {
  name: string;
  autoReplenish: boolean;
  validFrom: Date | null;
  validUntil: Date | null;
  coversAllDevices: boolean;
  requestSettings: Record<string, unknown>;
}

/** Contracts, the devices they name, and which contracts cover a device. */
export function createContractRepository(db: Kysely<DB>) {
  const contractsIn = (scope: TenantScope) => {
    let query = db.selectFrom('contracts').where('dealer_id', '=', scope.dealerId);
    if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
    return query;
  };

  /** The contracts covering each of some devices (all its customer's devices, or naming it), in one query. */
  async function coveringEach(dealerId: string, devices: { id: string; customerId: string }[]): Promise<Map<string, ContractRow[]>> {
    const map = new Map<string, ContractRow[]>(devices.map((d) => [d.id, []]));
    if (devices.length === 0) return map;
    const rows = await sql<ContractRow & { for_device: string }>`
      select c.*, d.id as for_device
      from unnest(${devices.map((d) => d.id)}::uuid[], ${devices.map((d) => d.customerId)}::uuid[]) as d(id, customer_id)
      join contracts c on c.dealer_id = ${dealerId} and c.customer_id = d.customer_id
      where c.covers_all_devices or exists (select 1 from contract_devices cd where cd.contract_id = c.id and cd.device_id = d.id)
      order by c.created_at`.execute(db);
    for (const { for_device, ...contract } of rows.rows) map.get(for_device)!.push(contract);
    return map;
  }

  return {
    coveringEach,
    /** Inserts a contract; undefined when the customer already has a contract of that name. */
    async insert(dealerId: string, contract: { id: string; customerId: string } & ContractFields, now: Date): Promise<ContractRow | undefined> {
      return db.insertInto('contracts').values({
        id: contract.id, dealer_id: dealerId, customer_id: contract.customerId, name: contract.name, auto_replenish: contract.autoReplenish,
        valid_from: contract.validFrom, valid_until: contract.validUntil, covers_all_devices: contract.coversAllDevices,
        request_settings: JSON.stringify(contract.requestSettings), created_at: now, updated_at: now,
      }).onConflict((oc) => oc.columns(['dealer_id', 'customer_id', 'name']).doNothing()).returningAll().executeTakeFirst();
    },

    /** Changes a contract's fields. */
    async update(scope: TenantScope, id: string, fields: Partial<ContractFields>, now: Date): Promise<ContractRow | undefined> {
      let query = db.updateTable('contracts').set({ updated_at: now }).where('dealer_id', '=', scope.dealerId).where('id', '=', id);
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      if (fields.name !== undefined) query = query.set({ name: fields.name });
      if (fields.autoReplenish !== undefined) query = query.set({ auto_replenish: fields.autoReplenish });
      if (fields.validFrom !== undefined) query = query.set({ valid_from: fields.validFrom });
      if (fields.validUntil !== undefined) query = query.set({ valid_until: fields.validUntil });
      if (fields.coversAllDevices !== undefined) query = query.set({ covers_all_devices: fields.coversAllDevices });
      if (fields.requestSettings !== undefined) query = query.set({ request_settings: JSON.stringify(fields.requestSettings) });
      return query.returningAll().executeTakeFirst();
    },

    /** Deletes a contract (its device list goes with it); false when there was none in scope. */
    async delete(scope: TenantScope, id: string): Promise<boolean> {
      let query = db.deleteFrom('contracts').where('dealer_id', '=', scope.dealerId).where('id', '=', id);
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      return (await query.executeTakeFirst()).numDeletedRows > 0n;
    },

    /** One contract in scope. */
    async get(scope: TenantScope, id: string): Promise<ContractRow | undefined> {
      return contractsIn(scope).selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Contracts in scope, optionally of one customer, by name. */
    async list(scope: TenantScope, customerId: string | undefined): Promise<ContractRow[]> {
      let query = contractsIn(scope).selectAll();
      if (customerId) query = query.where('customer_id', '=', customerId);
      return query.orderBy('name').orderBy('id').limit(1000).execute();
    },

    /** The devices a contract names (empty for a contract covering all the customer's devices). */
    async devicesOf(contractIds: string[]): Promise<Map<string, string[]>> {
      const map = new Map<string, string[]>(contractIds.map((id) => [id, []]));
      if (contractIds.length === 0) return map;
      const rows = await db.selectFrom('contract_devices').select(['contract_id', 'device_id']).where('contract_id', 'in', contractIds).orderBy('device_id').execute();
      for (const row of rows) map.get(row.contract_id)?.push(row.device_id);
      return map;
    },

    /** Replaces the device list of a contract. */
    async setDevices(dealerId: string, contractId: string, deviceIds: string[]): Promise<void> {
      await db.deleteFrom('contract_devices').where('contract_id', '=', contractId).execute();
      if (deviceIds.length > 0) {
        await db.insertInto('contract_devices').values(deviceIds.map((deviceId) => ({ dealer_id: dealerId, contract_id: contractId, device_id: deviceId }))).execute();
      }
    },

    /** Every contract covering a device, in force or not: the customer's all-devices contracts and those naming it. */
    async covering(dealerId: string, device: { id: string; customerId: string }): Promise<ContractRow[]> {
      return (await coveringEach(dealerId, [device])).get(device.id) ?? [];
    },
  };
}

export type ContractRepository = ReturnType<typeof createContractRepository>;
