import { z } from 'zod';
import type { StockItemRow } from '../db/schema.js';
import { Text, text } from '../http/schemas.js';
import { STOCK_COLUMNS } from './stock-import.js';
import { LIMITS, STOCK_KINDS } from './stock-item.js';
import type { StockItemView } from './stock.service.js';
import type { SupplySuggestion } from './suggestions.js';

const sku = text({ max: LIMITS.sku }).describe('The dealer’s stock-keeping unit, one word, unique in the catalogue');
const skuList = z.array(sku).max(LIMITS.list);

const Substitute = z.union([
  sku,
  z.object({ sku, withoutAsking: z.boolean().default(false).describe('May ship in place of the item without asking the customer') }).strict(),
]);

export const StockItemInput = z.object({
  sku,
  description: text({ max: LIMITS.description }).describe('What the item is, e.g. "HP 59A black toner, 3,000 pages"'),
  kind: z.enum(STOCK_KINDS).describe('The supply kind it is, as printers report supplies'),
  color: text({ max: LIMITS.color }).nullable().default(null).describe('Lower-case colour (black, cyan, magenta, yellow, …); null for none'),
  yieldPages: z.number().int().min(1).max(LIMITS.yieldPages).nullable().default(null).describe('Rated yield in pages (ISO/IEC 19752/19798); null when unknown'),
  partNumbers: z.array(text({ max: LIMITS.partNumber })).max(LIMITS.list).default([])
    .describe('The printer part numbers it fits (CF259A, TN-2410); stored upper case without spaces, as printers report them'),
  barcodes: z.array(text({ max: LIMITS.barcode })).max(LIMITS.list).default([])
    .describe('Its barcodes: GTIN/EAN (check digit verified) or the dealer’s own codes; each names one item'),
  substitutes: z.array(Substitute).max(LIMITS.list).default([])
    .describe('SKUs that may ship in its place, in order of preference: a SKU, or {sku, withoutAsking}'),
}).strict();

const Level = z.object({
  location: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  onOrder: z.number().int(),
  nextExpectedAt: z.iso.datetime().nullable(),
});

export const StockItem = z.object({
  id: z.uuid(),
  sku: z.string(),
  description: z.string(),
  kind: z.enum(STOCK_KINDS),
  color: z.string().nullable(),
  yieldPages: z.number().int().nullable(),
  partNumbers: z.array(z.string()),
  barcodes: z.array(z.object({ code: z.string(), kind: z.enum(['gtin', 'dealer']) })),
  substitutes: z.array(z.object({ sku: z.string(), withoutAsking: z.boolean() })),
  levels: z.array(Level).describe('Stock per location: on hand, reserved by supply jobs, on order (what open purchase orders still expect, at their bin)'),
  leadTimeDays: z.number().int().nullable().describe('The supplier\'s days from order to arrival for this item (PUT /stock-items/{id}/lead-time); null takes the dealer\'s'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const StockItemBrief = z.object({ id: z.uuid(), sku: z.string(), description: z.string(), kind: z.enum(STOCK_KINDS), color: z.string().nullable() });

export const StockListQuery = z.object({
  query: text({ max: 200, min: 0, trim: false }).optional().describe('Matches SKU, description, part number or barcode'),
});

// Models as printers report them: kept exactly, only trimmed.
export const Model = text({ max: 200 }).describe('The printer model exactly as devices report it (devices’ model)');

export const RelatedStockInput = z.object({ model: Model, skus: skuList.describe('The related stock, in order of preference; empty clears it') }).strict();
export const RelatedStock = z.object({ model: z.string(), skus: z.array(z.string()), items: z.array(StockItemBrief) });

export const DefaultStockInput = z.object({ skus: skuList.describe('The contract’s default stock, in order of preference; empty clears it') }).strict();
export const DefaultStock = z.object({ contractId: z.uuid(), skus: z.array(z.string()), items: z.array(StockItemBrief) });

export const Suggestions = z.object({
  model: z.string(),
  supplies: z.array(z.object({
    kind: z.string(),
    color: z.string().nullable(),
    partNumbers: z.array(z.string()).describe('Part numbers the model’s printers name for this supply'),
    devices: z.number().int().describe('Printers of the model reporting it'),
    items: z.array(StockItemBrief.extend({ related: z.boolean().describe('Already in the model’s related stock') })),
  })),
});

export const PrinterModels = z.object({
  items: z.array(z.object({ model: z.string(), devices: z.number().int(), related: z.number().int().describe('Items of related stock') })),
});

export const StockImportQuery = z.object({
  dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').describe('true: check the file and report what would change, without writing anything'),
});

export const StockImportBody = Text.describe(
  `CSV with a header row. Columns: ${STOCK_COLUMNS.join(', ')} (sku, description and kind required; lists separated by ";" or "|"; a substitute ending in "*" may ship without asking).`,
);

export const StockImportResult = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  changed: z.boolean().describe('False when the file matched the catalogue already'),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});

/** An item in brief. */
export function presentBrief(row: StockItemRow): z.infer<typeof StockItemBrief> {
  return { id: row.id, sku: row.sku, description: row.description, kind: row.kind as z.infer<typeof StockItemBrief>['kind'], color: row.color };
}

/** The API shape of a stock item. */
export function presentStockItem({ row, details }: StockItemView): z.infer<typeof StockItem> {
  return {
    ...presentBrief(row),
    yieldPages: row.yield_pages,
    partNumbers: details.partNumbers,
    barcodes: details.barcodes,
    substitutes: details.substitutes.map((s) => ({ sku: s.sku, withoutAsking: s.withoutAsking })),
    levels: details.levels.map((l) => ({ location: l.location, onHand: l.on_hand, reserved: l.reserved, onOrder: l.on_order, nextExpectedAt: l.next_expected_at?.toISOString() ?? null })),
    leadTimeDays: row.lead_time_days ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The API shape of suggestions. */
export function presentSuggestions(model: string, supplies: SupplySuggestion[]): z.infer<typeof Suggestions> {
  return { model, supplies: supplies.map((s) => ({ ...s, items: s.items.map((i) => ({ ...i, kind: i.kind as z.infer<typeof StockItemBrief>['kind'] })) })) };
}
