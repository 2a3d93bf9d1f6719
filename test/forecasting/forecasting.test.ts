import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  baselineDaysRemaining, continuousMeter, detectCycles, robustDailyLevel, forecastSupply, inferGauge, intervalOf, meterAt, pageRate, withoutBadReads,
  type LevelObservation, type MeterSample,
} from '../../src/forecasting/index.js';
import { cartridges, DAY, gaugeReadings, HOUR, lowOnlyGauge, officeMeters, percentGauge, T0 } from './factories.js';

const analyse = (levels: LevelObservation[], meters: MeterSample[], now = Infinity) => {
  const gauge = inferGauge([levels], meters, now);
  return { gauge, ...detectCycles(levels, { gauge, meters: continuousMeter(meters), now, typicalYieldPages: null }) };
};

/** The day a steady office (100 pages per weekday) empties a cartridge, found by walking the meters. */
const trueDaysLeft = (meters: MeterSample[], now: number, emptyAtPages: number) => {
  const hit = meters.find((m) => m.total >= emptyAtPages)!;
  const before = meters[meters.indexOf(hit) - 1]!;
  const at = before.at + ((emptyAtPages - before.total) / (hit.total - before.total)) * (hit.at - before.at);
  return (at - now) / DAY;
};

describe('inferGauge', () => {
  it('reads a 25 % floor gauge from its values: showing 50 means somewhere in [50, 75)', () => {
    const meters = officeMeters(120, 100);
    const levels = gaugeReadings(meters, cartridges(3000, 12_000), percentGauge(25, 'floor', 35));
    const gauge = inferGauge([levels], meters, Infinity);
    expect(gauge).toMatchObject({ kind: 'numeric', step: 25, rounding: 'floor' });
    expect(intervalOf(gauge, 50, 'ok')).toEqual({ lo: 50, hi: 75 });
  });

  it('reads a 10 % ceil gauge: showing 40 means (30, 40]', () => {
    const meters = officeMeters(120, 100);
    const levels = gaugeReadings(meters, cartridges(3000, 12_000), percentGauge(10, 'ceil', 20));
    const gauge = inferGauge([levels], meters, Infinity);
    expect(gauge).toMatchObject({ step: 10, rounding: 'ceil' });
    expect(intervalOf(gauge, 40, 'ok')).toEqual({ lo: 30, hi: 40 });
  });

  it('treats a low-only gauge (−3, then 0 with "low") as state-only', () => {
    const meters = officeMeters(60, 100);
    const levels = gaugeReadings(meters, cartridges(1000, 11_000), lowOnlyGauge());
    expect(inferGauge([levels], meters, Infinity).kind).toBe('state-only');
  });

  it('flags a gauge that reports levels above max', () => {
    const levels: LevelObservation[] = [{ at: T0, remainingPercent: 100, state: 'ok', raw: { level: 150, max: 100, unit: 'percent' } }, { at: T0 + DAY, remainingPercent: 99, state: 'ok' }];
    expect(inferGauge([levels], officeMeters(2, 100), Infinity).overMax).toBe(true);
  });
});

describe('withoutBadReads', () => {
  const gauge = { kind: 'numeric', step: 1, rounding: 'ceil', overMax: false } as const;
  const at = (i: number, remainingPercent: number | null, lastAt?: number) => ({ at: T0 + i * HOUR, lastAt: lastAt === undefined ? undefined : T0 + lastAt * HOUR, remainingPercent, state: 'ok' as const });

  it('drops a single read that jumps up and is gone at the next poll', () => {
    const kept = withoutBadReads([at(0, 60), at(1, 59), at(2, 98), at(3, 59), at(4, 58)], gauge, Infinity);
    expect(kept.map((o) => o.remainingPercent)).toEqual([60, 59, 59, 58]);
  });

  it('waits for a second reading before believing a rise: the latest reading alone, or one after now, does not confirm it', () => {
    expect(withoutBadReads([at(0, 5), at(1, 100)], gauge, Infinity).map((o) => o.remainingPercent)).toEqual([5]);
    expect(withoutBadReads([at(0, 5), at(1, 100), at(2, 99)], gauge, T0 + 1.5 * HOUR).map((o) => o.remainingPercent)).toEqual([5]);
  });

  it('keeps a confirmed install, a rise read several times, falls, and state-only gauges untouched', () => {
    expect(withoutBadReads([at(0, 5), at(1, 100), at(2, 99)], gauge, Infinity)).toHaveLength(3);
    expect(withoutBadReads([at(0, 60), at(1, 98, 5), at(6, 60)], gauge, Infinity)).toHaveLength(3);
    expect(withoutBadReads([at(0, 60), at(1, 59)], gauge, Infinity)).toHaveLength(2);
    const levels = [at(0, 60), at(1, 98), at(2, 60)];
    expect(withoutBadReads(levels, { ...gauge, kind: 'state-only' }, Infinity)).toBe(levels);
  });

  it('does not open a cycle on an unconfirmed rise at the end of the history', () => {
    const meters = officeMeters(3, 100);
    const levels = [at(0, 40), at(24, 39), at(48, 98)];
    expect(analyse(levels, meters).cycles).toHaveLength(1);
  });
});

