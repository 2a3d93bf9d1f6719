import { z } from 'zod';
import { text, Timestamp } from '../http/schemas.js';
import { PURCHASE_ORDER_STATUSES } from './purchase-orders.js';
import type { PurchaseSuggestionsView } from './purchasing.service.js';

const Sku = text({ max: 100 }).describe('The stock item\'s SKU, as in the catalogue');
const LeadTimeDays = z.number().int('must be a whole number of days').min(0, 'must be at least 0').max(365, 'must be at most 365');

export const PurchaseOrderBody = z.strictObject({
  supplier: text({ max: 200 }).describe('Who the order is placed with'),
  reference: text({ max: 100 }).describe('The order\'s reference (your PO number); one order per reference'),
  location: text({ max: 40 }).optional().describe('The bin its goods are expected at (what is on order shows there); MAIN unless named'),
  expectedAt: Timestamp.optional().describe('When the supplier said it arrives: a back order waiting for it shows this date'),
  lines: z.array(z.strictObject({
    sku: Sku,
    quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100_000, 'must be at most 100000').describe('Units expected'),
  })).min(1, 'must list at least one line').max(500, 'must list at most 500 lines'),
});

export const PurchaseOrder = z.object({
  id: z.uuid(),
  supplier: z.string(),
  reference: z.string(),
  location: z.string(),
  expectedAt: z.iso.datetime().nullable(),
  status: z.enum(PURCHASE_ORDER_STATUSES).describe('open: nothing arrived; partly-received; received: every line in full; cancelled: expects nothing more. Follows from the units counted in, never typed'),
  createdAt: z.iso.datetime(),
  cancelledAt: z.iso.datetime().nullable(),
  lines: z.array(z.object({
    sku: z.string(), description: z.string(),
    quantity: z.number().int().describe('Units expected'),
    received: z.number().int().describe('Units of its receipts counted in (scanned in at a bin, or registered by serial)'),
    outstanding: z.number().int().describe('Still expected: on order (0 once cancelled)'),
  })),
});

export const PurchaseOrderQuery = z.object({ status: z.enum(PURCHASE_ORDER_STATUSES).optional().describe('Only orders of this status') });
export const PurchaseOrders = z.object({ items: z.array(PurchaseOrder).describe('Newest first, at most 500') });

export const SuggestionQuery = z.object({ weeks: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(26, 'must be at most 26').default(4).describe('The horizon in weeks (default 4)') });

export const PurchaseSuggestions = z.object({
  weeks: z.number().int(),
  from: z.iso.datetime(),
  until: z.iso.datetime(),
  defaultLeadTimeDays: z.number().int().describe('The dealer\'s supplier lead time, for items without their own'),
  unmatchedSupplies: z.number().int().describe('Supplies running out within the horizon that no stock item fits (not counted in any item)'),
  items: z.array(z.object({
    stockItemId: z.uuid(), sku: z.string(), description: z.string(),
    quantity: z.number().int().describe('Units to order: covers the band\'s high demand and the back orders, less what is free and on order; never negative'),
    quantityExpected: z.number().int().describe('Units to order to cover the expected demand only'),
    demand: z.object({ expected: z.number().int(), low: z.number().int(), high: z.number().int() }).describe('Cartridges the fleet\'s forecasts say printers need within the horizon: expected, and at the 10th–90th percentile band\'s late (low) and early (high) edges'),
    printers: z.number().int().describe('Printers whose supply of this item runs out within the horizon'),
    onHand: z.number().int(), reserved: z.number().int(), available: z.number().int().describe('On hand less reserved'),
    onOrder: z.number().int().describe('What open purchase orders still expect'),
    backorders: z.number().int().describe('Units back-ordered on ready jobs: needed now'),
    leadTimeDays: z.number().int().describe('The supplier\'s days from order to arrival: the item\'s, else the dealer\'s'),
    needBy: z.iso.datetime().nullable().describe('When stock first runs short (on the band\'s early dates); null when it does not within the horizon'),
    orderBy: z.iso.datetime().nullable().describe('needBy less the lead time: the last day to order'),
    late: z.boolean().describe('The order-by date has passed: order now, it will arrive after the need'),
  })).describe('Items to order first (earliest order-by), then items whose demand stock covers'),
});

/** Suggestions in the API's shape. */
export function presentSuggestions(view: PurchaseSuggestionsView): z.infer<typeof PurchaseSuggestions> {
  return {
    weeks: view.weeks, from: view.from.toISOString(), until: view.until.toISOString(), defaultLeadTimeDays: view.defaultLeadTimeDays, unmatchedSupplies: view.unmatchedSupplies,
    items: view.items.map((s) => ({ ...s, needBy: s.needBy?.toISOString() ?? null, orderBy: s.orderBy?.toISOString() ?? null })),
  };
}

const cell = (value: string | number | boolean | null) => {
  const text = value === null ? '' : String(value);
  // A cell a spreadsheet would run as a formula is quoted with a leading apostrophe (OWASP CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** Suggestions as CSV, one row per item, for a spreadsheet or a supplier's order form. */
export function suggestionsCsv(view: PurchaseSuggestionsView): string {
  const header = ['sku', 'description', 'quantity', 'quantityExpected', 'demandExpected', 'demandLow', 'demandHigh', 'printers', 'onHand', 'reserved', 'available', 'onOrder', 'backorders', 'leadTimeDays', 'needBy', 'orderBy', 'late'];
  const rows = view.items.map((s) => [s.sku, s.description, s.quantity, s.quantityExpected, s.demand.expected, s.demand.low, s.demand.high, s.printers, s.onHand, s.reserved, s.available, s.onOrder, s.backorders, s.leadTimeDays,
    s.needBy?.toISOString() ?? null, s.orderBy?.toISOString() ?? null, s.late]);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

export const PurchasingSettings = z.object({ supplierLeadTimeDays: LeadTimeDays.describe('Days from a purchase order to its arrival, for items without their own (7 unless set)') });
export const ItemLeadTimeBody = z.strictObject({ leadTimeDays: LeadTimeDays.nullable().describe('This item\'s supplier lead time in days; null takes the dealer\'s') });
export const ItemLeadTime = z.object({ id: z.uuid(), leadTimeDays: z.number().int().nullable(), effectiveLeadTimeDays: z.number().int() });
