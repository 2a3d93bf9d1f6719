import { randomUUID } from 'node:crypto';
import type { Repositories, Store } from '../app/store.js';
import { actorOf, scopeOf, type Principal } from '../auth/index.js';
import { normalizePartNumber } from '../collection/index.js';
import type { StockItemRow } from '../db/schema.js';
import { AppError } from '../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../platform/pagination.js';
import { endSentence } from '../platform/text.js';
import { draftStockItem, normalizeBarcode, type StockItemDraft, type StockItemInput } from './stock-item.js';
import type { StockItemDetails } from './stock.repository.js';
import { suggestRelatedStock, type SupplySuggestion } from './suggestions.js';

/** A stock item with everything stored beside it. */
export interface StockItemView {
  row: StockItemRow;
  details: StockItemDetails;
}

const notFound = (id: string) => new AppError('not-found', `No stock item with id ${id}.`);

/** Checks an item as the API takes it; the first problem is the sentence, all of them are in the details. */
function checked(input: StockItemInput): StockItemDraft {
  const result = draftStockItem(input);
  if (result.ok) return result.draft;
  const [first] = result.problems;
  throw new AppError('bad-request', endSentence(capitalize(first!.message)), { field: first!.field, problems: result.problems });
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The items named by SKU, in the order named; `bad-request` naming the first SKU the dealer's catalogue lacks. */
async function itemsNamed(repos: Repositories, dealerId: string, skus: readonly string[], field: string): Promise<StockItemRow[]> {
  const wanted = [...new Set(skus.map((s) => s.trim()).filter(Boolean))];
  const found = new Map((await repos.stock.itemsBySku(dealerId, wanted)).map((row) => [row.sku, row]));
  const unknown = wanted.find((sku) => !found.has(sku));
  if (unknown !== undefined) throw new AppError('bad-request', `There is no stock item with SKU ${unknown} in the catalogue; add it first or correct the SKU.`, { field, sku: unknown });
  return wanted.map((sku) => found.get(sku)!);
}

/** Writes an item's part numbers, barcodes and substitutes after checking the barcodes are no other item's. */
async function saveDetails(repos: Repositories, dealerId: string, itemId: string, draft: StockItemDraft): Promise<void> {
  const taken = (await repos.stock.barcodeOwners(dealerId, draft.barcodes.map((b) => b.code))).find((owner) => owner.itemId !== itemId);
  if (taken) throw new AppError('conflict', `Barcode ${taken.code} already belongs to stock item ${taken.sku}; a barcode names one item.`, { barcode: taken.code, sku: taken.sku });
  const substitutes = await itemsNamed(repos, dealerId, draft.substitutes.map((s) => s.sku), 'substitutes');
  if (substitutes.some((s) => s.id === itemId)) throw new AppError('bad-request', `Stock item ${draft.sku} is named as its own substitute.`, { field: 'substitutes' });
  await repos.stock.replaceDetails(dealerId, [{
    itemId, partNumbers: draft.partNumbers, barcodes: draft.barcodes,
    substitutes: substitutes.map((row, i) => ({ id: row.id, withoutAsking: draft.substitutes[i]!.withoutAsking })),
  }]);
}

async function viewOf(repos: Repositories, dealerId: string, row: StockItemRow): Promise<StockItemView> {
  return { row, details: (await repos.stock.detailsOf(dealerId, [row.id])).get(row.id)! };
}

/** Adds an item to the dealer's catalogue; `conflict` when its SKU or one of its barcodes is taken. */
export async function createStockItem(store: Store, principal: Principal, input: StockItemInput, now: Date): Promise<StockItemView> {
  const draft = checked(input);
  return store.transaction(async (repos) => {
    const row = await repos.stock.insertItem(principal.dealerId, randomUUID(), draft, now);
    if (!row) throw new AppError('conflict', `A stock item with SKU ${draft.sku} already exists; edit that one instead.`, { sku: draft.sku });
    await saveDetails(repos, principal.dealerId, row.id, draft);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'stock-item.created', entityType: 'stock-item', entityId: row.id, details: { ...draft } }, now);
    return viewOf(repos, principal.dealerId, row);
  });
}

/** Replaces an item: its fields, part numbers, barcodes and substitutes are what the input says. */
export async function updateStockItem(store: Store, principal: Principal, id: string, input: StockItemInput, now: Date): Promise<StockItemView> {
  const draft = checked(input);
  return store.transaction(async (repos) => {
    const existing = await repos.stock.getItem(principal.dealerId, id);
    if (!existing) throw notFound(id);
    if (draft.sku !== existing.sku && (await repos.stock.itemsBySku(principal.dealerId, [draft.sku])).length > 0) {
      throw new AppError('conflict', `A stock item with SKU ${draft.sku} already exists; choose another SKU.`, { sku: draft.sku });
    }
    const row = (await repos.stock.updateItem(principal.dealerId, id, draft, now))!;
    await saveDetails(repos, principal.dealerId, id, draft);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'stock-item.updated', entityType: 'stock-item', entityId: id, details: { ...draft } }, now);
    return viewOf(repos, principal.dealerId, row);
  });
}

