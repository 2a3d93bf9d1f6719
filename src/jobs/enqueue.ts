import type { JobDefinition } from './definitions.js';
import type { EnqueueResult, JobsRepository } from './jobs.repository.js';

/** When and how to enqueue; `now` comes from the caller's Clock like every instant in TonerLoop. */
export interface EnqueueOptions {
  now: Date;
  /** Not before this instant; `now` unless told. */
  runAt?: Date;
  /** Makes the enqueue idempotent: a second one with the same key stores nothing. */
  dedupeKey?: string;
}

/**
 * Enqueues one run of `definition` with a payload of the definition's own type. Pass a repository
 * built on a transaction to enqueue only if the surrounding business write commits.
 */
export function enqueueJob<P>(
  jobs: JobsRepository,
  definition: JobDefinition<P>,
  payload: P,
  options: EnqueueOptions,
): Promise<EnqueueResult> {
  return jobs.enqueue(
    {
      name: definition.name,
      payload,
      maxAttempts: definition.maxAttempts,
      runAt: options.runAt ?? options.now,
      dedupeKey: options.dedupeKey ?? null,
    },
    options.now,
  );
}
