import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScaledClock, realDelay } from './clock.js';

describe('ScaledClock', () => {
  it('starts at its start and runs at its rate against the wall clock', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 1, max: 86400 }), fc.integer({ min: 0, max: 1e7 }), (start, rate, elapsed) => {
        let wall = 1000;
        const clock = new ScaledClock(start, rate, () => wall);
        expect(clock.now().getTime()).toBe(start);
        wall += elapsed;
        expect(clock.now().getTime()).toBe(start + elapsed * rate);
        // Waiting for a stretch of the clock's time takes that stretch divided by the rate in real time.
        expect(realDelay(clock, elapsed * rate)).toBeCloseTo(elapsed, 3);
      }),
    );
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new ScaledClock(0, 0)).toThrow(/must be positive/);
  });
});
