import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeConsumable, encodeReceptacle, PERSONALITIES, quantize, UNIT } from './personality.js';

describe('quantize', () => {
  it('puts a true 61 % on a 25 % gauge at 50 when it floors and 75 when it ceils', () => {
    expect(quantize(61, 25, 'floor')).toBe(50);
    expect(quantize(61, 25, 'ceil')).toBe(75);
    expect(quantize(61, 25, 'nearest')).toBe(50);
  });

  it('never leaves 0–100 and lands on a step', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom(1, 10, 25), fc.constantFrom('ceil', 'floor', 'nearest' as const), (p, step, rounding) => {
        const q = quantize(p, step, rounding);
        expect(q).toBeGreaterThanOrEqual(0);
        expect(q).toBeLessThanOrEqual(100);
        expect(q % step).toBe(0);
      }),
    );
  });
});

describe('encodeConsumable', () => {
  it('reports 1 % steps in percent, rounded up so a printing cartridge never shows 0', () => {
    expect(encodeConsumable(PERSONALITIES['percent-1'], 0.371, false, false)).toEqual({ unit: UNIT.percent, max: 100, level: 38, ippLevel: 38 });
    expect(encodeConsumable(PERSONALITIES['percent-1'], 0.001, true, false).level).toBe(1);
    expect(encodeConsumable(PERSONALITIES['percent-1'], 0, true, true).level).toBe(0);
  });

  it('reports a low/empty-only gauge as −3 until the low sensor trips, then 0', () => {
    expect(encodeConsumable(PERSONALITIES['low-only'], 0.8, false, false).level).toBe(-3);
    expect(encodeConsumable(PERSONALITIES['low-only'], 0.12, true, false).level).toBe(0);
    expect(encodeConsumable(PERSONALITIES['low-only'], 0.8, false, false).ippLevel).toBe(-3);
  });

  it('reports absolute units (tenths of grams) against the cartridge capacity', () => {
    expect(encodeConsumable(PERSONALITIES['tenths-of-grams'], 4600 / 7200, false, false)).toEqual({ unit: UNIT.tenthsOfGrams, max: 7200, level: 4600, ippLevel: 64 });
  });

  it('reports −2 for both level and max when the device does not know', () => {
    expect(encodeConsumable(PERSONALITIES.unknown, 0.5, false, false)).toMatchObject({ max: -2, level: -2, ippLevel: -2 });
  });

  it('reports Ricoh near-end as −100 (and IPP −3), 10 % steps before', () => {
    expect(encodeConsumable(PERSONALITIES['ricoh-near-end'], 0.42, false, false).level).toBe(50);
    expect(encodeConsumable(PERSONALITIES['ricoh-near-end'], 0.07, true, false)).toMatchObject({ level: -100, ippLevel: -3 });
  });

  it('reports a full over-max cartridge above its max', () => {
    const full = encodeConsumable(PERSONALITIES['over-max'], 1, false, false);
    expect(full.level).toBe(150);
    expect(full.max).toBe(100);
    expect(full.ippLevel).toBe(100);
  });

  it('never shows more on the gauge as the toner goes down, for every personality', () => {
    fc.assert(
      fc.property(fc.constantFrom(...(Object.keys(PERSONALITIES) as (keyof typeof PERSONALITIES)[])), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (name, a, b) => {
        const [hi, lo] = a >= b ? [a, b] : [b, a];
        const levelOf = (x: number) => encodeConsumable(PERSONALITIES[name], x, false, false).level;
        if (levelOf(hi) >= 0 && levelOf(lo) >= 0) expect(levelOf(lo)).toBeLessThanOrEqual(levelOf(hi));
      }),
    );
  });
});

describe('encodeReceptacle', () => {
  it('reports a waste box by its free space, or −3 until full for "some remaining" devices', () => {
    expect(encodeReceptacle('percent', 0.8)).toMatchObject({ level: 80, max: 100 });
    expect(encodeReceptacle('some-remaining', 0.8)).toMatchObject({ level: -3, max: -2 });
    expect(encodeReceptacle('some-remaining', 0)).toMatchObject({ level: 0 });
  });
});
