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
  /** For each observation, in the order given: the value of the run it followed (null: none, or the observation was dropped). */
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
    const dropped = options.oneRunPerInstant && before?.observedAt === at && !same(before.value, value);
    previous.push(before && !dropped ? before.value : null);
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
    if (dropped) continue;
    runs.splice(i + 1, 0, { id: null, observedAt: at, confirmedAt: at, value });
  }
  return {
    inserts: runs.filter((run) => run.id === null),
    updates: [...moved].filter((run) => run.id !== null).map((run) => ({ id: run.id!, observedAt: run.observedAt, confirmedAt: run.confirmedAt })),
    previous,
  };
}

/** An observation of one owner's history (a device's meter, a supply's level), keyed by owner. */
export interface KeyedObservation<O, V> extends Observation<V> {
  key: string;
  owner: O;
}

/** Per key, the owner and the earliest observation: where the stored runs a batch can touch begin. */
export function earliestByKey<O, V>(observations: readonly KeyedObservation<O, V>[]): Map<string, { owner: O; at: number }> {
  const earliest = new Map<string, { owner: O; at: number }>();
  for (const { key, owner, at } of observations) {
    const seen = earliest.get(key);
    if (!seen || at < seen.at) earliest.set(key, { owner, at });
  }
  return earliest;
}

/**
 * mergeRuns for many owners at once: each key's observations (in the order given) into that key's stored
 * runs. `previous` comes back in the order of the observations given, whatever their keys.
 */
export function mergeKeyedRuns<O, V>(
  observations: readonly KeyedObservation<O, V>[], stored: readonly { key: string; run: Run<V> }[], same: (a: V, b: V) => boolean, options: { oneRunPerInstant?: boolean } = {},
): { inserts: { owner: O; run: Run<V> }[]; updates: RunMerge<V>['updates']; previous: (V | null)[] } {
  const storedByKey = groupBy(stored, (s) => s.key);
  const byKey = groupBy(observations.map((o, index) => ({ ...o, index })), (o) => o.key);
  const inserts: { owner: O; run: Run<V> }[] = [];
  const updates: RunMerge<V>['updates'] = [];
  const previous = new Array<V | null>(observations.length).fill(null);
  for (const [key, list] of byKey) {
    const merged = mergeRuns((storedByKey.get(key) ?? []).map((s) => s.run), list, same, options);
    inserts.push(...merged.inserts.map((run) => ({ owner: list[0]!.owner, run })));
    updates.push(...merged.updates);
    list.forEach((o, i) => (previous[o.index] = merged.previous[i]!));
  }
  return { inserts, updates, previous };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return groups;
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
