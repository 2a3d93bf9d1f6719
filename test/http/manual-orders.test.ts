import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob, JobRunner, JobsRepository } from '../../src/jobs/index.js';
import { reevaluateRequestsJob } from '../../src/requests/index.js';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';
import { printerReadings, uploadReadings, type SupplySpec } from '../support/readings.js';

const DAY = 86_400_000;
const START = Date.parse('2026-11-01T00:00:00Z');
const silentLogger = { info() {}, error() {}, warn() {}, debug() {}, child() { return silentLogger; } };

describe(`manual orders, comments, colour consolidation and scheduled re-evaluation (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let admin: Record<string, string>;
  let keyUser: Record<string, string>;
  const call = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown, headers = admin) =>
    ctx.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const deviceId = async (serial: string) => (await call('GET', `/devices?serial=${serial}`)).json().items[0].id as string;
  const requestsOf = async (serial: string) => (await call('GET', '/consumable-requests?status=all&limit=1000')).json().items.filter((r: { serial: string }) => r.serial === serial);
  /** Moves the clock; sessions expire over such jumps, so staff log in again. */
  const at = async (ms: number) => {
    ctx.clock.set(new Date(ms));
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
    keyUser = { cookie: await loginCookie(ctx.app, world.keyUser.email) };
  };
  const slowBlack: SupplySpec[] = [{ index: 1, color: 'black', partNumber: 'TK-1', level: (d) => Math.ceil(80 - d * 0.5) }];

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'manual');
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
    keyUser = { cookie: await loginCookie(ctx.app, world.keyUser.email) };
    ctx.clock.set(new Date(START + 10 * DAY));
    await uploadReadings(ctx.app, world.collectorToken, printerReadings('MAN-1', START, 0, 10, slowBlack));
  });
  afterAll(() => ctx.close());

  it('warns a key user that a manual order on an auto-replenished device may conflict, and records the warning on the request', async () => {
    const id = await deviceId('MAN-1');
    const options = (await call('GET', `/devices/${id}/order-options`, undefined, keyUser)).json();
    expect(options).toMatchObject({ serial: 'MAN-1', autoReplenish: true, supplies: [{ index: 1, color: 'black', partNumber: 'TK-1', openRequest: null }] });
    expect(options.warning).toMatch(/replenished automatically; a manual order is recorded and stops the automatic request/);

    const ordered = await call('POST', '/consumable-requests', { deviceId: id, supplyIndex: 1, quantity: 2, comment: 'Spare for the busy season.' }, keyUser);
    expect(ordered.statusCode).toBe(201);
    expect(ordered.json()).toMatchObject({ status: 'outstanding', warning: options.warning });
    const detail = (await call('GET', `/consumable-requests/${ordered.json().id}`, undefined, keyUser)).json();
    expect(detail).toMatchObject({ origin: 'manual', trigger: null, quantity: 2, conflict: options.warning, comment: 'Spare for the busy season.', serial: 'MAN-1' });
    expect(detail.history).toEqual([expect.objectContaining({ from: null, to: 'outstanding', actor: { kind: 'user', id: world.keyUser.id, role: 'customer-key-user' } })]);
    expect(detail.authorization.every((r: { passed: boolean }) => r.passed)).toBe(true);

    const again = await call('POST', '/consumable-requests', { deviceId: id, supplyIndex: 1 }, keyUser);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe(`Request ${ordered.json().id} already orders this supply (outstanding); add a comment to it instead of ordering again.`);
    expect((await call('GET', `/devices/${id}/order-options`, undefined, keyUser)).json().supplies[0].openRequest).toEqual({ id: ordered.json().id, status: 'outstanding' });
  });

  it("says where an order goes: the device's site and address, and where the printer stands; none for a printer without a site", async () => {
    expect((await call('GET', `/devices/${await deviceId('MAN-1')}/order-options`, undefined, keyUser)).json().deliverTo).toEqual({ site: null, address: null, location: null });
    const located = await call('PUT', `/devices/${world.device.id}/location`, { location: '2nd floor, by reception' }, keyUser);
    expect(located.statusCode).toBe(200);
    expect((await call('GET', `/devices/${world.device.id}/order-options`, undefined, keyUser)).json().deliverTo)
      .toEqual({ site: 'Head office', address: 'Leeds', location: '2nd floor, by reception' });
  });

  it('lets the manual order stop the automatic request for the same cartridge: the conflict is a recorded reason', async () => {
    const [manual] = await requestsOf('MAN-1');
    expect((await call('POST', `/consumable-requests/${manual.id}/action`, { externalId: 'SO-1' })).statusCode).toBe(200);
    // Delivered and put in the cupboard: the dealer admin closes the order by hand; the old cartridge keeps running down.
    expect((await call('POST', `/consumable-requests/${manual.id}/status`, { to: 'completed', comment: 'Delivered; customer keeps it as a spare.' })).json()).toMatchObject({ status: 'completed' });
    await at(START + 20 * DAY);
    await uploadReadings(ctx.app, world.collectorToken, printerReadings('MAN-1', START, 10, 20, [{ index: 1, color: 'black', partNumber: 'TK-1', level: (d) => Math.ceil(80 - 5 - (d - 10) * 7) }], 600));
    const automatic = (await requestsOf('MAN-1')).find((r: { origin: string }) => r.origin === 'automatic');
    expect(automatic.status).toBe('rejected');
    expect(automatic.authorization.find((r: { rule: string }) => r.rule === 'manualOrderConflict')).toEqual({
      rule: 'manualOrderConflict', passed: false, reason: `Manual request ${manual.id} already orders this supply for the current cartridge (completed).`,
    });
  });

  it('gives no warning and records no conflict where automatic replenishment is off', async () => {
    await uploadReadings(ctx.app, world.collectorToken, printerReadings('MAN-2', START, 19, 20, slowBlack));
    const id = await deviceId('MAN-2');
    expect((await call('PUT', `/devices/${id}/request-settings`, { autoReplenish: false })).statusCode).toBe(200);
    expect((await call('GET', `/devices/${id}/order-options`)).json()).toMatchObject({ autoReplenish: false, warning: null });
    const ordered = await call('POST', '/consumable-requests', { deviceId: id, supplyIndex: 1 });
    expect(ordered.json()).toMatchObject({ status: 'outstanding', warning: null });
    expect((await call('GET', `/consumable-requests/${ordered.json().id}`)).json()).toMatchObject({ conflict: null, quantity: 1 });
  });

  it('refuses manual orders from those who may not place them, and for devices the caller cannot see', async () => {
    const id = await deviceId('MAN-2');
    const warehouse = { cookie: await loginCookie(ctx.app, world.warehouse.email) };
    const otherKeyUser = { cookie: await loginCookie(ctx.app, world.otherKeyUser.email) };
    expect((await call('POST', '/consumable-requests', { deviceId: id, supplyIndex: 1 }, warehouse)).statusCode).toBe(403);
    expect((await call('POST', '/consumable-requests', { deviceId: id, supplyIndex: 1 }, otherKeyUser)).statusCode).toBe(404);
    expect((await call('GET', `/devices/${id}/order-options`, undefined, otherKeyUser)).statusCode).toBe(404);
    const noSupply = await call('POST', '/consumable-requests', { deviceId: id, supplyIndex: 7 });
    expect(noSupply.statusCode).toBe(400);
    expect(noSupply.json().error.message).toBe('Device MAN-2 has no supply 7; its supplies are 1 (black toner).');
  });

  it('keeps comments on a request, visible to its customer and hidden from everyone else', async () => {
    const [request] = await requestsOf('MAN-2');
    expect((await call('POST', `/consumable-requests/${request.id}/comments`, { body: 'Please deliver to reception.' }, keyUser)).statusCode).toBe(201);
    expect((await call('POST', `/consumable-requests/${request.id}/comments`, { body: 'Booked on the Thursday van.' })).statusCode).toBe(201);
    expect((await call('POST', `/consumable-requests/${request.id}/comments`, { body: 'Sales order 88 created.' }, { authorization: `Bearer ${world.integrationToken}` })).statusCode).toBe(201);
    const detail = (await call('GET', `/consumable-requests/${request.id}`, undefined, keyUser)).json();
    expect(detail.comments.map((c: { body: string; author: { id: string; name: string } }) => [c.author.id, c.author.name, c.body])).toEqual([
      [world.keyUser.id, 'customer-key-user', 'Please deliver to reception.'], [world.admin.id, world.admin.name, 'Booked on the Thursday van.'],
      [world.integration.id, world.integration.name, 'Sales order 88 created.'],
    ]);
    expect(detail.status).toBe('outstanding');
    const otherKeyUser = { cookie: await loginCookie(ctx.app, world.otherKeyUser.email) };
    expect((await call('GET', `/consumable-requests/${request.id}`, undefined, otherKeyUser)).statusCode).toBe(404);
    expect((await call('POST', `/consumable-requests/${request.id}/comments`, { body: 'Sneaky.' }, otherKeyUser)).statusCode).toBe(404);
    expect((await call('GET', '/consumable-requests?status=all', undefined, otherKeyUser)).json().items).toEqual([]);
  });

  const colours = (c: number, m: number, y: number): SupplySpec[] => [
    { index: 1, color: 'black', partNumber: 'K-1', level: (d) => Math.ceil(70 - d) },
    { index: 2, color: 'cyan', partNumber: 'C-1', level: (d) => Math.max(1, Math.ceil(c - d)) },
    { index: 3, color: 'magenta', partNumber: 'M-1', level: (d) => Math.max(1, Math.ceil(m - d)) },
    { index: 4, color: 'yellow', partNumber: 'Y-1', level: (d) => Math.max(1, Math.ceil(y - d)) },
  ];

  it('sends colours that run out in the same window in one request, and each in its own when consolidation is off', async () => {
    await at(START + 30 * DAY);
    await uploadReadings(ctx.app, world.collectorToken, printerReadings('COL-1', START, 20, 30, colours(13 + 20, 18 + 20, 34 + 20)));
    const together = await requestsOf('COL-1');
    expect(together).toHaveLength(1);
    expect(together[0]).toMatchObject({ status: 'outstanding', supply: { index: 2, color: 'cyan' }, supplyIndexes: [2, 3] });
    expect(together[0].comment).toMatch(/Consolidated with magenta: it runs out within 7 days of it\./);

    await uploadReadings(ctx.app, world.collectorToken, printerReadings('COL-2', START, 20, 21, colours(13 + 20, 18 + 20, 34 + 20)));
    expect((await call('PUT', `/devices/${await deviceId('COL-2')}/request-settings`, { consolidateColours: false })).statusCode).toBe(200);
    await uploadReadings(ctx.app, world.collectorToken, printerReadings('COL-2', START, 21, 30, colours(13 + 20, 18 + 20, 34 + 20)));
    const apart = await requestsOf('COL-2');
    expect(apart.map((r: { supplyIndexes: number[] }) => r.supplyIndexes).sort()).toEqual([[2], [3]]);
  });

  it('does not raise a second request for a colour already riding in another request', async () => {
    await at(START + 31 * DAY);
    await uploadReadings(ctx.app, world.collectorToken, printerReadings('COL-1', START, 30, 31, colours(13 + 20, 18 + 20, 34 + 20)));
    expect((await requestsOf('COL-1')).map((r: { supplyIndexes: number[] }) => r.supplyIndexes)).toEqual([[2, 3]]);
  });

  it('raises a request on the hourly schedule when time alone brings the depletion within lead time', async () => {
    await at(START + 40 * DAY);
    await uploadReadings(ctx.app, world.collectorToken, printerReadings('QUIET-1', START, 30, 40, [{ index: 1, color: 'black', partNumber: 'TK-1', level: (d) => Math.ceil(30 - (d - 30)) }]));
    expect(await requestsOf('QUIET-1')).toEqual([]);
    // The printer stays quiet (nights, a weekend); the dealer accepts fortnight-old meters for it.
    expect((await call('PUT', `/devices/${await deviceId('QUIET-1')}/request-settings`, { maxMeterAgeHours: 24 * 14 })).statusCode).toBe(200);
    const job = reevaluateRequestsJob(ctx.store);
    const run = (at: number) => job.run({}, { now: new Date(at), attempt: 1, jobId: 'test', dedupeKey: null, logger: silentLogger as never });
    await run(START + 41 * DAY);
    expect(await requestsOf('QUIET-1')).toEqual([]);
    await run(START + 52 * DAY);
    const [request] = await requestsOf('QUIET-1');
    expect(request).toMatchObject({ status: 'outstanding', trigger: 'forecast' });
    await run(START + 52 * DAY + 3_600_000);
    expect(await requestsOf('QUIET-1')).toHaveLength(1);
  });

  it('pages the hourly re-evaluation: one job per page of devices, each page enqueued once even when a page runs twice', async () => {
    await ctx.store.db.deleteFrom('jobs').execute();
    const withForecasts = await ctx.store.repos.requests.devicesWithForecasts(null, 1000);
    expect(withForecasts.length).toBeGreaterThanOrEqual(3);
    const job = reevaluateRequestsJob(ctx.store, { pageSize: 1 });
    const jobs = new JobsRepository(ctx.store.db);
    await enqueueJob(jobs, job, {}, { now: ctx.clock.now(), dedupeKey: 'pass-1' });
    const runner = new JobRunner({ db: ctx.store.db, clock: ctx.clock, logger: silentLogger as never, definitions: [job], batchSize: 1 });
    for (let i = 0; i < 50 && (await runner.tick()).ran > 0; i++);
    const pages = await ctx.store.db.selectFrom('jobs').select(['status', 'payload', 'dedupe_key']).where('name', '=', 'requests.reevaluate').execute();
    // A page per device (page size 1), then the empty page that ends the pass; every one done.
    expect(pages).toHaveLength(withForecasts.length + 1);
    expect(pages.every((p) => p.status === 'done')).toBe(true);
    const afters = pages.map((p) => (p.payload as { after?: string }).after ?? null);
    expect(afters.filter((a) => a !== null).sort()).toEqual(withForecasts.map((d) => d.id).sort());
    expect(pages.map((p) => p.dedupe_key).sort()).toEqual(['pass-1', ...withForecasts.map((d) => `pass-1:after:${d.id}`)].sort());
    // The first page again (a retry after a lost lease): its successor is not enqueued twice.
    await job.run({}, { now: ctx.clock.now(), attempt: 2, jobId: 'retry', dedupeKey: 'pass-1', logger: silentLogger as never });
    expect(await ctx.store.db.selectFrom('jobs').select('id').where('name', '=', 'requests.reevaluate').execute()).toHaveLength(withForecasts.length + 1);
  });
});
