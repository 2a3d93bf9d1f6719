import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeRuns, type Observation, type Run } from '../../src/telemetry/runs.js';

const same = (a: number, b: number) => a === b;

/** What the database holds after a merge is written back: inserts get ids, moved runs their new bounds. */
function store(stored: Run<number>[], observations: Observation<number>[], nextId: { value: number }, oneRunPerInstant = false): Run<number>[] {
  const merged = mergeRuns(stored, observations, same, { oneRunPerInstant });
  const byId = new Map(stored.map((run) => [run.id!, { ...run }]));
  for (const update of merged.updates) Object.assign(byId.get(update.id)!, update);
  const inserted = merged.inserts.map((run) => ({ ...run, id: nextId.value++ }));
  return [...byId.values(), ...inserted].sort((a, b) => a.observedAt - b.observedAt || a.id! - b.id!);
}

// Two runs starting at one instant (two values read at the same moment) have no order between them.
const shape = (runs: Run<number>[]) => runs.map(({ observedAt, confirmedAt, value }) => ({ observedAt, confirmedAt, value }))
  .sort((a, b) => a.observedAt - b.observedAt || a.confirmedAt - b.confirmedAt || a.value - b.value);

describe('mergeRuns', () => {
  it('keeps a level that holds as one run whose confirmation moves', () => {
    const runs = store([], [{ at: 1, value: 50 }, { at: 2, value: 50 }, { at: 3, value: 49 }, { at: 4, value: 49 }], { value: 1 });
    expect(shape(runs)).toEqual([{ observedAt: 1, confirmedAt: 2, value: 50 }, { observedAt: 3, confirmedAt: 4, value: 49 }]);
  });

  it('moves a stored run back for a historic reading of the same value, and says what came before each observation', () => {
    const stored: Run<number>[] = [{ id: 7, observedAt: 10, confirmedAt: 20, value: 40 }];
    const merged = mergeRuns(stored, [{ at: 5, value: 40 }, { at: 25, value: 39 }], same);
    expect(merged.updates).toEqual([{ id: 7, observedAt: 5, confirmedAt: 20 }]);
    expect(merged.inserts).toEqual([{ id: null, observedAt: 25, confirmedAt: 25, value: 39 }]);
    expect(merged.previous).toEqual([null, 40]);
  });

  it('drops a different value at the instant a run starts when one run per instant is asked (a unique key)', () => {
    const merged = mergeRuns([{ id: 1, observedAt: 10, confirmedAt: 10, value: 5 }], [{ at: 10, value: 6 }], same, { oneRunPerInstant: true });
    expect(merged).toMatchObject({ inserts: [], updates: [] });
  });

  const observations = fc.array(fc.record({ at: fc.integer({ min: 0, max: 200 }), value: fc.integer({ min: 0, max: 3 }) }), { maxLength: 60 });
  // A printer tells one value at one instant: the same instant read twice (a resent reading) says the same.
  // Two different values at one instant have no true order, so which history they make is not defined.
  const consistent = observations.map((all) => all.map((o) => ({ at: o.at, value: all.find((first) => first.at === o.at)!.value })));

  it('gives the same history whether observations arrive in one batch or split across many (property)', () => {
    fc.assert(fc.property(consistent, fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 20 }), fc.boolean(), (all, cuts, unique) => {
      const whole = store([], all, { value: 1 }, unique);
      let split: Run<number>[] = [];
      const ids = { value: 1 };
      let i = 0;
      for (const cut of [...cuts, all.length]) {
        split = store(split, all.slice(i, i + cut), ids, unique);
        i += cut;
        if (i >= all.length) break;
      }
      expect(shape(split)).toEqual(shape(whole));
    }));
  });

  it('in time order, starts one run per change of value and covers every observation with its value (property)', () => {
    fc.assert(fc.property(observations, (all) => {
      const ordered = [...all].sort((a, b) => a.at - b.at).filter((o, i, list) => i === 0 || o.at !== list[i - 1]!.at);
      const runs = store([], ordered, { value: 1 });
      const changes = ordered.filter((o, i) => i === 0 || o.value !== ordered[i - 1]!.value).length;
      expect(runs).toHaveLength(changes);
      for (const o of ordered) expect(runs.some((r) => r.observedAt <= o.at && o.at <= r.confirmedAt && r.value === o.value)).toBe(true);
    }));
  });
});
