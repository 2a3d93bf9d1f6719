/** Where a purchase order stands: told by what its receipts counted in, never typed. */
export const PURCHASE_ORDER_STATUSES = ['open', 'partly-received', 'received', 'cancelled'] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

/** A line as the status reads it: expected and counted in. */
export interface OrderLineCount {
  quantity: number;
  received: number;
}

/**
 * A purchase order's status from its lines: received when every line has all it expected (or more), partly received
 * once anything arrived, open before; cancelled whatever arrived (it expects nothing more). Pure.
 */
export function purchaseOrderStatus(lines: readonly OrderLineCount[], cancelled: boolean): PurchaseOrderStatus {
  if (cancelled) return 'cancelled';
  if (lines.length > 0 && lines.every((l) => l.received >= l.quantity)) return 'received';
  return lines.some((l) => l.received > 0) ? 'partly-received' : 'open';
}

/**
 * Whether a receipt of `quantity` units may be made against an order's line: the units already on its receipts (counted
 * or still labelled) plus these must not pass what the line expects — more than ordered is received freely, without
 * the order, so the order's counts stay what the supplier was asked for. Null when it may; else why, in a sentence.
 */
export function receiptProblem(order: { reference: string; cancelled: boolean }, line: (OrderLineCount & { sku: string; labelled: number }) | undefined, sku: string, quantity: number): string | null {
  if (order.cancelled) return `Purchase order ${order.reference} is cancelled: it expects nothing more; receive the units without it.`;
  if (!line) return `Purchase order ${order.reference} has no line for ${sku}; receive it without the order, or against the order that has it.`;
  const left = line.quantity - line.received - line.labelled;
  if (quantity > left) {
    return `Purchase order ${order.reference} expects ${line.quantity} of ${sku}, ${line.received + line.labelled} of them on receipts already, so at most ${Math.max(0, left)} more; receive the rest without the order.`;
  }
  return null;
}
