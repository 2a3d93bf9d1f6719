import type { Store } from '../app/store.js';
import { defineJob, defineSchedule, enqueueJob, JobsRepository, type JobDefinition } from '../jobs/index.js';
import { evaluateDeviceRequests } from './evaluate.service.js';
import { REEVALUATION_HOURS } from './stockout-risk.js';
import { HOUR_MS } from './types.js';

/** One page of the hourly pass: devices after `after` (by id); `series` names the pass, for its pages' dedupe keys. */
export interface ReevaluatePage {
  after?: string | null;
  series?: string;
}

/**
 * Re-evaluates the requests of every device with a forecast. Uploads evaluate their own devices; this
 * catches what time alone changes: a forecast's depletion date coming within lead time while no new
 * reading arrives (and then the device having fallen silent shows in the rules). A device that fails
 * is logged and skipped. Each run takes one page of devices and enqueues the next page as a job of its
 * own, so no run outlives its lease however large the fleet, and the pages spread over the workers; a
 * page's key makes a retried page enqueue its successor once.
 */
export function reevaluateRequestsJob(store: Store, options: { pageSize?: number } = {}): JobDefinition<ReevaluatePage> {
  const pageSize = options.pageSize ?? 500;
  const job: JobDefinition<ReevaluatePage> = defineJob<ReevaluatePage>({
    name: 'requests.reevaluate',
    maxAttempts: 2,
    run: async (page, { now, logger, jobId, dedupeKey }) => {
      const devices = await store.repos.requests.devicesWithForecasts(page.after ?? null, pageSize);
      let failed = 0;
      for (const device of devices) {
        try {
          await evaluateDeviceRequests(store, device.dealer_id, device.id, now);
        } catch (error) {
          failed += 1;
          logger.error({ err: error, deviceId: device.id }, 'requests of a device could not be re-evaluated');
        }
      }
      const last = devices.at(-1);
      if (devices.length === pageSize && last) {
        const series = page.series ?? dedupeKey ?? jobId;
        await enqueueJob(new JobsRepository(store.db), job, { after: last.id, series }, { now, dedupeKey: `${series}:after:${last.id}` });
      }
      logger.info({ evaluated: devices.length - failed, failed, after: page.after ?? null, more: devices.length === pageSize }, 'requests re-evaluated');
    },
  });
  return job;
}

/** Runs `requests.reevaluate` once an hour across all server processes, from the first page. */
export function reevaluateRequestsSchedule(store: Store) {
  return defineSchedule({ name: 'requests.reevaluate.hourly', everyMs: REEVALUATION_HOURS * HOUR_MS, job: reevaluateRequestsJob(store), payload: {} });
}
