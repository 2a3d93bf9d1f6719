/**
 * The only way TonerLoop code learns the time. Domain functions take `now` as an argument; services and
 * the job runner take a Clock so simulations and tests can run months in seconds.
 */
export interface Clock {
  now(): Date;
  /** Milliseconds of this clock per real millisecond: 1 (or absent) for the wall clock, more for an accelerated simulation. */
  readonly rate?: number;
}

/** Real milliseconds to wait until `ms` of the clock's time have passed. */
export function realDelay(clock: Clock, ms: number): number {
  return ms / (clock.rate ?? 1);
}

/**
 * Accelerated time: starts at `start` and runs `rate` times faster than the wall clock, so a demo or an
 * end-to-end test lives through weeks in minutes. The simulator, the collector and the server share one.
 */
export class ScaledClock implements Clock {
  private readonly origin: number;
  private readonly wallStart: number;

  /** `wall` reads the real clock (epoch ms); tests pass their own. */
  constructor(start: Date | number | string, readonly rate: number, private readonly wall: () => number = Date.now) {
    if (!(rate > 0)) throw new RangeError(`A clock rate must be positive, not ${rate}.`);
    this.origin = new Date(start).getTime();
    this.wallStart = wall();
  }

  now(): Date {
    return new Date(this.origin + (this.wall() - this.wallStart) * this.rate);
  }
}

/** The wall clock, for production. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: for tests and accelerated simulations. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }

  /** Sets the clock to an absolute instant. */
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}
