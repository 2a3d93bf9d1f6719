/**
 * The job queue: typed background work stored in the `jobs` table, claimed with leases so any number
 * of processes can share one database, retried with backoff, and scheduled in epoch-aligned slots that
 * enqueue once however many workers run. Other domains import from here only.
 */
export { DEFAULT_BACKOFF, afterFailure, backoffDelayMs, backoffPolicy, type BackoffPolicy, type FailureOutcome } from './backoff.js';
export {
  defineJob,
  defineSchedule,
  type AnyJobDefinition,
  type JobContext,
  type JobDefinition,
  type JobSpec,
  type PayloadSchema,
  type ScheduleDefinition,
} from './definitions.js';
export { enqueueJob, type EnqueueOptions } from './enqueue.js';
export { JobsRepository, type Claim, type EnqueueResult, type JobToEnqueue } from './jobs.repository.js';
export { JobRunner, describeError, type JobRunnerOptions, type TickResult } from './runner.js';
export { currentSlot, slotDedupeKey, type ScheduleSlot } from './schedule.js';
