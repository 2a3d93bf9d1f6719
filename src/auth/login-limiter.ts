/**
 * Counts failed logins per key (an e-mail address, a client address) in a sliding window and says
 * when a key must wait. Pure bookkeeping with `now` passed in; one instance per server process.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly maxFailures: number, private readonly windowMs: number) {}

  /** Milliseconds the key must still wait, or 0 when it may try. */
  retryAfterMs(key: string, now: Date): number {
    const recent = this.recent(key, now);
    if (recent.length < this.maxFailures) return 0;
    return recent[recent.length - this.maxFailures]! + this.windowMs - now.getTime();
  }

  /** Records one failed attempt. */
  recordFailure(key: string, now: Date): void {
    const recent = this.recent(key, now);
    recent.push(now.getTime());
    this.failures.set(key, recent);
    if (this.failures.size > 100_000) this.prune(now);
  }

  /** Forgets a key's failures after a successful login. */
  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: Date): number[] {
    const since = now.getTime() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  // Bounded memory under a spray of distinct keys: drop keys with nothing left in the window.
  private prune(now: Date): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key, now).length === 0) this.failures.delete(key);
    }
  }
}
