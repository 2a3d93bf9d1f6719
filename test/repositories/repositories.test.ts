import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/app/store.js';
import { expireSessionsSchedule, hashToken } from '../../src/auth/index.js';
import { JobRunner } from '../../src/jobs/index.js';
import { ManualClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { createTestDatabase, ENGINE } from '../support/database.js';
import { buildDealer, insertDevice, type DealerWorld } from '../support/factories.js';

// Repository behaviour the HTTP tests do not reach directly.
describe(`repositories (${ENGINE})`, () => {
  let store: Store;
  let world: DealerWorld;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const test = await createTestDatabase();
    cleanup = test.cleanup;
    store = createStore(test.database);
    world = await buildDealer(store, 'repos');
  });
  afterAll(() => cleanup());

  it('expires sessions through the hourly job, keeping live ones', async () => {
    const clock = new ManualClock('2026-11-21T10:00:00Z');
    const at = (hours: number) => new Date(clock.now().getTime() + hours * 3_600_000);
    await store.repos.sessions.insert({ tokenHash: hashToken('old'), userId: world.admin.id, dealerId: world.dealer.id, expiresAt: at(1) }, clock.now());
    await store.repos.sessions.insert({ tokenHash: hashToken('new'), userId: world.admin.id, dealerId: world.dealer.id, expiresAt: at(48) }, clock.now());
    const schedule = expireSessionsSchedule(store);
    const runner = new JobRunner({ db: store.db, clock, logger: createLogger('silent'), definitions: [schedule.job], schedules: [schedule] });
    clock.advance(2 * 3_600_000);
    await runner.tick();
    expect(await store.repos.sessions.findLive(hashToken('old'), at(-1))).toBeUndefined();
    expect(await store.repos.sessions.findLive(hashToken('new'), clock.now())).toBeDefined();
  });

  it('expires sessions on people\'s clock when the job runner runs on the printers\' accelerated one (the demo)', async () => {
    // The demo's printers live an hour per second: on their clock a 12-hour session is over within seconds.
    const people = new ManualClock('2026-11-21T10:00:00Z');
    const printers = new ManualClock('2026-11-21T10:00:00Z');
    await store.repos.sessions.insert({ tokenHash: hashToken('person'), userId: world.admin.id, dealerId: world.dealer.id, expiresAt: new Date(people.now().getTime() + 12 * 3_600_000) }, people.now());
    const schedule = expireSessionsSchedule(store, people);
    const runner = new JobRunner({ db: store.db, clock: printers, logger: createLogger('silent'), definitions: [schedule.job], schedules: [schedule] });
    people.advance(60_000);
    printers.advance(3 * 86_400_000);
    await runner.tick();
    expect(await store.repos.sessions.findLive(hashToken('person'), people.now())).toBeDefined();
    people.advance(13 * 3_600_000);
    printers.advance(3 * 86_400_000);
    await runner.tick();
    expect(await store.repos.sessions.findLive(hashToken('person'), new Date(0))).toBeUndefined();
  });

  it('pages devices by OFFSET (the benchmark baseline) in the same order as by keyset', async () => {
    for (let i = 0; i < 6; i++) await insertDevice(store, world.dealer.id, world.customer.id, null, `ORDER-${i}`);
    const scope = { dealerId: world.dealer.id, customerId: null };
    const keyset = await store.repos.devices.list(scope, {}, { limit: 3, afterIdentity: 'ORDER-1' });
    const offset = await store.repos.devices.listByOffset(scope, { limit: 3, offset: 2 });
    expect(offset.map((d) => d.serial)).toEqual(keyset.slice(0, 3).map((d) => d.serial));
  });

  it('moves a device to another customer when it is upserted by serial, keeping its identity', async () => {
    const moved = await store.repos.devices.upsertBySerial(world.dealer.id, { id: crypto.randomUUID(), customerId: world.otherCustomer.id, siteId: null, serial: world.device.serial, model: null }, new Date());
    expect(moved.id).toBe(world.device.id);
    expect(moved.customer_id).toBe(world.otherCustomer.id);
    expect(moved.model).toBe(world.device.model);
  });

  it('refuses at the database a site that points at another dealer\'s customer', async () => {
    const intruder = await buildDealer(store, 'repos-intruder');
    await expect(
      store.repos.customers.insertSite(intruder.dealer.id, { id: crypto.randomUUID(), customerId: world.customer.id, name: 'Sneaky', address: null, city: null, postcode: null, country: null }, new Date()),
    ).rejects.toThrow(/foreign key/);
  });
});
