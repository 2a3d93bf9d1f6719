import { sql, type Kysely } from 'kysely';
import type { TenantScope } from '../auth/index.js';
import type { DB } from '../db/schema.js';

/** A row of cycle statistics for one group (a model, a customer, a part number). */
export interface CycleStats {
  key: string;
  label: string | null;
  devices: number;
  closedCycles: number;
  earlySwaps: number;
  medianRealizedYield: number | null;
  meanResidualAtSwapPercent: number | null;
  /** Toner thrown away: residual at swap summed over closed cycles, as a share of the cartridges used. */
  wastedShare: number | null;
}

/** Aggregations over devices and cartridge cycles, within a tenant scope. */
export function createFleetRepository(db: Kysely<DB>) {
  const cyclesIn = (scope: TenantScope) => {
    let query = db.selectFrom('cartridge_cycles as c').innerJoin('devices as d', 'd.id', 'c.device_id').where('c.dealer_id', '=', scope.dealerId);
    if (scope.customerId) query = query.where('d.customer_id', '=', scope.customerId);
    return query;
  };
  const stats = (group: 'model' | 'customer' | 'part') => async (scope: TenantScope, customerId: string | undefined): Promise<CycleStats[]> => {
    let query = cyclesIn(scope).leftJoin('customers as cu', 'cu.id', 'd.customer_id');
    if (customerId) query = query.where('d.customer_id', '=', customerId);
    const key = group === 'model' ? sql<string>`coalesce(d.model, 'unknown model')` : group === 'customer' ? sql<string>`d.customer_id::text` : sql<string>`coalesce(c.part_number, 'unknown part')`;
    const label = group === 'customer' ? sql<string | null>`max(cu.name)` : sql<string | null>`null`;
    const rows = await query
      .select([
        key.as('key'), label.as('label'),
        sql<number>`count(distinct c.device_id)::int`.as('devices'),
        sql<number>`count(*) filter (where c.end_kind <> 'open')::int`.as('closed_cycles'),
        sql<number>`count(*) filter (where c.end_kind = 'swapped')::int`.as('early_swaps'),
        sql<number | null>`percentile_cont(0.5) within group (order by c.realized_yield) filter (where c.end_kind <> 'open' and c.realized_yield is not null)`.as('median_yield'),
        sql<number | null>`avg(c.residual_percent) filter (where c.end_kind = 'swapped')`.as('mean_residual'),
        sql<number | null>`sum(c.residual_percent) filter (where c.end_kind <> 'open') / nullif(100.0 * count(*) filter (where c.end_kind <> 'open'), 0)`.as('wasted'),
      ])
      .groupBy(key)
      .orderBy(key)
      .execute();
    return rows.map((r) => ({
      key: r.key, label: r.label, devices: r.devices, closedCycles: r.closed_cycles, earlySwaps: r.early_swaps,
      medianRealizedYield: r.median_yield === null ? null : Math.round(Number(r.median_yield)),
      meanResidualAtSwapPercent: r.mean_residual === null ? null : Math.round(Number(r.mean_residual) * 10) / 10,
      wastedShare: r.wasted === null ? null : Math.round(Number(r.wasted) * 1000) / 1000,
    }));
  };

  return {
    /** Cycle statistics per printer model. */
    byModel: stats('model'),
    /** Cycle statistics per customer. */
    byCustomer: stats('customer'),
    /** Realized yield and waste per cartridge part number. */
    byPartNumber: stats('part'),

    /** Devices that stopped reporting: not seen since `before`, or marked unreachable; not the ones another printer replaced. */
    async silentDevices(scope: TenantScope, customerId: string | undefined, before: Date, limit: number) {
      let query = db.selectFrom('devices').select(['id', 'serial', 'model', 'customer_id', 'last_seen_at', 'unreachable_since', 'last_error'])
        .where('dealer_id', '=', scope.dealerId).where('replaced_by', 'is', null)
        .where((eb) => eb.or([eb('last_seen_at', '<', before), eb('unreachable_since', 'is not', null)]));
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      if (customerId) query = query.where('customer_id', '=', customerId);
      return query.orderBy('last_seen_at').limit(limit).execute();
    },
  };
}

export type FleetRepository = ReturnType<typeof createFleetRepository>;
