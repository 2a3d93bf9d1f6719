import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, ScanStationRow, StockUnitStatus } from '../db/schema.js';
import type { PackLine, ScannedUnit } from './scan.js';

/** Units, receipts, scan stations, the scan log and shipments; reads the job module's jobs and lines (never writes them). */
export function createWarehouseRepository(db: Kysely<DB>) {
  // A unit packed into a job that was cancelled since is back on the shelf.
  const effectiveStatus = sql<StockUnitStatus>`case when u.status = 'packed' and j.status = 'cancelled' then 'in-stock' else u.status end`;
  const units = () => db.selectFrom('stock_units as u').innerJoin('stock_items as i', 'i.id', 'u.stock_item_id').leftJoin('supply_jobs as j', 'j.id', 'u.job_id');

  return {
    async insertReceipt(receipt: Insertable<DB['stock_receipts']>): Promise<void> {
      await db.insertInto('stock_receipts').values(receipt).execute();
    },

    async insertUnits(rows: Insertable<DB['stock_units']>[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 1000) await db.insertInto('stock_units').values(rows.slice(i, i + 1000)).execute();
    },

    /** Which of these serials the dealer has registered already. */
    async takenSerials(dealerId: string, serials: readonly string[]): Promise<string[]> {
      if (serials.length === 0) return [];
      return (await db.selectFrom('stock_units').select('serial').where('dealer_id', '=', dealerId).where('serial', 'in', [...serials]).execute()).map((r) => r.serial!);
    },

    /** A receipt with its item and units (by label). */
    async receipt(dealerId: string, id: string) {
      const row = await db.selectFrom('stock_receipts as r').innerJoin('stock_items as i', 'i.id', 'r.stock_item_id').selectAll('r').select(['i.sku', 'i.description'])
        .where('r.dealer_id', '=', dealerId).where('r.id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const list = await db.selectFrom('stock_units').select(['id', 'label', 'serial', 'status']).where('receipt_id', '=', id).orderBy('label').execute();
      return { ...row, units: list };
    },

    /** A unit by its label or its box's serial, as the station sees it. */
    async unitByCode(dealerId: string, code: string): Promise<ScannedUnit | undefined> {
      const row = await units().select(['u.id', 'u.label', 'u.stock_item_id', 'i.sku', 'u.location', effectiveStatus.as('status'), 'j.number'])
        .where('u.dealer_id', '=', dealerId).where((eb) => eb.or([eb('u.label', '=', code), eb('u.serial', '=', code)])).executeTakeFirst();
      return row && { id: row.id, label: row.label, stockItemId: row.stock_item_id, sku: row.sku, location: row.location, status: row.status, jobNumber: row.status === 'in-stock' ? null : row.number };
    },

    /** A unit by id, as the station sees it. */
    async unitById(dealerId: string, id: string): Promise<ScannedUnit | undefined> {
      const row = await units().select(['u.id', 'u.label', 'u.stock_item_id', 'i.sku', 'u.location', effectiveStatus.as('status'), 'j.number'])
        .where('u.dealer_id', '=', dealerId).where('u.id', '=', id).executeTakeFirst();
      return row && { id: row.id, label: row.label, stockItemId: row.stock_item_id, sku: row.sku, location: row.location, status: row.status, jobNumber: row.status === 'in-stock' ? null : row.number };
    },

    /** The SKU a product barcode (GTIN or dealer code) names, for a clearer refusal when one is scanned instead of a unit label. */
    async skuOfBarcode(dealerId: string, code: string): Promise<string | undefined> {
      return (await db.selectFrom('stock_barcodes as b').innerJoin('stock_items as i', 'i.id', 'b.stock_item_id').select('i.sku').where('b.dealer_id', '=', dealerId).where('b.code', '=', code).executeTakeFirst())?.sku;
    },

    /** Counts a labelled unit in (put away at its bin); false when it was not labelled any more (counted in meanwhile). */
    async putAway(id: string, now: Date): Promise<boolean> {
      const rows = await db.updateTable('stock_units').set({ status: 'in-stock', received_at: now }).where('id', '=', id).where('status', '=', 'labelled').returning('id').execute();
      return rows.length === 1;
    },

    /**
     * Packs a unit into a job's box, moving it to `location` (the bin its line is reserved at); false when it is not on
     * the shelf any more (another station packed it first: the row lock makes the second wait and then find it packed).
     */
    async pack(id: string, jobId: string, location: string, userId: string, now: Date): Promise<boolean> {
      const rows = await db.updateTable('stock_units').set({ status: 'packed', job_id: jobId, location, packed_at: now, packed_by: userId }).where('id', '=', id)
        .where((eb) => eb.or([eb('status', '=', 'in-stock'), eb.and([eb('status', '=', 'packed'), eb('job_id', 'in', eb.selectFrom('supply_jobs').select('id').where('status', '=', 'cancelled'))])]))
        .returning('id').execute();
      return rows.length === 1;
    },

    /** A stock level, locked until the transaction ends. */
    async lockLevel(dealerId: string, itemId: string, location: string) {
      return db.selectFrom('stock_levels').selectAll().where('dealer_id', '=', dealerId).where('stock_item_id', '=', itemId).where('location', '=', location).forUpdate().executeTakeFirst();
    },

    /** Adds counted units to an item's stock at a location (a row is made for a new bin); on order is purchasing's to rewrite. */
    async addOnHand(dealerId: string, itemId: string, location: string, units: number): Promise<void> {
      await db.insertInto('stock_levels').values({ dealer_id: dealerId, stock_item_id: itemId, location, on_hand: Math.max(0, units) })
        .onConflict((oc) => oc.columns(['dealer_id', 'stock_item_id', 'location']).doUpdateSet({ on_hand: sql`greatest(0, stock_levels.on_hand + ${units})` })).execute();
    },

    /** How many units of a receipt are counted in (in stock or further), of how many. */
    async receiptProgress(receiptId: string): Promise<{ sku: string; counted: number; quantity: number }> {
      const row = await db.selectFrom('stock_receipts as r').innerJoin('stock_items as i', 'i.id', 'r.stock_item_id')
        .select(['i.sku', 'r.quantity', sql<string>`(select count(*) from stock_units u where u.receipt_id = r.id and u.status <> 'labelled')`.as('counted')])
        .where('r.id', '=', receiptId).executeTakeFirstOrThrow();
      return { sku: row.sku, counted: Number(row.counted), quantity: row.quantity };
    },

    /** The receipt a unit came with. */
    async receiptOf(unitId: string): Promise<string> {
      return (await db.selectFrom('stock_units').select('receipt_id').where('id', '=', unitId).executeTakeFirstOrThrow()).receipt_id;
    },

    /** A dealer's job by its number. */
    async jobByNumber(dealerId: string, number: string) {
      return db.selectFrom('supply_jobs').select(['id', 'number', 'status']).where('dealer_id', '=', dealerId).where('number', '=', number).executeTakeFirst();
    },

    /** A job by id. */
    async jobById(dealerId: string, id: string) {
      return db.selectFrom('supply_jobs').select(['id', 'number', 'status']).where('dealer_id', '=', dealerId).where('id', '=', id).executeTakeFirst();
    },

    /** A job's lines per stock item (required, reserved) with the units in its box, and the bin each item is reserved at. */
    async packLines(jobId: string): Promise<(PackLine & { location: string | null })[]> {
      const lines = await db.selectFrom('supply_job_lines').where('job_id', '=', jobId)
        .select(['stock_item_id', sql<string>`min(sku)`.as('sku'), sql<string>`sum(quantity)`.as('required'),
          sql<string>`coalesce(sum(quantity) filter (where reserved_location is not null), 0)`.as('reserved'), sql<string | null>`min(reserved_location)`.as('location')])
        .groupBy('stock_item_id').orderBy(sql`min(created_at)`).execute();
      const packed = await db.selectFrom('stock_units as u').innerJoin('stock_items as i', 'i.id', 'u.stock_item_id').select(['u.stock_item_id', 'i.sku', sql<string>`count(*)`.as('n')])
        .where('u.job_id', '=', jobId).where('u.status', 'in', ['packed', 'dispatched']).groupBy(['u.stock_item_id', 'i.sku']).execute();
      const result = lines.map((l) => ({ stockItemId: l.stock_item_id, sku: l.sku, required: Number(l.required), reserved: Number(l.reserved), location: l.location, packed: Number(packed.find((p) => p.stock_item_id === l.stock_item_id)?.n ?? 0) }));
      // Anything in the box that no line asks for shows as a line of its own (required 0): the difference must be seen.
      for (const p of packed) if (!lines.some((l) => l.stock_item_id === p.stock_item_id)) result.push({ stockItemId: p.stock_item_id, sku: p.sku, required: 0, reserved: 0, location: null, packed: Number(p.n) });
      return result;
    },

    /** Marks a job's packed units shipped. */
    async shipUnits(jobId: string): Promise<number> {
      return (await db.updateTable('stock_units').set({ status: 'dispatched' }).where('job_id', '=', jobId).where('status', '=', 'packed').returning('id').execute()).length;
    },

    /** A station's state, made when it first scans, locked until the transaction ends (one scan at a time per station). */
    async lockStation(dealerId: string, station: string, now: Date): Promise<ScanStationRow> {
      await db.insertInto('scan_stations').values({ dealer_id: dealerId, station, expecting: 'unit', pending_unit_id: null, job_id: null, last_code: null, updated_at: now })
        .onConflict((oc) => oc.columns(['dealer_id', 'station']).doNothing()).execute();
      return db.selectFrom('scan_stations').selectAll().where('dealer_id', '=', dealerId).where('station', '=', station).forUpdate().executeTakeFirstOrThrow();
    },

    /** A station's state without locking it (what the screen shows when it opens). */
    async station(dealerId: string, station: string): Promise<ScanStationRow | undefined> {
      return db.selectFrom('scan_stations').selectAll().where('dealer_id', '=', dealerId).where('station', '=', station).executeTakeFirst();
    },

    async saveStation(dealerId: string, station: string, state: { expecting: 'unit' | 'order'; pendingUnitId: string | null; jobId: string | null; lastCode: string }, now: Date): Promise<void> {
      await db.updateTable('scan_stations').set({ expecting: state.expecting, pending_unit_id: state.pendingUnitId, job_id: state.jobId, last_code: state.lastCode, updated_at: now })
        .where('dealer_id', '=', dealerId).where('station', '=', station).execute();
    },

    async recordScan(scan: Insertable<DB['warehouse_scans']>): Promise<void> {
      await db.insertInto('warehouse_scans').values(scan).execute();
    },

    async insertShipment(shipment: Insertable<DB['shipments']>): Promise<void> {
      await db.insertInto('shipments').values(shipment).onConflict((oc) => oc.column('job_id').doUpdateSet({
        carrier: shipment.carrier, tracking_number: shipment.tracking_number, dispatched_at: shipment.dispatched_at, dispatched_by: shipment.dispatched_by, delivered_at: null, delivered_by: null,
      })).execute();
    },

    async shipment(jobId: string) {
      return db.selectFrom('shipments').selectAll().where('job_id', '=', jobId).executeTakeFirst();
    },

    /** The dealer's shipments under a tracking number, with their jobs' numbers and statuses. */
    async shipmentsByTracking(dealerId: string, trackingNumber: string) {
      return db.selectFrom('shipments as s').innerJoin('supply_jobs as j', 'j.id', 's.job_id').select(['s.job_id', 's.delivered_at', 's.dispatched_at', 'j.number', 'j.status'])
        .where('s.dealer_id', '=', dealerId).where('s.tracking_number', '=', trackingNumber).orderBy('s.dispatched_at').execute();
    },

    async setDelivered(jobId: string, at: Date, by: string): Promise<void> {
      await db.updateTable('shipments').set({ delivered_at: at, delivered_by: by }).where('job_id', '=', jobId).execute();
    },
  };
}

export type WarehouseRepository = ReturnType<typeof createWarehouseRepository>;
