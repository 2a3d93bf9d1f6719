import { AppError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { backoffPolicy, type BackoffPolicy } from './backoff.js';

/** What a running job learns about its situation besides its payload. */
export interface JobContext {
  /** The injected clock's time when this attempt started; jobs never read the wall clock. */
  now: Date;
  /** 1 on the first attempt, 2 on the first retry, … */
  attempt: number;
  /** Already bound to the job id and name. */
  logger: Logger;
  /** Stable across retries: use it as an idempotency key towards outside systems. */
  jobId: string;
  /** `schedule:<name>:<slotStartISO>` for scheduled runs, whatever the enqueuer chose otherwise. */
  dedupeKey: string | null;
}

/** Anything with a zod-style `parse`: checks a payload read back from the database. */
export interface PayloadSchema<P> {
  parse(input: unknown): P;
}

/**
 * A kind of background work, by name, with its retry rules and the code that does it. Declared with
 * method syntax on purpose: it lets a `JobDefinition<{ dealerId: string }>` sit in a registry of
 * `AnyJobDefinition` without casts.
 */
export interface JobDefinition<P> {
  readonly name: string;
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
  /** Turns the stored JSON back into a payload; a throw here fails the job at once, as retrying cannot fix bad data. */
  parsePayload(stored: unknown): P;
  run(payload: P, ctx: JobContext): Promise<void>;
}

/** Any definition, whatever its payload: what the runner holds in its registry. */
export type AnyJobDefinition = JobDefinition<unknown>;

/** A job enqueued every `everyMs`, once per slot across all processes sharing the database. */
export interface ScheduleDefinition {
  readonly name: string;
  readonly everyMs: number;
  readonly job: AnyJobDefinition;
  readonly payload: unknown;
}

/** What `defineJob` needs; everything but the name and the work has a default. */
export interface JobSpec<P> {
  name: string;
  /** Attempts before the job is marked failed; 5 unless told. */
  maxAttempts?: number;
  backoff?: Partial<BackoffPolicy>;
  schema?: PayloadSchema<P>;
  run: (payload: P, ctx: JobContext) => Promise<void>;
}

// Names end up in dedupe keys and log lines; keeping them to this alphabet keeps both unambiguous.
const NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** Declares a typed job; the payload type travels with the definition to `enqueueJob`. */
export function defineJob<P>(spec: JobSpec<P>): JobDefinition<P> {
  assertName('job', spec.name);
  const maxAttempts = spec.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new AppError('invalid-config', `Job "${spec.name}" needs maxAttempts to be a whole number of at least 1, not ${maxAttempts}.`);
  }
  const schema = spec.schema;
  return {
    name: spec.name,
    maxAttempts,
    backoff: backoffPolicy(spec.backoff),
    // Without a schema the payload is trusted: only enqueueJob, typed by the same P, writes it.
    parsePayload: schema ? (stored) => schema.parse(stored) : (stored) => stored as P,
    run: spec.run,
  };
}

/**
 * Declares a recurring job. Slots are aligned to the Unix epoch, so `everyMs: 86_400_000` means
 * "each UTC day" on every process, which is what makes the slot's dedupe key the same everywhere.
 */
export function defineSchedule<P>(spec: { name: string; everyMs: number; job: JobDefinition<P>; payload?: P }): ScheduleDefinition {
  assertName('schedule', spec.name);
  if (!Number.isInteger(spec.everyMs) || spec.everyMs < 1000) {
    throw new AppError('invalid-config', `Schedule "${spec.name}" needs everyMs to be a whole number of at least 1000, not ${spec.everyMs}.`);
  }
  return { name: spec.name, everyMs: spec.everyMs, job: spec.job, payload: spec.payload ?? {} };
}

function assertName(kind: string, name: string): void {
  if (!NAME.test(name)) {
    throw new AppError('invalid-config', `A ${kind} name must be lower-case letters, digits, ".", "_" or "-", not "${name}".`);
  }
}
