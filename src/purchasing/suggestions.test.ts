import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cycleDaysOf, needDates, purchaseSuggestions, type ItemSupply, type SupplyDemand } from './suggestions.js';

const NOW = new Date('2026-11-02T08:00:00Z');
const DAY = 86_400_000;
const inDays = (days: number) => new Date(NOW.getTime() + days * DAY);
const UNTIL = inDays(28);
const item = (change: Partial<ItemSupply> = {}): ItemSupply => ({ stockItemId: 'black', sku: 'HP-59A', description: 'HP 59A black toner', onHand: 0, reserved: 0, onOrder: 0, backorders: 0, leadTimeDays: 7, ...change });
const supply = (days: number, change: Partial<SupplyDemand> = {}): SupplyDemand => ({ stockItemId: 'black', runsOutAt: inDays(days), earliestAt: inDays(days - 3), latestAt: inDays(days + 3), cycleDays: null, covered: false, ...change });

describe('purchaseSuggestions', () => {
  it('orders what the printers running out within the horizon need beyond what is free, on order or promised to back orders', () => {
    const [s] = purchaseSuggestions([item({ onHand: 4, reserved: 2, onOrder: 1, backorders: 1 })], [supply(5), supply(10), supply(12), supply(40)], NOW, UNTIL);
    // Needs: 1 back order + 3 printers; supply: 2 free + 1 on order.
    expect(s).toMatchObject({ sku: 'HP-59A', demand: { expected: 3, low: 3, high: 3 }, printers: 3, available: 2, quantity: 1, quantityExpected: 1 });
    // The fourth need (the printer running out on day 12, early edge day 9) is the first not covered; ordered 7 days before.
    expect(s!.needBy).toEqual(inDays(9));
    expect(s!.orderBy).toEqual(inDays(2));
    expect(s!.late).toBe(false);
  });

  it('counts the band: a printer whose early edge is inside the horizon and whose expected date is not is high demand only', () => {
    const [s] = purchaseSuggestions([item()], [supply(29)], NOW, UNTIL);
    expect(s!.demand).toEqual({ expected: 0, low: 0, high: 1 });
    expect(s).toMatchObject({ quantity: 1, quantityExpected: 0 });
  });

  it('says an order is late when stock runs short sooner than the supplier can deliver', () => {
    const [s] = purchaseSuggestions([item({ leadTimeDays: 10 })], [supply(4)], NOW, UNTIL);
    expect(s).toMatchObject({ quantity: 1, late: true });
    expect(s!.needBy).toEqual(inDays(1));
  });

  it('back orders are needed now', () => {
    const [s] = purchaseSuggestions([item({ backorders: 2 })], [], NOW, UNTIL);
    expect(s).toMatchObject({ quantity: 2, needBy: NOW, late: true });
  });

  it('does not count a cartridge already on a job (covered), but does count the ones after it within the horizon', () => {
    const [s] = purchaseSuggestions([item()], [supply(3, { covered: true, cycleDays: 10 })], NOW, UNTIL);
    // Needs on days 0 (early edge of 3), 10, 20 — the first is covered.
    expect(s!.demand.high).toBe(2);
  });

  it('leaves out items nothing runs out of, and puts the ones to order first', () => {
    const list = purchaseSuggestions([item({ stockItemId: 'a', sku: 'A', onHand: 9 }), item({ stockItemId: 'b', sku: 'B' }), item({ stockItemId: 'c', sku: 'C' })],
      [supply(5, { stockItemId: 'a' }), supply(20, { stockItemId: 'b' }), supply(6, { stockItemId: 'b' })], NOW, UNTIL);
    expect(list.map((s) => [s.sku, s.quantity])).toEqual([['B', 2], ['A', 0]]);
  });

  it('property: the suggestion is never negative and always covers the high demand and back orders less what is free and on order, and no more', () => {
    const demandArb = fc.record({
      days: fc.double({ min: -20, max: 60, noNaN: true }), early: fc.double({ min: 0, max: 10, noNaN: true }), late: fc.double({ min: 0, max: 10, noNaN: true }),
      cycle: fc.option(fc.double({ min: 1, max: 120, noNaN: true })), covered: fc.boolean(),
    });
    fc.assert(fc.property(
      fc.nat(50), fc.nat(50), fc.integer({ min: -5, max: 30 }), fc.nat(20), fc.nat(60), fc.array(demandArb, { maxLength: 30 }), fc.integer({ min: 1, max: 26 }),
      (onHand, reserved, onOrder, backorders, lead, demand, weeks) => {
        const until = inDays(weeks * 7);
        const supplies = demand.map((d) => supply(d.days, { runsOutAt: inDays(d.days), earliestAt: inDays(d.days - d.early), latestAt: inDays(d.days + d.late), cycleDays: d.cycle, covered: d.covered }));
        const [s] = purchaseSuggestions([item({ onHand, reserved, onOrder, backorders, leadTimeDays: lead })], supplies, NOW, until);
        if (!s) return;
        expect(s.quantity).toBeGreaterThanOrEqual(0);
        expect(s.quantityExpected).toBeGreaterThanOrEqual(0);
        expect(s.quantityExpected).toBeLessThanOrEqual(s.quantity);
        expect(s.demand.low).toBeLessThanOrEqual(s.demand.expected);
        expect(s.demand.expected).toBeLessThanOrEqual(s.demand.high);
        const supplied = Math.max(0, onHand - reserved) + Math.max(0, onOrder);
        expect(supplied + s.quantity).toBeGreaterThanOrEqual(s.demand.high + backorders);
        if (s.quantity > 0) {
          expect(supplied + s.quantity).toBe(s.demand.high + backorders);
          expect(s.orderBy!.getTime()).toBe(s.needBy!.getTime() - lead * DAY);
        } else expect(s.needBy).toBeNull();
      },
    ), { numRuns: 500 });
  });
});

describe('cycleDaysOf and needDates', () => {
  it('a cartridge lasts its yield at the printer\'s own page rate, never under a week', () => {
    expect(cycleDaysOf(3000, 1000, 10)).toBe(30);
    expect(cycleDaysOf(3000, 1000, 1)).toBe(7);
    expect(cycleDaysOf(null, 1000, 10)).toBeNull();
    expect(cycleDaysOf(3000, null, 10)).toBeNull();
  });

  it('a run-out already past is needed now', () => {
    expect(needDates(inDays(-3), null, false, NOW, UNTIL)).toEqual([NOW]);
  });
});
