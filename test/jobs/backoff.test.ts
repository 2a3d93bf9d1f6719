import { describe, expect, it } from 'vitest';
import { afterFailure, backoffDelayMs, backoffPolicy } from '../../src/jobs/index.js';

const exact = backoffPolicy({ baseMs: 1_000, factor: 2, maxMs: 10_000, jitter: 0 });

describe('backoffDelayMs', () => {
  it('waits baseMs after the first failure and doubles after each further one', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(exact, attempt))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it('never waits longer than maxMs', () => {
    expect(backoffDelayMs(exact, 5)).toBe(10_000);
    expect(backoffDelayMs(exact, 50)).toBe(10_000);
  });

  it('stays at maxMs when the exponent overflows, even with a zero base', () => {
    expect(backoffDelayMs(exact, 5_000)).toBe(10_000);
    expect(backoffDelayMs({ ...exact, baseMs: 0 }, 5_000)).toBe(10_000);
  });

  it('shaves at most the jitter fraction off the delay', () => {
    const jittered = { ...exact, jitter: 0.5 };
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs(jittered, 3, `job-${i}`);
      expect(delay).toBeGreaterThanOrEqual(2_000);
      expect(delay).toBeLessThanOrEqual(4_000);
    }
  });

  it('gives the same delay for the same seed and attempt, and spreads different seeds', () => {
    const jittered = { ...exact, jitter: 0.5 };
    expect(backoffDelayMs(jittered, 3, 'job-1')).toBe(backoffDelayMs(jittered, 3, 'job-1'));
    const delays = new Set(Array.from({ length: 50 }, (_, i) => backoffDelayMs(jittered, 3, `job-${i}`)));
    expect(delays.size).toBeGreaterThan(25);
  });
});

describe('backoffPolicy', () => {
  it('fills missing fields from the defaults', () => {
    expect(backoffPolicy({ baseMs: 5 })).toEqual({ baseMs: 5, factor: 2, maxMs: 3_600_000, jitter: 0.2 });
  });

  it('rejects a jitter above 1 or a shrinking factor', () => {
    expect(() => backoffPolicy({ jitter: 1.5 })).toThrow(/Invalid backoff policy/);
    expect(() => backoffPolicy({ factor: 0.5 })).toThrow(/Invalid backoff policy/);
  });
});

describe('afterFailure', () => {
  const now = new Date('2025-03-03T00:00:00.000Z');

  it('schedules a retry at now plus the backoff while attempts remain', () => {
    expect(afterFailure(exact, 2, 3, now)).toEqual({ kind: 'retry', runAt: new Date('2025-03-03T00:00:02.000Z') });
  });

  it('gives up once the failed attempt was the last one allowed', () => {
    expect(afterFailure(exact, 3, 3, now)).toEqual({ kind: 'give-up' });
  });
});
