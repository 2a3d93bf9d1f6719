import type { Store } from '../app/store.js';
import { defineJob, defineSchedule } from '../jobs/index.js';
import { FUTURE_TOLERANCE_MS } from './screen.js';

const CHUNK = 10_000;

/**
 * Deletes upload receipts older than the retention, a chunk per statement so no delete holds its locks
 * long. Uploads refuse readings collected before the same horizon (screenReading), so a reading whose
 * receipt is gone cannot be taken in twice.
 */
export function pruneReceiptsJob(store: Store, retentionMs: number) {
  return defineJob<Record<string, never>>({
    name: 'readings.prune',
    run: async (_payload, { now, logger }) => {
      // Receipts go by when they arrived, readings are refused by when they were collected: a reading may be
      // stamped up to the future tolerance after its arrival, so its receipt stays that much longer.
      const before = new Date(now.getTime() - retentionMs - FUTURE_TOLERANCE_MS);
      let removed = 0;
      let chunk: number;
      do {
        chunk = await store.repos.telemetry.pruneReceipts(before, CHUNK);
        removed += chunk;
      } while (chunk === CHUNK);
      if (removed > 0) logger.info({ removed, before: before.toISOString() }, 'old upload receipts removed');
    },
  });
}

/** Runs `readings.prune` once a day across all server processes. */
export function pruneReceiptsSchedule(store: Store, retentionMs: number) {
  return defineSchedule({ name: 'readings.prune.daily', everyMs: 86_400_000, job: pruneReceiptsJob(store, retentionMs), payload: {} });
}
