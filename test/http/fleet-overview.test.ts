import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';
import { addressOf, printerReadings, uploadReadings } from '../support/readings.js';

const DAY = 86_400_000;
const START = Date.parse('2026-11-01T00:00:00Z');

describe(`the fleet dashboard's statuses, search and a device's history (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let admin: Record<string, string>;
  const get = (url: string, headers = admin) => ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });
  const black = (level: (d: number) => number) => [{ index: 1, color: 'black' as const, partNumber: 'TK-1', level }];

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'overview');
    ctx.clock.set(new Date(START + 10 * DAY));
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
    await uploadReadings(ctx.app, world.collectorToken, printerReadings('HEALTHY-1', START, 0, 10, black((d) => Math.ceil(90 - d))));
    await uploadReadings(ctx.app, world.collectorToken, printerReadings('LOW-1', START, 0, 10, black((d) => Math.ceil(16 - d * 0.2))));
    await uploadReadings(ctx.app, world.collectorToken, printerReadings('ORDER-1', START, 0, 10, black((d) => Math.max(1, Math.ceil(12 - d)))));
  });
  afterAll(() => ctx.close());

  it('counts devices by status: never seen or failing is unreachable, an open request is ordering, 15 % or less is low', async () => {
    const overview = (await get('/fleet/overview')).json();
    expect(overview).toEqual({ counts: { replaced: 0, unreachable: 2, ordering: 1, low: 1, healthy: 1 }, total: 5, models: ['Generic Colour MFP', 'HP LaserJet Pro M404dn'] });
    const serials = async (query: string) => (await get(`/devices?${query}`)).json().items.map((d: { serial: string; status: string }) => `${d.serial}:${d.status}`);
    expect(await serials('status=low')).toEqual(['LOW-1:low']);
    expect(await serials('status=ordering')).toEqual(['ORDER-1:ordering']);
    expect(await serials('status=healthy')).toEqual(['HEALTHY-1:healthy']);
    expect(await serials('q=ORD')).toEqual(['ORDER-1:ordering']);
    expect(await serials('q=%25')).toEqual([]);
  });

  it('turns a device silent for two days unreachable, and scopes counts to a key user\'s customer', async () => {
    ctx.clock.set(new Date(START + 13 * DAY));
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
    expect((await get('/fleet/overview')).json().counts).toEqual({ replaced: 0, unreachable: 5, ordering: 0, low: 0, healthy: 0 });
    const keyUser = { cookie: await loginCookie(ctx.app, world.otherKeyUser.email) };
    expect((await get('/fleet/overview', keyUser)).json()).toMatchObject({ total: 1, counts: { unreachable: 1 } });
  });

  it('gives a device page its level and meter history and its cycles', async () => {
    const id = (await get('/devices?serial=HEALTHY-1')).json().items[0].id;
    const history = (await get(`/devices/${id}/history?days=30`)).json();
    expect(history.levels).toHaveLength(1);
    expect(history.levels[0].supplyIndex).toBe(1);
    expect(history.levels[0].points.at(-1)).toMatchObject({ percent: 81, state: 'ok' });
    expect(history.levels[0].points.length).toBeGreaterThan(5);
    expect(history.meters.at(-1).total).toBeGreaterThan(30_900);
    expect((await get(`/devices/${id}/cycles`)).json().items).toEqual([expect.objectContaining({ supplyIndex: 1, end: 'open', partNumber: 'TK-1' })]);
    const otherKeyUser = { cookie: await loginCookie(ctx.app, world.otherKeyUser.email) };
    expect((await get(`/devices/${id}/history`, otherKeyUser)).statusCode).toBe(404);
  });
  it('passes a "refresh now" to the collector until a newer reading arrives', async () => {
    const id = (await get('/devices?serial=HEALTHY-1')).json().items[0].id;
    const collector = { authorization: `Bearer ${world.collectorToken}` };
    expect((await get('/collector/config', collector)).json().refreshTargets).toEqual([]);
    const keyUser = { cookie: await loginCookie(ctx.app, world.keyUser.email) };
    const asked = await ctx.app.inject({ method: 'POST', url: `/api/v1/devices/${id}/refresh`, headers: keyUser });
    expect(asked.statusCode).toBe(202);
    expect((await get('/collector/config', collector)).json().refreshTargets).toEqual([addressOf('HEALTHY-1')]);
    const otherKeyUser = { cookie: await loginCookie(ctx.app, world.otherKeyUser.email) };
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/devices/${id}/refresh`, headers: otherKeyUser })).statusCode).toBe(404);
    // An ERP's token reads devices but does not make collectors poll printers.
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/devices/${id}/refresh`, headers: { authorization: `Bearer ${world.integrationToken}` } })).statusCode).toBe(403);
    ctx.clock.advance(60_000);
    await uploadReadings(ctx.app, world.collectorToken, printerReadings('HEALTHY-1', ctx.clock.now().getTime(), 0, 0.25, black(() => 70)));
    expect((await get('/collector/config', collector)).json().refreshTargets).toEqual([]);
  });
});