describe('continuousMeter', () => {
  it('continues across a meter reset instead of seeing pages go backwards', () => {
    const meters = continuousMeter([{ at: 0, total: 50_000 }, { at: 1, total: 50_100 }, { at: 2, total: 20 }, { at: 3, total: 120 }]);
    expect(meters.map((m) => m.total)).toEqual([50_000, 50_100, 50_120, 50_220]);
  });

  it('drops a reading that steps back a little (a bad read) and negative values', () => {
    const meters = continuousMeter([{ at: 0, total: 1000 }, { at: 1, total: 990 }, { at: 2, total: -5 }, { at: 3, total: 1010 }]);
    expect(meters.map((m) => m.total)).toEqual([1000, 1010]);
  });
});

describe('detectCycles', () => {
  const meters = officeMeters(150, 100);
  const base = cartridges(3000, 11_000);

  it('finds installs from level jumps, one cycle per cartridge, with its realized yield', () => {
    const levels = gaugeReadings(meters, base, percentGauge(1, 'ceil'));
    const { cycles } = analyse(levels, meters);
    const installs = cycles.filter((c) => c.start === 'new');
    expect(installs.length).toBe(Math.floor((meters[meters.length - 1]!.total - 11_000) / 3000) + 1);
    const whole = cycles.find((c) => c.start === 'new' && c.end !== 'open')!;
    expect(whole.realizedYield!).toBeGreaterThan(2900);
    expect(whole.realizedYield!).toBeLessThan(3100);
  });

  it('does not take a shaken cartridge (small rise, few pages since) for an install', () => {
    // At 8 % the user shakes the cartridge: the gauge jumps 6 points, then falls twice as fast until the bias is used up.
    const shakenAt = 11_000 + 0.92 * 3000;
    const truth = (p: number) => base(p);
    const shown = (p: number) => {
      const t = truth(p);
      const bias = p >= shakenAt && p < shakenAt + 180 ? Math.max(0, 6 - (p - shakenAt) / 30) : 0;
      return t + bias;
    };
    const levels = gaugeReadings(meters, shown, percentGauge(1, 'ceil'));
    const plain = analyse(gaugeReadings(meters, truth, percentGauge(1, 'ceil')), meters).cycles;
    const { cycles } = analyse(levels, meters);
    expect(cycles.length).toBe(plain.length);
    expect(cycles.reduce((n, c) => n + c.shakes, 0)).toBe(1);
  });

  it('recognizes a cartridge moved in from another printer (starts well below full)', () => {
    const truth = (p: number) => (p < 12_000 ? Math.max(0, 20 - (p - 11_000) / 30) : p < 12_200 ? 0 : Math.max(0, 55 - (p - 12_200) / 30));
    // 12,000–12,200 stands for the idle hours the printer sat empty.
    const stalled = meters.map((m) => ({ ...m }));
    const levels = gaugeReadings(stalled, truth, percentGauge(1, 'ceil'));
    const { cycles } = analyse(levels, stalled);
    const moved = cycles.find((c) => c.start === 'moved-in')!;
    expect(moved.startPercent!).toBeGreaterThan(50);
    expect(moved.startPercent!).toBeLessThan(57);
  });

  it('records the residual of an early swap (old cartridge out with toner left)', () => {
    const swapAt = 11_000 + 0.8 * 3000; // 20 % left
    const truth = (p: number) => (p < 11_000 ? 50 : p < swapAt ? 100 - (p - 11_000) / 30 : Math.max(0, 100 - (p - swapAt) / 30));
    const levels = gaugeReadings(meters, truth, percentGauge(1, 'ceil'));
    const { cycles } = analyse(levels, meters);
    const swapped = cycles.find((c) => c.start === 'new' && c.end === 'swapped')!;
    expect(swapped.residualPercent!).toBeGreaterThan(18);
    expect(swapped.residualPercent!).toBeLessThan(22);
  });

  it('records the residual of a cartridge swapped before its rate could be learned: the last level read', () => {
    // Monitoring starts with 12 % left; the gauge shows 11 once, and the cartridge goes out at 10 % (pages 10,060).
    const truth = (p: number) => (p < 10_060 ? 12 - (p - 10_000) / 30 : 100 - (p - 10_060) / 30);
    const levels = gaugeReadings(meters, truth, percentGauge(1, 'ceil'));
    const { cycles } = analyse(levels, meters);
    expect(cycles[0]!.end).toBe('swapped');
    expect(cycles[0]!.tonerPerPage).toBeNull();
    expect(cycles[0]!.residualPercent!).toBeGreaterThanOrEqual(10);
    expect(cycles[0]!.residualPercent!).toBeLessThanOrEqual(12);
  });

  it('handles a meter reset inside a cycle without inventing an install', () => {
    const reset = meters.map((m, i) => (i > 200 ? { at: m.at, total: m.total - meters[200]!.total + 5 } : m));
    const levels = gaugeReadings(meters, base, percentGauge(1, 'ceil'));
    expect(analyse(levels, reset).cycles.length).toBe(analyse(levels, meters).cycles.length);
  });

  it('follows a printer replaced under the same serial: the new unit counts from zero and comes with its own new cartridge', () => {
    // At 40 % left the dealer swaps the printer; the replacement reports the same serial, its counter starts at 3,
    // and its starter cartridge is full. Truth in pages printed at the desk, whatever the counters say.
    const swapAt = 11_000 + 0.6 * 3000;
    const reported = meters.map((m) => (m.total >= swapAt ? { at: m.at, total: m.total - swapAt + 3 } : m));
    const truth = (p: number) => (p < swapAt ? base(p) : Math.max(0, 100 - (p - swapAt) / 30));
    const levels = gaugeReadings(meters, truth, percentGauge(1, 'ceil'));
    const { cycles } = analyse(levels, reported);
    const old = cycles.find((c) => c.start === 'new' && c.end === 'swapped')!;
    expect(old.residualPercent!).toBeGreaterThan(38);
    expect(old.residualPercent!).toBeLessThan(42);
    // One install at the swap and no other: the counter going back to 3 is not a cartridge change.
    const next = cycles[cycles.indexOf(old) + 1]!;
    expect(cycles.filter((c) => c.start === 'new').map((c) => c.installedAt)).toEqual([cycles[1]!.installedAt, next.installedAt]);
    expect(next).toMatchObject({ start: 'new', end: 'open' });
    // Pages of the new unit's cartridge are counted across the reset: a full one gives 3,000.
    expect(next.realizedYield!).toBeGreaterThan(2900);
    expect(next.realizedYield!).toBeLessThan(3100);
    // And the forecast after the swap is the one the same printer would get without the reset.
    const now = meters.find((m) => m.total > swapAt + 2000)!.at;
    const forecastOn = (counter: MeterSample[]) =>
      forecastSupply({ supply: { partNumber: 'X', levels }, meters: counter, now, gauge: inferGauge([levels], counter, now) }).forecast!;
    expect(forecastOn(reported).daysRemaining).toBeCloseTo(forecastOn(meters).daysRemaining, 0);
    // (the pages printed between the last reading before the swap and the swap itself are not known: a few)
    expect(Math.abs(forecastOn(reported).pagesRemaining - forecastOn(meters).pagesRemaining)).toBeLessThan(10);
  });

  it('on a low-only gauge tells a shake (low again after a few pages) from an early swap (hundreds of pages)', () => {
    const truth = cartridges(1000, 11_000);
    const show = lowOnlyGauge(15);
    // A shake right after the second "low": the gauge clears "low" for 20 pages.
    const lows: number[] = [];
    const shaken = (p: number) => {
      const t = truth(p);
      const cycleStart = 11_000 + Math.floor((p - 11_000) / 1000) * 1000;
      if (p >= 11_000 && cycleStart === 12_000 && p - cycleStart > 860 && p - cycleStart < 880) lows.push(p);
      return lows.length && p - cycleStart > 860 && p - cycleStart < 880 ? 20 : t;
    };
    const plain = analyse(gaugeReadings(meters, truth, show), meters).cycles;
    const withShake = analyse(gaugeReadings(meters, shaken, show), meters);
    expect(withShake.cycles.length).toBe(plain.length);
  });

  // Whole 1,000-page cartridges from 11,000 pages, each shown empty for its first 100 pages (so the gauge sees
  // 900-page cartridges), up to 13,100; then one swapped out at 14,000 with 10 % left, after "low" at 15 %.
  const earlySwapped = (p: number) => {
    if (p < 13_100) return p > 11_000 && (p - 11_000) % 1000 < 100 ? 0 : cartridges(1000, 11_000)(p);
    return p < 14_000 ? 100 - (p - 13_100) / 9 : Math.max(0, 100 - (p - 14_000) / 10);
  };

  it('on a low-only gauge takes an early swap for an install once it printed more than a shake could give back (15 % of a cartridge)', () => {
    const levels = gaugeReadings(meters, earlySwapped, lowOnlyGauge(15));
    const at = (pages: number) => meters.find((m) => m.total >= pages)!.at;
    // 200 pages (a fifth of a cartridge) after the swap: no shake clears "low" that long.
    const { cycles, undecidedRise } = analyse(levels, meters, at(14_200));
    expect(undecidedRise).toBeNull();
    const last = cycles[cycles.length - 1]!;
    expect(last.start).toBe('new');
    expect(Math.abs(last.installPages - 14_000)).toBeLessThan(30);
    expect(cycles[cycles.length - 2]!.end).toBe('swapped');
    // 50 pages after it, a shake is still possible: undecided.
    expect(analyse(levels, meters, at(14_050)).undecidedRise).not.toBeNull();
  });

  it('on a low-only gauge does not learn from a swapped cartridge that said "low" far too early: it was moved in, not new', () => {
    // As above up to 13,100 pages; then a part-used cartridge (40 %) says "low" 225 pages later and is swapped at 13,400.
    const movedIn = (p: number) => (p < 13_100 ? earlySwapped(p) : p < 13_400 ? 40 - (p - 13_100) / 9 : Math.max(0, 100 - (p - 13_400) / 10));
    const levels = gaugeReadings(meters, movedIn, lowOnlyGauge(15));
    const now = meters.find((m) => m.total >= 13_800)!.at;
    const { forecast } = forecastSupply({ supply: { partNumber: 'X', levels }, meters, now, gauge: inferGauge([levels], meters, now) });
    expect(forecast!.basis).toMatch(/2 earlier cartridges/);
  });

  it('on a low-only gauge an early-swapped cartridge still teaches toner per page, from its install to the low mark', () => {
    const levels = gaugeReadings(meters, earlySwapped, lowOnlyGauge(15));
    const now = meters.find((m) => m.total >= 14_400)!.at;
    const { forecast } = forecastSupply({ supply: { partNumber: 'X', levels }, meters, now, gauge: inferGauge([levels], meters, now) });
    expect(forecast!.basis).toMatch(/3 earlier cartridges/);
    // 900-page cartridges as the gauge saw them, 400 pages into this one
    expect(forecast!.pagesRemaining).toBeGreaterThan(450);
    expect(forecast!.pagesRemaining).toBeLessThan(600);
  });
});

