import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { CountedAttempt, FailureCount } from './login-throttle.js';

interface CountRow {
  key: string;
  failures: number;
  last_failure_at: Date;
}

const toCounts = (rows: CountRow[]) => new Map(rows.filter((r) => r.failures > 0).map((r) => [r.key, { failures: r.failures, lastFailureAt: r.last_failure_at }]));

/** Failed-login counts per throttle key, shared by every server process. */
export function createLoginThrottleRepository(db: Kysely<DB>) {
  return {
    /**
     * Locks these keys' rows until the transaction ends and returns their failures. A key never seen gets an empty
     * row (gone again if the transaction rolls back), so that attempts at a new key queue too. Rows are locked in
     * the order given: callers give the same kinds of key in the same order, so two attempts cannot deadlock.
     */
    async lock(keys: string[], now: Date): Promise<Map<string, FailureCount>> {
      const { rows } = await sql<CountRow>`
        insert into login_throttle (key, failures, last_failure_at)
        select k, 0, ${now} from unnest(${keys}::text[]) with ordinality as given(k, n) order by n
        on conflict (key) do update set failures = login_throttle.failures
        returning key, failures, last_failure_at`.execute(db);
      return toCounts(rows);
    },

    /**
     * Counts one failure against each key and returns the counts as recorded; a key whose last failure is older
     * than the window starts again at one.
     */
    async recordFailure(keys: string[], now: Date, windowMs: number): Promise<Map<string, FailureCount>> {
      const since = new Date(now.getTime() - windowMs);
      const { rows } = await sql<CountRow>`
        insert into login_throttle (key, failures, last_failure_at)
        select k, 1, ${now} from unnest(${keys}::text[]) with ordinality as given(k, n) order by n
        on conflict (key) do update set
          failures = case when login_throttle.last_failure_at < ${since} then 1 else login_throttle.failures + 1 end,
          last_failure_at = greatest(login_throttle.last_failure_at, excluded.last_failure_at)
        returning key, failures, last_failure_at`.execute(db);
      return toCounts(rows);
    },

    /**
     * Takes back the failure an attempt counted against these keys (its password was right after all). A key
     * nobody has counted against since is put back as it was; otherwise its count goes down by one and the
     * later failure's time stays, which errs towards waiting longer, never shorter.
     */
    async withdraw(keys: string[], attempt: CountedAttempt): Promise<void> {
      // One key per statement: a statement that held one row while waiting for another could deadlock with a login's lock.
      for (const key of keys) {
        const after = attempt.after.get(key);
        if (!after) continue;
        const before = attempt.before.get(key) ?? { failures: 0, lastFailureAt: after.lastFailureAt };
        await sql`
          update login_throttle set
            failures = case when failures = ${after.failures} and last_failure_at = ${after.lastFailureAt} then ${before.failures} else failures - 1 end,
            last_failure_at = case when failures = ${after.failures} and last_failure_at = ${after.lastFailureAt} then ${before.lastFailureAt} else last_failure_at end
          where key = ${key}`.execute(db);
        await db.deleteFrom('login_throttle').where('key', '=', key).where('failures', '<=', 0).execute();
      }
    },

    /** Forgets these keys' failures (a successful login). */
    async forget(keys: string[]): Promise<void> {
      // One key per statement, for the same reason as in `withdraw`.
      for (const key of keys) await db.deleteFrom('login_throttle').where('key', '=', key).execute();
    },

    /** Deletes keys whose last failure is before `before`; returns how many. */
    async prune(before: Date): Promise<number> {
      // Rows a login holds are skipped (the next run takes them): waiting for them while holding others could deadlock.
      const result = await db.deleteFrom('login_throttle')
        .where('key', 'in', (eb) => eb.selectFrom('login_throttle').select('key').where('last_failure_at', '<', before).forUpdate().skipLocked())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type LoginThrottleRepository = ReturnType<typeof createLoginThrottleRepository>;
