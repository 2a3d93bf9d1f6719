import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baselineDaysRemaining, type LevelObservation, type MeterSample } from '../../forecasting/index.js';
import { DEFAULT_REQUEST_SETTINGS, evaluateTrigger, type RequestSettings } from '../../requests/index.js';
import { addBusinessDays, drawLeadTime } from './lead-times.js';
import { ekmDefault, fixed20, lowAlert30, nddOrbix, oracle, serviceLevelMayFire, StraightLine, tonerloopForecast, tonerloopOrders, type SupplyView, type TonerloopDevice, type TonerloopSupply } from './policies.js';
import { inferGauge } from '../../forecasting/index.js';
import { Random } from '../../simulator/random.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A Monday.
const NOW = Date.parse('2026-03-02T10:00:00Z');

/** A supply as a monitoring tool sees it: 60 % on a 1 % gauge, never ordered, 3,000-page cartridge. */
function view(over: Partial<SupplyView> = {}): SupplyView {
  return { remainingPercent: 60, state: 'ok', pagesNow: 50_000, pagesAtInstall: 49_000, ratedYield: 3000, straightLineDays: 40, lastOrder: null, openOrder: false, ...over };
}

describe('lowAlert30 (Lexmark PCM style)', () => {
  it('orders when the device says low', () => {
    expect(lowAlert30(view({ remainingPercent: 9, state: 'low' }), NOW).order).toBe(true);
  });

  it('does not order at a low level the device does not call low', () => {
    expect(lowAlert30(view({ remainingPercent: 12, state: 'ok' }), NOW).order).toBe(false);
  });

  it('refuses a second order until 30 % was used since the last one', () => {
    const lastOrder = { at: NOW - 10 * DAY, pages: 49_500, remainingPercent: 9 };
    expect(lowAlert30(view({ remainingPercent: 5, state: 'low', lastOrder }), NOW)).toMatchObject({ order: false, reason: expect.stringMatching(/at least 30 %/) });
    expect(lowAlert30(view({ remainingPercent: 9, state: 'low', pagesNow: 49_500 + 2000, lastOrder }), NOW).order).toBe(true);
  });

  it('orders nothing while an order is open', () => {
    expect(lowAlert30(view({ state: 'empty', remainingPercent: 0, openOrder: true }), NOW).order).toBe(false);
  });
});

describe('fixed20', () => {
  it('orders at 20 % and not above', () => {
    expect(fixed20(view({ remainingPercent: 20 })).order).toBe(true);
    expect(fixed20(view({ remainingPercent: 21 })).order).toBe(false);
  });

  it('takes the device\'s "low" for the threshold on a gauge that gives no number', () => {
    expect(fixed20(view({ remainingPercent: null, state: 'ok' })).order).toBe(false);
    expect(fixed20(view({ remainingPercent: null, state: 'low' })).order).toBe(true);
  });
});

describe('ekmDefault (Happen EKM defaults)', () => {
  it('orders when the straight line says 7 days or fewer are left, as rapid use above 15 %', () => {
    expect(ekmDefault(view({ remainingPercent: 30, straightLineDays: 6.5 }))).toMatchObject({ order: true, reason: expect.stringMatching(/rapid use/) });
    expect(ekmDefault(view({ remainingPercent: 30, straightLineDays: 7.5 })).order).toBe(false);
  });

  it('orders at the 5 % lower threshold whatever the days say', () => {
    expect(ekmDefault(view({ remainingPercent: 5, straightLineDays: null })).order).toBe(true);
    expect(ekmDefault(view({ remainingPercent: 6, straightLineDays: null })).order).toBe(false);
  });
});

describe('nddOrbix (NDD Orbix default)', () => {
  it('orders at 30 days left', () => {
    expect(nddOrbix(view({ straightLineDays: 30 })).order).toBe(true);
    expect(nddOrbix(view({ straightLineDays: 31 })).order).toBe(false);
  });

  it('orders once 80 % of the rated yield was printed since the install, even on a gauge that says nothing', () => {
    expect(nddOrbix(view({ remainingPercent: null, straightLineDays: null, pagesAtInstall: 50_000 - 2400 })).order).toBe(true);
    expect(nddOrbix(view({ remainingPercent: null, straightLineDays: null, pagesAtInstall: 50_000 - 2300 })).order).toBe(false);
  });

  it('orders at 25 %', () => {
    expect(nddOrbix(view({ remainingPercent: 25, straightLineDays: null, pagesAtInstall: null })).order).toBe(true);
  });
});

