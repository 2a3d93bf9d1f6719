import { AppError } from '../platform/errors.js';

/**
 * How long a failed job waits before its next attempt: exponential growth from `baseMs`, capped at
 * `maxMs`. Jitter spreads retries of many jobs that failed together (a supplier API down for ten
 * minutes) so they do not all hammer it again in the same second. The jitter is derived from a seed
 * (the job id) rather than Math.random, so the delay stays a pure function and tests can predict it.
 */
export interface BackoffPolicy {
  /** Delay after the first failed attempt. */
  baseMs: number;
  /** Growth per further attempt; 2 doubles the wait each time. */
  factor: number;
  /** No wait is ever longer than this, however many attempts have failed. */
  maxMs: number;
  /** Fraction (0–1) of the delay that jitter may shave off; 0 makes every job wait exactly the same. */
  jitter: number;
}

/** Thirty seconds, doubling, at most an hour, up to 20 % earlier: suits calls to outside systems. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, factor: 2, maxMs: 3_600_000, jitter: 0.2 };

/** Fills a partial policy from the defaults. */
export function backoffPolicy(overrides: Partial<BackoffPolicy> = {}): BackoffPolicy {
  const policy = { ...DEFAULT_BACKOFF, ...overrides };
  if (!(policy.baseMs >= 0 && policy.factor >= 1 && policy.maxMs >= 0 && policy.jitter >= 0 && policy.jitter <= 1)) {
    throw new AppError('invalid-config', `Invalid backoff policy ${JSON.stringify(policy)}: need baseMs ≥ 0, factor ≥ 1, maxMs ≥ 0, 0 ≤ jitter ≤ 1.`);
  }
  return policy;
}

/**
 * Milliseconds to wait after attempt number `failedAttempt` (1-based) failed. The same policy, attempt
 * and seed always give the same delay.
 */
export function backoffDelayMs(policy: BackoffPolicy, failedAttempt: number, seed = ''): number {
  const exponent = Math.max(0, failedAttempt - 1);
  // A job retried thousands of times overflows Math.pow (and 0 × Infinity is NaN); it still waits maxMs.
  const raw = policy.baseMs * Math.pow(policy.factor, exponent);
  const capped = Number.isFinite(raw) ? Math.min(policy.maxMs, raw) : policy.maxMs;
  if (policy.jitter === 0) return Math.round(capped);
  return Math.round(capped * (1 - policy.jitter * unitFraction(`${seed}:${failedAttempt}`)));
}

/** What happens to a job whose attempt just failed. */
export type FailureOutcome = { kind: 'retry'; runAt: Date } | { kind: 'give-up' };

/**
 * Decides between another attempt and a final failure. `attempt` is the attempt that just failed;
 * once it reaches `maxAttempts` the job is given up so a permanently broken job cannot loop forever.
 */
export function afterFailure(
  policy: BackoffPolicy,
  attempt: number,
  maxAttempts: number,
  now: Date,
  seed = '',
): FailureOutcome {
  if (attempt >= maxAttempts) return { kind: 'give-up' };
  return { kind: 'retry', runAt: new Date(now.getTime() + backoffDelayMs(policy, attempt, seed)) };
}

/** FNV-1a over the seed, mapped to [0, 1): cheap, stable across processes and Node versions. */
function unitFraction(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 0x1_0000_0000;
}
