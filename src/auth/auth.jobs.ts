import type { Store } from '../app/store.js';
import { defineJob, defineSchedule } from '../jobs/index.js';

/** Deletes expired portal sessions, so the sessions table holds only live ones. */
export function expireSessionsJob(store: Store) {
  return defineJob<Record<string, never>>({
    name: 'sessions.expire',
    run: async (_payload, { now, logger }) => {
      const removed = await store.repos.sessions.deleteExpired(now);
      if (removed > 0) logger.info({ removed }, 'expired sessions removed');
    },
  });
}

/** Runs `sessions.expire` once an hour across all server processes. */
export function expireSessionsSchedule(store: Store) {
  return defineSchedule({ name: 'sessions.expire.hourly', everyMs: 3_600_000, job: expireSessionsJob(store), payload: {} });
}
