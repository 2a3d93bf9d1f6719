import { createHash } from 'node:crypto';

/**
 * How failed logins slow further attempts down. Growing delays, never a lockout: an attacker's failures
 * against an account from one address slow that address (and that address with that account) down
 * without end, but slow the account itself everywhere only a little, so the person who knows the password,
 * at another address, waits at most `accountMaxDelayMs` — nobody can lock a victim out of their own account.
 * Failures are forgotten `windowMs` after the last one.
 */
export interface ThrottlePolicy {
  /** Failures from one address at one account before delays start. */
  freeFailures: number;
  /** How long failures are remembered after the last one; the longest delay of an address. */
  windowMs: number;
}

/** Failures recorded for one key: how many since they started, and when the last one was. */
export interface FailureCount {
  failures: number;
  lastFailureAt: Date;
}

/**
 * An attempt counted as a failure before its password was checked: each key's failures before it (none when the key
 * had none) and as it recorded them, so that an attempt that turns out not to fail can be taken back.
 */
export interface CountedAttempt {
  before: ReadonlyMap<string, FailureCount>;
  after: ReadonlyMap<string, FailureCount>;
}

/** The keys one attempt counts against, each a hash (the table never holds an e-mail address). */
export interface ThrottleKeys {
  /** The client address, whatever account it tries: password spraying. */
  address: string;
  /** The client address at this account: guessing one password. */
  pair: string;
  /** The account from anywhere: a spread-out attack on one password; its delay stays short. */
  account: string;
}

/** Longest wait the account's own key imposes: what a person at another address waits at most. */
export const ACCOUNT_MAX_DELAY_MS = 30_000;
const FIRST_DELAY_MS = 1000;

const hash = (text: string) => createHash('sha256').update(text).digest('base64url');

/** The keys of an attempt at `email` from `address` (e-mail compared in lower case). */
export function throttleKeys(email: string, address: string): ThrottleKeys {
  const account = email.trim().toLowerCase();
  return { address: hash(`address:${address}`), pair: hash(`pair:${address}:${account}`), account: hash(`account:${account}`) };
}

/** The delay after `failures` failures: none for the free ones, then 1 s doubling, at most `capMs`. */
export function delayAfter(failures: number, free: number, capMs: number): number {
  if (failures < free) return 0;
  return Math.min(capMs, FIRST_DELAY_MS * 2 ** Math.min(30, failures - free));
}

/** How each key's failures turn into a delay under a policy: the address tolerates ten accounts' worth. */
function limits(policy: ThrottlePolicy): Record<keyof ThrottleKeys, { free: number; capMs: number }> {
  return {
    pair: { free: policy.freeFailures, capMs: policy.windowMs },
    address: { free: policy.freeFailures * 10, capMs: policy.windowMs },
    account: { free: policy.freeFailures * 2, capMs: Math.min(ACCOUNT_MAX_DELAY_MS, policy.windowMs) },
  };
}

/** Milliseconds the attempt must wait before its password is even checked; 0 when it may try now. */
export function waitBeforeLogin(keys: ThrottleKeys, counts: ReadonlyMap<string, FailureCount>, policy: ThrottlePolicy, now: Date): number {
  const byKey = limits(policy);
  let wait = 0;
  for (const name of Object.keys(keys) as (keyof ThrottleKeys)[]) {
    const count = counts.get(keys[name]);
    if (!count || now.getTime() - count.lastFailureAt.getTime() >= policy.windowMs) continue;
    const { free, capMs } = byKey[name];
    wait = Math.max(wait, count.lastFailureAt.getTime() + delayAfter(count.failures, free, capMs) - now.getTime());
  }
  return Math.max(0, wait);
}
