import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessDays, evaluateTrigger, stockoutRisk, type ForecastView, type LeadTimeWeight, type SupplyNow, type TriggerSettings } from '../../src/requests/index.js';
import { DAY, NOW, daysFromNow, settings } from './factories.js';

// NOW is Saturday 21 Nov 2026, 10:00 UTC; MONDAY is two days later, so lead times are counted from it in both.
const MONDAY = NOW + 2 * DAY;

/** A forecast made at `at`: `days` to the median depletion, band edges `low`–`high` days (its 10th and 90th percentiles). */
function forecast(days: number, low: number | null = null, high: number | null = null, at = MONDAY): ForecastView {
  return { daysRemaining: days, daysRemainingLow: low, daysRemainingHigh: high, depletionDate: new Date(at + days * DAY).toISOString() };
}

const probability = (f: ForecastView, leadTimes?: readonly LeadTimeWeight[], at = MONDAY) => stockoutRisk(f, at, { leadTimes, nextEvaluationHours: 4 })!.probabilityPercent;

const serviceLevel = (percent = 99.5): TriggerSettings => ({ ...settings(), triggerMode: 'service-level', serviceLevelPercent: percent });
const supplyWith = (f: ForecastView | null, remainingPercent: number | null = 30): SupplyNow => ({ remainingPercent, state: 'ok', forecast: f });

