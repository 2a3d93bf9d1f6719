import { describe, expect, it } from 'vitest';
import { forecastSupply, inferGauge, type MeterSample } from '../../src/forecasting/index.js';
import { cartridges, DAY, gaugeReadings, officeMeters, percentGauge, T0 } from './factories.js';

const WEEKEND = (day: number) => new Date(T0 + day * DAY).getUTCDay() % 6 === 0;
// Mostly mono for sixteen weeks (200 pages a working day, 24 in colour), then colour-heavy (60 a day, the same 24 in colour).
const SHIFT_DAY = 16 * 7;
const total = officeMeters(200, (day) => (WEEKEND(day) ? 0 : day < SHIFT_DAY ? 200 : 60));
const color = officeMeters(200, 24, 2_000);
const meters: MeterSample[] = total.map((m, i) => ({ ...m, color: color[i]!.total }));
// Cyan cartridges of 400 colour pages, back to back from 2,100 colour pages, on a 1 % gauge.
const CARTRIDGE = 400;
const levels = gaugeReadings(color, cartridges(CARTRIDGE, 2_100), percentGauge(1, 'ceil'));

/** Days until the cyan cartridge in at `now` runs out, read off the colour counter. */
function trueDaysLeft(now: number): number {
  const at = color.findIndex((m) => m.at >= now);
  const emptyAt = 2_100 + Math.ceil((color[at]!.total - 2_100 + 1e-9) / CARTRIDGE) * CARTRIDGE;
  const hit = color.find((m) => m.total >= emptyAt)!;
  const before = color[color.indexOf(hit) - 1]!;
  return (before.at + ((emptyAt - before.total) / (hit.total - before.total)) * (hit.at - before.at) - now) / DAY;
}

describe('forecastSupply on colour pages', () => {
  const forecastAt = (now: number, counted: MeterSample[], color: string) =>
    forecastSupply({ supply: { partNumber: 'C', color, levels }, meters: counted, now, gauge: inferGauge([levels], counted, now) }).forecast;
  // Noon on the days of the six weeks after the shift where the cyan cartridge has 3–21 days left.
  const moments = Array.from({ length: 42 }, (_, d) => T0 + (SHIFT_DAY + 7 + d) * DAY + 12 * 3_600_000).filter((t) => trueDaysLeft(t) >= 3 && trueDaysLeft(t) <= 21);
  const mae = (forecasts: (number | undefined)[]) => forecasts.reduce<number>((sum, f, i) => sum + Math.abs(f! - trueDaysLeft(moments[i]!)), 0) / forecasts.length;

  it('follows a device that printed mostly mono for weeks and then colour-heavy: colour pages keep the forecast right where total pages miss by days', () => {
    expect(moments.length).toBeGreaterThan(20);
    const onColorPages = moments.map((t) => forecastAt(t, meters, 'cyan')?.daysRemaining);
    // The same readings with the colour counter withheld: total pages, as every device was forecast before.
    const onTotalPages = moments.map((t) => forecastAt(t, total, 'cyan')?.daysRemaining);
    expect(onColorPages.every((f) => f !== undefined) && onTotalPages.every((f) => f !== undefined)).toBe(true);
    expect(mae(onColorPages)).toBeLessThan(1);
    expect(mae(onTotalPages)).toBeGreaterThan(3);
  });

  it('says so in the basis: toner per colour page, colour pages a day, pages remaining in colour pages', () => {
    const forecast = forecastAt(moments[0]!, meters, 'cyan')!;
    expect(forecast.basis).toMatch(/^toner per colour page from /);
    expect(forecast.basis).toMatch(/colour pages per working day from \d+ days of colour-page meters/);
    expect(forecast.basis).toMatch(/pages remaining are colour pages/);
  });

  it('keeps a black supply on the same device on total pages', () => {
    expect(forecastAt(moments[0]!, meters, 'black')!.basis).toMatch(/^toner per page from .* pages per working day from \d+ days of meters$/);
  });

  it('scales the fleet prior to colour pages by the device\'s colour share, and names both figures', () => {
    const forecast = forecastSupply({
      supply: { partNumber: 'C', color: 'cyan', levels: levels.filter((l) => l.at >= moments[0]! - DAY) }, meters, now: moments[0]!,
      gauge: inferGauge([levels], meters, moments[0]!), prior: { yieldPages: 2000, yieldSpread: 0.1, lowMarkPercent: null, cycles: 12 },
    }).forecast!;
    expect(forecast.basis).toMatch(/the fleet's realized yield of 2000 pages \(12 cycles\), \d+ colour pages at this device's colour share of \d+ %/);
  });
});
