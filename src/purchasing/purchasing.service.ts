import { randomUUID } from 'node:crypto';
import type { Repositories, Store } from '../app/store.js';
import { actorOf, type Principal } from '../auth/index.js';
import { selectSku, type StockCandidate } from '../fulfilment/index.js';
import { AppError } from '../platform/errors.js';
import { settingsContract } from '../requests/index.js';
import { purchaseOrderStatus, receiptProblem, type PurchaseOrderStatus } from './purchase-orders.js';
import type { OrderLineRow } from './purchasing.repository.js';
import { cycleDaysOf, purchaseSuggestions, type PurchaseSuggestion, type SupplyDemand } from './suggestions.js';

const DAY = 86_400_000;

/** A purchase order as the API shows it: expected against received per line, and the status they make. */
export interface PurchaseOrderView {
  id: string;
  supplier: string;
  reference: string;
  location: string;
  expectedAt: string | null;
  status: PurchaseOrderStatus;
  createdAt: string;
  cancelledAt: string | null;
  lines: { sku: string; description: string; quantity: number; received: number; outstanding: number }[];
}

export interface PurchaseOrderInput {
  supplier: string;
  reference: string;
  location?: string | undefined;
  expectedAt?: string | undefined;
  lines: { sku: string; quantity: number }[];
}

function view(order: { id: string; supplier: string; reference: string; location: string; expected_at: Date | null; created_at: Date; cancelled_at: Date | null }, lines: OrderLineRow[]): PurchaseOrderView {
  const own = lines.filter((l) => l.purchase_order_id === order.id);
  return {
    id: order.id, supplier: order.supplier, reference: order.reference, location: order.location, expectedAt: order.expected_at?.toISOString() ?? null,
    status: purchaseOrderStatus(own, order.cancelled_at !== null), createdAt: order.created_at.toISOString(), cancelledAt: order.cancelled_at?.toISOString() ?? null,
    lines: own.map((l) => ({ sku: l.sku, description: l.description, quantity: l.quantity, received: l.received, outstanding: order.cancelled_at ? 0 : Math.max(0, l.quantity - l.received) })),
  };
}

/**
 * Places a purchase order with a supplier: its lines (SKU × quantity expected) make what is on order until their units
 * are counted in. A reference the dealer used before is 409; an unknown SKU or one listed twice is 400. Audited.
 */
export async function createPurchaseOrder(store: Store, principal: Principal, input: PurchaseOrderInput, now: Date): Promise<PurchaseOrderView> {
  const twice = input.lines.find((l, i) => input.lines.findIndex((m) => m.sku === l.sku) !== i);
  if (twice) throw new AppError('bad-request', `body.lines: ${twice.sku} is listed twice; give one line per SKU with the whole quantity.`, { field: 'lines', sku: twice.sku });
  return store.transaction(async (repos) => {
    const items = await repos.stock.itemsBySku(principal.dealerId, input.lines.map((l) => l.sku));
    const missing = input.lines.find((l) => !items.some((i) => i.sku === l.sku));
    if (missing) throw new AppError('bad-request', `body.lines: there is no stock item with SKU ${missing.sku} in the catalogue; add it first or correct the SKU.`, { field: 'lines', sku: missing.sku });
    const id = randomUUID();
    const order = await repos.purchasing.insertOrder({
      id, dealerId: principal.dealerId, supplier: input.supplier, reference: input.reference, location: input.location ?? 'MAIN',
      expectedAt: input.expectedAt ? new Date(input.expectedAt) : null, createdBy: principal.kind === 'user' ? principal.id : null, createdAt: now,
    });
    if (!order) throw new AppError('conflict', `There is a purchase order with reference ${input.reference} already; a reference names one order.`, { field: 'reference' });
    const itemIds = input.lines.map((l) => items.find((i) => i.sku === l.sku)!.id);
    await repos.purchasing.insertLines(principal.dealerId, id, input.lines.map((l, i) => ({ stockItemId: itemIds[i]!, quantity: l.quantity })));
    await repos.purchasing.refreshOnOrder(principal.dealerId, itemIds);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'purchase-order.created', entityType: 'purchase-order', entityId: id, details: { supplier: input.supplier, reference: input.reference, lines: input.lines } }, now);
    return view(order, await repos.purchasing.linesOf([id]));
  });
}

