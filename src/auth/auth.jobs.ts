import type { Store } from '../app/store.js';
import { defineJob, defineSchedule } from '../jobs/index.js';
import type { Clock } from '../platform/clock.js';

/**
 * Deletes expired portal sessions, so the sessions table holds only live ones. Sessions live on people's
 * clock (`people`), which is not the job runner's where printers' time is accelerated (the demo): judged on
 * the printers' clock, every session looked expired within seconds and was deleted under the user.
 */
export function expireSessionsJob(store: Store, people?: Clock) {
  return defineJob<Record<string, never>>({
    name: 'sessions.expire',
    run: async (_payload, { now, logger }) => {
      const removed = await store.repos.sessions.deleteExpired(people?.now() ?? now);
      if (removed > 0) logger.info({ removed }, 'expired sessions removed');
    },
  });
}

/** Runs `sessions.expire` once an hour across all server processes. */
export function expireSessionsSchedule(store: Store, people?: Clock) {
  return defineSchedule({ name: 'sessions.expire.hourly', everyMs: 3_600_000, job: expireSessionsJob(store, people), payload: {} });
}

/** Deletes failed-login counts whose window has passed, so the table holds only live ones. */
export function pruneLoginThrottleJob(store: Store, windowMs: number, people?: Clock) {
  return defineJob<Record<string, never>>({
    name: 'logins.prune',
    run: async (_payload, { now, logger }) => {
      const removed = await store.repos.loginThrottle.prune(new Date((people?.now() ?? now).getTime() - windowMs));
      if (removed > 0) logger.info({ removed }, 'old failed-login counts removed');
    },
  });
}

/** Runs `logins.prune` once an hour across all server processes. */
export function pruneLoginThrottleSchedule(store: Store, windowMs: number, people?: Clock) {
  return defineSchedule({ name: 'logins.prune.hourly', everyMs: 3_600_000, job: pruneLoginThrottleJob(store, windowMs, people), payload: {} });
}
