/**
 * Histories kept as runs of one value (level history, page meters): a value first seen at `observedAt`
 * and still seen at `confirmedAt`. Pure: the ingest loads the runs a batch can touch, merges the batch's
 * observations here, and writes back only what changed.
 */

/** A stored run (`id` set) or one this merge started (`id` null). */
export interface Run<V> {
  id: number | null;
  observedAt: number;
  confirmedAt: number;
  value: V;
}

export interface Observation<V> {
  at: number;
  value: V;
}

export interface RunMerge<V> {
  /** Runs to insert. */
  inserts: Run<V>[];
  /** Stored runs whose bounds moved. */
  updates: { id: number; observedAt: number; confirmedAt: number }[];
  /** For each observation, in the order given: the value of the run just before it in time (null: none). */
  previous: (V | null)[];
}

/**
 * Merges observations into runs sorted by `observedAt`, one at a time in the order given (callers sort
 * them by time): equal to the run before it in time, that run's `confirmedAt` moves forward; equal to
 * the run after it (a historic reading), that run's `observedAt` moves back; otherwise a new run starts.
 * With `oneRunPerInstant`, a different value at the very instant a run starts is dropped, as a unique
 * key on (owner, observedAt) would.
 */
export function mergeRuns<V>(stored: readonly Run<V>[], observations: readonly Observation<V>[], same: (a: V, b: V) => boolean, options: { oneRunPerInstant?: boolean } = {}): RunMerge<V> {
  const runs = stored.map((run) => ({ ...run }));
  const moved = new Set<Run<V>>();
  const previous: (V | null)[] = [];
  for (const { at, value } of observations) {
    const i = lastAtOrBefore(runs, at);
    const before = i >= 0 ? runs[i]! : null;
    previous.push(before ? before.value : null);
    if (before && same(before.value, value)) {
      if (before.confirmedAt < at) {
        before.confirmedAt = at;
        moved.add(before);
      }
      continue;
    }
    const after = runs[i + 1];
    if (after && same(after.value, value)) {
      after.observedAt = at;
      moved.add(after);
      continue;
    }
    if (options.oneRunPerInstant && before?.observedAt === at) continue;
    runs.splice(i + 1, 0, { id: null, observedAt: at, confirmedAt: at, value });
  }
  return {
    inserts: runs.filter((run) => run.id === null),
    updates: [...moved].filter((run) => run.id !== null).map((run) => ({ id: run.id!, observedAt: run.observedAt, confirmedAt: run.confirmedAt })),
    previous,
  };
}

/** Index of the last run starting at or before `at` (-1: none); runs are sorted by `observedAt`. */
function lastAtOrBefore<V>(runs: readonly Run<V>[], at: number): number {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid]!.observedAt <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
