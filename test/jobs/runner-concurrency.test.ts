import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ENGINE } from '../support/database.js';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/index.js';
import { JobsRepository, defineJob, defineSchedule, enqueueJob, type JobRunner } from '../../src/jobs/index.js';
import { buildRunner, manualClock } from './factories.js';

const MINUTE = 60_000;

let first: Database;
let second: Database;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const test = await createTestDatabase();
  first = test.database;
  // On PostgreSQL the second runner gets its own pool, as a second process would; PGlite has one connection.
  second = test.url ? await openDatabase({ databaseUrl: test.url }) : first;
  cleanup = async () => {
    await second.close();
    await first.close();
    if (test.url) await waitUntilDisconnected(test.url);
    await test.cleanup();
  };
});
afterAll(() => cleanup());

describe(`two JobRunners sharing one database (${ENGINE})`, () => {
  it('never run the same slot or the same job twice', async () => {
    const clock = manualClock();
    const runsPerJob = new Map<string, number>();
    const runsPerSlot = new Map<string, number>();
    const runsPerWorker = new Map<string, number>();
    const record = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    const work = defineJob<{ n: number }>({
      name: 'work',
      async run(_payload, ctx) {
        record(runsPerJob, ctx.jobId);
        record(runsPerWorker, ctx.logger.bindings().workerId as string);
        // Yield so both runners' jobs are in flight at once rather than one after the other.
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    const tick = defineJob({
      name: 'tick',
      async run(_payload, ctx) {
        record(runsPerJob, ctx.jobId);
        record(runsPerSlot, ctx.dedupeKey ?? 'missing');
      },
    });
    const schedules = [defineSchedule({ name: 'every-minute', everyMs: MINUTE, job: tick })];
    // A lease far longer than the simulated run: any second execution would be a real double claim.
    const options = { schedules, leaseMs: 365 * 24 * 60 * MINUTE, batchSize: 4 };
    const runners = [
      buildRunner(first, clock, [work, tick], { ...options, workerId: 'runner-1' }),
      buildRunner(second, clock, [work, tick], { ...options, workerId: 'runner-2' }),
    ];
    const producer = new JobsRepository(first.db);
    for (let n = 0; n < 200; n++) await enqueueJob(producer, work, { n }, { now: clock.now() });

    const hammer = async (runner: JobRunner) => {
      for (let i = 0; i < 300; i++) {
        clock.advance(7_000);
        await runner.tick();
      }
    };
    const produce = async () => {
      for (let n = 200; n < 400; n++) {
        await enqueueJob(producer, work, { n }, { now: clock.now() });
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await Promise.all([hammer(runners[0]!), hammer(runners[1]!), produce()]);
    // Drain what is left with both runners still racing.
    for (;;) {
      const results = await Promise.all(runners.map((runner) => runner.tick()));
      if (results.every((result) => result.ran === 0)) break;
    }

    const jobs = new JobsRepository(first.db);
    const counts = await jobs.countByStatus();
    const slotRows = await first.db.selectFrom('jobs').select(['dedupe_key', 'run_at']).where('name', '=', 'tick').execute();
    expect(counts).toEqual({ queued: 0, running: 0, done: 400 + slotRows.length, failed: 0 });
    expect(runsPerJob.size).toBe(400 + slotRows.length);
    expect([...runsPerJob.values()].filter((runs) => runs !== 1)).toEqual([]);
    expect(new Set(runsPerSlot.keys())).toEqual(new Set(slotRows.map((row) => row.dedupe_key)));
    expect([...runsPerSlot.values()].filter((runs) => runs !== 1)).toEqual([]);
    // One job per slot start, whichever runner computed the key.
    expect(new Set(slotRows.map((row) => row.run_at.getTime())).size).toBe(slotRows.length);
    // 600 ticks of 7 s is 70 minutes: every minute slot in between must have been enqueued.
    expect(slotRows.length).toBeGreaterThanOrEqual(70);
    expect(runsPerWorker.get('runner-1')).toBeGreaterThan(0);
    expect(runsPerWorker.get('runner-2')).toBeGreaterThan(0);
  }, 120_000);
});

/**
 * pg's Pool.end() resolves before the server has seen its connections close, and `drop database
 * … with (force)` then terminates them: the pools, having no error listener, crash the test run.
 */
async function waitUntilDisconnected(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const name = new URL(url).pathname.slice(1);
    for (let i = 0; i < 100; i++) {
      const { rows } = await client.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
      if (rows[0].n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}
