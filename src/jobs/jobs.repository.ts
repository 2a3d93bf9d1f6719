import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB, JobRow, JobStatus } from '../db/schema.js';

/** A job about to be stored. */
export interface JobToEnqueue {
  name: string;
  payload: unknown;
  maxAttempts: number;
  runAt: Date;
  /** When set, a second enqueue with the same key is a no-op, whichever process makes it. */
  dedupeKey?: string | null;
}

/** The result of an enqueue: the new job's id, or `inserted: false` when the dedupe key was taken. */
export type EnqueueResult = { inserted: true; id: string } | { inserted: false; id: null };

/**
 * Identifies one attempt of one claimed job. Every write after the claim matches all three, so a
 * worker whose lease expired (and whose job another worker has since reclaimed) cannot overwrite the
 * newer attempt's outcome: the attempt number works as a fencing token.
 */
export interface Claim {
  id: string;
  workerId: string;
  attempt: number;
}

/**
 * All SQL of the job queue. Every instant is a parameter taken from the caller's Clock, never SQL
 * now(), so a ManualClock can move the queue through months in seconds. Construct it on a
 * transaction to enqueue atomically with the business write that caused the job.
 */
export class JobsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Stores a queued job; `on conflict (dedupe_key) do nothing` makes keyed enqueues idempotent. */
  async enqueue(job: JobToEnqueue, now: Date): Promise<EnqueueResult> {
    const id = randomUUID();
    const row = await this.db
      .insertInto('jobs')
      .values({
        id,
        name: job.name,
        // A JSON string rather than an object: pg and PGlite serialise objects differently, text the same.
        payload: JSON.stringify(job.payload ?? {}),
        dedupe_key: job.dedupeKey ?? null,
        status: 'queued',
        attempts: 0,
        max_attempts: job.maxAttempts,
        run_at: job.runAt,
        created_at: now,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row ? { inserted: true, id: row.id } : { inserted: false, id: null };
  }

  /**
   * Leases up to `limit` due jobs to `workerId` until `now + leaseMs` and counts the attempt. A
   * running job whose lease has run out belongs to a worker that died: it is taken over. `skip
   * locked` lets concurrent workers pass over each other's rows instead of queueing behind them.
   */
  async claimDue(workerId: string, now: Date, leaseMs: number, limit: number): Promise<JobRow[]> {
    const due = this.db
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
          eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
        ]),
      )
      .orderBy('run_at')
      .limit(limit)
      .forUpdate()
      .skipLocked();
    const rows = await this.db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        locked_by: workerId,
        locked_until: new Date(now.getTime() + leaseMs),
        attempts: eb('attempts', '+', 1),
      }))
      .where('id', 'in', due)
      .returningAll()
      .execute();
    // `returning` has no order; oldest first keeps the log readable and the tests deterministic.
    return rows.sort((a, b) => a.run_at.getTime() - b.run_at.getTime() || a.id.localeCompare(b.id));
  }

  /** Marks the attempt done. False when the lease was lost to another worker meanwhile. */
  async complete(claim: Claim, now: Date): Promise<boolean> {
    return this.finishAttempt(claim, { status: 'done', finished_at: now });
  }

  /** Puts the job back in the queue for another attempt at `runAt`, keeping the error for operators. */
  async retry(claim: Claim, runAt: Date, error: string): Promise<boolean> {
    return this.finishAttempt(claim, { status: 'queued', run_at: runAt, last_error: error });
  }

  /** Fails the job for good; `last_error` says why. */
  async failPermanently(claim: Claim, now: Date, error: string): Promise<boolean> {
    return this.finishAttempt(claim, { status: 'failed', finished_at: now, last_error: error });
  }

  /** How many jobs are in each status (statuses with none are 0): for tests and the ops page. */
  async countByStatus(): Promise<Record<JobStatus, number>> {
    const rows = await this.db
      .selectFrom('jobs')
      .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute();
    const counts: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, failed: 0 };
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  /** The job enqueued under `dedupeKey`, if any. */
  async findByDedupeKey(dedupeKey: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirst();
  }

  /** One job by id, if it exists. */
  async findById(id: string): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  private async finishAttempt(
    claim: Claim,
    changes: { status: JobStatus; finished_at?: Date; run_at?: Date; last_error?: string },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('jobs')
      .set({ ...changes, locked_by: null, locked_until: null })
      .where('id', '=', claim.id)
      .where('status', '=', 'running')
      .where('locked_by', '=', claim.workerId)
      .where('attempts', '=', claim.attempt)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
