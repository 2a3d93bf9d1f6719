import { describe, expect, it } from 'vitest';
import { suggestRelatedStock } from './suggestions.js';

const item = (id: string, sku: string, kind = 'toner', color: string | null = 'black') => ({ id, sku, description: sku, kind, color });

describe('suggestRelatedStock', () => {
  it("suggests the items carrying a part number the model's printers name, per supply, marking those already related", () => {
    const supplies = [
      { kind: 'drum', color: null, partNumbers: ['CF232A'], devices: 2 },
      { kind: 'toner', color: 'black', partNumbers: ['CF259A', 'CF259X'], devices: 3 },
    ];
    const std = item('1', 'HP-59A');
    const high = item('2', 'HP-59X');
    const matches = [{ partNumber: 'CF259A', item: std }, { partNumber: 'CF259X', item: high }, { partNumber: 'CF259A', item: std }];
    const suggestions = suggestRelatedStock(supplies, matches, new Set(['2']));
    expect(suggestions.map((s) => s.kind)).toEqual(['toner', 'drum']);
    expect(suggestions[0]!.items).toEqual([{ ...std, related: false }, { ...high, related: true }]);
    expect(suggestions[1]!.items).toEqual([]);
  });
});
