import { describe, expect, it } from 'vitest';
import { purchaseOrderStatus, receiptProblem } from './purchase-orders.js';

describe('purchaseOrderStatus', () => {
  it('is open before anything arrived, partly received once something did, received when every line is in full', () => {
    expect(purchaseOrderStatus([{ quantity: 3, received: 0 }, { quantity: 1, received: 0 }], false)).toBe('open');
    expect(purchaseOrderStatus([{ quantity: 3, received: 1 }, { quantity: 1, received: 0 }], false)).toBe('partly-received');
    expect(purchaseOrderStatus([{ quantity: 3, received: 3 }, { quantity: 1, received: 0 }], false)).toBe('partly-received');
    expect(purchaseOrderStatus([{ quantity: 3, received: 3 }, { quantity: 1, received: 1 }], false)).toBe('received');
  });

  it('is cancelled whatever arrived', () => {
    expect(purchaseOrderStatus([{ quantity: 3, received: 2 }], true)).toBe('cancelled');
  });
});

describe('receiptProblem', () => {
  const order = { reference: 'PO-1', cancelled: false };
  const line = { sku: 'HP-59A', quantity: 5, received: 2, labelled: 1 };
  it('lets a receipt take what the line still expects, counting units already labelled against it', () => {
    expect(receiptProblem(order, line, 'HP-59A', 2)).toBeNull();
    expect(receiptProblem(order, line, 'HP-59A', 3)).toContain('at most 2 more');
  });

  it('refuses a SKU the order lacks and a cancelled order', () => {
    expect(receiptProblem(order, undefined, 'HP-26A', 1)).toContain('has no line for HP-26A');
    expect(receiptProblem({ ...order, cancelled: true }, line, 'HP-59A', 1)).toContain('cancelled');
  });
});
