import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LEAD_TIME_DISTRIBUTION, evaluateTrigger, stockoutRisk, stockWaitNote, supplyLeadTime, type ForecastView, type ItemStock, type LeadTimeWeight } from '../../src/requests/index.js';
import { DAY, NOW, settings } from './factories.js';

// NOW is Saturday 21 Nov 2026, 10:00 UTC: a weekday start makes business days plain to count.
const MONDAY = NOW + 2 * DAY;
const CARRIER: readonly LeadTimeWeight[] = [{ days: 1, weight: 5 }, { days: 2, weight: 3 }, { days: 3, weight: 2 }];
const stock = (over: Partial<ItemStock> = {}): ItemStock => ({ description: 'HP 59A black toner', freeUnits: 0, nextExpectedAt: null, supplierLeadTimeDays: 7, ...over });

describe('supplyLeadTime', () => {
  it("is the carrier's distribution, unchanged, while the item has free stock", () => {
    expect(supplyLeadTime(CARRIER, stock({ freeUnits: 2, nextExpectedAt: MONDAY + 20 * DAY }), MONDAY)).toEqual({ leadTimes: CARRIER, stockWait: null });
  });

  it("is the carrier's when no item fits (or an external ERP fulfils): nothing to know about stock", () => {
    expect(supplyLeadTime(CARRIER, null, MONDAY)).toEqual({ leadTimes: CARRIER, stockWait: null });
  });

  it('adds the business days until the earliest open purchase order is expected to every carrier lead time', () => {
    // Monday 23 Nov → Thursday 3 Dec: 8 business days.
    const { leadTimes, stockWait } = supplyLeadTime(CARRIER, stock({ nextExpectedAt: new Date(MONDAY + 10 * DAY) }), MONDAY);
    expect(leadTimes).toEqual([{ days: 9, weight: 5 }, { days: 10, weight: 3 }, { days: 11, weight: 2 }]);
    expect(stockWait).toEqual({ item: 'HP 59A black toner', expectedAt: new Date(MONDAY + 10 * DAY).toISOString(), businessDays: 8, basis: 'purchase-order' });
  });

  it("waits the supplier's lead time (calendar days) when no purchase order is open", () => {
    const { leadTimes, stockWait } = supplyLeadTime(CARRIER, stock({ supplierLeadTimeDays: 7 }), MONDAY);
    expect(stockWait).toMatchObject({ basis: 'supplier-lead-time', businessDays: 5, expectedAt: new Date(MONDAY + 7 * DAY).toISOString() });
    expect(leadTimes.map((w) => w.days)).toEqual([6, 7, 8]);
  });

  it('waits at least a business day for an out-of-stock item whose purchase order is overdue', () => {
    const { stockWait } = supplyLeadTime(CARRIER, stock({ nextExpectedAt: MONDAY - 3 * DAY }), MONDAY);
    expect(stockWait).toMatchObject({ businessDays: 1, expectedAt: new Date(MONDAY).toISOString() });
  });

  it('shifts the built-in distribution when the carrier list has no weight', () => {
    const { leadTimes } = supplyLeadTime([{ days: 2, weight: 0 }], stock({ supplierLeadTimeDays: 1 }), MONDAY);
    expect(leadTimes).toEqual(DEFAULT_LEAD_TIME_DISTRIBUTION.map((w) => ({ days: w.days + 1, weight: w.weight })));
  });

  const carriers = fc.array(fc.record({ days: fc.integer({ min: 0, max: 15 }), weight: fc.integer({ min: 1, max: 50 }) }), { minLength: 1, maxLength: 6 });
  const items = fc.record({
    description: fc.constant('Item'), freeUnits: fc.integer({ min: -3, max: 5 }),
    nextExpectedAt: fc.option(fc.integer({ min: -30, max: 90 }).map((d) => MONDAY + d * DAY)), supplierLeadTimeDays: fc.integer({ min: 0, max: 60 }),
  });
  const instants = fc.integer({ min: 0, max: 14 * 24 }).map((h) => MONDAY + h * 3_600_000);

  it('never makes a lead time shorter than the carrier\'s, and changes nothing while stock is free (property)', () => {
    fc.assert(fc.property(carriers, items, instants, (carrier, item, now) => {
      const { leadTimes, stockWait } = supplyLeadTime(carrier, item, now);
      if (item.freeUnits > 0) {
        expect(leadTimes).toEqual(carrier);
        expect(stockWait).toBeNull();
        return;
      }
      expect(leadTimes).toHaveLength(carrier.length);
      leadTimes.forEach((w, i) => {
        expect(w.weight).toBe(carrier[i]!.weight);
        expect(w.days).toBeGreaterThanOrEqual(carrier[i]!.days + 1);
      });
      expect(Date.parse(stockWait!.expectedAt)).toBeGreaterThanOrEqual(now);
    }));
  });

  it('never lowers the stockout risk of any forecast (property)', () => {
    fc.assert(fc.property(carriers, items, fc.double({ min: 0.5, max: 60, noNaN: true }), fc.double({ min: 0, max: 0.6, noNaN: true }), (carrier, item, days, band) => {
      const f: ForecastView = { daysRemaining: days, daysRemainingLow: days * (1 - band), daysRemainingHigh: days * (1 + band), depletionDate: new Date(MONDAY + days * DAY).toISOString() };
      const shifted = supplyLeadTime(carrier, item, MONDAY).leadTimes;
      const before = stockoutRisk(f, MONDAY, { leadTimes: carrier })!;
      const after = stockoutRisk(f, MONDAY, { leadTimes: shifted })!;
      expect(after.probabilityPercent).toBeGreaterThanOrEqual(before.probabilityPercent - 1e-9);
      expect(after.probabilityIfOrderedNowPercent).toBeGreaterThanOrEqual(before.probabilityIfOrderedNowPercent - 1e-9);
    }));
  });
});

describe('the service-level trigger with a wait for stock', () => {
  const f: ForecastView = { daysRemaining: 12, daysRemainingLow: 10, daysRemainingHigh: 14, depletionDate: new Date(MONDAY + 12 * DAY).toISOString() };
  const serviceLevel = { ...settings(), triggerMode: 'service-level' as const, serviceLevelPercent: 99.5 };
  const supply = { remainingPercent: 30, state: 'ok' as const, forecast: f };

  it('waits while the item is in stock, and orders now, naming the wait, when it is out with a purchase order due in 8 business days', () => {
    const inStock = supplyLeadTime(CARRIER, stock({ freeUnits: 3 }), MONDAY);
    expect(evaluateTrigger(supply, serviceLevel, MONDAY, { leadTimes: inStock.leadTimes, nextEvaluationHours: 1 }).raise).toBe(false);
    const out = supplyLeadTime(CARRIER, stock({ nextExpectedAt: MONDAY + 10 * DAY }), MONDAY);
    const decision = evaluateTrigger(supply, serviceLevel, MONDAY, { leadTimes: out.leadTimes, nextEvaluationHours: 1, leadTimeNote: stockWaitNote(out.stockWait!) });
    expect(decision.raise).toBe(true);
    expect(decision.reason).toContain('lead time 9–11 business days: HP 59A black toner is out of stock, expected 3 Dec by its purchase order: 8 business days added to the carrier\'s)');
  });
});
