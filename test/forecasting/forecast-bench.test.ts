import { describe, expect, it } from 'vitest';
import { forecastTable, runForecastBench } from '../../src/bench/forecast.js';

describe('tonerloop bench forecast (a small fleet)', () => {
  it('scores every personality against the truth, next to the baseline and a forecaster that knows the toner left', () => {
    const result = runForecastBench({ printers: 18, days: 200, seed: 'small', progress: () => {} });
    expect(result.byPersonality.map((p) => p.personality).sort()).toEqual(
      ['low-only', 'over-max', 'percent-1', 'percent-10', 'percent-25', 'ricoh-near-end', 'tenths-of-grams', 'unknown'],
    );
    const fine = result.byPersonality.find((p) => p.personality === 'percent-1')!;
    expect(fine.moments).toBeGreaterThan(50);
    expect(fine.ours.estimated).toBeGreaterThan(0);
    // Knowing the toner left, the error is the future's noise alone: days, not weeks, and well under the straight line's.
    expect(fine.knowingTheTruth.mae!).toBeGreaterThan(0);
    expect(fine.knowingTheTruth.mae!).toBeLessThan(4);
    expect(fine.knowingTheTruth.mae!).toBeLessThan(fine.baseline.mae!);
    expect(result.installs.real).toBeGreaterThan(10);
    expect(result.installs.found / result.installs.real).toBeGreaterThan(0.95);
    const table = forecastTable(result);
    expect(table.rows.some((r) => r[0]!.includes('knowing the toner left'))).toBe(true);
    expect(table.rows.every((r) => r.length === table.header.length)).toBe(true);
  });
});
