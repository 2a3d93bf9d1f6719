import { randomBytes, randomUUID } from 'node:crypto';
import type { Store } from '../app/store.js';
import { actorOf, type Principal } from '../auth/index.js';
import { fillBackorders } from '../fulfilment/index.js';
import { AppError } from '../platform/errors.js';
import { arrivedAgainstOrders, checkReceiptAgainstOrder } from '../purchasing/index.js';
import { renderLabelSheet } from './label-sheet.js';
import { serialProblem, unitLabelFrom } from './labels.js';

/** A goods receipt: a quantity to label, or the serials the boxes carry; at a bin (MAIN unless named); against a purchase order or freely. */
export type ReceiptInput = { sku: string; location?: string | undefined; purchaseOrderId?: string | undefined } & ({ quantity: number; serials?: undefined } | { serials: string[]; quantity?: undefined });

/**
 * Receives stock of one item. A quantity makes that many units, each with its own unit label to print and stick on;
 * they are `labelled` and count as on hand only when scanned in at their bin (the typed quantity counts nothing).
 * Serials register boxes that already carry a unique serial: the serials were scanned to make the receipt, so those
 * units are in stock at once, on_hand grows by them in the same transaction, and back orders of the item are filled
 * oldest job first. A serial the dealer has registered before is 409; one that is not Code-128-safe or looks like a
 * label is 400. Against a purchase order, the units count for its line as they are counted in (the order's received is
 * never typed); an order that does not have the SKU, is cancelled, or would get more than it expects is 409 (the excess
 * is received freely), another dealer's order 404. Audited.
 */
export async function receiveStock(store: Store, principal: Principal, input: ReceiptInput, now: Date) {
  const location = input.location ?? 'MAIN';
  const serials = input.serials ?? null;
  if (serials) {
    const problem = serials.map(serialProblem).find((p) => p !== null);
    if (problem) throw new AppError('bad-request', `body.serials: ${problem}.`, { field: 'serials' });
    const twice = serials.find((s, i) => serials.indexOf(s) !== i);
    if (twice) throw new AppError('bad-request', `body.serials: ${twice} is listed twice; each box has its own serial.`, { field: 'serials', serial: twice });
  }
  const receipt = await store.transaction(async (repos) => {
    const [item] = await repos.stock.itemsBySku(principal.dealerId, [input.sku]);
    if (!item) throw new AppError('bad-request', `There is no stock item with SKU ${input.sku} in the catalogue; add it first or correct the SKU.`, { field: 'sku', sku: input.sku });
    if (serials) {
      const taken = await repos.warehouse.takenSerials(principal.dealerId, serials);
      if (taken.length > 0) throw new AppError('conflict', `Serial ${taken[0]} is registered already: a box's serial names one unit.`, { serials: taken });
    }
    const id = randomUUID();
    const quantity = serials?.length ?? input.quantity!;
    const purchaseOrderId = input.purchaseOrderId ?? null;
    if (purchaseOrderId) await checkReceiptAgainstOrder(repos, principal.dealerId, purchaseOrderId, item, quantity);
    await repos.warehouse.insertReceipt({ id, dealer_id: principal.dealerId, stock_item_id: item.id, location, quantity, by_serial: serials !== null, received_by: principal.kind === 'user' ? principal.id : null, created_at: now, purchase_order_id: purchaseOrderId });
    const units = Array.from({ length: quantity }, (_, i) => ({
      id: randomUUID(), dealer_id: principal.dealerId, stock_item_id: item.id, label: unitLabelFrom(randomBytes(10)), serial: serials?.[i] ?? null, location,
      status: serials ? 'in-stock' as const : 'labelled' as const, receipt_id: id, received_at: serials ? now : null, created_at: now,
    }));
    await repos.warehouse.insertUnits(units);
    if (serials) {
      // On order is rewritten from the open purchase orders (these units may arrive against one), then the bin counts them.
      await arrivedAgainstOrders(repos, principal.dealerId, item.id);
      await repos.warehouse.addOnHand(principal.dealerId, item.id, location, quantity);
    }
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'stock.received', entityType: 'stock-receipt', entityId: id, details: { sku: item.sku, location, quantity, bySerial: serials !== null, purchaseOrderId } }, now);
    return { id, sku: item.sku, itemId: item.id, location, purchaseOrderId, units: units.map((u) => ({ label: u.label, serial: u.serial, status: u.status })) };
  });
  const filled = serials ? await fillBackorders(store, principal, receipt.itemId, now) : [];
  return { id: receipt.id, sku: receipt.sku, location: receipt.location, purchaseOrderId: receipt.purchaseOrderId, units: receipt.units, backordersFilled: filled };
}

/** The label sheet of a receipt (PDF): one Code 128 label per unit, with SKU, description and the label in type. */
export async function receiptLabelSheet(store: Store, principal: Principal, id: string): Promise<Buffer> {
  const receipt = await store.repos.warehouse.receipt(principal.dealerId, id);
  if (!receipt) throw new AppError('not-found', `No goods receipt with id ${id}.`);
  return renderLabelSheet(receipt.units.map((u) => ({ code: u.label, title: receipt.sku, text: u.serial ? `${receipt.description} · serial ${u.serial}` : receipt.description })), { title: `Unit labels: ${receipt.sku} × ${receipt.units.length}` });
}