/** The dealer's purchase orders, newest first, optionally of one status. */
export async function listPurchaseOrders(store: Store, principal: Principal, filter: { status?: PurchaseOrderStatus | undefined }): Promise<PurchaseOrderView[]> {
  const orders = await store.repos.purchasing.orders(principal.dealerId, 500);
  const lines = await store.repos.purchasing.linesOf(orders.map((o) => o.id));
  return orders.map((o) => view(o, lines)).filter((o) => !filter.status || o.status === filter.status);
}

/** One purchase order; another dealer's is 404. */
export async function getPurchaseOrder(store: Store, principal: Principal, id: string): Promise<PurchaseOrderView> {
  const order = await store.repos.purchasing.order(principal.dealerId, id);
  if (!order) throw new AppError('not-found', `No purchase order with id ${id}.`);
  return view(order, await store.repos.purchasing.linesOf([id]));
}

/** Cancels an order: it expects nothing more (what arrived stays received); what was on order of it goes. Audited. */
export async function cancelPurchaseOrder(store: Store, principal: Principal, id: string, now: Date): Promise<PurchaseOrderView> {
  return store.transaction(async (repos) => {
    const order = await repos.purchasing.order(principal.dealerId, id, true);
    if (!order) throw new AppError('not-found', `No purchase order with id ${id}.`);
    const lines = await repos.purchasing.linesOf([id]);
    if (order.cancelled_at === null) {
      if (purchaseOrderStatus(lines, false) === 'received') throw new AppError('conflict', `Purchase order ${order.reference} is received in full; there is nothing left to cancel.`);
      await repos.purchasing.cancel(id, now);
      await repos.purchasing.refreshOnOrder(principal.dealerId, lines.map((l) => l.stock_item_id));
      await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'purchase-order.cancelled', entityType: 'purchase-order', entityId: id, details: { reference: order.reference } }, now);
    }
    return view((await repos.purchasing.order(principal.dealerId, id))!, lines);
  });
}

/**
 * Checks, inside a receipt's transaction, that `quantity` units of an item may be received against an order (locked
 * until the transaction ends, so two receipts cannot both take its last units): 404 for an order the dealer does not
 * have, 409 with the reason otherwise (receiptProblem).
 */
export async function checkReceiptAgainstOrder(repos: Repositories, dealerId: string, orderId: string, item: { id: string; sku: string }, quantity: number): Promise<void> {
  const order = await repos.purchasing.order(dealerId, orderId, true);
  if (!order) throw new AppError('not-found', `No purchase order with id ${orderId}.`);
  const line = (await repos.purchasing.linesOf([orderId])).find((l) => l.stock_item_id === item.id);
  const problem = receiptProblem({ reference: order.reference, cancelled: order.cancelled_at !== null }, line, item.sku, quantity);
  if (problem) throw new AppError('conflict', problem, { purchaseOrderId: orderId });
}

/** After units of an item were counted in: what open orders still expect of it, rewritten into its stock levels. */
export async function arrivedAgainstOrders(repos: Repositories, dealerId: string, itemId: string): Promise<void> {
  await repos.purchasing.refreshOnOrder(dealerId, [itemId]);
}

/** Purchase suggestions with the horizon they cover and what could not be counted. */
export interface PurchaseSuggestionsView {
  weeks: number;
  from: Date;
  until: Date;
  defaultLeadTimeDays: number;
  items: PurchaseSuggestion[];
  /** Supplies running out within the horizon for which no stock item fits (they are job exceptions waiting to happen). */
  unmatchedSupplies: number;
}

/**
 * What to order over the next `weeks`: the supplies the fleet's forecasts say will run out (printers still in service,
 * their band's early edge within the horizon), each mapped to the SKU the job module would ship (contract default
 * stock, related stock, part number: selectSku), against stock, open purchase orders and back orders
 * (purchaseSuggestions). Lead time: the item's, else the dealer's.
 */
