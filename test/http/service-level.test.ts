import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/app/store.js';
import { migrateDatabase } from '../../src/db/index.js';
import type { StoredStockoutRisk } from '../../src/db/schema.js';
import { MIGRATIONS } from '../../src/db/migrations/index.js';
import { createDealer } from '../../src/dealers/index.js';
import { buildApp } from '../../src/http/app.js';
import { ManualClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { evaluateDeviceRequests } from '../../src/requests/index.js';
import { createTestApp, testHttpContext } from '../support/app.js';
import { createTestDatabase, ENGINE } from '../support/database.js';
import { buildDealer, loginCookie, PASSWORD, type DealerWorld } from '../support/factories.js';
import { monoToner, printerReadings, uploadReadings, type SupplySpec } from '../support/readings.js';

const DAY = 86_400_000;
// Monday 2 November 2026, 08:00 UTC: readings every six hours from then.
const START = Date.parse('2026-11-02T08:00:00Z');

describe(`the service-level trigger as a request setting (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let admin: Record<string, string>;
  let keyUser: Record<string, string>;
  const call = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown, headers = admin) =>
    ctx.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const effective = async (url: string) => (await call('GET', url)).json().effective;

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'service-level');
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
    keyUser = { cookie: await loginCookie(ctx.app, world.keyUser.email) };
  });
  afterAll(() => ctx.close());

  it('is the default for a new dealer, at 99.5 %', async () => {
    const dealer = (await call('GET', '/request-settings')).json();
    expect(dealer.effective.triggerMode).toEqual({ value: 'service-level', source: 'default' });
    expect(dealer.effective.serviceLevelPercent).toEqual({ value: 99.5, source: 'default' });
    expect((await effective(`/devices/${world.device.id}/request-settings`)).triggerMode).toEqual({ value: 'service-level', source: 'default' });
  });

  it('is inherited dealer → customer → contract → device, each level able to choose another mode or service level', async () => {
    expect((await call('PUT', '/request-settings', { fulfilment: 'external', serviceLevelPercent: 99 })).statusCode).toBe(200);
    expect((await effective(`/devices/${world.device.id}/request-settings`)).serviceLevelPercent).toEqual({ value: 99, source: 'dealer' });

    // The customer keeps the old fixed-days rule.
    expect((await call('PUT', `/customers/${world.customer.id}/request-settings`, { triggerMode: 'both' })).statusCode).toBe(200);
    expect((await effective(`/customers/${world.customer.id}/request-settings`)).triggerMode).toEqual({ value: 'both', source: 'customer' });
    expect((await effective(`/devices/${world.device.id}/request-settings`)).triggerMode).toEqual({ value: 'both', source: 'customer' });
    // Another customer of the dealer still runs on the service level.
    expect((await effective(`/devices/${world.otherDevice.id}/request-settings`)).triggerMode).toEqual({ value: 'service-level', source: 'default' });

    // The customer's contract goes back to the service level, a stricter one.
    expect((await call('PUT', `/contracts/${world.contract.id}/request-settings`, { triggerMode: 'service-level', serviceLevelPercent: 99.9 })).statusCode).toBe(200);
    let device = await effective(`/devices/${world.device.id}/request-settings`);
    expect(device.triggerMode).toEqual({ value: 'service-level', source: 'contract' });
    expect(device.serviceLevelPercent).toEqual({ value: 99.9, source: 'contract' });

    // One printer of it, a looser service level of its own.
    const own = await call('PUT', `/devices/${world.device.id}/request-settings`, { serviceLevelPercent: 95 });
    expect(own.json().overrides).toEqual({ serviceLevelPercent: 95 });
    device = await effective(`/devices/${world.device.id}/request-settings`);
    expect(device.serviceLevelPercent).toEqual({ value: 95, source: 'device' });
    expect(device.triggerMode).toEqual({ value: 'service-level', source: 'contract' });

    // null resets a level to inherited.
    expect((await call('PUT', `/devices/${world.device.id}/request-settings`, { serviceLevelPercent: null })).statusCode).toBe(200);
    expect((await call('PUT', `/contracts/${world.contract.id}/request-settings`, {})).statusCode).toBe(200);
    expect((await call('PUT', `/customers/${world.customer.id}/request-settings`, {})).statusCode).toBe(200);
    expect((await call('PUT', '/request-settings', { fulfilment: 'external' })).statusCode).toBe(200);
    device = await effective(`/devices/${world.device.id}/request-settings`);
    expect(device.triggerMode).toEqual({ value: 'service-level', source: 'default' });
    expect(device.serviceLevelPercent).toEqual({ value: 99.5, source: 'default' });
  });

  it.each([
    ['49', 49], ['100', 100], ['"abc"', 'abc'],
  ])('refuses a service level of %s with one sentence naming the field, at every level', async (_, serviceLevelPercent) => {
    for (const url of ['/request-settings', `/customers/${world.customer.id}/request-settings`, `/contracts/${world.contract.id}/request-settings`, `/devices/${world.device.id}/request-settings`]) {
      const refused = await call('PUT', url, { serviceLevelPercent });
      expect(refused.statusCode, url).toBe(400);
      const message: string = refused.json().error.message;
      expect(message).toMatch(/serviceLevelPercent/);
      expect(message).toMatch(/^[^\n]+\.$/);
    }
    expect((await effective(`/devices/${world.device.id}/request-settings`)).serviceLevelPercent).toEqual({ value: 99.5, source: 'default' });
  });

  it('refuses an unknown trigger mode', async () => {
    expect((await call('PUT', '/request-settings', { triggerMode: 'service level' })).statusCode).toBe(400);
  });

  it("does not let a customer's key user change or read the dealer's settings, nor their own company's", async () => {
    for (const url of ['/request-settings', `/customers/${world.customer.id}/request-settings`, `/devices/${world.device.id}/request-settings`]) {
      const refused = await call('PUT', url, { triggerMode: 'level' }, keyUser);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error.code).toBe('forbidden');
      expect((await call('GET', url, undefined, keyUser)).statusCode, url).toBe(403);
    }
    expect((await effective('/request-settings')).triggerMode).toEqual({ value: 'service-level', source: 'default' });
  });
});

describe(`a request raised by the trigger records its stockout risk (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let admin: Record<string, string>;
  const call = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) =>
    ctx.app.inject({ method, url: `/api/v1${url}`, headers: admin, ...(payload === undefined ? {} : { payload: payload as object }) });
  const requestsOf = async (serial: string) => (await call('GET', '/consumable-requests?status=all')).json().items.filter((r: { serial: string }) => r.serial === serial);
  const upload = async (serial: string, fromDay: number, toDay: number, supplies: SupplySpec[]) => {
    ctx.clock.set(new Date(START + toDay * DAY));
    await uploadReadings(ctx.app, world.collectorToken, printerReadings(serial, START, fromDay, toDay, supplies));
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'risk');
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
  });
  afterAll(() => ctx.close());

  it('orders by the service level, saying why in words and numbers, and carries the risk on the list and the request', async () => {
    // 3 points a day from 90 %: empty on about day 30.
    const toner = monoToner(90, 3);
    await upload('SL-STEADY', 0, 10, toner);
    expect(await requestsOf('SL-STEADY')).toEqual([]);
    let day = 10;
    while ((await requestsOf('SL-STEADY')).length === 0 && day < 30) {
      await upload('SL-STEADY', day, day + 1, toner);
      day += 1;
    }
    const [listed] = await requestsOf('SL-STEADY');
    expect(listed).toMatchObject({ trigger: 'forecast', status: 'outstanding', origin: 'automatic' });
    // Ordered well before a fixed 9-day horizon would: the service level covers the lead time's ten-day tail.
    const emptyAt = START + 30 * DAY;
    const createdAt = Date.parse(listed.createdAt);
    expect((emptyAt - createdAt) / DAY).toBeGreaterThan(9);
    expect(listed.comment).toMatch(/Waiting would leave a [\d.]+ % chance of running out before a cartridge ordered at the next reading arrives, above the 0\.5 % a 99\.5 % service level allows \(depletion around \d+ \w+/);

    const detail = await call('GET', `/consumable-requests/${listed.id}`);
    expect(detail.statusCode).toBe(200);
    const risk: StoredStockoutRisk = detail.json().stockoutRisk;
    expect(listed.stockoutRisk).toEqual(risk);
    // Just above what the service level allows when it fired (each day's reading moves it some way).
    expect(risk.probabilityPercent).toBeGreaterThan(0.5);
    expect(risk.probabilityPercent).toBeLessThan(20);
    expect(risk.probabilityIfOrderedNowPercent).toBeLessThanOrEqual(risk.probabilityPercent);
    expect(risk.unavoidable).toBe(false);
    expect(risk.leadTimeDays).toEqual({ min: 1, max: 10 });
    expect(risk.assessedAt).toBe(listed.createdAt);
    // The median empty date near the truth, inside its band; the cartridge expected long before it.
    expect(Math.abs(Date.parse(risk.depletionDate) - emptyAt) / DAY).toBeLessThan(3);
    expect(Date.parse(risk.bandLow!)).toBeLessThanOrEqual(Date.parse(risk.depletionDate));
    expect(Date.parse(risk.bandHigh!)).toBeGreaterThanOrEqual(Date.parse(risk.depletionDate));
    expect(Date.parse(risk.expectedArrival)).toBeGreaterThan(createdAt);
    expect(Date.parse(risk.expectedArrival)).toBeLessThan(Date.parse(risk.depletionDate));
  });

  it('records no risk for a request the level gauge raised without a forecast', async () => {
    const lowAtOnce: SupplySpec[] = [{ index: 1, color: 'black', partNumber: 'CF259A', level: () => null, state: () => 'low' }];
    await upload('SL-LOW-ONLY', 30, 30.25, lowAtOnce);
    const [request] = await requestsOf('SL-LOW-ONLY');
    expect(request).toMatchObject({ trigger: 'level', comment: expect.stringContaining('The device reports the supply low.'), stockoutRisk: null });
    expect((await call('GET', `/consumable-requests/${request.id}`)).json().stockoutRisk).toBeNull();
  });

  it('says when even an order placed now cannot arrive before the forecast empty date', async () => {
    // A printer seen with plenty left, whose forecast then says it empties within hours (the hourly pass finds it).
    await upload('SL-LATE', 30, 32, monoToner(70, 0));
    const device = await ctx.store.db.selectFrom('devices').select('id').where('serial', '=', 'SL-LATE').executeTakeFirstOrThrow();
    const now = ctx.clock.now();
    const forecast = { daysRemaining: 0.5, daysRemainingLow: 0.3, daysRemainingHigh: 0.8, pagesRemaining: 50, depletionDate: new Date(now.getTime() + DAY / 2).toISOString(), basis: 'test', asOf: now.toISOString() };
    await ctx.store.db.updateTable('supplies').set({ forecast: JSON.stringify(forecast) }).where('device_id', '=', device.id).execute();
    await evaluateDeviceRequests(ctx.store, world.dealer.id, device.id, now);

    const [request] = await requestsOf('SL-LATE');
    expect(request.comment).toContain('Even an order placed now cannot arrive before the forecast empty date.');
    const risk: StoredStockoutRisk = (await call('GET', `/consumable-requests/${request.id}`)).json().stockoutRisk;
    expect(risk).toMatchObject({ unavoidable: true, depletionDate: forecast.depletionDate });
    expect(risk.probabilityIfOrderedNowPercent).toBeGreaterThan(50);
    expect(Date.parse(risk.expectedArrival)).toBeGreaterThan(Date.parse(risk.depletionDate));
  });

  it('records the risk anew when a request refused by the 30 % rule is reopened', async () => {
    // A 2,000-page cartridge at 100 pages a day on a 25 %-step gauge, a new one every 20 days from day 40: the service
    // level orders the second about 16 days before it empties, when only 20 % of the first was used since its order.
    const truth = (day: number) => 100 - 5 * ((day - 40) % 20);
    const stepped: SupplySpec[] = [{ index: 1, color: 'black', partNumber: 'Q-25', level: (d) => Math.ceil(truth(d) / 25) * 25, state: (d) => (truth(d) <= 10 ? 'low' : 'ok') }];
    await upload('SL-REOPEN', 40, 59.5, stepped);
    const [first] = await requestsOf('SL-REOPEN');
    expect((await call('POST', `/consumable-requests/${first.id}/action`, { externalId: 'SO-1' })).statusCode).toBe(200);
    let day = 59.5;
    const second = async () => (await requestsOf('SL-REOPEN')).find((r: { id: string }) => r.id !== first.id);
    while (!(await second()) && day < 75) {
      await upload('SL-REOPEN', day, day + 1, stepped);
      day += 1;
    }
    const refused = await second();
    expect(refused).toMatchObject({ status: 'rejected', stockoutRisk: { assessedAt: refused.createdAt } });
    expect(refused.authorization.find((r: { rule: string }) => r.rule === 'consumedSinceLastOrder').passed).toBe(false);
    while ((await second()).status === 'rejected' && day < 75) {
      await upload('SL-REOPEN', day, day + 1, stepped);
      day += 1;
    }
    const reopened = (await call('GET', `/consumable-requests/${refused.id}`)).json();
    expect(reopened.status).toBe('outstanding');
    // Assessed again when it went out, closer to the empty date: a larger chance of running out than when it was refused.
    expect(reopened.stockoutRisk.assessedAt).toBe(reopened.statusChangedAt);
    expect(Date.parse(reopened.stockoutRisk.assessedAt)).toBeGreaterThan(Date.parse(refused.createdAt));
    expect(reopened.stockoutRisk.probabilityPercent).toBeGreaterThan(refused.stockoutRisk.probabilityPercent);
  });

  it('records the same reckoning for a request the fixed-days rule raised', async () => {
    expect((await call('PUT', '/request-settings', { fulfilment: 'external', triggerMode: 'both' })).statusCode).toBe(200);
    // 5 points a day from 60 % on day 32: about six days left after six days of readings.
    const toner: SupplySpec[] = [{ index: 1, color: 'black', partNumber: 'CF259A', level: (d) => Math.max(1, Math.ceil(60 - (d - 32) * 5)) }];
    await upload('SL-FIXED', 32, 38, toner);
    const [request] = await requestsOf('SL-FIXED');
    expect(request.comment).toMatch(/within the 7-day lead time plus 2-day buffer/);
    expect(request.stockoutRisk).toMatchObject({ unavoidable: false, leadTimeDays: { min: 1, max: 10 } });
  });
});

