import { sql, type Kysely } from 'kysely';
import type { DB, StoredForecast } from '../db/schema.js';

/** A purchase order line with what arrived: counted in (scanned in at a bin, or registered by serial) and merely labelled. */
export interface OrderLineRow {
  purchase_order_id: string;
  stock_item_id: string;
  sku: string;
  description: string;
  quantity: number;
  received: number;
  labelled: number;
}

/** A supply whose forecast may run out within a horizon, with what SKU choice and demand read of it. */
export interface DemandRow {
  device_id: string;
  customer_id: string;
  model: string | null;
  supply_index: number;
  kind: string;
  color: string | null;
  part_number: string | null;
  part_numbers: string[];
  forecast: StoredForecast;
  covered: boolean;
}

// Units of an order's receipts of a line's item: counted in (anything but labelled), and labelled (printed, not yet scanned in).
const arrived = (status: 'counted' | 'labelled') => sql<number>`(select count(*)::int from stock_units u join stock_receipts r on r.id = u.receipt_id
  where r.purchase_order_id = l.purchase_order_id and u.stock_item_id = l.stock_item_id and u.status ${status === 'counted' ? sql`<>` : sql`=`} 'labelled')`;

/** Purchase orders and their lines, what open orders still expect, and what purchase suggestions read: forecasts, catalogue, stock. */
export function createPurchasingRepository(db: Kysely<DB>) {
  const lines = () => db.selectFrom('purchase_order_lines as l').innerJoin('stock_items as i', 'i.id', 'l.stock_item_id')
    .select(['l.purchase_order_id', 'l.stock_item_id', 'i.sku', 'i.description', 'l.quantity', arrived('counted').as('received'), arrived('labelled').as('labelled')]);

  return {
    /** Inserts an order; undefined when the dealer has an order with that reference already. */
    async insertOrder(order: { id: string; dealerId: string; supplier: string; reference: string; location: string; expectedAt: Date | null; createdBy: string | null; createdAt: Date }) {
      return db.insertInto('purchase_orders').values({
        id: order.id, dealer_id: order.dealerId, supplier: order.supplier, reference: order.reference, location: order.location, expected_at: order.expectedAt, created_by: order.createdBy, created_at: order.createdAt,
      }).onConflict((oc) => oc.columns(['dealer_id', 'reference']).doNothing()).returningAll().executeTakeFirst();
    },

    async insertLines(dealerId: string, orderId: string, items: { stockItemId: string; quantity: number }[]): Promise<void> {
      await db.insertInto('purchase_order_lines').values(items.map((l, position) => ({ dealer_id: dealerId, purchase_order_id: orderId, stock_item_id: l.stockItemId, quantity: l.quantity, position }))).execute();
    },

    /** One order of the dealer, locked until the transaction ends when `lock` (receipts against it count under the lock). */
    async order(dealerId: string, id: string, lock = false) {
      const query = db.selectFrom('purchase_orders').selectAll().where('dealer_id', '=', dealerId).where('id', '=', id);
      return (lock ? query.forUpdate() : query).executeTakeFirst();
    },

    /** The dealer's orders, newest first (at most `limit`). */
    async orders(dealerId: string, limit: number) {
      return db.selectFrom('purchase_orders').selectAll().where('dealer_id', '=', dealerId).orderBy('created_at', 'desc').orderBy('reference').limit(limit).execute();
    },

    /** The lines of some orders in their position order, each with what arrived. */
    async linesOf(orderIds: readonly string[]): Promise<OrderLineRow[]> {
      if (orderIds.length === 0) return [];
      return lines().where('l.purchase_order_id', 'in', [...orderIds]).orderBy('l.purchase_order_id').orderBy('l.position').execute();
    },

    async cancel(id: string, now: Date): Promise<void> {
      await db.updateTable('purchase_orders').set({ cancelled_at: now }).where('id', '=', id).where('cancelled_at', 'is', null).execute();
    },

    /**
     * Rewrites stock_levels.on_order and next_expected_at of some items from the open orders (at each order's bin; the
     * soonest expected date of an order still expecting some): the job module reads them for a back order's expected date.
     */
    async refreshOnOrder(dealerId: string, itemIds: readonly string[]): Promise<void> {
      if (itemIds.length === 0) return;
      const ids = [...new Set(itemIds)];
      // The item's rows are locked in one order (by item and bin) before any is changed, so two receipts of the item at
      // two bins never wait for each other crosswise. Only rows that show something on order are touched (a free
      // receipt of an item nobody ordered locks no other bin).
      await db.selectFrom('stock_levels').select('location').where('dealer_id', '=', dealerId).where('stock_item_id', 'in', ids)
        .where((eb) => eb.or([eb('on_order', '<>', 0), eb('next_expected_at', 'is not', null)])).orderBy('stock_item_id').orderBy('location').forUpdate().execute();
      await db.updateTable('stock_levels').set({ on_order: 0, next_expected_at: null }).where('dealer_id', '=', dealerId).where('stock_item_id', 'in', ids)
        .where((eb) => eb.or([eb('on_order', '<>', 0), eb('next_expected_at', 'is not', null)])).execute();
      await sql`
        insert into stock_levels (dealer_id, stock_item_id, location, on_order, next_expected_at)
        select ${dealerId}::uuid, stock_item_id, location, sum(outstanding)::int, min(expected_at)
        from (select l.stock_item_id, o.location, o.expected_at, greatest(0, l.quantity - ${arrived('counted')}) as outstanding
              from purchase_order_lines l join purchase_orders o on o.id = l.purchase_order_id
              where o.dealer_id = ${dealerId} and o.cancelled_at is null and l.stock_item_id = any(${ids}::uuid[])) open
        where outstanding > 0
        group by stock_item_id, location
        on conflict (dealer_id, stock_item_id, location) do update set on_order = excluded.on_order, next_expected_at = excluded.next_expected_at`.execute(db);
    },

    /**
     * Supplies of printers still in service whose forecast's early edge (depletion date less the band's low days) falls
     * by `until`, with whether the supply's first cartridge is on a job already (ready, packed, dispatched or delivered,
     * its line not completed: reserved, back-ordered, or on its way).
     */
    async demand(dealerId: string, until: Date): Promise<DemandRow[]> {
      const rows = await sql<DemandRow>`
        select s.device_id, d.customer_id, d.model, s.supply_index, s.kind, s.color, s.part_number, s.part_numbers, s.forecast,
          exists (select 1 from supply_job_lines l join supply_jobs j on j.id = l.job_id
                  where j.dealer_id = ${dealerId} and j.device_id = s.device_id and l.supply_index = s.supply_index and l.completed_at is null
                    and j.status in ('ready','packed','dispatched','delivered')) as covered
        from supplies s join devices d on d.id = s.device_id
        where s.dealer_id = ${dealerId} and d.dealer_id = ${dealerId} and d.replaced_by is null
          and s.forecast is not null and s.forecast->>'depletionDate' is not null and s.forecast->>'daysRemaining' is not null
          and (s.forecast->>'depletionDate')::timestamptz
              - make_interval(secs => greatest(0, (s.forecast->>'daysRemaining')::float8 - coalesce((s.forecast->>'daysRemainingLow')::float8, (s.forecast->>'daysRemaining')::float8)) * 86400)
              <= ${until}`.execute(db);
      return rows.rows;
    },

    /** The dealer's catalogue as SKU choice reads it, with each item's yield and lead time. */
    async catalogue(dealerId: string) {
      const items = await db.selectFrom('stock_items').select(['id', 'sku', 'description', 'kind', 'color', 'yield_pages', 'lead_time_days']).where('dealer_id', '=', dealerId).orderBy('sku').execute();
      const parts = await db.selectFrom('stock_part_numbers').select(['stock_item_id', 'part_number']).where('dealer_id', '=', dealerId).execute();
      const byItem = new Map<string, string[]>();
      for (const p of parts) byItem.set(p.stock_item_id, [...(byItem.get(p.stock_item_id) ?? []), p.part_number]);
      return items.map((i) => ({ ...i, partNumbers: byItem.get(i.id) ?? [] }));
    },

    /** Related stock of the dealer's models and default stock of its contracts, each list in its position order. */
    async stockLists(dealerId: string): Promise<{ related: Map<string, string[]>; contracts: Map<string, string[]> }> {
      const [related, defaults] = await Promise.all([
        db.selectFrom('related_stock').select(['model', 'stock_item_id']).where('dealer_id', '=', dealerId).orderBy('model').orderBy('position').execute(),
        db.selectFrom('contract_default_stock').select(['contract_id', 'stock_item_id']).where('dealer_id', '=', dealerId).orderBy('contract_id').orderBy('position').execute(),
      ]);
      const group = (rows: { key: string; item: string }[]) => rows.reduce((map, r) => map.set(r.key, [...(map.get(r.key) ?? []), r.item]), new Map<string, string[]>());
      return { related: group(related.map((r) => ({ key: r.model, item: r.stock_item_id }))), contracts: group(defaults.map((r) => ({ key: r.contract_id, item: r.stock_item_id }))) };
    },

    /** Per item: on hand, reserved and on order (refreshOnOrder's, from the open orders) over its bins, and units back-ordered on ready jobs. */
    async stockOf(dealerId: string): Promise<Map<string, { onHand: number; reserved: number; onOrder: number; backorders: number }>> {
      const [levels, backorders] = await Promise.all([
        db.selectFrom('stock_levels').select(['stock_item_id', sql<number>`sum(on_hand)::int`.as('on_hand'), sql<number>`sum(reserved)::int`.as('reserved'), sql<number>`sum(on_order)::int`.as('on_order')])
          .where('dealer_id', '=', dealerId).groupBy('stock_item_id').execute(),
        db.selectFrom('supply_job_lines as l').innerJoin('supply_jobs as j', 'j.id', 'l.job_id').select(['l.stock_item_id', sql<number>`sum(l.quantity)::int`.as('n')])
          .where('j.dealer_id', '=', dealerId).where('j.status', '=', 'ready').where('l.backorder', '=', true).where('l.completed_at', 'is', null).groupBy('l.stock_item_id').execute(),
      ]);
      const map = new Map<string, { onHand: number; reserved: number; onOrder: number; backorders: number }>();
      for (const l of levels) map.set(l.stock_item_id, { onHand: l.on_hand, reserved: l.reserved, onOrder: l.on_order, backorders: 0 });
      for (const b of backorders) map.set(b.stock_item_id, { ...(map.get(b.stock_item_id) ?? { onHand: 0, reserved: 0, onOrder: 0 }), backorders: b.n });
      return map;
    },

    async dealerLeadTime(dealerId: string): Promise<number> {
      return (await db.selectFrom('dealers').select('supplier_lead_time_days').where('id', '=', dealerId).executeTakeFirstOrThrow()).supplier_lead_time_days;
    },

    async setDealerLeadTime(dealerId: string, days: number): Promise<void> {
      await db.updateTable('dealers').set({ supplier_lead_time_days: days }).where('id', '=', dealerId).execute();
    },

    /** Sets an item's own lead time (null: the dealer's); false when the dealer has no such item. */
    async setItemLeadTime(dealerId: string, itemId: string, days: number | null): Promise<boolean> {
      return (await db.updateTable('stock_items').set({ lead_time_days: days }).where('dealer_id', '=', dealerId).where('id', '=', itemId).returning('id').execute()).length === 1;
    },
  };
}

export type PurchasingRepository = ReturnType<typeof createPurchasingRepository>;
