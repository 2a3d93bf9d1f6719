import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { LeadTimeSample } from './learn.js';

/** A sample with the site it went to. */
export type SiteLeadTimeSample = LeadTimeSample & { siteId: string };

/**
 * The recorded orders lead times are learned from. Reads the warehouse's shipments and the requests' history (tables
 * other domains write), never writes.
 */
export function createLeadTimeRepository(db: Kysely<DB>) {
  return {
    /**
     * Every order that reached one of a customer's `siteIds` since `since`, in one statement whatever the number of sites:
     * the shipments delivered there (dispatched_at → delivered_at; indexed by dealer, site and delivery time), and the
     * completed requests of the printers standing there that no supply job took — an external ERP's — from their last
     * move to actioned in the history to their completion (the new cartridge seen: the loop closed). The sites must be
     * the caller's customer's (the service checks them); the dealer and customer bound both halves.
     */
    async samplesOfSites(dealerId: string, customerId: string, siteIds: readonly string[], since: Date): Promise<SiteLeadTimeSample[]> {
      if (siteIds.length === 0) return [];
      const ids = sql.join(siteIds.map((id) => sql`${id}::uuid`));
      const { rows } = await sql<{ site_id: string; started_at: Date; ended_at: Date; kind: LeadTimeSample['kind'] }>`
        select s.site_id, s.dispatched_at as started_at, s.delivered_at as ended_at, 'delivery' as kind
          from shipments s
         where s.dealer_id = ${dealerId} and s.site_id in (${ids}) and s.delivered_at >= ${since}
        union all
        select d.site_id, a.actioned_at, r.status_changed_at, 'erp-order'
          from devices d
          join consumable_requests r on r.device_id = d.id and r.status = 'completed' and r.status_changed_at >= ${since}
          cross join lateral (select max((e ->> 'at')::timestamptz) as actioned_at from jsonb_array_elements(r.history) e where e ->> 'to' = 'actioned') a
         where d.dealer_id = ${dealerId} and d.customer_id = ${customerId} and d.site_id in (${ids}) and a.actioned_at is not null
           and not exists (select 1 from supply_job_lines l where l.request_id = r.id)`.execute(db);
      return rows.map((r) => ({ siteId: r.site_id, start: new Date(r.started_at), end: new Date(r.ended_at), kind: r.kind }));
    },
  };
}

export type LeadTimeRepository = ReturnType<typeof createLeadTimeRepository>;