describe('stockoutRisk', () => {
  it('falls as the depletion moves further away', () => {
    const chances = [2, 4, 6, 8, 10, 14, 20, 30].map((days) => probability(forecast(days, days * 0.8, days * 1.2)));
    for (let k = 1; k < chances.length; k++) expect(chances[k]).toBeLessThanOrEqual(chances[k - 1]!);
    expect(chances[0]).toBeGreaterThan(50);
    expect(chances[chances.length - 1]).toBeLessThan(0.01);
  });

  it('puts the forecast\'s days at the median and the band\'s edges at the 10th and 90th percentiles', () => {
    // One lead time of 2 business days from Monday, ordered now: the cartridge is on site exactly 2 days on.
    const twoDays = (f: ForecastView) => stockoutRisk(f, MONDAY, { leadTimes: [{ days: 2, weight: 1 }], nextEvaluationHours: 0 })!.probabilityPercent;
    expect(twoDays(forecast(4, 2, 9))).toBeCloseTo(10, 4);
    expect(twoDays(forecast(2, 1, 5))).toBeCloseTo(50, 4);
    expect(twoDays(forecast(1, 0.2, 2))).toBeCloseTo(90, 4);
    // Halfway between median and edge in log time is half the edge's z: Φ(−1.2816 / 2) = 26.08 %.
    expect(twoDays(forecast(4, 1, 9))).toBeCloseTo(26.08, 1);
  });

  it('gives a wide band a larger chance than a narrow one at the same depletion date', () => {
    expect(probability(forecast(12, 6, 18))).toBeGreaterThan(probability(forecast(12, 10, 14)));
  });

  it('raises the chance when the lead times have a long back-order tail', () => {
    const quick: LeadTimeWeight[] = [{ days: 1, weight: 50 }, { days: 2, weight: 50 }];
    const tail: LeadTimeWeight[] = [...quick, { days: 10, weight: 10 }];
    const f = forecast(10, 8, 12);
    expect(probability(f, tail)).toBeGreaterThan(probability(f, quick));
  });

  it('counts the wait for the next evaluation', () => {
    const f = forecast(5, 4, 6);
    const soon = stockoutRisk(f, MONDAY, { nextEvaluationHours: 0 })!;
    const late = stockoutRisk(f, MONDAY, { nextEvaluationHours: 48 })!;
    expect(late.probabilityPercent).toBeGreaterThan(soon.probabilityPercent);
    expect(soon.probabilityPercent).toBeCloseTo(soon.probabilityIfOrderedNowPercent);
  });

  it('skips weekends in the lead time: a Friday order on a 1-day lead arrives on Monday', () => {
    const friday = MONDAY + 4 * DAY;
    const risk = stockoutRisk(forecast(2.5, 2, 3, friday), friday, { leadTimes: [{ days: 1, weight: 1 }], nextEvaluationHours: 0 })!;
    expect(new Date(risk.expectedArrival).getUTCDay()).toBe(1);
    expect(risk.probabilityPercent).toBeGreaterThan(50);
  });

  it('says an order placed now is too late when even the shortest lead time arrives after the depletion date', () => {
    expect(stockoutRisk(forecast(0.5, 0.2, 1), MONDAY, {})!.unavoidable).toBe(true);
    expect(stockoutRisk(forecast(20, 15, 25), MONDAY, {})!.unavoidable).toBe(false);
  });

  it('ages a forecast made earlier: the depletion date stays where it was', () => {
    const madeFriday = forecast(13, 10, 16, MONDAY - 3 * DAY);
    expect(probability(madeFriday)).toBeCloseTo(probability(forecast(10, 7, 13)), 6);
  });

  it('is null without a forecast, and certain once the depletion date has passed', () => {
    expect(stockoutRisk(null, MONDAY)).toBeNull();
    expect(probability({ daysRemaining: null, depletionDate: new Date(MONDAY - DAY).toISOString() })).toBe(100);
  });

  it('leaves out a band edge too far away to be a date, instead of failing', () => {
    const risk = stockoutRisk(forecast(40, 30, 1e12), MONDAY, {})!;
    expect(risk.bandHigh).toBeNull();
    expect(risk.probabilityPercent).toBeGreaterThanOrEqual(0);
    expect(evaluateTrigger(supplyWith(forecast(40, 30, 1e12)), serviceLevel(), MONDAY).reason).toContain('depletion around');
  });

  it('stays a probability and falls with the time to depletion, for any band and lead times', () => {
    const leadTimes = fc.array(fc.record({ days: fc.integer({ min: 0, max: 20 }), weight: fc.double({ min: 0, max: 100, noNaN: true }) }), { minLength: 1, maxLength: 6 });
    fc.assert(fc.property(fc.double({ min: 0, max: 120, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 1, max: 3, noNaN: true }), fc.double({ min: 0, max: 30, noNaN: true }), leadTimes,
      (days, lowShare, highShare, later, weights) => {
        const p = probability(forecast(days, days * lowShare, days * highShare), weights);
        const further = probability(forecast(days + later, (days + later) * lowShare, (days + later) * highShare), weights);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(100);
        expect(further).toBeLessThanOrEqual(p + 1e-9);
      }));
  });
});

describe('addBusinessDays', () => {
  /** The rule as the carrier states it: a weekend order counts from Monday, then one calendar day at a time, weekends not counted. */
  function stepByStep(at: number, days: number): number {
    const weekend = (t: number) => [0, 6].includes(new Date(t).getUTCDay());
    let t = at;
    while (weekend(t)) t += DAY;
    for (let left = days; left > 0; ) {
      t += DAY;
      if (!weekend(t)) left--;
    }
    return t;
  }

  it('lands where counting day by day lands, from any hour of any weekday, for any number of days', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 14 * 24 * 60 }), fc.integer({ min: -2, max: 60 }), fc.boolean(), (minutes, days, half) => {
      const at = MONDAY + minutes * 60_000;
      const n = half ? days + 0.5 : days;
      expect(addBusinessDays(at, n)).toBe(stepByStep(at, n));
    }), { numRuns: 2000 });
  });
});

