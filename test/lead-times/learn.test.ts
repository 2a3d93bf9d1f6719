import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDaysBetween, learnLeadTime, MIN_LEAD_TIME_SAMPLES, settingBusinessDays, type LeadTimeSample } from '../../src/lead-times/index.js';
import { addBusinessDays } from '../../src/requests/index.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
// Monday 30 November 2026, 10:00 UTC.
const MONDAY = Date.UTC(2026, 10, 30, 10);
const at = (days: number, hours = 0) => MONDAY + days * DAY + hours * HOUR;
const delivery = (start: number, end: number): LeadTimeSample => ({ start, end, kind: 'delivery' });

describe('businessDaysBetween', () => {
  it('counts a same-day delivery as 0 and the next weekday as 1, whatever the hours', () => {
    expect(businessDaysBetween(at(0), at(0, 6))).toBe(0);
    expect(businessDaysBetween(at(0), at(1, -9))).toBe(1);
    expect(businessDaysBetween(at(0), at(1, 8))).toBe(1);
    expect(businessDaysBetween(at(0), at(2))).toBe(2);
  });

  it('skips weekends: Friday → Monday is 1, Friday → Tuesday 2, a Saturday dispatch counts from Monday', () => {
    expect(businessDaysBetween(at(4), at(7))).toBe(1);
    expect(businessDaysBetween(at(4), at(8))).toBe(2);
    expect(businessDaysBetween(at(5), at(7))).toBe(0);
    expect(businessDaysBetween(at(5), at(8))).toBe(1);
  });

  it('counts a Saturday delivery of a Friday dispatch as 1: it was not same-day', () => {
    expect(businessDaysBetween(at(4), at(5))).toBe(1);
  });

  it('is the inverse of addBusinessDays, from any hour of any day', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 3 * 365 * 24 }), fc.integer({ min: 0, max: 40 }), (hours, days) => {
      const start = MONDAY + hours * HOUR;
      expect(businessDaysBetween(start, addBusinessDays(start, days))).toBe(days);
    }));
  });

  it('is unchanged by moving both ends a whole week, and never negative', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: -100, max: 500 }), fc.integer({ min: 1, max: 50 }), (startHours, spanHours, weeks) => {
      const start = MONDAY + startHours * HOUR;
      const end = start + spanHours * HOUR;
      const days = businessDaysBetween(start, end);
      expect(Number.isInteger(days) && days >= 0).toBe(true);
      expect(businessDaysBetween(start + weeks * 7 * DAY, end + weeks * 7 * DAY)).toBe(days);
      // At most the weekdays of the calendar span, plus the one a weekend delivery counts.
      expect(days).toBeLessThanOrEqual(Math.max(1, Math.ceil(spanHours / 24) + 1));
    }));
  });
});