describe('oracle', () => {
  const step = 4 * HOUR;
  it('waits while an order at the next reading still arrives a day before the supply runs out bare', () => {
    // Two business days from Monday 10:00 is Wednesday 10:00; empty Thursday 12:00 leaves a day and two hours.
    const runsOutBareAt = Date.parse('2026-03-05T12:00:00Z');
    expect(oracle({ runsOutBareAt, onTheWayAt: null, leadTimeBusinessDays: 2, stepMs: step }, NOW - step).order).toBe(false);
    expect(oracle({ runsOutBareAt, onTheWayAt: null, leadTimeBusinessDays: 2, stepMs: step }, NOW).order).toBe(true);
  });

  it('counts business days: an order on Friday with a 1-day lead time arrives on Monday', () => {
    const friday = Date.parse('2026-03-06T10:00:00Z');
    expect(oracle({ runsOutBareAt: Date.parse('2026-03-08T10:00:00Z'), onTheWayAt: null, leadTimeBusinessDays: 1, stepMs: step }, friday).order).toBe(true);
  });

  it('orders now when its item goes out of stock before the next reading: it knows that lead time too', () => {
    // Empty Friday 12:00; in stock now (2 days: Wednesday 10:00), out at the next reading (restock and carrier: 5 days).
    const runsOutBareAt = Date.parse('2026-03-06T12:00:00Z');
    expect(oracle({ runsOutBareAt, onTheWayAt: null, leadTimeBusinessDays: 2, stepMs: step }, NOW).order).toBe(false);
    expect(oracle({ runsOutBareAt, onTheWayAt: null, leadTimeBusinessDays: 2, nextLeadTimeBusinessDays: 5, stepMs: step }, NOW).order).toBe(true);
  });

  it('does not order again when the cartridge on its way comes sooner than a new one would', () => {
    const runsOutBareAt = NOW + DAY;
    expect(oracle({ runsOutBareAt, onTheWayAt: NOW + 2 * DAY, leadTimeBusinessDays: 3, stepMs: step }, NOW).order).toBe(false);
    expect(oracle({ runsOutBareAt, onTheWayAt: NOW + 9 * DAY, leadTimeBusinessDays: 1, stepMs: step }, NOW).order).toBe(true);
  });

  it('orders for the depletion after a cartridge on its way that comes in time, when waiting would be too late', () => {
    // The cartridge on its way arrives in two days and lasts until day 12 (runsOutBareAt counts it); the item is out of
    // stock from the next reading, 10 business days then: order now, though the one on its way comes sooner.
    const runsOutBareAt = NOW + 12 * DAY;
    expect(oracle({ runsOutBareAt, onTheWayAt: NOW + 2 * DAY, leadTimeBusinessDays: 3, nextLeadTimeBusinessDays: 10, stepMs: step }, NOW).order).toBe(true);
    expect(oracle({ runsOutBareAt, onTheWayAt: NOW + 2 * DAY, leadTimeBusinessDays: 3, nextLeadTimeBusinessDays: 3, stepMs: step }, NOW).order).toBe(false);
  });

  it('orders nothing for a supply that does not run out within its look-ahead', () => {
    expect(oracle({ runsOutBareAt: null, onTheWayAt: null, leadTimeBusinessDays: 1, stepMs: step }, NOW).order).toBe(false);
  });
});

