import type { SupplyJobStatus } from '../db/schema.js';

/** One SKU of a job: what its lines order, what was scanned into its box, and what left with it. */
export interface SkuCounts {
  sku: string;
  ordered: number;
  packed: number;
  shipped: number;
}

// From packed on, the box is closed: what is in it must be what was ordered. Shipped counts what the job module says
// left the warehouse (the lines, once the job is dispatched), whether or not the units were scanned.
const SHIPPED: readonly SupplyJobStatus[] = ['dispatched', 'delivered', 'completed'];
const CLOSED: readonly SupplyJobStatus[] = ['packed', ...SHIPPED];

/**
 * The counts of one job's SKUs, and whether they differ where they must agree: a job still being packed (ready) differs
 * only when its box holds more than ordered; a packed job when the box differs from the lines; a dispatched, delivered
 * or completed job when ordered, packed and shipped are not all equal. (Picking is not a step of its own: the scan that
 * puts a unit into a box picks it.)
 */
export function jobDiscrepancy(status: SupplyJobStatus, lines: readonly { sku: string; ordered: number; packed: number }[]): { lines: (SkuCounts & { differs: boolean })[]; differs: boolean } {
  const shipped = SHIPPED.includes(status);
  const counted = lines.map((l) => {
    const row = { sku: l.sku, ordered: l.ordered, packed: l.packed, shipped: shipped ? l.ordered : 0 };
    const differs = CLOSED.includes(status) ? row.packed !== row.ordered || (shipped && row.shipped !== row.packed) : row.packed > row.ordered;
    return { ...row, differs };
  });
  return { lines: counted, differs: counted.some((l) => l.differs) };
}