describe(`dealers that existed before the service level keep the fixed-days rule (migration 0024, ${ENGINE})`, () => {
  it("writes triggerMode 'both' into an existing dealer's overrides unless it chose a mode, and leaves new dealers on the default", async () => {
    const { database, cleanup } = await createTestDatabase({ migrate: false });
    try {
      const migrated = await new Migrator({ db: database.db, provider: { getMigrations: async () => MIGRATIONS } }).migrateTo('0023-collector-sites');
      expect(migrated.error).toBeUndefined();
      const store = createStore(database);
      const clock = new ManualClock('2026-11-21T10:00:00Z');
      const made = async (label: string) => createDealer(store, { name: `Dealer ${label}`, adminEmail: `admin-${label}@example.test`, adminPassword: PASSWORD }, clock.now());
      const before = await made('before');
      const chose = await made('chose');
      await database.db.updateTable('dealers').set({ request_settings: JSON.stringify({ triggerMode: 'forecast', leadTimeDays: 5 }) }).where('id', '=', chose.dealer.id).execute();

      expect(await migrateDatabase(database.db)).toContain('0024-service-level');
      const after = await made('after');
      const app = await buildApp(testHttpContext(store, clock), createLogger('silent'));
      try {
        const settingsOf = async (email: string) => (await app.inject({ method: 'GET', url: '/api/v1/request-settings', headers: { cookie: await loginCookie(app, email) } })).json();
        expect(await settingsOf(before.admin.email)).toMatchObject({ overrides: { triggerMode: 'both' }, effective: { triggerMode: { value: 'both', source: 'dealer' } } });
        expect(await settingsOf(chose.admin.email)).toMatchObject({ overrides: { triggerMode: 'forecast', leadTimeDays: 5 }, effective: { triggerMode: { value: 'forecast', source: 'dealer' } } });
        expect(await settingsOf(after.admin.email)).toMatchObject({ overrides: {}, effective: { triggerMode: { value: 'service-level', source: 'default' }, serviceLevelPercent: { value: 99.5, source: 'default' } } });
      } finally {
        await app.close();
      }
    } finally {
      await cleanup();
    }
  });
});