/** One item of the caller's dealer. */
export async function getStockItem(store: Store, principal: Principal, id: string): Promise<StockItemView> {
  const row = await store.repos.stock.getItem(principal.dealerId, id);
  if (!row) throw notFound(id);
  return viewOf(store.repos, principal.dealerId, row);
}

/** A page of the catalogue by SKU, optionally only the items a query matches (SKU, description, part number or barcode). */
export async function listStockItems(store: Store, principal: Principal, options: { limit: number; cursor?: string; query?: string }): Promise<Page<StockItemView>> {
  const text = options.query?.trim();
  const rows = await store.repos.stock.list(principal.dealerId, {
    limit: options.limit,
    afterSku: options.cursor === undefined ? undefined : decodeCursor(options.cursor),
    query: text ? { text, partNumber: normalizePartNumber(text), barcode: normalizeBarcode(text) } : undefined,
  });
  const page = toPage(rows, options.limit, (row) => row.sku);
  const details = await store.repos.stock.detailsOf(principal.dealerId, page.items.map((r) => r.id));
  return { items: page.items.map((row) => ({ row, details: details.get(row.id)! })), nextCursor: page.nextCursor };
}

/** The related stock of a printer model, as devices report the model. */
export async function getRelatedStock(store: Store, principal: Principal, model: string): Promise<{ model: string; items: StockItemRow[] }> {
  return { model, items: await store.repos.stock.relatedOf(principal.dealerId, model) };
}

/** Replaces the related stock of a printer model (an empty list clears it). */
export async function setRelatedStock(store: Store, principal: Principal, model: string, skus: readonly string[], now: Date): Promise<{ model: string; items: StockItemRow[] }> {
  return store.transaction(async (repos) => {
    const items = await itemsNamed(repos, principal.dealerId, skus, 'skus');
    await repos.stock.setRelated(principal.dealerId, model, items.map((i) => i.id));
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'related-stock.set', entityType: 'printer-model', entityId: model, details: { skus: items.map((i) => i.sku) } }, now);
    return { model, items };
  });
}

async function contractOf(repos: Repositories, principal: Principal, contractId: string): Promise<void> {
  if (!(await repos.contracts.get(scopeOf(principal), contractId))) throw new AppError('not-found', `No contract with id ${contractId}.`);
}

/** The default stock of a contract: the customer-specific items its devices get before their model's related stock. */
export async function getContractDefaultStock(store: Store, principal: Principal, contractId: string): Promise<StockItemRow[]> {
  await contractOf(store.repos, principal, contractId);
  return store.repos.stock.defaultStockOf(principal.dealerId, contractId);
}

/** Replaces the default stock of a contract (an empty list clears it). */
export async function setContractDefaultStock(store: Store, principal: Principal, contractId: string, skus: readonly string[], now: Date): Promise<StockItemRow[]> {
  return store.transaction(async (repos) => {
    await contractOf(repos, principal, contractId);
    const items = await itemsNamed(repos, principal.dealerId, skus, 'skus');
    await repos.stock.setDefaultStock(principal.dealerId, contractId, items.map((i) => i.id));
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'contract.default-stock-set', entityType: 'contract', entityId: contractId, details: { skus: items.map((i) => i.sku) } }, now);
    return items;
  });
}

/** For each supply printers of the model report, the catalogue items whose part numbers match: related stock a click away. */
export async function suggestRelatedStockFor(store: Store, principal: Principal, model: string): Promise<{ model: string; supplies: SupplySuggestion[] }> {
  const { stock } = store.repos;
  const supplies = await stock.modelSupplies(principal.dealerId, model);
  const matches = await stock.itemsWithPartNumbers(principal.dealerId, [...new Set(supplies.flatMap((s) => s.partNumbers))]);
  const related = new Set((await stock.relatedOf(principal.dealerId, model)).map((i) => i.id));
  return { model, supplies: suggestRelatedStock(supplies, matches, related) };
}

/** The printer models of the dealer's fleet (and those with related stock but no printer yet). */
export async function listPrinterModels(store: Store, principal: Principal): Promise<{ model: string; devices: number; related: number }[]> {
  return store.repos.stock.models(principal.dealerId);
}
