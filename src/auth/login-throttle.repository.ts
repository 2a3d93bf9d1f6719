import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { FailureCount } from './login-throttle.js';

/** Failed-login counts per throttle key, shared by every server process. */
export function createLoginThrottleRepository(db: Kysely<DB>) {
  return {
    /** The recorded failures of these keys. */
    async counts(keys: string[]): Promise<Map<string, FailureCount>> {
      const rows = await db.selectFrom('login_throttle').select(['key', 'failures', 'last_failure_at']).where('key', 'in', keys).execute();
      return new Map(rows.map((r) => [r.key, { failures: r.failures, lastFailureAt: r.last_failure_at }]));
    },

    /** Counts one failure against each key; a key whose last failure is older than the window starts again at one. */
    async recordFailure(keys: string[], now: Date, windowMs: number): Promise<void> {
      const since = new Date(now.getTime() - windowMs);
      await sql`
        insert into login_throttle (key, failures, last_failure_at)
        select k, 1, ${now} from unnest(${keys}::text[]) as k
        on conflict (key) do update set
          failures = case when login_throttle.last_failure_at < ${since} then 1 else login_throttle.failures + 1 end,
          last_failure_at = greatest(login_throttle.last_failure_at, excluded.last_failure_at)`.execute(db);
    },

    /** Forgets these keys' failures (a successful login). */
    async forget(keys: string[]): Promise<void> {
      await db.deleteFrom('login_throttle').where('key', 'in', keys).execute();
    },

    /** Deletes keys whose last failure is before `before`; returns how many. */
    async prune(before: Date): Promise<number> {
      const result = await db.deleteFrom('login_throttle').where('last_failure_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type LoginThrottleRepository = ReturnType<typeof createLoginThrottleRepository>;
