/**
 * The only way TonerLoop code learns the time. Domain functions take `now` as an argument; services and
 * the job runner take a Clock so simulations and tests can run months in seconds.
 */
export interface Clock {
  now(): Date;
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
