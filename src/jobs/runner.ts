import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, JobRow } from '../db/schema.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { afterFailure } from './backoff.js';
import type { AnyJobDefinition, ScheduleDefinition } from './definitions.js';
import { jobRegistry, checkSchedules } from './registry.js';
import { JobsRepository, type Claim } from './jobs.repository.js';
import { currentSlot } from './schedule.js';

/** Everything a runner needs; only the database, clock, logger and definitions have no default. */
export interface JobRunnerOptions {
  db: Kysely<DB>;
  clock: Clock;
  logger: Logger;
  definitions: readonly AnyJobDefinition[];
  schedules?: readonly ScheduleDefinition[];
  /** Unique per process: leases are recorded under it. Host, pid and a random suffix unless told. */
  workerId?: string;
  /**
   * How long a claimed job may run before other workers presume this one dead and rerun it; 5 minutes
   * unless told. There is no heartbeat that extends it, so set it above the slowest job's run time.
   */
  leaseMs?: number;
  /** Pause between ticks of `start()`; 1 second unless told. */
  pollMs?: number;
  /** Jobs claimed, and run side by side, per tick; 5 unless told. */
  batchSize?: number;
}

/** What one tick did. */
export interface TickResult {
  /** Scheduled slots this tick enqueued (0 when another process got there first). */
  scheduled: number;
  /** Jobs claimed and run to an outcome. */
  ran: number;
}

/** A worker: turns schedule slots into jobs, claims due jobs, runs them, records the outcome. */
export class JobRunner {
  readonly workerId: string;
  private readonly jobs: JobsRepository;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly definitions: ReadonlyMap<string, AnyJobDefinition>;
  private readonly schedules: readonly ScheduleDefinition[];
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly batchSize: number;
  /** Slot last enqueued per schedule, so most ticks skip the insert; the dedupe key stays the real guard. */
  private readonly lastSlot = new Map<string, number>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  /** Bumped by each start(), so a loop left over from before a stop() cannot keep rescheduling itself. */
  private generation = 0;

  constructor(options: JobRunnerOptions) {
    this.jobs = new JobsRepository(options.db);
    this.clock = options.clock;
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.logger = options.logger.child({ workerId: this.workerId });
    this.definitions = jobRegistry(options.definitions);
    this.schedules = checkSchedules(options.schedules ?? [], this.definitions);
    this.leaseMs = options.leaseMs ?? 300_000;
    this.pollMs = options.pollMs ?? 1_000;
    this.batchSize = options.batchSize ?? 5;
  }

  /** One pass: enqueue the current slot of each schedule, then claim and run the jobs that are due. */
  tick(): Promise<TickResult> {
    return this.track(this.tickOnce());
  }

  /**
   * Ticks every `pollMs` until `stop()`. The timer is unref'd: the runner never keeps a process alive
   * on its own, so whoever starts a worker-only process must hold it open (e.g. wait for a signal).
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    const generation = ++this.generation;
    const loop = async (): Promise<void> => {
      this.timer = null;
      try {
        await this.tick();
      } catch (error) {
        // A database outage must not end the loop; the next tick tries again.
        this.logger.error({ error: describeError(error) }, 'job runner tick failed');
      }
      if (this.running && generation === this.generation) this.timer = setTimeout(() => void loop(), this.pollMs).unref();
    };
    this.timer = setTimeout(() => void loop(), 0).unref();
  }

  /** Stops ticking and resolves once every job already started has finished and been recorded. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async tickOnce(): Promise<TickResult> {
    const scheduled = await this.enqueueDueSlots(this.clock.now());
    const claimed = await this.jobs.claimDue(this.workerId, this.clock.now(), this.leaseMs, this.batchSize);
    await Promise.all(claimed.map((row) => this.runClaimed(row)));
    return { scheduled, ran: claimed.length };
  }

  private async enqueueDueSlots(now: Date): Promise<number> {
    let enqueued = 0;
    for (const schedule of this.schedules) {
      const slot = currentSlot(schedule, now);
      if (this.lastSlot.get(schedule.name) === slot.start.getTime()) continue;
      const result = await this.jobs.enqueue(
        {
          name: schedule.job.name,
          payload: schedule.payload,
          maxAttempts: schedule.job.maxAttempts,
          runAt: slot.start,
          dedupeKey: slot.dedupeKey,
        },
        now,
      );
      this.lastSlot.set(schedule.name, slot.start.getTime());
      if (result.inserted) enqueued++;
    }
    return enqueued;
  }

  private async runClaimed(row: JobRow): Promise<void> {
    const claim: Claim = { id: row.id, workerId: this.workerId, attempt: row.attempts };
    const log = this.logger.child({ jobId: row.id, job: row.name, attempt: row.attempts });
    const definition = this.definitions.get(row.name);
    if (!definition) {
      return this.giveUp(claim, log, `No job definition named "${row.name}" is registered in this worker.`);
    }
    if (row.attempts > row.max_attempts) {
      // Only a reclaimed lease gets here: the final attempt's worker died or the job outran its lease.
      // Running it again could crash the next worker too, so it stops here.
      const previous = row.last_error ? ` Last error before that: ${row.last_error}` : '';
      return this.giveUp(claim, log, `The lease of the final attempt expired before it finished.${previous}`);
    }
    let payload: unknown;
    try {
      payload = definition.parsePayload(row.payload);
    } catch (error) {
      return this.giveUp(claim, log, `Invalid payload for job "${row.name}": ${describeError(error)}`);
    }
    try {
      await definition.run(payload, { now: this.clock.now(), attempt: row.attempts, logger: log, jobId: row.id, dedupeKey: row.dedupe_key });
    } catch (error) {
      return this.recordFailure(claim, row, definition, log, describeError(error));
    }
    if (await this.jobs.complete(claim, this.clock.now())) log.debug('job done');
    else log.warn('job finished after its lease was taken over; its outcome was not recorded');
  }

  private async recordFailure(claim: Claim, row: JobRow, definition: AnyJobDefinition, log: Logger, error: string): Promise<void> {
    // The stored max_attempts wins over the definition's: a job keeps the rules it was enqueued with.
    const outcome = afterFailure(definition.backoff, row.attempts, row.max_attempts, this.clock.now(), row.id);
    if (outcome.kind === 'give-up') return this.giveUp(claim, log, error);
    // Payloads may carry customer data or credentials, so only the error message is logged.
    log.warn({ error, retryAt: outcome.runAt.toISOString() }, 'job failed; will retry');
    await this.jobs.retry(claim, outcome.runAt, error);
  }

  private async giveUp(claim: Claim, log: Logger, error: string): Promise<void> {
    log.error({ error }, 'job failed permanently');
    await this.jobs.failPermanently(claim, this.clock.now(), error);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const forget = () => this.inFlight.delete(work);
    work.then(forget, forget);
    return work;
  }
}

// Long enough for a stack-less message and a cause; short enough that a runaway error cannot bloat the row.
const MAX_ERROR_LENGTH = 2000;

/** One line for logs and `last_error`: the error's name and message, never its other properties. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : `Non-error thrown: ${String(error)}`;
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
