import type { Store } from '../app/store.js';
import { defineJob, defineSchedule } from '../jobs/index.js';
import { evaluateDeviceRequests } from './evaluate.service.js';

const PAGE = 500;

/**
 * Re-evaluates the requests of every device with a forecast. Uploads evaluate their own devices; this
 * catches what time alone changes: a forecast's depletion date coming within lead time while no new
 * reading arrives (and then the device having fallen silent shows in the rules). A device that fails
 * is logged and skipped.
 */
export function reevaluateRequestsJob(store: Store) {
  return defineJob<Record<string, never>>({
    name: 'requests.reevaluate',
    maxAttempts: 2,
    run: async (_payload, { now, logger }) => {
      let after: string | null = null;
      let evaluated = 0;
      let failed = 0;
      for (;;) {
        const devices = await store.repos.requests.devicesWithForecasts(after, PAGE);
        for (const device of devices) {
          try {
            await evaluateDeviceRequests(store, device.dealer_id, device.id, now);
            evaluated += 1;
          } catch (error) {
            failed += 1;
            logger.error({ err: error, deviceId: device.id }, 'requests of a device could not be re-evaluated');
          }
        }
        if (devices.length < PAGE) break;
        after = devices.at(-1)?.id ?? null;
      }
      logger.info({ evaluated, failed }, 'requests re-evaluated');
    },
  });
}

/** Runs `requests.reevaluate` once an hour across all server processes. */
export function reevaluateRequestsSchedule(store: Store) {
  return defineSchedule({ name: 'requests.reevaluate.hourly', everyMs: 3_600_000, job: reevaluateRequestsJob(store), payload: {} });
}
