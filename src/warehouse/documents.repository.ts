import { sql, type Kysely } from 'kysely';
import type { DB, SupplyJobStatus } from '../db/schema.js';

/** A job as its documents show it: number, status, customer, printer, and the delivery site (the printer's, else the job's). */
export interface DocumentJob {
  id: string;
  number: string;
  status: SupplyJobStatus;
  customerName: string;
  deviceSerial: string | null;
  deviceModel: string | null;
  deviceLocation: string | null;
  site: { name: string; address: string | null; postcode: string | null; city: string | null; country: string | null } | null;
}

/** Reads for the warehouse's documents (pick list, packing slip, shipping label) and the discrepancy report; writes nothing. */
export function createWarehouseDocumentsRepository(db: Kysely<DB>) {
  const jobs = (dealerId: string) => db.selectFrom('supply_jobs as j').innerJoin('customers as c', 'c.id', 'j.customer_id').innerJoin('devices as d', 'd.id', 'j.device_id')
    // The delivery goes where the printer stands now; the job's own site is kept for a printer that lost its site since.
    .leftJoin('sites as s', (join) => join.on(sql<boolean>`s.id = coalesce(d.site_id, j.site_id)`))
    .select(['j.id', 'j.number', 'j.status', 'c.name as customer_name', 'd.serial', 'd.model', 'd.location', 's.name as site_name', 's.address', 's.postcode', 's.city', 's.country'])
    .where('j.dealer_id', '=', dealerId);
  type Row = Awaited<ReturnType<ReturnType<typeof jobs>['execute']>>[number];
  const toJob = (r: Row): DocumentJob => ({
    id: r.id, number: r.number, status: r.status, customerName: r.customer_name, deviceSerial: r.serial, deviceModel: r.model, deviceLocation: r.location,
    site: r.site_name === null ? null : { name: r.site_name, address: r.address, postcode: r.postcode, city: r.city, country: r.country },
  });

  return {
    /** Jobs of a dealer for documents: the ones named (any status, so the caller can say why one is not pickable), or every ready job; by number. */
    async jobs(dealerId: string, ids: readonly string[] | null): Promise<DocumentJob[]> {
      let query = jobs(dealerId).orderBy('j.number');
      query = ids === null ? query.where('j.status', '=', 'ready') : query.where('j.id', 'in', ids.length > 0 ? [...ids] : ['00000000-0000-0000-0000-000000000000']);
      return (await query.execute()).map(toJob);
    },

    /** One job of a dealer for its documents. */
    async job(dealerId: string, id: string): Promise<DocumentJob | undefined> {
      const row = await jobs(dealerId).where('j.id', '=', id).executeTakeFirst();
      return row && toJob(row);
    },

    /** The lines of jobs, oldest first: SKU, description, quantity, the bin reserved at, back order and its expected date. */
    async lines(jobIds: readonly string[]) {
      if (jobIds.length === 0) return [];
      return db.selectFrom('supply_job_lines as l').innerJoin('stock_items as i', 'i.id', 'l.stock_item_id')
        .select(['l.job_id', 'l.sku', 'l.description', 'l.quantity', 'l.reserved_location', 'l.backorder', 'l.expected_at'])
        .where('l.job_id', 'in', [...jobIds]).orderBy('l.created_at').orderBy('l.supply_index').execute();
    },

    /** The units scanned into a job's box (packed, or shipped with it): label, box serial, SKU, description; none for a cancelled job. */
    async packedUnits(jobId: string) {
      return db.selectFrom('stock_units as u').innerJoin('stock_items as i', 'i.id', 'u.stock_item_id').innerJoin('supply_jobs as j', 'j.id', 'u.job_id')
        .select(['u.label', 'u.serial', 'u.status', 'u.packed_at', 'i.sku', 'i.description'])
        .where('u.job_id', '=', jobId).where('u.status', 'in', ['packed', 'dispatched']).where('j.status', '<>', 'cancelled')
        .orderBy('i.sku').orderBy('u.label').execute();
    },

    /** A job's shipment (carrier, tracking number, when), once dispatched through /dispatch. */
    async shipment(jobId: string) {
      return db.selectFrom('shipments').select(['carrier', 'tracking_number', 'dispatched_at', 'delivered_at']).where('job_id', '=', jobId).executeTakeFirst();
    },

    /**
     * Per job and SKU of a dealer's jobs from ready on (cancelled and booked ones have nothing in a box): ordered (the
     * lines), packed (units scanned into the box, shipped ones included). Newest status change first, at most `limit` jobs.
     */
    async counts(dealerId: string, limit: number) {
      const recent = db.selectFrom('supply_jobs').select('id').where('dealer_id', '=', dealerId).where('status', 'in', ['ready', 'packed', 'dispatched', 'delivered', 'completed'])
        .orderBy('status_changed_at', 'desc').orderBy('number', 'desc').limit(limit);
      const ordered = db.selectFrom('supply_job_lines').select(['job_id', 'stock_item_id', sql<string>`sum(quantity)`.as('n')]).where('job_id', 'in', recent).groupBy(['job_id', 'stock_item_id']);
      const packed = db.selectFrom('stock_units').select(['job_id', 'stock_item_id', sql<string>`count(*)`.as('n')]).where('job_id', 'in', recent).where('status', 'in', ['packed', 'dispatched']).groupBy(['job_id', 'stock_item_id']);
      const rows = await db.selectFrom(ordered.as('o'))
        .fullJoin(packed.as('p'), (join) => join.onRef('p.job_id', '=', 'o.job_id').onRef('p.stock_item_id', '=', 'o.stock_item_id'))
        .innerJoin('supply_jobs as j', (join) => join.on(sql<boolean>`j.id = coalesce(o.job_id, p.job_id)`))
        .innerJoin('stock_items as i', (join) => join.on(sql<boolean>`i.id = coalesce(o.stock_item_id, p.stock_item_id)`))
        .select(['j.id', 'j.number', 'j.status', 'j.status_changed_at', 'i.sku', sql<string>`coalesce(o.n, 0)`.as('ordered'), sql<string>`coalesce(p.n, 0)`.as('packed')])
        .orderBy('j.status_changed_at', 'desc').orderBy('j.number', 'desc').orderBy('i.sku').execute();
      return rows.map((r) => ({ jobId: r.id, number: r.number, status: r.status, statusChangedAt: r.status_changed_at, sku: r.sku, ordered: Number(r.ordered), packed: Number(r.packed) }));
    },
  };
}

export type WarehouseDocumentsRepository = ReturnType<typeof createWarehouseDocumentsRepository>;
