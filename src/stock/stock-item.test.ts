import { describe, expect, it } from 'vitest';
import { draftStockItem } from './stock-item.js';

const base = { sku: 'HP-59A', description: 'HP 59A black toner', kind: 'toner' };

describe('draftStockItem', () => {
  it('stores part numbers as the collector stores what printers report: upper case, without spaces, once', () => {
    const result = draftStockItem({ ...base, partNumbers: ['cf259a', ' CF 259A ', 'tn-2410'] });
    expect(result.ok && result.draft.partNumbers).toEqual(['CF259A', 'TN-2410']);
  });

  it("writes colours as the collector does ('Light Cyan' → light-cyan) and kinds in lower case", () => {
    const result = draftStockItem({ ...base, kind: ' Toner ', color: 'Light Cyan' });
    expect(result.ok && [result.draft.kind, result.draft.color]).toEqual(['toner', 'light-cyan']);
  });

  it('classifies barcodes: a valid GTIN is gtin, anything else the dealer’s own, spaces of printed groups removed', () => {
    const result = draftStockItem({ ...base, barcodes: ['4 006381 333931', 'TL-1', '4006381333932'] });
    expect(result.ok && result.draft.barcodes).toEqual([{ code: '4006381333931', kind: 'gtin' }, { code: 'TL-1', kind: 'dealer' }, { code: '4006381333932', kind: 'dealer' }]);
  });

  it('takes substitutes as SKUs or {sku, withoutAsking}; a plain SKU ships only after asking', () => {
    const result = draftStockItem({ ...base, substitutes: ['COMPAT-59A', { sku: 'HP-59X', withoutAsking: true }] });
    expect(result.ok && result.draft.substitutes).toEqual([{ sku: 'COMPAT-59A', withoutAsking: false }, { sku: 'HP-59X', withoutAsking: true }]);
  });

  it('lists every problem: unknown kind, bad yield, a SKU with spaces, the item as its own substitute, a substitute twice', () => {
    const result = draftStockItem({ sku: 'HP 59A', description: ' ', kind: 'tonre', yieldPages: 0, substitutes: ['X', 'X'] });
    expect(result.ok ? [] : result.problems.map((p) => p.field)).toEqual(['sku', 'description', 'kind', 'yieldPages', 'substitutes']);
    const self = draftStockItem({ ...base, substitutes: ['HP-59A'] });
    expect(self.ok ? null : self.problems[0]!.message).toBe('sku HP-59A is named as its own substitute');
  });
});
