import { sql, type Kysely } from 'kysely';
import type { DB, StockItemRow, StockLevelRow } from '../db/schema.js';
import type { StockItemDraft } from './stock-item.js';
import type { ModelSupply, StockItemBrief } from './suggestions.js';

/** What is stored beside an item: its part numbers, barcodes, substitutes (by SKU) and stock levels. */
export interface StockItemDetails {
  partNumbers: string[];
  barcodes: { code: string; kind: 'gtin' | 'dealer' }[];
  substitutes: { id: string; sku: string; withoutAsking: boolean }[];
  levels: StockLevelRow[];
}

type ItemFields = Pick<StockItemDraft, 'sku' | 'description' | 'kind' | 'color' | 'yieldPages'>;

// Rows per statement: well under PostgreSQL's 65,535 bind parameters at nine columns a row.
const CHUNK = 1000;
function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;
const brief = (row: StockItemRow): StockItemBrief => ({ id: row.id, sku: row.sku, description: row.description, kind: row.kind, color: row.color });

/** The stock catalogue's SQL: items and what hangs off them, related stock per model, contract default stock. */
export function createStockRepository(db: Kysely<DB>) {
  const items = (dealerId: string) => db.selectFrom('stock_items').where('dealer_id', '=', dealerId);

  return {
    /** Inserts an item; undefined when the dealer already has its SKU. */
    async insertItem(dealerId: string, id: string, fields: ItemFields, now: Date): Promise<StockItemRow | undefined> {
      return db.insertInto('stock_items').values({
        id, dealer_id: dealerId, sku: fields.sku, description: fields.description, kind: fields.kind, color: fields.color, yield_pages: fields.yieldPages, created_at: now, updated_at: now,
      }).onConflict((oc) => oc.columns(['dealer_id', 'sku']).doNothing()).returningAll().executeTakeFirst();
    },

    /** Replaces an item's own fields. */
    async updateItem(dealerId: string, id: string, fields: ItemFields, now: Date): Promise<StockItemRow | undefined> {
      return db.updateTable('stock_items').set({ sku: fields.sku, description: fields.description, kind: fields.kind, color: fields.color, yield_pages: fields.yieldPages, updated_at: now })
        .where('dealer_id', '=', dealerId).where('id', '=', id).returningAll().executeTakeFirst();
    },

    /** One item of the dealer. */
    async getItem(dealerId: string, id: string): Promise<StockItemRow | undefined> {
      return items(dealerId).selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** The dealer's items with these SKUs (exactly as written). */
    async itemsBySku(dealerId: string, skus: readonly string[]): Promise<StockItemRow[]> {
      if (skus.length === 0) return [];
      return items(dealerId).selectAll().where('sku', 'in', [...skus]).execute();
    },

    /**
     * A page of items by SKU; `query` matches SKU or description (any part, any case), a part number (any part,
     * in the stored form) or a barcode (exactly, as scanned).
     */
    async list(dealerId: string, options: { limit: number; afterSku?: string; query?: { text: string; partNumber: string | null; barcode: string } }): Promise<StockItemRow[]> {
      let query = items(dealerId).selectAll('stock_items');
      if (options.afterSku !== undefined) query = query.where('sku', '>', options.afterSku);
      const q = options.query;
      if (q) {
        query = query.where((eb) => eb.or([
          eb('sku', 'ilike', likePattern(q.text)),
          eb('description', 'ilike', likePattern(q.text)),
          eb.exists(eb.selectFrom('stock_barcodes as b').select(sql`1`.as('one')).whereRef('b.stock_item_id', '=', 'stock_items.id').where('b.dealer_id', '=', dealerId).where('b.code', '=', q.barcode)),
          ...(q.partNumber === null ? [] : [eb.exists(eb.selectFrom('stock_part_numbers as p').select(sql`1`.as('one')).whereRef('p.stock_item_id', '=', 'stock_items.id').where('p.dealer_id', '=', dealerId).where('p.part_number', 'like', likePattern(q.partNumber)))]),
        ]));
      }
      return query.orderBy('sku').limit(options.limit + 1).execute();
    },

    /** Part numbers, barcodes, substitutes and levels of some items, in four queries. */
    async detailsOf(dealerId: string, itemIds: string[]): Promise<Map<string, StockItemDetails>> {
      const map = new Map<string, StockItemDetails>(itemIds.map((id) => [id, { partNumbers: [], barcodes: [], substitutes: [], levels: [] }]));
      if (itemIds.length === 0) return map;
      const [parts, codes, subs, levels] = await Promise.all([
        db.selectFrom('stock_part_numbers').select(['stock_item_id', 'part_number']).where('dealer_id', '=', dealerId).where('stock_item_id', 'in', itemIds).orderBy('part_number').execute(),
        db.selectFrom('stock_barcodes').select(['stock_item_id', 'code', 'kind']).where('dealer_id', '=', dealerId).where('stock_item_id', 'in', itemIds).orderBy('code').execute(),
        db.selectFrom('stock_substitutes as s').innerJoin('stock_items as i', 'i.id', 's.substitute_id').select(['s.stock_item_id', 'i.id', 'i.sku', 's.without_asking'])
          .where('s.dealer_id', '=', dealerId).where('s.stock_item_id', 'in', itemIds).orderBy('s.position').execute(),
        db.selectFrom('stock_levels').selectAll().where('dealer_id', '=', dealerId).where('stock_item_id', 'in', itemIds).orderBy('location').execute(),
      ]);
      for (const p of parts) map.get(p.stock_item_id)?.partNumbers.push(p.part_number);
      for (const c of codes) map.get(c.stock_item_id)?.barcodes.push({ code: c.code, kind: c.kind });
      for (const s of subs) map.get(s.stock_item_id)?.substitutes.push({ id: s.id, sku: s.sku, withoutAsking: s.without_asking });
      for (const l of levels) map.get(l.stock_item_id)?.levels.push(l);
      return map;
    },

    /** Inserts new items in bulk (a catalogue import). */
    async insertItems(dealerId: string, rows: ({ id: string } & ItemFields)[], now: Date): Promise<void> {
      for (const chunk of chunks(rows)) {
        await db.insertInto('stock_items').values(chunk.map((f) => ({
          id: f.id, dealer_id: dealerId, sku: f.sku, description: f.description, kind: f.kind, color: f.color, yield_pages: f.yieldPages, created_at: now, updated_at: now,
        }))).execute();
      }
    },

    /**
     * Replaces the part numbers, barcodes and substitutes of some items. Barcodes of all of them are removed before
     * any is inserted, so a code moving from one item to another in the same import does not collide with itself.
     */
    async replaceDetails(dealerId: string, entries: { itemId: string; partNumbers: string[]; barcodes: StockItemDraft['barcodes']; substitutes: { id: string; withoutAsking: boolean }[] }[]): Promise<void> {
      for (const chunk of chunks(entries.map((e) => e.itemId))) {
        await db.deleteFrom('stock_part_numbers').where('dealer_id', '=', dealerId).where('stock_item_id', 'in', chunk).execute();
        await db.deleteFrom('stock_barcodes').where('dealer_id', '=', dealerId).where('stock_item_id', 'in', chunk).execute();
        await db.deleteFrom('stock_substitutes').where('dealer_id', '=', dealerId).where('stock_item_id', 'in', chunk).execute();
      }
      const parts = entries.flatMap((e) => e.partNumbers.map((part_number) => ({ dealer_id: dealerId, part_number, stock_item_id: e.itemId })));
      const codes = entries.flatMap((e) => e.barcodes.map((b) => ({ dealer_id: dealerId, code: b.code, kind: b.kind, stock_item_id: e.itemId })));
      const subs = entries.flatMap((e) => e.substitutes.map((s, position) => ({ dealer_id: dealerId, stock_item_id: e.itemId, substitute_id: s.id, without_asking: s.withoutAsking, position })));
      for (const chunk of chunks(parts)) await db.insertInto('stock_part_numbers').values(chunk).execute();
      for (const chunk of chunks(codes)) await db.insertInto('stock_barcodes').values(chunk).execute();
      for (const chunk of chunks(subs)) await db.insertInto('stock_substitutes').values(chunk).execute();
    },

    /** Which items hold these barcodes, with their SKUs. */
    async barcodeOwners(dealerId: string, codes: readonly string[]): Promise<{ code: string; itemId: string; sku: string }[]> {
      if (codes.length === 0) return [];
      return db.selectFrom('stock_barcodes as b').innerJoin('stock_items as i', 'i.id', 'b.stock_item_id').select(['b.code', 'i.id as itemId', 'i.sku'])
        .where('b.dealer_id', '=', dealerId).where('b.code', 'in', [...codes]).execute();
    },

    /** The related stock of a model, in its order. */
    async relatedOf(dealerId: string, model: string): Promise<StockItemRow[]> {
      return db.selectFrom('related_stock as r').innerJoin('stock_items as i', 'i.id', 'r.stock_item_id').selectAll('i')
        .where('r.dealer_id', '=', dealerId).where('r.model', '=', model).orderBy('r.position').execute();
    },

    /** Replaces the related stock of a model. */
    async setRelated(dealerId: string, model: string, itemIds: string[]): Promise<void> {
      await db.deleteFrom('related_stock').where('dealer_id', '=', dealerId).where('model', '=', model).execute();
      if (itemIds.length > 0) await db.insertInto('related_stock').values(itemIds.map((id, position) => ({ dealer_id: dealerId, model, stock_item_id: id, position }))).execute();
    },

    /** The default stock of a contract, in its order. */
    async defaultStockOf(dealerId: string, contractId: string): Promise<StockItemRow[]> {
      return db.selectFrom('contract_default_stock as c').innerJoin('stock_items as i', 'i.id', 'c.stock_item_id').selectAll('i')
        .where('c.dealer_id', '=', dealerId).where('c.contract_id', '=', contractId).orderBy('c.position').execute();
    },

    /** Replaces the default stock of a contract. */
    async setDefaultStock(dealerId: string, contractId: string, itemIds: string[]): Promise<void> {
      await db.deleteFrom('contract_default_stock').where('dealer_id', '=', dealerId).where('contract_id', '=', contractId).execute();
      if (itemIds.length > 0) await db.insertInto('contract_default_stock').values(itemIds.map((id, position) => ({ dealer_id: dealerId, contract_id: contractId, stock_item_id: id, position }))).execute();
    },

    /** The printer models of the dealer's devices, with how many printers and how many related items each has. */
    async models(dealerId: string): Promise<{ model: string; devices: number; related: number }[]> {
      const rows = await sql<{ model: string; devices: number; related: number }>`
        select m.model, m.devices, (select count(*)::int from related_stock r where r.dealer_id = ${dealerId} and r.model = m.model) as related
        from (select model, count(*)::int as devices from devices where dealer_id = ${dealerId} and model is not null group by model) m
        union all
        select r.model, 0, count(*)::int from related_stock r
        where r.dealer_id = ${dealerId} and not exists (select 1 from devices d where d.dealer_id = ${dealerId} and d.model = r.model)
        group by r.model
        order by 1
        limit 2000`.execute(db);
      return rows.rows;
    },

    /** The supplies printers of a model report, by kind and colour, with every part number they name. */
    async modelSupplies(dealerId: string, model: string): Promise<ModelSupply[]> {
      const rows = await sql<{ kind: string; color: string | null; devices: number; part_numbers: string[] | null }>`
        select s.kind, s.color, count(distinct s.device_id)::int as devices,
               array_remove(array_agg(distinct pn.value), null) as part_numbers
        from devices d
        join supplies s on s.device_id = d.id and s.dealer_id = d.dealer_id
        left join lateral unnest(array_append(s.part_numbers, s.part_number)) as pn(value) on true
        where d.dealer_id = ${dealerId} and d.model = ${model}
        group by s.kind, s.color`.execute(db);
      return rows.rows.map((r) => ({ kind: r.kind, color: r.color, devices: r.devices, partNumbers: r.part_numbers ?? [] }));
    },

    /** The dealer's items carrying any of these part numbers, once per part number they carry. */
    async itemsWithPartNumbers(dealerId: string, partNumbers: readonly string[]): Promise<{ partNumber: string; item: StockItemBrief }[]> {
      if (partNumbers.length === 0) return [];
      const rows = await db.selectFrom('stock_part_numbers as p').innerJoin('stock_items as i', 'i.id', 'p.stock_item_id').selectAll('i').select('p.part_number')
        .where('p.dealer_id', '=', dealerId).where('p.part_number', 'in', [...partNumbers]).execute();
      return rows.map(({ part_number, ...row }) => ({ partNumber: part_number, item: brief(row) }));
    },
  };
}

export type StockRepository = ReturnType<typeof createStockRepository>;