describe('learnLeadTime', () => {
  const now = at(60);

  it('learns from the site\'s deliveries once there are enough, with the median and 90th percentile in business days', () => {
    // Six next-day deliveries, two taking two days, two taking five, all within the last weeks (Monday → Tuesday …).
    const samples = [...[1, 1, 1, 1, 1, 1].map((d, i) => delivery(at(7 * i), at(7 * i + d))), delivery(at(43), at(45)), delivery(at(50), at(52)), delivery(at(21), at(28)), delivery(at(28), at(35))];
    const learned = learnLeadTime(samples, { leadTimeDays: 7, level: 'dealer' }, now);
    expect(learned).toMatchObject({ source: 'learned', samples: 10, deliveries: 10, erpOrders: 0, medianBusinessDays: 1, p90BusinessDays: 5 });
    expect(learned.distribution.map((w) => w.days)).toEqual([1, 2, 5]);
    expect(learned.basis).toBe('Learned from 10 deliveries in the last 180 days.');
  });

  it('weighs recent deliveries more than old ones', () => {
    // Mondays → Thursdays three months ago, against Mondays → Tuesdays of late.
    const old = [0, 1, 2].map((k) => delivery(at(-98 + 7 * k), at(-98 + 7 * k + 3)));
    const recent = [0, 1, 2].map((k) => delivery(at(42 + 7 * k), at(42 + 7 * k + 1)));
    const learned = learnLeadTime([...old, ...recent], null, now);
    const weight = (days: number) => learned.distribution.find((w) => w.days === days)!.weight;
    expect(weight(1)).toBeGreaterThan(weight(3));
    expect(learned.medianBusinessDays).toBe(1);
  });

  it('leaves out orders older than the window', () => {
    const learned = learnLeadTime([0, 1, 2, 3, 4, 5].map((k) => delivery(at(-200 + k), at(-199 + k))), null, now);
    expect(learned).toMatchObject({ source: 'default', samples: 0 });
  });

  it(`falls back on the dealer's setting below ${MIN_LEAD_TIME_SAMPLES} deliveries, in business days`, () => {
    const learned = learnLeadTime([delivery(at(7), at(8)), delivery(at(14), at(15))], { leadTimeDays: 7, level: 'dealer' }, now);
    expect(learned).toMatchObject({ source: 'setting', samples: 2, medianBusinessDays: 5, p90BusinessDays: 5, distribution: [{ days: 5, weight: 1 }] });
    expect(learned.basis).toBe("Only 2 deliveries in the last 180 days (5 needed): the dealer's 7-day lead-time setting (5 business days).");
    expect(learnLeadTime([], { leadTimeDays: 7, level: 'dealer' }, now).basis).toBe("No deliveries recorded yet: the dealer's 7-day lead-time setting (5 business days).");
  });

  it('falls back on the built-in distribution when nobody set a lead time', () => {
    const learned = learnLeadTime([], null, now);
    expect(learned).toMatchObject({ source: 'default', samples: 0, medianBusinessDays: 2, p90BusinessDays: 3, setting: null });
    expect(learned.distribution.reduce((sum, w) => sum + w.weight, 0)).toBeCloseTo(1, 9);
  });

  it('names ERP orders apart from deliveries', () => {
    const erp = [0, 1, 2, 3, 4].map((k): LeadTimeSample => ({ start: at(7 * k), end: at(7 * k + 3), kind: 'erp-order' }));
    expect(learnLeadTime([...erp, delivery(at(1), at(2))], null, now).basis).toBe('Learned from 1 delivery and 5 ERP orders (actioned → new cartridge seen) in the last 180 days.');
  });

  it('turns calendar days of a setting into business days', () => {
    expect([0, 1, 2, 3, 7, 14].map(settingBusinessDays)).toEqual([0, 1, 1, 2, 5, 10]);
  });

  it('always gives positive weights summing to 1 on whole days ≥ 0, with the median at most the 90th percentile', () => {
    const sample = fc.record({ startHours: fc.integer({ min: -220 * 24, max: 0 }), spanHours: fc.integer({ min: 0, max: 20 * 24 }), erp: fc.boolean() });
    const setting = fc.option(fc.record({ leadTimeDays: fc.integer({ min: 0, max: 365 }), level: fc.constantFrom('dealer' as const, 'customer' as const) }), { nil: null });
    fc.assert(fc.property(fc.array(sample, { maxLength: 40 }), setting, (raw, set) => {
      const samples = raw.map((s): LeadTimeSample => ({ start: now + s.startHours * HOUR, end: now + (s.startHours + s.spanHours) * HOUR, kind: s.erp ? 'erp-order' : 'delivery' }));
      const learned = learnLeadTime(samples, set, now);
      expect(learned.distribution.length).toBeGreaterThan(0);
      for (const w of learned.distribution) {
        expect(Number.isInteger(w.days) && w.days >= 0).toBe(true);
        expect(w.weight).toBeGreaterThan(0);
      }
      expect(learned.distribution.reduce((sum, w) => sum + w.weight, 0)).toBeCloseTo(1, 9);
      expect(learned.medianBusinessDays).toBeLessThanOrEqual(learned.p90BusinessDays);
      expect(learned.samples).toBe(learned.deliveries + learned.erpOrders);
      expect(learned.source).toBe(learned.samples >= MIN_LEAD_TIME_SAMPLES ? 'learned' : set ? 'setting' : 'default');
    }));
  });
});
