import { describe, expect, it } from 'vitest';
import { cumulativeLayoutShift, totalBlockingTime } from './mobile.js';

describe('totalBlockingTime', () => {
  it('counts of each long task only the part after first contentful paint beyond 50 ms', () => {
    // Before FCP (ignored); straddling FCP at 1000 (120 ms after it: 70 blocking); after it (200 ms: 150); a 50 ms task (0).
    expect(totalBlockingTime(1000, [[100, 300], [980, 140], [2000, 200], [3000, 50]])).toBe(220);
  });
});

describe('cumulativeLayoutShift', () => {
  it('is the largest session window: shifts less than 1 s apart, the window at most 5 s long', () => {
    // Window one: 0.1 + 0.1 (500 ms apart); a gap of 1.5 s starts window two: 0.05 + 0.2.
    expect(cumulativeLayoutShift([[0, 0.1], [500, 0.1], [2000, 0.05], [2400, 0.2]])).toBeCloseTo(0.25);
    // Shifts every 900 ms for 7 s: the 5 s cap splits them (6 in the first window, the rest in the next).
    expect(cumulativeLayoutShift(Array.from({ length: 8 }, (_, i) => [i * 900, 0.01] as [number, number]))).toBeCloseTo(0.06);
    expect(cumulativeLayoutShift([])).toBe(0);
  });
});
