import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/app/store.js';
import type { Principal } from '../../src/auth/index.js';
import { ManualClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { ForecastWorker, ingestReadings, UploadedReading } from '../../src/telemetry/index.js';
import { createTestDatabase, ENGINE } from '../support/database.js';
import { buildDealer, type DealerWorld } from '../support/factories.js';
import { printerReadings, type SupplySpec } from '../support/readings.js';

const DAY = 86_400_000;
const START = Date.parse('2026-10-01T00:00:00Z');
const BLACK: SupplySpec = { index: 1, color: 'black', partNumber: 'CF259A', level: (day) => Math.ceil(80 - day) };

describe(`forecast worker: forecasts follow uploads, nothing lost, nothing twice (${ENGINE})`, () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let world: DealerWorld;
  let collector: Principal;
  const clock = new ManualClock(new Date(START + 30 * DAY));
  const errors: string[] = [];
  const logger = { ...createLogger('silent'), error: (_: object, message: string) => errors.push(message) } as unknown as ReturnType<typeof createLogger>;
  const ingest = (readings: unknown[]) => ingestReadings(store, collector, readings.map((r) => UploadedReading.parse(r)), clock.now(), { unreachableAfter: 3, maxAgeMs: 90 * 86_400_000 });
  const deviceRow = (serial: string) => store.db.selectFrom('devices').selectAll().where('serial', '=', serial).executeTakeFirstOrThrow();
  const forecastOf = async (serial: string) => (await store.db.selectFrom('supplies').select('forecast').where('device_id', '=', (await deviceRow(serial)).id).executeTakeFirstOrThrow()).forecast;

  beforeAll(async () => {
    const db = await createTestDatabase();
    cleanup = db.cleanup;
    store = createStore(db.database);
    world = await buildDealer(store, 'worker');
    collector = { kind: 'collector', id: world.collector.id, dealerId: world.dealer.id, customerId: world.customer.id };
  });
  afterAll(() => cleanup());

  it('marks what uploads touched as due and computes it after them, from all their readings', async () => {
    const readings = printerReadings('WK-COALESCE', START, 0, 21, [BLACK]);
    for (let i = 0; i < readings.length; i += 12) await ingest(readings.slice(i, i + 12));
    const due = await deviceRow('WK-COALESCE');
    expect(due.forecast_due_at).not.toBeNull();
    expect(due.ingest_seq).toBe(Math.ceil(readings.length / 12));
    expect(await forecastOf('WK-COALESCE')).toBeNull();
    const worker = new ForecastWorker(store, clock, logger);
    await worker.drain();
    expect((await deviceRow('WK-COALESCE')).forecast_due_at).toBeNull();
    expect((await forecastOf('WK-COALESCE'))!.daysRemaining).toBeGreaterThan(45);
  });

  it('keeps a device due when a reading arrives while it is being computed', async () => {
    await ingest(printerReadings('WK-RACE', START, 0, 10, [BLACK]));
    const mine = (await deviceRow('WK-RACE')).id;
    const claim = (await store.repos.telemetry.claimDueForecasts(clock.now(), new Date(clock.now().getTime() + 60_000), 1000)).find((c) => c.id === mine);
    expect(claim).toBeDefined();
    // While the claimant computes, the next upload arrives; then the claimant settles what it saw.
    await ingest(printerReadings('WK-RACE', START, 10, 11, [BLACK]));
    await store.repos.telemetry.settleForecast(mine, claim!.ingest_seq);
    expect((await deviceRow('WK-RACE')).forecast_due_at).not.toBeNull();
    await new ForecastWorker(store, clock, logger).drain();
    expect((await deviceRow('WK-RACE')).forecast_due_at).toBeNull();
  });

  it('loses nothing when a worker dies holding a claim: the device is due again once the lease runs out', async () => {
    await ingest(printerReadings('WK-CRASH', START, 0, 21, [BLACK]));
    // A worker claims everything due and dies before computing any of it.
    const leaseMs = 5 * 60_000;
    const dead = await store.repos.telemetry.claimDueForecasts(clock.now(), new Date(clock.now().getTime() + leaseMs), 1000);
    expect(dead.map((d) => d.id)).toContain((await deviceRow('WK-CRASH')).id);
    const survivor = new ForecastWorker(store, clock, logger, { leaseMs });
    await survivor.drain();
    expect(await forecastOf('WK-CRASH')).toBeNull();
    clock.advance(leaseMs + 1000);
    await survivor.drain();
    expect((await forecastOf('WK-CRASH'))!.daysRemaining).toBeGreaterThan(0);
    expect((await deviceRow('WK-CRASH')).forecast_due_at).toBeNull();
  });

  it('lets two workers share the work: every device computed, none left due, no errors (on PostgreSQL, side by side)', async () => {
    for (let d = 0; d < 12; d++) await ingest(printerReadings(`WK-TWO-${d}`, START, 0, 14, [BLACK]));
    const a = new ForecastWorker(store, clock, logger, { batchSize: 3 });
    const b = new ForecastWorker(store, clock, logger, { batchSize: 3 });
    errors.length = 0;
    await Promise.all([a.drain(), b.drain(), a.drain()]);
    expect(errors).toEqual([]);
    const left = await store.db.selectFrom('devices').select('serial').where('serial', 'like', 'WK-TWO-%').where('forecast_due_at', 'is not', null).execute();
    expect(left).toEqual([]);
    for (let d = 0; d < 12; d++) expect((await forecastOf(`WK-TWO-${d}`))!.basis).toBeTruthy();
  });

  it('takes each reading once when the same batch is uploaded twice at the same moment (a retry racing its first try)', async () => {
    const batch = printerReadings('WK-TWICE', START, 0, 5, [BLACK]);
    const [a, b] = await Promise.all([ingest(batch), ingest(batch)]);
    expect(a.outcome.accepted + b.outcome.accepted).toBe(batch.length);
    expect(a.outcome.duplicates + b.outcome.duplicates).toBe(batch.length);
    const id = (await deviceRow('WK-TWICE')).id;
    const receipts = await store.db.selectFrom('readings').select('reading_id').where('device_id', '=', id).execute();
    expect(receipts).toHaveLength(batch.length);
    const levels = await store.db.selectFrom('supply_level_history').select(['observed_at', 'remaining_percent']).where('device_id', '=', id).orderBy('observed_at').execute();
    // One run per level (80 % falling a point a day over five days), not two.
    expect(levels.map((l) => l.remaining_percent)).toEqual([80, 79, 78, 77, 76]);
    const again = await ingest(batch);
    expect(again.outcome).toMatchObject({ accepted: 0, duplicates: batch.length });
  });
  it('lets an upload under way go first: a due device waits while one is being taken in, and is computed once it ends', async () => {
    await ingest(printerReadings('WK-GIVEWAY', START, 0, 10, [BLACK]));
    const worker = new ForecastWorker(store, clock, logger, { giveWayMs: 60_000 });
    const uploaded = worker.uploadStarted();
    const drained = worker.drain();
    // Claimed (its lease set ahead of now), then left alone while the upload lasts.
    const claimed = async () => (await deviceRow('WK-GIVEWAY')).forecast_due_at!.getTime() > clock.now().getTime();
    for (let i = 0; i < 100 && !(await claimed()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await claimed()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await forecastOf('WK-GIVEWAY'))).toBeNull();
    uploaded();
    await drained;
    expect((await deviceRow('WK-GIVEWAY')).forecast_due_at).toBeNull();
    expect((await forecastOf('WK-GIVEWAY'))!.daysRemaining).toBeGreaterThan(0);
  });

  it('is held up by uploads that never stop for no longer than giveWayMs per device', async () => {
    await ingest(printerReadings('WK-FLOOD', START, 0, 10, [BLACK]));
    const worker = new ForecastWorker(store, clock, logger, { giveWayMs: 50 });
    const uploaded = worker.uploadStarted();
    await worker.drain();
    expect((await deviceRow('WK-FLOOD')).forecast_due_at).toBeNull();
    uploaded();
  });
  it('backs off from a device that keeps failing: tried again after its lease, then twice as long; a new upload makes it due at once, and a failure half a day later counts from one', async () => {
    await ingest(printerReadings('WK-BROKEN', START, 0, 10, [BLACK]));
    const broken = (await deviceRow('WK-BROKEN')).id;
    // The device's refresh fails (its lock cannot be taken); every other device is computed as usual.
    const failing: Store = { ...store, transaction: (work) => store.transaction((repos) => work({ ...repos, telemetry: { ...repos.telemetry,
      lockForecast: async (id: string) => { if (id === broken) throw new Error('refresh failed'); await repos.telemetry.lockForecast(id); } } })) };
    const worker = new ForecastWorker(failing, clock, logger, { leaseMs: 60_000, giveWayMs: 0 });
    const retryIn = async () => ((await deviceRow('WK-BROKEN')).forecast_due_at!.getTime() - clock.now().getTime()) / 1000;
    errors.length = 0;
    await worker.drain();
    expect(errors).toEqual(['forecast or requests could not be evaluated; tried again later']);
    expect(await retryIn()).toBe(60);
    clock.set(new Date(clock.now().getTime() + 61_000));
    await worker.drain();
    expect(await retryIn()).toBe(120);
    clock.set(new Date(clock.now().getTime() + 121_000));
    await worker.drain();
    expect(await retryIn()).toBe(240);
    // A failure long after the last one starts the count again.
    clock.set(new Date(clock.now().getTime() + 13 * 3_600_000));
    await worker.drain();
    expect(await retryIn()).toBe(60);
    // New readings: due now, whatever the backoff said.
    await ingest(printerReadings('WK-BROKEN', START, 10, 11, [BLACK]));
    expect(await retryIn()).toBeLessThanOrEqual(0);
    await new ForecastWorker(store, clock, logger).drain();
    expect((await deviceRow('WK-BROKEN')).forecast_due_at).toBeNull();
  });
});
