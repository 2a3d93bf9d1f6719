import { ManualClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import type { Database } from '../../src/db/index.js';
import { JobRunner, defineJob, type AnyJobDefinition, type JobRunnerOptions } from '../../src/jobs/index.js';

/** Midnight UTC on a Monday: slot boundaries in the tests fall on round instants. */
export const START = '2025-03-03T00:00:00.000Z';

export const silentLogger = createLogger('silent');

/** A clock at START unless told otherwise. */
export function manualClock(start: string = START): ManualClock {
  return new ManualClock(start);
}

/** A runner on `database` with silent logs and a fixed worker id; overrides win. */
export function buildRunner(
  database: Database,
  clock: ManualClock,
  definitions: AnyJobDefinition[],
  overrides: Partial<JobRunnerOptions> = {},
): JobRunner {
  return new JobRunner({
    db: database.db,
    clock,
    logger: silentLogger,
    workerId: 'worker-a',
    definitions,
    leaseMs: 60_000,
    pollMs: 10,
    ...overrides,
  });
}

/** A job that records each execution by job id, failing the first `failures` attempts of every job. */
export function countingJob(name: string, options: { failures?: number; maxAttempts?: number } = {}) {
  const executions = new Map<string, number>();
  const definition = defineJob<{ label?: string }>({
    name,
    maxAttempts: options.maxAttempts ?? 3,
    backoff: { baseMs: 1_000, factor: 2, maxMs: 60_000, jitter: 0 },
    async run(_payload, ctx) {
      executions.set(ctx.jobId, (executions.get(ctx.jobId) ?? 0) + 1);
      if (ctx.attempt <= (options.failures ?? 0)) throw new Error(`supplier API unavailable (attempt ${ctx.attempt})`);
    },
  });
  return { definition, executions };
}
