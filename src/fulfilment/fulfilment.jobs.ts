import type { Store } from '../app/store.js';
import { defineJob, defineSchedule, type JobDefinition } from '../jobs/index.js';
import { runJobCreator, systemTaker } from './job-creator.service.js';

/** How often the schedule looks for dealers whose run is due; a dealer's own interval (jobRunMinutes, 60 by default) decides when it runs. */
export const JOB_CREATOR_TICK_MS = 5 * 60_000;

/**
 * The scheduled job creator: every five minutes it claims the dealers whose interval has passed since their last run
 * (one UPDATE, so two processes never claim the same run) and takes each one's outstanding internal requests. A run that
 * overlaps a "take requests now" click is harmless: each request is taken once, under its device's lock.
 */
export function jobCreatorJob(store: Store): JobDefinition<Record<string, never>> {
  return defineJob<Record<string, never>>({
    name: 'fulfilment.run',
    maxAttempts: 2,
    run: async (_payload, { now, logger }) => {
      for (const dealerId of await store.repos.supplyJobs.claimDueDealers(now)) {
        const result = await runJobCreator(store, systemTaker(dealerId), now, logger);
        if (result.created + result.consolidated + result.exceptions + result.failed > 0) logger.info({ dealerId, ...result }, 'supply jobs created');
      }
    },
  });
}

/** Registers the job creator with the background queue. */
export function jobCreatorSchedule(store: Store) {
  return defineSchedule({ name: 'fulfilment.run.tick', everyMs: JOB_CREATOR_TICK_MS, job: jobCreatorJob(store), payload: {} });
}
