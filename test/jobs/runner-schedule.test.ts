import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, ENGINE } from '../support/database.js';
import type { Database } from '../../src/db/index.js';
import { JobsRepository, currentSlot, defineJob, defineSchedule } from '../../src/jobs/index.js';
import { buildRunner, manualClock } from './factories.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

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

/** A job that counts its runs per dedupe key, i.e. per schedule slot. */
function slotCountingJob(name: string) {
  const runsPerSlot = new Map<string, number>();
  const definition = defineJob({
    name,
    async run(_payload, ctx) {
      runsPerSlot.set(ctx.dedupeKey ?? '', (runsPerSlot.get(ctx.dedupeKey ?? '') ?? 0) + 1);
    },
  });
  return { definition, runsPerSlot };
}

describe(`JobRunner schedules (${ENGINE})`, () => {
  it('enqueues and runs each slot exactly once over a simulated month', async () => {
    const clock = manualClock();
    const hourly = slotCountingJob('hourly-collect');
    const daily = slotCountingJob('nightly-forecast');
    const schedules = [
      defineSchedule({ name: 'collect', everyMs: HOUR, job: hourly.definition }),
      defineSchedule({ name: 'forecast', everyMs: DAY, job: daily.definition }),
    ];
    const runner = buildRunner(database, clock, [hourly.definition, daily.definition], { schedules });
    const expectedHourly = new Set<string>();
    const expectedDaily = new Set<string>();

    // 17-minute steps never line up with the hour, so ticks land at every offset within a slot.
    for (let t = 0; t <= 30 * DAY; t += 17 * MINUTE) {
      expectedHourly.add(currentSlot(schedules[0]!, clock.now()).dedupeKey);
      expectedDaily.add(currentSlot(schedules[1]!, clock.now()).dedupeKey);
      await runner.tick();
      clock.advance(17 * MINUTE);
    }

    expect(expectedHourly.size).toBe(30 * 24); // the last tick falls 3 minutes before day 31
    expect(expectedDaily.size).toBe(30);
    expect(new Set(hourly.runsPerSlot.keys())).toEqual(expectedHourly);
    expect([...hourly.runsPerSlot.values()].every((runs) => runs === 1)).toBe(true);
    expect(new Set(daily.runsPerSlot.keys())).toEqual(expectedDaily);
    expect([...daily.runsPerSlot.values()].every((runs) => runs === 1)).toBe(true);
    expect(await jobs.countByStatus()).toEqual({ queued: 0, running: 0, done: expectedHourly.size + expectedDaily.size, failed: 0 });
  }, 120_000);

  it('does not enqueue a slot again when a restarted worker ticks in it', async () => {
    const clock = manualClock('2025-03-03T10:15:00.000Z');
    const { definition, runsPerSlot } = slotCountingJob('hourly-collect');
    const schedules = [defineSchedule({ name: 'collect', everyMs: HOUR, job: definition })];

    expect(await buildRunner(database, clock, [definition], { schedules }).tick()).toEqual({ scheduled: 1, ran: 1 });
    clock.advance(10 * MINUTE);
    expect(await buildRunner(database, clock, [definition], { schedules }).tick()).toEqual({ scheduled: 0, ran: 0 });
    expect([...runsPerSlot.entries()]).toEqual([['schedule:collect:2025-03-03T10:00:00.000Z', 1]]);
  });

  it('runs only the current slot after the workers were down for several slots', async () => {
    const clock = manualClock('2025-03-03T10:15:00.000Z');
    const { definition, runsPerSlot } = slotCountingJob('hourly-collect');
    const runner = buildRunner(database, clock, [definition], {
      schedules: [defineSchedule({ name: 'collect', everyMs: HOUR, job: definition })],
    });

    await runner.tick();
    clock.advance(5 * HOUR);
    await runner.tick();
    expect([...runsPerSlot.keys()]).toEqual([
      'schedule:collect:2025-03-03T10:00:00.000Z',
      'schedule:collect:2025-03-03T15:00:00.000Z',
    ]);
  });

  it('stores the schedule payload and runs the slot at its start', async () => {
    const clock = manualClock('2025-03-03T10:15:00.000Z');
    const seen: { payload: { region: string }; now: string }[] = [];
    const report = defineJob<{ region: string }>({
      name: 'report',
      run: async (payload, ctx) => void seen.push({ payload, now: ctx.now.toISOString() }),
    });
    const runner = buildRunner(database, clock, [report], {
      schedules: [defineSchedule({ name: 'report', everyMs: HOUR, job: report, payload: { region: 'north' } })],
    });

    await runner.tick();
    const row = await jobs.findByDedupeKey('schedule:report:2025-03-03T10:00:00.000Z');
    expect(row).toMatchObject({ run_at: new Date('2025-03-03T10:00:00.000Z'), payload: { region: 'north' }, status: 'done' });
    expect(seen).toEqual([{ payload: { region: 'north' }, now: '2025-03-03T10:15:00.000Z' }]);
  });
});
