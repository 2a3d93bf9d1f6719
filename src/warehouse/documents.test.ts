import { describe, expect, it } from 'vitest';
import { jobDiscrepancy } from './discrepancies.js';
import { groupPicksByBin, type PickLine } from './pick-list.js';

const line = (jobNumber: string, sku: string, location: string | null, quantity = 1): PickLine => ({ jobNumber, sku, description: sku, quantity, location, backorder: location === null });

describe('groupPicksByBin', () => {
  it('walks each bin once, in the bins\' natural order, summing a SKU over the jobs that need it', () => {
    const { bins } = groupPicksByBin([line('J-000002', 'HP-59A', 'A-10'), line('J-000001', 'HP-59A', 'A-10', 2), line('J-000001', 'CYAN', 'A-2')]);
    expect(bins).toEqual([
      { location: 'A-2', items: [{ sku: 'CYAN', description: 'CYAN', quantity: 1, jobs: [{ number: 'J-000001', quantity: 1 }] }] },
      { location: 'A-10', items: [{ sku: 'HP-59A', description: 'HP-59A', quantity: 3, jobs: [{ number: 'J-000001', quantity: 2 }, { number: 'J-000002', quantity: 1 }] }] },
    ]);
  });

  it('lists back-ordered lines apart: nothing is reserved for them, so nothing is picked', () => {
    const { bins, backorders } = groupPicksByBin([line('J-000001', 'HP-59A', null)]);
    expect(bins).toEqual([]);
    expect(backorders).toHaveLength(1);
  });
});

describe('jobDiscrepancy', () => {
  it('a ready job still being packed is no discrepancy, unless its box holds more than ordered', () => {
    expect(jobDiscrepancy('ready', [{ sku: 'A', ordered: 2, packed: 1 }]).differs).toBe(false);
    expect(jobDiscrepancy('ready', [{ sku: 'A', ordered: 0, packed: 1 }]).differs).toBe(true);
  });

  it('a packed job differs when its box differs from its lines', () => {
    expect(jobDiscrepancy('packed', [{ sku: 'A', ordered: 2, packed: 2 }]).differs).toBe(false);
    expect(jobDiscrepancy('packed', [{ sku: 'A', ordered: 2, packed: 0 }]).lines).toEqual([{ sku: 'A', ordered: 2, packed: 0, shipped: 0, differs: true }]);
  });

  it('a dispatched job shipped its lines: packed 0 against shipped N when it left without scans', () => {
    expect(jobDiscrepancy('dispatched', [{ sku: 'A', ordered: 1, packed: 0 }]).lines).toEqual([{ sku: 'A', ordered: 1, packed: 0, shipped: 1, differs: true }]);
    expect(jobDiscrepancy('delivered', [{ sku: 'A', ordered: 1, packed: 1 }, { sku: 'B', ordered: 1, packed: 1 }]).differs).toBe(false);
  });
});
