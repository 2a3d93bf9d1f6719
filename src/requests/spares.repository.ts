import { sql, type Kysely } from 'kysely';
import type { TenantScope } from '../auth/index.js';
import type { DB, StoredForecast } from '../db/schema.js';

/** A cartridge delivered to one of a customer's printers and not yet seen installed, as stored. */
export interface SpareRow {
  requestId: string;
  deviceId: string;
  serial: string | null;
  location: string | null;
  siteId: string | null;
  siteName: string | null;
  sku: string;
  jobNumber: string;
  deliveredAt: Date;
  /** The holding printer's forecast of the supply the spare is for (null before one). */
  forecast: StoredForecast | null;
}

// A customer's fleet rarely holds more spares of one part than this; the suggestions name a few of them.
const MAX_SPARES = 20;

/**
 * Spares on site: the job module's read side for the stockout warning. A spare is a supply-job line of a delivered job
 * whose request is still actioned (its cartridge was not seen installed: loop closure would have completed both), for
 * a printer the customer still has. Reads fulfilment's tables with its own SQL, as the warehouse does.
 */
export function createSpareRepository(db: Kysely<DB>) {
  return {
    /**
     * The spares of one of the part numbers at the customer's printers, oldest delivery first. Only that customer's
     * (and, for a key user, only their own): another customer's cartridge is never offered.
     */
    async onSite(scope: TenantScope, customerId: string, partNumbers: readonly string[]): Promise<SpareRow[]> {
      if (partNumbers.length === 0 || (scope.customerId !== null && scope.customerId !== customerId)) return [];
      const parts = [...new Set(partNumbers)];
      const rows = await db.selectFrom('supply_job_lines as l')
        .innerJoin('supply_jobs as j', 'j.id', 'l.job_id')
        .innerJoin('consumable_requests as r', 'r.id', 'l.request_id')
        .innerJoin('devices as d', 'd.id', 'j.device_id')
        .leftJoin('shipments as sh', 'sh.job_id', 'j.id')
        .leftJoin('sites as st', (join) => join.on('st.id', '=', sql<string>`coalesce(sh.site_id, j.site_id)`))
        .leftJoin('supplies as s', (join) => join.onRef('s.device_id', '=', 'j.device_id').onRef('s.supply_index', '=', 'l.supply_index'))
        .select(['l.request_id', 'j.device_id', 'd.serial', 'd.location', 'st.id as site_id', 'st.name as site_name', 'l.sku', 'j.number', 's.forecast',
          sql<Date>`coalesce(sh.delivered_at, j.status_changed_at)`.as('delivered_at')])
        .where('l.dealer_id', '=', scope.dealerId).where('j.dealer_id', '=', scope.dealerId).where('d.dealer_id', '=', scope.dealerId)
        .where('j.customer_id', '=', customerId).where('d.customer_id', '=', customerId).where('r.customer_id', '=', customerId)
        .where('j.status', '=', 'delivered').where('l.completed_at', 'is', null).where('r.status', '=', 'actioned').where('d.replaced_by', 'is', null)
        // The same part: the line's item fits one of the part numbers, or the holding printer's supply reports one of them.
        .where((eb) => eb.or([
          eb.exists(eb.selectFrom('stock_part_numbers as p').select('p.stock_item_id').whereRef('p.stock_item_id', '=', 'l.stock_item_id')
            .where('p.dealer_id', '=', scope.dealerId).where('p.part_number', 'in', parts)),
          eb('s.part_number', 'in', parts),
        ]))
        .orderBy('delivered_at').orderBy('l.id').limit(MAX_SPARES).execute();
      return rows.map((r) => ({
        requestId: r.request_id, deviceId: r.device_id, serial: r.serial, location: r.location, siteId: r.site_id, siteName: r.site_name,
        sku: r.sku, jobNumber: r.number, deliveredAt: new Date(r.delivered_at), forecast: r.forecast,
      }));
    },
  };
}

export type SpareRepository = ReturnType<typeof createSpareRepository>;
