import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * CPU-bound work written once as a generator that `yield`s now and then (every few hundred items), and run
 * either at once (pure callers, tests) or in slices that give the event loop back. On the embedded engine
 * the database runs in the server's own thread too, so a 300,000-row import checked in one go would keep
 * every other request waiting for seconds; in slices of a few milliseconds they are served in between.
 */
export type Sliced<T> = Generator<void, T, void>;

/**
 * Gives the event loop a turn (I/O first). Needed between database calls of long work on the embedded
 * engine: PGlite answers without a macrotask, so a loop of awaited queries would otherwise never let the
 * server read another request until it ends.
 */
export function giveWay(): Promise<void> {
  return nextTurn();
}

/** Runs sliced work to the end without pausing. */
export function runAtOnce<T>(work: Sliced<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/** Thrown by `runInSlices` when its `stop` says so (the server is shutting down). */
export class SlicedWorkStopped extends Error {
  constructor() {
    super('The work was stopped before it finished.');
  }
}

/**
 * Runs sliced work, giving the event loop a turn whenever `sliceMs` has passed since the last one; between
 * slices it asks `stop` whether to give up (then it throws SlicedWorkStopped).
 */
export async function runInSlices<T>(work: Sliced<T>, options: { sliceMs?: number; stop?: () => boolean } = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? 10;
  let since = performance.now();
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (performance.now() - since >= sliceMs) {
      await nextTurn();
      if (options.stop?.()) throw new SlicedWorkStopped();
      since = performance.now();
    }
  }
}
