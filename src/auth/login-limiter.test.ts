import { describe, expect, it } from 'vitest';
import { LoginLimiter } from './login-limiter.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 21, 10, minute));

describe('LoginLimiter', () => {
  it('lets a key try until it has failed the maximum number of times in the window', () => {
    const limiter = new LoginLimiter(3, 15 * 60_000);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterMs('k', at(i))).toBe(0);
      limiter.recordFailure('k', at(i));
    }
    expect(limiter.retryAfterMs('k', at(3))).toBe(12 * 60_000);
  });

  it('lets the key in again once the oldest failure leaves the window', () => {
    const limiter = new LoginLimiter(2, 10 * 60_000);
    limiter.recordFailure('k', at(0));
    limiter.recordFailure('k', at(5));
    expect(limiter.retryAfterMs('k', at(9))).toBeGreaterThan(0);
    expect(limiter.retryAfterMs('k', at(10))).toBe(0);
  });

  it('keeps keys apart and forgets a key on success', () => {
    const limiter = new LoginLimiter(1, 60_000);
    limiter.recordFailure('a', at(0));
    expect(limiter.retryAfterMs('b', at(0))).toBe(0);
    limiter.reset('a');
    expect(limiter.retryAfterMs('a', at(0))).toBe(0);
  });
});