describe('forecastSupply', () => {
  const meters = officeMeters(200, 100);
  const truth = cartridges(3000, 11_000);
  // Moments where the cartridge in now has 3–21 days left, in its second or later cycle.
  const moments = meters.filter((m) => m.total > 17_500 && m.total < 20_000).filter((_, i) => i % 7 === 0);
  const cases: { name: string; show: (p: number) => { value: number | null; state: import('../../src/forecasting/index.js').GaugeState }; tolerance: number; emptyPhase?: boolean }[] = [
    { name: '1 % gauge', show: percentGauge(1, 'ceil'), tolerance: 0.6 },
    { name: '25 % steps', show: percentGauge(25, 'floor', 35), tolerance: 1.5 },
    { name: '10 % steps', show: percentGauge(10, 'ceil', 20), tolerance: 1.5 },
    { name: 'low-only after one cycle', show: lowOnlyGauge(15), tolerance: 2, emptyPhase: true },
  ];
  for (const c of cases) {
    it(`forecasts days remaining on a ${c.name} within ${c.tolerance} days of the truth, band around the truth`, () => {
      // A state-only gauge learns its cycle from "empty": show it for a moment before each new cartridge.
      const shown = c.emptyPhase ? (p: number) => (p > 11_000 && (p - 11_000) % 3000 < 40 ? 0 : truth(p)) : truth;
      const levels = gaugeReadings(meters, shown, c.show);
      for (const m of moments) {
        const gauge = inferGauge([levels], meters, m.at);
        const { forecast } = forecastSupply({ supply: { partNumber: 'X', levels }, meters, now: m.at, gauge });
        const emptyAt = 11_000 + Math.ceil((m.total - 11_000) / 3000) * 3000;
        const days = trueDaysLeft(meters, m.at, emptyAt);
        if (days < 3 || days > 21) continue;
        expect(forecast, `at ${new Date(m.at).toISOString()}`).not.toBeNull();
        expect(Math.abs(forecast!.daysRemaining - days)).toBeLessThan(c.tolerance);
      }
    });
  }

  it('on a state-only gauge widens the band after "low" for a device whose low sensor trips anywhere, and narrows it for one that trips at the same toner left', () => {
    // 1,000-page cartridges from 11,000 pages, each shown empty for its first 100; "low" at a mark that is steady or scatters.
    const afterLow = (marks: number[]) => {
      const levels: LevelObservation[] = [];
      for (const m of meters) {
        const into = (m.total - 11_000) % 1000;
        const cycle = Math.floor((m.total - 11_000) / 1000);
        const left = m.total < 11_000 ? 50 : into < 100 ? 0 : 100 * (1 - (into - 100) / 900);
        const state = left <= 0 ? 'empty' as const : left <= marks[cycle % marks.length]! ? 'low' as const : 'some-remaining' as const;
        const last = levels[levels.length - 1];
        if (last && last.state === state) last.lastAt = m.at;
        else levels.push({ at: m.at, lastAt: m.at, remainingPercent: state === 'some-remaining' ? null : 0, state });
      }
      // Just after the sixth cartridge says "low".
      const now = levels.filter((l) => l.state === 'low')[5]!.at + 4 * HOUR;
      const { forecast } = forecastSupply({ supply: { partNumber: 'X', levels }, meters, now, gauge: inferGauge([levels], meters, now) });
      return forecast!.daysRemainingHigh - forecast!.daysRemainingLow;
    };
    expect(afterLow([20, 20, 20, 20, 20, 20])).toBeLessThan(afterLow([10, 30, 15, 25, 20, 20]));
  });

  it('says why there is no forecast when there is too little history', () => {
    const levels: LevelObservation[] = [{ at: T0, remainingPercent: null, state: 'some-remaining' }];
    const outcome = forecastSupply({ supply: { partNumber: null, levels }, meters: meters.slice(0, 20), now: T0 + 3 * DAY, gauge: inferGauge([levels], meters, T0 + 3 * DAY) });
    expect(outcome.forecast).toBeNull();
    expect(outcome.reason).toMatch(/some remaining/);
  });

  it('reads a 25 % gauge as an interval: pages left stay inside what the gauge allows', () => {
    const levels = gaugeReadings(meters, truth, percentGauge(25, 'floor', 35));
    const now = meters.find((m) => m.total > 15_100)!.at; // 63 % left: the gauge shows 50
    const gauge = inferGauge([levels], meters, now);
    const { forecast } = forecastSupply({ supply: { partNumber: 'X', levels }, meters, now, gauge });
    expect(forecast!.remainingPercent).toBeGreaterThanOrEqual(50);
    expect(forecast!.remainingPercent).toBeLessThanOrEqual(75);
  });

  it('property: the band always contains the point estimate and nothing is negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 400 }), fc.integer({ min: 300, max: 6000 }), fc.constantFrom(1, 10, 25), fc.constantFrom<'ceil' | 'floor'>('ceil', 'floor'),
        fc.integer({ min: 10, max: 119 }), fc.boolean(),
        (perDay, yieldPages, step, rounding, day, lowOnly) => {
          const m = officeMeters(120, perDay);
          const levels = gaugeReadings(m, cartridges(yieldPages, 10_000 + perDay * 3), lowOnly ? lowOnlyGauge(15) : percentGauge(step, rounding, 20));
          const now = T0 + day * DAY + 4 * HOUR;
          const { forecast } = forecastSupply({ supply: { partNumber: null, levels }, meters: m, now, gauge: inferGauge([levels], m, now) });
          if (!forecast) return;
          expect(forecast.daysRemainingLow).toBeLessThanOrEqual(forecast.daysRemaining);
          expect(forecast.daysRemainingHigh).toBeGreaterThanOrEqual(forecast.daysRemaining);
          expect(forecast.daysRemainingLow).toBeGreaterThanOrEqual(0);
          expect(forecast.pagesRemaining).toBeGreaterThanOrEqual(0);
          expect(forecast.remainingPercent).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('baselineDaysRemaining', () => {
  it('fits a straight line through the readings since the last rise and extrapolates to 0', () => {
    const readings = [{ at: T0, remainingPercent: 10 }, { at: T0 + DAY, remainingPercent: 100 }, { at: T0 + 2 * DAY, remainingPercent: 90 }, { at: T0 + 3 * DAY, remainingPercent: 80 }];
    expect(baselineDaysRemaining(readings, T0 + 3 * DAY)).toBeCloseTo(8, 5);
  });

  it('is null with fewer than two distinct levels', () => {
    expect(baselineDaysRemaining([{ at: T0, remainingPercent: 75 }, { at: T0 + DAY, remainingPercent: 75 }], T0 + DAY)).toBeNull();
  });
});

describe('meterAt', () => {
  it('interpolates between samples', () => {
    expect(meterAt([{ at: 0, total: 100 }, { at: 10, total: 200 }], 5)).toBe(150);
  });
});

describe('pageRate with less than a week of meters', () => {
  it('takes hours of the week not seen yet at the average rate, not as idle', () => {
    const start = Date.UTC(2026, 9, 5); // a Monday
    const meters = Array.from({ length: 9 }, (_, i) => ({ at: start + i * 6 * 3_600_000, total: 1000 + i * 25 }));
    const rate = pageRate(meters, start + 48 * 3_600_000)!;
    // 100 pages a day seen over two days: about 700 a week, not the 200 the two days alone would give.
    expect(rate.weeklyPages).toBeGreaterThan(600);
    expect(rate.weeklyPages).toBeLessThan(800);
  });
});

describe('pageRate over weeks with a stall and a burst', () => {
  const weekday = (day: number) => new Date(T0 + day * DAY).getUTCDay() % 6 !== 0;
  const now = T0 + 84 * DAY;

  it('keeps a working day at its usual level when the printer stood still for a week and printed one mailing', () => {
    const steady = pageRate(officeMeters(84, (d) => (weekday(d) ? 100 : 0)), now)!;
    // Week 6 stopped (a colour out, switched off); day 50 a mailing of 1,000 pages. A plain mean over the
    // 60 working days would be (55 × 100 + 1,000) / 60 ≈ 108 % of the steady office's.
    const disturbed = pageRate(officeMeters(84, (d) => (!weekday(d) || (d >= 35 && d < 42) ? 0 : d === 50 ? 1000 : 100)), now)!;
    expect(disturbed.pagesPerWorkday / steady.pagesPerWorkday).toBeGreaterThan(1);
    expect(disturbed.pagesPerWorkday / steady.pagesPerWorkday).toBeLessThan(1.035);
    expect(disturbed.weeklyPages / steady.weeklyPages).toBeGreaterThan(0.99);
    expect(disturbed.weeklyPages / steady.weeklyPages).toBeLessThan(1.04);
  });

  it('robustDailyLevel: drops days under a quarter of the median, caps bursts at 2.5 × the median, needs five days', () => {
    expect(robustDailyLevel([100, 100, 100, 100])).toBeNull();
    expect(robustDailyLevel([100, 0, 10, 100, 100, 100, 1000])).toEqual({ mean: 130, days: 5 });
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { minLength: 5, maxLength: 60 }), (totals) => {
      const level = robustDailyLevel(totals);
      if (!level) return;
      const sorted = [...totals].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
      expect(level.mean).toBeGreaterThanOrEqual(0.25 * median - 1e-9);
      expect(level.mean).toBeLessThanOrEqual(2.5 * median + 1e-9);
    }));
  });
});
