import { describe, expect, it } from 'vitest';
import { ACCOUNT_MAX_DELAY_MS, delayAfter, throttleKeys, waitBeforeLogin, type FailureCount } from './login-throttle.js';

const policy = { freeFailures: 5, windowMs: 15 * 60_000 };
const now = new Date('2026-12-06T10:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('delayAfter', () => {
  it('waits nothing for the free failures, then 1 s doubling up to the cap', () => {
    expect([0, 4, 5, 6, 7, 9].map((n) => delayAfter(n, 5, 60_000))).toEqual([0, 0, 1000, 2000, 4000, 16_000]);
    expect(delayAfter(40, 5, 60_000)).toBe(60_000);
    expect(delayAfter(10_000, 5, 60_000)).toBe(60_000);
  });
});

describe('throttleKeys', () => {
  it('keys an address, the address at an account and the account, as hashes that hold no e-mail address', () => {
    const keys = throttleKeys('Nora@Example.test', '10.0.0.1');
    expect(keys).toEqual(throttleKeys('nora@example.test ', '10.0.0.1'));
    expect(new Set(Object.values(keys)).size).toBe(3);
    expect(Object.values(keys).join(' ')).not.toMatch(/nora|example|10\.0/i);
    expect(throttleKeys('nora@example.test', '10.0.0.2').account).toBe(keys.account);
    expect(throttleKeys('nora@example.test', '10.0.0.2').pair).not.toBe(keys.pair);
  });
});

describe('waitBeforeLogin', () => {
  const keys = throttleKeys('victim@example.test', '10.0.0.1');
  const counts = (entries: [string, FailureCount][]) => new Map(entries);

  it('lets an attempt in with no failures recorded', () => {
    expect(waitBeforeLogin(keys, counts([]), policy, now)).toBe(0);
  });

  it('slows the address at that account down with every failure past the free ones, up to the window', () => {
    expect(waitBeforeLogin(keys, counts([[keys.pair, { failures: 7, lastFailureAt: ago(1000) }]]), policy, now)).toBe(3000);
    expect(waitBeforeLogin(keys, counts([[keys.pair, { failures: 60, lastFailureAt: ago(0) }]]), policy, now)).toBe(policy.windowMs);
  });

  it('slows the account from anywhere by at most 30 s, however many failures', () => {
    expect(waitBeforeLogin(keys, counts([[keys.account, { failures: 5000, lastFailureAt: ago(0) }]]), policy, now)).toBe(ACCOUNT_MAX_DELAY_MS);
  });

  it('tolerates ten times the failures from an address over all its accounts before slowing it', () => {
    expect(waitBeforeLogin(keys, counts([[keys.address, { failures: 49, lastFailureAt: ago(0) }]]), policy, now)).toBe(0);
    expect(waitBeforeLogin(keys, counts([[keys.address, { failures: 50, lastFailureAt: ago(0) }]]), policy, now)).toBe(1000);
  });

  it('forgets failures once the window has passed since the last one', () => {
    expect(waitBeforeLogin(keys, counts([[keys.pair, { failures: 60, lastFailureAt: ago(policy.windowMs) }]]), policy, now)).toBe(0);
  });
});
