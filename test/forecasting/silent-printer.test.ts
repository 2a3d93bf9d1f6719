import { describe, expect, it } from 'vitest';
import { forecastSupply, inferGauge, projectForecast, type LevelObservation } from '../../src/forecasting/index.js';
import { cartridges, DAY, gaugeReadings, HOUR, lowOnlyGauge, officeMeters, percentGauge } from './factories.js';

// An office printer read every 4 hours for 60 days (200 pages a working day, 3,000-page cartridges), then silent.
const meters = officeMeters(60, 200);
const levels = gaugeReadings(meters, cartridges(3000, 11_000), percentGauge(1, 'ceil'));
const lastRead = meters[meters.length - 1]!.at;
const forecastAt = (now: number, supplyLevels: LevelObservation[] = levels) =>
  forecastSupply({ supply: { partNumber: 'X', levels: supplyLevels }, meters, now, gauge: inferGauge([supplyLevels], meters, now) });

describe('forecastSupply for a printer that went silent', () => {
  it('projects from the last reading: the same readings at two later moments give the same depletion date and fewer days left', () => {
    const atRead = forecastAt(lastRead).forecast!;
    const threeDaysOn = forecastAt(lastRead + 3 * DAY).forecast!;
    const fiveDaysOn = forecastAt(lastRead + 5 * DAY).forecast!;
    expect(atRead.daysRemaining).toBeGreaterThan(6);
    for (const later of [threeDaysOn, fiveDaysOn]) {
      expect(later.depletionDate).toBe(atRead.depletionDate);
      expect(later.asOf).toBe(new Date(lastRead).toISOString());
    }
    expect(threeDaysOn.daysRemaining).toBeCloseTo(atRead.daysRemaining - 3, 0);
    expect(fiveDaysOn.daysRemaining).toBeCloseTo(atRead.daysRemaining - 5, 0);
    expect(fiveDaysOn.daysRemainingLow).toBeLessThan(threeDaysOn.daysRemainingLow);
    expect(fiveDaysOn.pagesRemaining).toBeLessThan(threeDaysOn.pagesRemaining);
  });

  it('does not restart at "now" from the last level, as if nothing was printed since', () => {
    const atRead = forecastAt(lastRead).forecast!;
    const weekOn = forecastAt(lastRead + 7 * DAY).forecast!;
    expect(Date.parse(weekOn.depletionDate)).toBeLessThan(lastRead + 7 * DAY + atRead.daysRemaining * DAY - DAY);
  });

  it('counts down to zero once the projected depletion date has passed, and stays there', () => {
    const atRead = forecastAt(lastRead).forecast!;
    const long = forecastAt(lastRead + (atRead.daysRemainingHigh + 10) * DAY).forecast!;
    expect(long).toMatchObject({ daysRemaining: 0, daysRemainingLow: 0, daysRemainingHigh: 0, pagesRemaining: 0, depletionDate: atRead.depletionDate });
  });

  it('takes a level run confirmed on past now as read now, and otherwise the last reading before now', () => {
    const now = meters[200]!.at + HOUR;
    expect(forecastAt(now).forecast!.asOf).toBe(new Date(now).toISOString());
    const upToNow = levels.filter((l) => l.at <= now).map((l) => ({ ...l, lastAt: Math.min(l.lastAt ?? l.at, meters[200]!.at) }));
    expect(forecastSupply({ supply: { partNumber: 'X', levels: upToNow }, meters: meters.slice(0, 201), now, gauge: inferGauge([upToNow], meters, now) }).forecast!.asOf)
      .toBe(new Date(meters[200]!.at).toISOString());
  });
});

describe('forecastSupply on a state-only gauge with nothing to count from', () => {
  it('explains a supply the device calls "low" as low, never as "some remaining"', () => {
    // The cartridge was in before the history starts and turned low: no install, no learned low mark, no fleet figure.
    const low = gaugeReadings(meters, (p) => (p < 14_000 ? 40 : 10), lowOnlyGauge(15));
    const outcome = forecastAt(lastRead, low);
    expect(low.at(-1)!.state).toBe('low');
    expect(outcome.forecast).toBeNull();
    expect(outcome.reason).toMatch(/says "low"/);
    expect(outcome.reason).not.toMatch(/some remaining/);
  });
});

describe('projectForecast', () => {
  const made = { daysRemaining: 10, daysRemainingLow: 8, daysRemainingHigh: 13, pagesRemaining: 1000, depletionDate: new Date(20 * DAY).toISOString() };

  it('keeps the depletion date and takes the time passed off every day count, pages in proportion', () => {
    expect(projectForecast(made, 14 * DAY)).toEqual({ ...made, daysRemaining: 6, daysRemainingLow: 4, daysRemainingHigh: 9, pagesRemaining: 600 });
  });

  it('changes nothing at or before the moment it was made (a simulation running ahead of the clock)', () => {
    expect(projectForecast(made, 10 * DAY)).toEqual(made);
    expect(projectForecast(made, 5 * DAY)).toEqual(made);
  });

  it('never goes below zero, and leaves a forecast without a date alone', () => {
    expect(projectForecast(made, 40 * DAY)).toMatchObject({ daysRemaining: 0, daysRemainingLow: 0, daysRemainingHigh: 0, pagesRemaining: 0 });
    const none = { ...made, daysRemaining: null, depletionDate: null };
    expect(projectForecast(none, 40 * DAY)).toBe(none);
  });
});