describe('tonerloopOrders (the production trigger, consolidation and authorization)', () => {
  const supply = (over: Partial<TonerloopSupply> = {}): TonerloopSupply => ({
    index: 1, color: 'black', remainingPercent: 40, state: 'ok', forecast: null, lastOrder: null, openOrder: false, lastInstallAt: null, expectedYieldPages: 3000, ...over,
  });
  const device = (supplies: TonerloopSupply[]): TonerloopDevice => ({ pagesNow: 50_000, lastSeenAt: NOW, lastMeterAt: NOW, supplies });
  const runsOutIn = (days: number, low = days) => ({ daysRemaining: days, daysRemainingLow: low, depletionDate: new Date(NOW + days * DAY).toISOString() });

  // The built-in default is the service-level trigger; the fixed-days rule (7 + 2 days) stays a dealer's choice.
  const FIXED_DAYS: RequestSettings = { ...DEFAULT_REQUEST_SETTINGS, triggerMode: 'both' };
  const band = (days: number, low: number, high: number) => ({ daysRemaining: days, daysRemainingLow: low, daysRemainingHigh: high, depletionDate: new Date(NOW + days * DAY).toISOString() });

  it('by default orders when waiting for the next reading would leave more than a 0.5 % chance of running out before a cartridge can arrive', () => {
    const context = { leadTimes: [{ days: 1, weight: 9 }, { days: 3, weight: 1 }], nextEvaluationHours: 4 };
    expect(tonerloopOrders(device([supply({ forecast: band(4, 3, 5) })]), DEFAULT_REQUEST_SETTINGS, NOW, context).supplyIndexes).toEqual([1]);
    expect(tonerloopOrders(device([supply({ forecast: band(20, 16, 24) })]), DEFAULT_REQUEST_SETTINGS, NOW, context).supplyIndexes).toEqual([]);
    // Same lead times, a wider band at the same median: the chance of an early end is larger, so it orders.
    expect(tonerloopOrders(device([supply({ forecast: band(8, 3, 14) })]), DEFAULT_REQUEST_SETTINGS, NOW, context).supplyIndexes).toEqual([1]);
    expect(tonerloopOrders(device([supply({ forecast: band(8, 7, 9) })]), DEFAULT_REQUEST_SETTINGS, NOW, context).supplyIndexes).toEqual([]);
  });

  it("weighs each supply on its own lead times: one whose item is out of stock (supplyLeadTime's shift) orders sooner", () => {
    const context = { leadTimes: [{ days: 1, weight: 9 }, { days: 3, weight: 1 }], nextEvaluationHours: 4 };
    const outOfStock = { ...context, leadTimes: context.leadTimes.map((w) => ({ ...w, days: w.days + 8 })) };
    expect(tonerloopOrders(device([supply({ forecast: band(12, 10, 14) })]), DEFAULT_REQUEST_SETTINGS, NOW, context).supplyIndexes).toEqual([]);
    expect(tonerloopOrders(device([supply({ forecast: band(12, 10, 14), riskContext: outOfStock })]), DEFAULT_REQUEST_SETTINGS, NOW, context).supplyIndexes).toEqual([1]);
  });

  it('with the fixed-days rule, orders when the pessimistic edge of the forecast is within lead time plus buffer (7 + 2 days)', () => {
    expect(tonerloopOrders(device([supply({ forecast: runsOutIn(12, 8.9) })]), FIXED_DAYS, NOW).supplyIndexes).toEqual([1]);
    expect(tonerloopOrders(device([supply({ forecast: runsOutIn(12, 9.2) })]), FIXED_DAYS, NOW).supplyIndexes).toEqual([]);
  });

  it('projects a forecast made earlier to now, as the stored one is', () => {
    const madeTwoDaysAgo = { daysRemaining: 12, daysRemainingLow: 10.5, depletionDate: new Date(NOW + 10 * DAY).toISOString() };
    expect(tonerloopOrders(device([supply({ forecast: madeTwoDaysAgo })]), FIXED_DAYS, NOW).supplyIndexes).toEqual([1]);
  });

  it('orders by level at the 5 % lower threshold without a forecast', () => {
    expect(tonerloopOrders(device([supply({ remainingPercent: 5 })]), FIXED_DAYS, NOW).supplyIndexes).toEqual([1]);
    expect(tonerloopOrders(device([supply({ remainingPercent: 6 })]), FIXED_DAYS, NOW).supplyIndexes).toEqual([]);
  });

  it('ships a colour running out within the lead time in the same request', () => {
    const orders = tonerloopOrders(device([
      supply({ index: 1, color: 'cyan', forecast: runsOutIn(8) }),
      supply({ index: 2, color: 'magenta', forecast: runsOutIn(14) }),
      supply({ index: 3, color: 'yellow', forecast: runsOutIn(40) }),
    ]), FIXED_DAYS, NOW);
    expect(orders.supplyIndexes).toEqual([1, 2]);
  });

  it('is refused by the 30 % rule and by an open order', () => {
    const lastOrder = { at: NOW - 5 * DAY, pages: 49_900, remainingPercent: 8 };
    expect(tonerloopOrders(device([supply({ remainingPercent: 4, lastOrder })]), FIXED_DAYS, NOW).supplyIndexes).toEqual([]);
    expect(tonerloopOrders(device([supply({ remainingPercent: 4, openOrder: true })]), FIXED_DAYS, NOW).supplyIndexes).toEqual([]);
  });

  it('forecasts with the production forecaster: a steady 1 % gauge falling a point a day has about as many days left as points', () => {
    const levels: LevelObservation[] = [];
    const meters: MeterSample[] = [];
    for (let d = 0; d <= 40; d++) {
      const at = NOW - (40 - d) * DAY;
      levels.push({ at, lastAt: at, remainingPercent: 80 - d, state: 'ok' });
      meters.push({ at, total: 10_000 + 30 * d });
    }
    const gauge = inferGauge([levels], meters, NOW);
    const forecast = tonerloopForecast({ partNumber: 'CF259A', color: 'black', levels, meters, gauge, prior: null, now: NOW })!;
    expect(forecast.daysRemaining).toBeGreaterThan(30);
    expect(forecast.daysRemaining).toBeLessThan(50);
    expect(forecast.daysRemainingLow!).toBeLessThanOrEqual(forecast.daysRemaining!);
  });
});

