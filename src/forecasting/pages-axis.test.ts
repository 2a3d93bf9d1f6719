import { describe, expect, it } from 'vitest';
import { colorMeter, isColorSupply, pagesAxisOf, priorInColorPages } from './pages-axis.js';
import type { LevelObservation, MeterSample } from './types.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T00:00:00Z');
/** Daily meters over `days`: 100 pages a day, 30 of them in colour, the colour counter from day `colorFrom` on. */
const meters = (days: number, colorFrom = 0): MeterSample[] =>
  Array.from({ length: days + 1 }, (_, d) => ({ at: T0 + d * DAY, total: 5000 + 100 * d, color: d >= colorFrom ? 1000 + 30 * d : null }));
const levels = (fromDay: number): LevelObservation[] => [
  { at: T0 + fromDay * DAY, lastAt: T0 + (fromDay + 10) * DAY, remainingPercent: 80, state: 'ok' },
  { at: T0 + (fromDay + 11) * DAY, lastAt: T0 + 150 * DAY, remainingPercent: 70, state: 'ok' },
];

describe('isColorSupply', () => {
  it('takes cyan, magenta, yellow and the light inks for colour supplies, black and grey for supplies used on every page', () => {
    expect(['cyan', 'magenta', 'yellow', 'light-cyan', 'red'].every(isColorSupply)).toBe(true);
    expect([null, undefined, 'black', 'photo-black', 'matte-black', 'gray'].some(isColorSupply)).toBe(false);
  });
});

describe('colorMeter', () => {
  it('is the colour counter as a meter of its own, leaving out samples without it and after now', () => {
    expect(colorMeter(meters(3, 1), T0 + 2 * DAY)).toEqual([{ at: T0 + DAY, total: 1030 }, { at: T0 + 2 * DAY, total: 1060 }]);
  });
});

describe('pagesAxisOf', () => {
  const now = T0 + 150 * DAY;

  it('counts colour pages for a colour supply on a device whose colour counter covers its readings', () => {
    const axis = pagesAxisOf({ partNumber: 'C', color: 'cyan', levels: levels(0) }, meters(150), now, 84);
    expect(axis.axis).toBe('color');
    expect(axis.meters[1]).toEqual({ at: T0 + DAY, total: 1030 });
    expect(axis.levels).toEqual(levels(0));
  });

  it('keeps total pages for a black supply, a device without a colour counter, and a supply without a colour', () => {
    const withoutCounter = meters(150).map((m) => ({ ...m, color: null }));
    expect(pagesAxisOf({ partNumber: 'K', color: 'black', levels: levels(0) }, meters(150), now, 84).axis).toBe('total');
    expect(pagesAxisOf({ partNumber: 'C', color: 'cyan', levels: levels(0) }, withoutCounter, now, 84).axis).toBe('total');
    expect(pagesAxisOf({ partNumber: 'D', levels: levels(0) }, meters(150), now, 84).axis).toBe('total');
  });

  it('on a counter that appeared after the readings began: keeps total pages until it has twelve weeks of its own, then leaves out the readings before it', () => {
    const supply = { partNumber: 'C', color: 'magenta', levels: levels(0) };
    expect(pagesAxisOf(supply, meters(150, 100), now, 84).axis).toBe('total');
    const axis = pagesAxisOf(supply, meters(150, 40), now, 84);
    expect(axis.axis).toBe('color');
    // The run read before the counter is gone; the one it straddles starts where the counter does.
    expect(axis.levels).toEqual([{ ...levels(0)[1]!, at: T0 + 40 * DAY }]);
  });
});

describe('priorInColorPages', () => {
  it('scales a prior in total pages by the device\'s own colour share, so toner per page stays comparable across the fleet', () => {
    const scaled = priorInColorPages({ yieldPages: 4000, yieldSpread: 0.12, lowMarkPercent: null, cycles: 9 }, meters(150), colorMeter(meters(150)), T0 + 150 * DAY, 84)!;
    expect(scaled.colorShare).toBeCloseTo(0.3, 6);
    expect(scaled.prior).toEqual({ yieldPages: 1200, yieldSpread: 0.12, lowMarkPercent: null, cycles: 9 });
  });

  it('is null for a device that printed nothing in colour', () => {
    const mono = meters(150).map((m) => ({ ...m, color: 1000 }));
    expect(priorInColorPages({ yieldPages: 4000, yieldSpread: 0.12, lowMarkPercent: null, cycles: 9 }, mono, colorMeter(mono), T0 + 150 * DAY, 84)).toBeNull();
  });
});
