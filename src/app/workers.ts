import { expireSessionsSchedule, pruneLoginThrottleSchedule } from '../auth/index.js';
import { jobCreatorSchedule } from '../fulfilment/index.js';
import { JobRunner } from '../jobs/index.js';
import { reevaluateRequestsSchedule } from '../requests/index.js';
import { pruneReceiptsSchedule } from '../telemetry/index.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { Store } from './store.js';

/**
 * The background work of a server process: every job definition and schedule the domains contribute. Jobs run on
 * the printers' clock; `peopleClock`, where it differs (the demo), is the one sessions expire on.
 */
export function createWorkers(store: Store, clock: Clock, logger: Logger, options: { receiptRetentionMs: number; loginWindowMs: number; peopleClock?: Clock }): JobRunner {
  const schedules = [expireSessionsSchedule(store, options.peopleClock), pruneLoginThrottleSchedule(store, options.loginWindowMs, options.peopleClock), reevaluateRequestsSchedule(store), pruneReceiptsSchedule(store, options.receiptRetentionMs), jobCreatorSchedule(store)];
  return new JobRunner({ db: store.db, clock, logger: logger.child({ component: 'jobs' }), definitions: schedules.map((s) => s.job), schedules });
}