describe('serviceLevelMayFire (the shortcut tonerloopOrders takes past a device none of whose supplies can fire)', () => {
  it('is false only where the production service-level trigger does not raise, for any forecast, level, service level, lead times and moment', () => {
    const leadTimes = fc.array(fc.record({ days: fc.integer({ min: -1, max: 15 }), weight: fc.constantFrom(0, 0.5, 1, 3, 40) }), { minLength: 0, maxLength: 6 });
    const state = fc.constantFrom('ok', 'low', 'empty', 'some-remaining', 'unknown') as fc.Arbitrary<SupplyView['state']>;
    let quiet = 0;
    fc.assert(fc.property(
      fc.double({ min: -2, max: 60, noNaN: true }), fc.double({ min: 0.05, max: 1.5, noNaN: true }), fc.double({ min: 1, max: 4, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }),
      fc.option(fc.integer({ min: 0, max: 100 })), state, fc.double({ min: 50, max: 99.99, noNaN: true }), leadTimes, fc.option(fc.double({ min: 0, max: 48, noNaN: true })), fc.integer({ min: 0, max: 14 * 24 * 60 }),
      (days, low, high, age, remainingPercent, gaugeState, serviceLevelPercent, weights, nextEvaluationHours, minutes) => {
        const now = NOW + minutes * 60_000;
        const madeAt = now - age * DAY;
        const forecast = { daysRemaining: days, daysRemainingLow: days * low, daysRemainingHigh: days * high, depletionDate: new Date(madeAt + days * DAY).toISOString() };
        const settings: RequestSettings = { ...DEFAULT_REQUEST_SETTINGS, serviceLevelPercent };
        const context = { leadTimes: weights.length > 0 ? weights : undefined, nextEvaluationHours: nextEvaluationHours ?? undefined };
        const supply = { remainingPercent, state: gaugeState, forecast };
        if (serviceLevelMayFire(supply, settings, now, context)) return;
        quiet++;
        expect(evaluateTrigger(supply, settings, now, context).raise).toBe(false);
      }), { numRuns: 3000 });
    expect(quiet, 'cases where the shortcut applied').toBeGreaterThan(10);
  });

  it('lets a supply weeks from empty pass, and not one within the lead times or at its low', () => {
    const context = { nextEvaluationHours: 4 };
    const weeksAway = { daysRemaining: 30, daysRemainingLow: 25, daysRemainingHigh: 36, depletionDate: new Date(NOW + 30 * DAY).toISOString() };
    const daysAway = { ...weeksAway, daysRemaining: 6, daysRemainingLow: 4, daysRemainingHigh: 8 };
    expect(serviceLevelMayFire({ remainingPercent: 60, state: 'ok', forecast: weeksAway }, DEFAULT_REQUEST_SETTINGS, NOW, context)).toBe(false);
    expect(serviceLevelMayFire({ remainingPercent: 20, state: 'ok', forecast: daysAway }, DEFAULT_REQUEST_SETTINGS, NOW, context)).toBe(true);
    expect(serviceLevelMayFire({ remainingPercent: null, state: 'low', forecast: weeksAway }, DEFAULT_REQUEST_SETTINGS, NOW, context)).toBe(true);
  });
});

describe('StraightLine', () => {
  it('gives what the baseline gives on the same readings, across a rise', () => {
    const random = new Random('line');
    const readings: { at: number; remainingPercent: number | null }[] = [];
    let level = 70;
    for (let k = 0; k < 400; k++) {
      if (k === 200) level = 100;
      level = Math.max(0, level - random.uniform(0, 0.6));
      readings.push({ at: NOW + k * 4 * HOUR, remainingPercent: k % 37 === 5 ? null : Math.round(level) });
    }
    const line = new StraightLine();
    for (const [k, r] of readings.entries()) {
      line.add(r.at, r.remainingPercent);
      if (k % 25 !== 0) continue;
      const expected = baselineDaysRemaining(readings.slice(0, k + 1), r.at);
      const got = line.daysRemaining(r.at);
      if (expected === null) expect(got).toBeNull();
      else expect(got).toBeCloseTo(expected, 6);
    }
  });
});

describe('lead times', () => {
  it('skips weekends: Friday plus one business day is Monday, Saturday counts from Monday', () => {
    expect(new Date(addBusinessDays(Date.parse('2026-03-06T10:00:00Z'), 1)).toISOString()).toBe('2026-03-09T10:00:00.000Z');
    expect(new Date(addBusinessDays(Date.parse('2026-03-07T10:00:00Z'), 2)).toISOString()).toBe('2026-03-11T10:00:00.000Z');
  });

  it('draws by weight', () => {
    const random = new Random('weights');
    const draws = Array.from({ length: 2000 }, () => drawLeadTime([{ days: 1, weight: 3 }, { days: 8, weight: 1 }, { days: 20, weight: 0 }], random));
    const share = draws.filter((d) => d === 1).length / draws.length;
    expect(share).toBeGreaterThan(0.7);
    expect(share).toBeLessThan(0.8);
    expect(draws).not.toContain(20);
  });
});