export async function purchaseSuggestionsFor(store: Store, principal: Principal, weeks: number, now: Date): Promise<PurchaseSuggestionsView> {
  const dealerId = principal.dealerId;
  const until = new Date(now.getTime() + weeks * 7 * DAY);
  const repos = store.repos;
  const [rows, catalogue, lists, stock, leadTime] = await Promise.all([
    repos.purchasing.demand(dealerId, until), repos.purchasing.catalogue(dealerId), repos.purchasing.stockLists(dealerId),
    repos.purchasing.stockOf(dealerId), repos.purchasing.dealerLeadTime(dealerId),
  ]);
  const candidates = new Map<string, StockCandidate & { yieldPages: number | null }>(catalogue.map((i) => [i.id, { id: i.id, sku: i.sku, description: i.description, kind: i.kind, color: i.color, yieldPages: i.yield_pages, partNumbers: i.partNumbers }]));
  const byPart = new Map<string, string[]>();
  for (const c of candidates.values()) for (const p of c.partNumbers) byPart.set(p, [...(byPart.get(p) ?? []), c.id]);
  const itemsOf = (ids: readonly string[] | undefined) => (ids ?? []).flatMap((id) => candidates.get(id) ?? []);
  const covering = await repos.contracts.coveringEach(dealerId, [...new Map(rows.map((r) => [r.device_id, { id: r.device_id, customerId: r.customer_id }])).values()]);
  let unmatched = 0;
  const demand: SupplyDemand[] = [];
  for (const row of rows) {
    const contract = settingsContract((covering.get(row.device_id) ?? []).map((c) => ({ ...c, coversAllDevices: c.covers_all_devices, validFrom: c.valid_from, validUntil: c.valid_until, createdAt: c.created_at })), now);
    const partNumbers = [...new Set([...row.part_numbers, ...(row.part_number ? [row.part_number] : [])].map((p) => p.toUpperCase()))];
    const choice = selectSku({ index: row.supply_index, kind: row.kind, color: row.color, partNumbers }, {
      contract: contract ? { name: contract.name, items: itemsOf(lists.contracts.get(contract.id)) } : null,
      model: row.model, related: row.model ? itemsOf(lists.related.get(row.model)) : [],
      partMatches: itemsOf([...new Set(partNumbers.flatMap((p) => byPart.get(p) ?? []))]).sort((a, b) => a.sku.localeCompare(b.sku)),
    });
    if (!choice.item) {
      unmatched += 1;
      continue;
    }
    const f = row.forecast;
    const runsOutAt = Date.parse(f.depletionDate!);
    const days = f.daysRemaining!;
    demand.push({
      stockItemId: choice.item.id, runsOutAt: new Date(runsOutAt),
      earliestAt: new Date(runsOutAt - Math.max(0, days - (f.daysRemainingLow ?? days)) * DAY), latestAt: new Date(runsOutAt + Math.max(0, (f.daysRemainingHigh ?? days) - days) * DAY),
      cycleDays: cycleDaysOf(candidates.get(choice.item.id)!.yieldPages, f.pagesRemaining, f.daysRemaining), covered: row.covered,
    });
  }
  const items = catalogue.map((i) => ({
    stockItemId: i.id, sku: i.sku, description: i.description, onHand: stock.get(i.id)?.onHand ?? 0, reserved: stock.get(i.id)?.reserved ?? 0,
    onOrder: stock.get(i.id)?.onOrder ?? 0, backorders: stock.get(i.id)?.backorders ?? 0, leadTimeDays: i.lead_time_days ?? leadTime,
  }));
  return { weeks, from: now, until, defaultLeadTimeDays: leadTime, items: purchaseSuggestions(items, demand, now, until), unmatchedSupplies: unmatched };
}

/** The dealer's purchasing settings: the supplier lead time items without their own take. */
export async function purchasingSettings(store: Store, principal: Principal): Promise<{ supplierLeadTimeDays: number }> {
  return { supplierLeadTimeDays: await store.repos.purchasing.dealerLeadTime(principal.dealerId) };
}

/** Sets the dealer's supplier lead time. Audited. */
export async function setPurchasingSettings(store: Store, principal: Principal, days: number, now: Date): Promise<{ supplierLeadTimeDays: number }> {
  return store.transaction(async (repos) => {
    await repos.purchasing.setDealerLeadTime(principal.dealerId, days);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'purchasing.settings-changed', entityType: 'dealer', entityId: principal.dealerId, details: { supplierLeadTimeDays: days } }, now);
    return { supplierLeadTimeDays: days };
  });
}

/** Sets an item's own supplier lead time (null: the dealer's). 404 for an item the dealer does not have. Audited. */
export async function setItemLeadTime(store: Store, principal: Principal, itemId: string, days: number | null, now: Date): Promise<{ id: string; leadTimeDays: number | null; effectiveLeadTimeDays: number }> {
  return store.transaction(async (repos) => {
    if (!(await repos.purchasing.setItemLeadTime(principal.dealerId, itemId, days))) throw new AppError('not-found', `No stock item with id ${itemId}.`);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'stock-item.lead-time-changed', entityType: 'stock-item', entityId: itemId, details: { leadTimeDays: days } }, now);
    return { id: itemId, leadTimeDays: days, effectiveLeadTimeDays: days ?? (await repos.purchasing.dealerLeadTime(principal.dealerId)) };
  });
}