describe('evaluateTrigger in service-level mode', () => {
  it('raises when the chance of running out passes what the service level allows, and says why in numbers', () => {
    const f = forecast(6, 4, 8);
    const decision = evaluateTrigger(supplyWith(f, 10), serviceLevel(99.5), MONDAY);
    expect(decision).toMatchObject({ raise: true, trigger: 'forecast' });
    expect(decision.reason).toMatch(/^Waiting would leave a [\d.]+ % chance of running out before a cartridge ordered at the next reading arrives, above the 0\.5 % a 99\.5 % service level allows \(depletion around 29 Nov, band 27 Nov–1 Dec; lead time 1–10 business days\)\.$/);
    expect(decision.stockoutRisk?.probabilityPercent).toBeGreaterThan(0.5);
  });

  it('stays quiet while the chance is within the service level, and says how small it is', () => {
    const decision = evaluateTrigger(supplyWith(forecast(30, 25, 35)), serviceLevel(99.5), MONDAY);
    expect(decision).toMatchObject({ raise: false, trigger: null });
    expect(decision.reason).toContain('within the 0.5 % a 99.5 % service level allows');
    expect(decision.reason).toContain('the level is 30 %');
  });

  it('respects the threshold: raises exactly when the probability is above 100 − service level', () => {
    const f = forecast(14, 10, 18);
    const p = stockoutRisk(f, MONDAY, {})!.probabilityPercent;
    expect(p).toBeGreaterThan(0.01);
    expect(p).toBeLessThan(49);
    expect(evaluateTrigger(supplyWith(f), serviceLevel(Math.min(99.99, 100 - p / 2)), MONDAY).raise).toBe(true);
    expect(evaluateTrigger(supplyWith(f), serviceLevel(Math.max(50, 100 - p * 2)), MONDAY).raise).toBe(false);
  });

  it('orders earlier for a wide band than for a narrow one at the same depletion date', () => {
    const firstDay = (low: number, high: number) => [30, 25, 20, 16, 14, 12, 10, 8, 6, 4, 2].find((days) => evaluateTrigger(supplyWith(forecast(days, days * low, days * high)), serviceLevel(), MONDAY).raise);
    expect(firstDay(0.5, 1.5)).toBeGreaterThan(firstDay(0.9, 1.1)!);
  });

  it('never takes back an order when the service level is raised', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 60, noNaN: true }), fc.double({ min: 0.3, max: 1, noNaN: true }), fc.double({ min: 50, max: 99.99, noNaN: true }), fc.double({ min: 50, max: 99.99, noNaN: true }),
      (days, lowShare, a, b) => {
        const supply = supplyWith(forecast(days, days * lowShare, days * (2 - lowShare)));
        const [lower, higher] = a <= b ? [a, b] : [b, a];
        if (evaluateTrigger(supply, serviceLevel(lower), MONDAY).raise) expect(evaluateTrigger(supply, serviceLevel(higher), MONDAY).raise).toBe(true);
      }));
  });

  it('falls back to the level trigger without a forecast', () => {
    expect(evaluateTrigger(supplyWith(null, 4), serviceLevel(), MONDAY)).toMatchObject({ raise: true, trigger: 'level' });
    const quiet = evaluateTrigger(supplyWith(null, 40), serviceLevel(), MONDAY);
    expect(quiet.raise).toBe(false);
    expect(quiet.reason).toBe('No request: there is no forecast yet, and the level is 40 %.');
  });

  it('flags rapid use and an unavoidable stockout in words', () => {
    const decision = evaluateTrigger(supplyWith(forecast(0.5, 0.3, 0.8), 60), serviceLevel(), MONDAY);
    expect(decision.rapidUse).toBe(true);
    expect(decision.reason).toContain('Even an order placed now cannot arrive before the forecast empty date.');
    expect(decision.reason).toContain('rapid use');
  });

  it('leaves the other modes as they were', () => {
    expect(evaluateTrigger(supplyWith({ daysRemaining: 8, daysRemainingLow: null, depletionDate: daysFromNow(8) }), settings({ triggerMode: 'both' }), NOW).reason).toContain('within the 7-day lead time plus 2-day buffer');
  });
});
