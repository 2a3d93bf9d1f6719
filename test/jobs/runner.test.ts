import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, ENGINE } from '../support/database.js';
import type { Database } from '../../src/db/index.js';
import { JobsRepository, defineJob, enqueueJob } from '../../src/jobs/index.js';
import { buildRunner, countingJob, manualClock } from './factories.js';

let database: Database;
let cleanup: () => Promise<void>;
let jobs: JobsRepository;

beforeAll(async () => {
  ({ database, cleanup } = await createTestDatabase());
  jobs = new JobsRepository(database.db);
});
afterAll(() => cleanup());
beforeEach(async () => {
  await database.db.deleteFrom('jobs').execute();
});

describe(`JobRunner (${ENGINE})`, () => {
  it('runs a due job once and marks it done', async () => {
    const clock = manualClock();
    const { definition, executions } = countingJob('send-order');
    const runner = buildRunner(database, clock, [definition]);
    const { id } = await enqueueJob(jobs, definition, { label: 'x' }, { now: clock.now() });

    expect(await runner.tick()).toEqual({ scheduled: 0, ran: 1 });
    expect(await runner.tick()).toEqual({ scheduled: 0, ran: 0 });
    expect(executions.get(id!)).toBe(1);
    const row = await jobs.findById(id!);
    expect(row).toMatchObject({ status: 'done', attempts: 1, locked_by: null, finished_at: clock.now() });
  });

  it('waits until run_at before running a job enqueued for later', async () => {
    const clock = manualClock();
    const { definition, executions } = countingJob('later');
    const runner = buildRunner(database, clock, [definition]);
    await enqueueJob(jobs, definition, {}, { now: clock.now(), runAt: new Date(clock.now().getTime() + 5_000) });

    expect((await runner.tick()).ran).toBe(0);
    clock.advance(5_000);
    expect((await runner.tick()).ran).toBe(1);
    expect(executions.size).toBe(1);
  });

  it('retries a failing job after the backoff and records success', async () => {
    const clock = manualClock();
    const { definition, executions } = countingJob('flaky', { failures: 2, maxAttempts: 3 });
    const runner = buildRunner(database, clock, [definition]);
    const { id } = await enqueueJob(jobs, definition, {}, { now: clock.now() });

    await runner.tick();
    expect(await jobs.findById(id!)).toMatchObject({
      status: 'queued',
      attempts: 1,
      run_at: new Date(clock.now().getTime() + 1_000),
      last_error: 'Error: supplier API unavailable (attempt 1)',
    });
    clock.advance(999);
    expect((await runner.tick()).ran).toBe(0);
    clock.advance(1);
    await runner.tick(); // second attempt fails too: now 2 s backoff
    clock.advance(1_999);
    expect((await runner.tick()).ran).toBe(0);
    clock.advance(1);
    expect((await runner.tick()).ran).toBe(1);

    expect(executions.get(id!)).toBe(3);
    expect(await jobs.findById(id!)).toMatchObject({ status: 'done', attempts: 3 });
  });

  it('marks a job failed with its last error once maxAttempts are used up', async () => {
    const clock = manualClock();
    const { definition, executions } = countingJob('doomed', { failures: 99, maxAttempts: 2 });
    const runner = buildRunner(database, clock, [definition]);
    const { id } = await enqueueJob(jobs, definition, {}, { now: clock.now() });

    for (let i = 0; i < 5; i++) {
      await runner.tick();
      clock.advance(60_000);
    }
    expect(executions.get(id!)).toBe(2);
    const row = await jobs.findById(id!);
    expect(row).toMatchObject({ status: 'failed', attempts: 2, last_error: 'Error: supplier API unavailable (attempt 2)' });
    expect(row?.finished_at).toBeInstanceOf(Date);
    expect(await jobs.countByStatus()).toEqual({ queued: 0, running: 0, done: 0, failed: 1 });
  });

  it('fails a job with no registered definition permanently, saying so', async () => {
    const clock = manualClock();
    const runner = buildRunner(database, clock, []);
    const { id } = await jobs.enqueue({ name: 'retired-job', payload: {}, maxAttempts: 5, runAt: clock.now() }, clock.now());

    await runner.tick();
    expect(await jobs.findById(id!)).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'No job definition named "retired-job" is registered in this worker.',
    });
  });

  it('fails a job whose stored payload does not fit its schema without retrying', async () => {
    const clock = manualClock();
    let ran = false;
    const strict = defineJob<{ serial: string }>({
      name: 'strict',
      schema: { parse: (input) => { if (typeof (input as { serial?: unknown }).serial !== 'string') throw new Error('serial is required'); return input as { serial: string }; } },
      run: async () => { ran = true; },
    });
    const runner = buildRunner(database, clock, [strict]);
    const { id } = await jobs.enqueue({ name: 'strict', payload: { serial: 42 }, maxAttempts: 5, runAt: clock.now() }, clock.now());

    await runner.tick();
    expect(ran).toBe(false);
    expect(await jobs.findById(id!)).toMatchObject({ status: 'failed', last_error: 'Invalid payload for job "strict": Error: serial is required' });
  });

  it('reclaims a job whose worker died once the lease has expired', async () => {
    const clock = manualClock();
    const { definition, executions } = countingJob('reclaimed');
    const { id } = await enqueueJob(jobs, definition, {}, { now: clock.now() });
    expect(await jobs.claimDue('crashed-worker', clock.now(), 60_000, 10)).toHaveLength(1);
    const survivor = buildRunner(database, clock, [definition], { workerId: 'survivor' });

    clock.advance(59_999);
    expect((await survivor.tick()).ran).toBe(0);
    clock.advance(2);
    expect((await survivor.tick()).ran).toBe(1);
    expect(executions.get(id!)).toBe(1);
    expect(await jobs.findById(id!)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('does not let a worker whose lease was taken over overwrite the newer attempt', async () => {
    const clock = manualClock();
    const { definition } = countingJob('fenced');
    const { id } = await enqueueJob(jobs, definition, {}, { now: clock.now() });
    const [stale] = await jobs.claimDue('slow-worker', clock.now(), 1_000, 1);
    clock.advance(2_000);
    const [fresh] = await jobs.claimDue('fast-worker', clock.now(), 1_000, 1);

    expect(await jobs.complete({ id: id!, workerId: 'slow-worker', attempt: stale!.attempts }, clock.now())).toBe(false);
    expect(await jobs.complete({ id: id!, workerId: 'fast-worker', attempt: fresh!.attempts }, clock.now())).toBe(true);
  });

  it('gives up instead of rerunning when the final attempt’s lease expired', async () => {
    const clock = manualClock();
    const { definition, executions } = countingJob('poison', { maxAttempts: 1 });
    const { id } = await enqueueJob(jobs, definition, {}, { now: clock.now() });
    await jobs.claimDue('crashed-worker', clock.now(), 1_000, 10);
    clock.advance(1_001);

    await buildRunner(database, clock, [definition]).tick();
    expect(executions.size).toBe(0);
    expect(await jobs.findById(id!)).toMatchObject({ status: 'failed', last_error: 'The lease of the final attempt expired before it finished.' });
  });

  it('enqueues a keyed job once however often it is asked', async () => {
    const clock = manualClock();
    const { definition } = countingJob('idempotent');
    const first = await enqueueJob(jobs, definition, {}, { now: clock.now(), dedupeKey: 'order:42' });
    const second = await enqueueJob(jobs, definition, {}, { now: clock.now(), dedupeKey: 'order:42' });

    expect(first.inserted).toBe(true);
    expect(second).toEqual({ inserted: false, id: null });
    expect((await jobs.findByDedupeKey('order:42'))?.id).toBe(first.id);
  });

  it('keeps ticking after start() and waits for a running job on stop()', async () => {
    const clock = manualClock();
    let finished = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = defineJob({ name: 'slow', run: async () => { await gate; finished++; } });
    const runner = buildRunner(database, clock, [slow], { pollMs: 5 });
    const { id } = await enqueueJob(jobs, slow, {}, { now: clock.now() });

    runner.start();
    while ((await jobs.findById(id!))?.status !== 'running') await new Promise((r) => setTimeout(r, 5));
    const stopped = runner.stop();
    setTimeout(release, 20);
    await stopped;
    expect(finished).toBe(1);
    expect(await jobs.findById(id!)).toMatchObject({ status: 'done' });
  });
});
