import { describe, expect, it } from 'vitest';
import { fillFromArrival, fillLines, type SubstituteOption } from './reserve.js';
import type { StockCandidate } from './select-sku.js';

const NOW = new Date('2026-11-20T10:00:00Z');
const candidate = (id: string): StockCandidate => ({ id, sku: id.toUpperCase(), description: `${id} toner`, kind: 'toner', color: 'black', yieldPages: 3000, partNumbers: [] });
const line = (id: string, stockItemId: string, quantity = 1) => ({ id, stockItemId, sku: stockItemId.toUpperCase(), quantity });
const at = (location: string, free: number) => ({ location, free, nextExpectedAt: null });
const subs = (withoutAsking: boolean) => new Map<string, SubstituteOption[]>([['59a', [{ item: candidate('59x'), withoutAsking }]]]);

describe('fillFromArrival', () => {
  it('own pass: only the arrived item\'s lines reserve it, each where one location has its quantity free', () => {
    const { fills, short } = fillFromArrival([line('a', '59x'), line('b', '59a'), line('c', '59x', 2)], { itemId: '59x', stock: [at('MAIN', 2)] }, subs(true), { substitutesAllowed: true }, 'own');
    expect(fills).toEqual([{ lineId: 'a', kind: 'reserved', stockItemId: '59x', location: 'MAIN', quantity: 1 }]);
    expect(short).toBe(1);
  });

  it('substitute pass: a substitute that may ship without asking fills the line it stands in for, saying why', () => {
    const { fills, short } = fillFromArrival([line('a', '59a'), line('b', '59x')], { itemId: '59x', stock: [at('MAIN', 5)] }, subs(true), { substitutesAllowed: false }, 'substitute');
    expect(fills).toEqual([{ lineId: 'a', kind: 'substitute', stockItemId: '59x', item: candidate('59x'), location: 'MAIN', quantity: 1, why: '59A was back-ordered; substitute 59X arrived and ships instead (it may ship without asking).' }]);
    expect(short).toBe(0);
  });

  it('substitute pass follows going ready\'s rule: one that must be asked for fills only where the settings allow substitutes', () => {
    const arrived = { itemId: '59x', stock: [at('MAIN', 5)] };
    expect(fillFromArrival([line('a', '59a')], arrived, subs(false), { substitutesAllowed: false }, 'substitute')).toEqual({ fills: [], short: 0 });
    expect(fillFromArrival([line('a', '59a')], arrived, subs(false), { substitutesAllowed: true }, 'substitute').fills.map((f) => f.kind)).toEqual(['substitute']);
    // The same decision as fillLines makes when the job goes ready with that stock.
    for (const allowed of [false, true]) {
      const ready = fillLines([line('a', '59a')], new Map([['59x', arrived.stock]]), subs(false), { substitutesAllowed: allowed, leadTimeDays: 7 }, NOW);
      expect(ready[0]!.kind).toBe(allowed ? 'substitute' : 'backorder');
    }
  });

  it('counts a line it may fill but has no stock for as short', () => {
    expect(fillFromArrival([line('a', '59a', 3)], { itemId: '59x', stock: [at('MAIN', 2), at('B-01', 1)] }, subs(true), { substitutesAllowed: false }, 'substitute')).toEqual({ fills: [], short: 1 });
  });
});
