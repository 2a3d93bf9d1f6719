import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredForecast } from '../../src/db/schema.js';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, insertDevice, insertRequest, loginCookie, type DealerWorld } from '../support/factories.js';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const DAY = 86_400_000;

/** A forecast made now that runs out in `days`. */
function forecast(days: number): StoredForecast {
  return {
    daysRemaining: days, daysRemainingLow: days * 0.8, daysRemainingHigh: days * 1.2, pagesRemaining: days * 100, depletionDate: new Date(NOW + days * DAY).toISOString(),
    basis: 'Test forecast.', asOf: new Date(NOW).toISOString(),
  };
}

interface Listed { id: string; serial: string | null; customerId: string; siteId: string | null; siteName: string | null; location: string | null; status: string; soonest: { supplyIndex: number; daysRemaining: number; depletionDate: string } | null }

describe(`the fleet urgency first: soonest run-out, site and location (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let stranger: DealerWorld;
  const as: Record<string, { cookie: string }> = {};
  const ids: Record<string, string> = {};

  const get = (url: string, who = as.admin) => ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: who });
  /** Every page of a device list, following its cursors. */
  const allPages = async (query: string, who = as.admin, limit = 2) => {
    const items: Listed[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const response = await get(`/devices?sort=soonest&limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`, who);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as { items: Listed[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(limit);
      items.push(...body.items);
      cursor = body.nextCursor;
      if (!cursor) return items;
    }
    throw new Error('the list never ended');
  };
  const setForecasts = (deviceId: string, days: Record<number, number | null>) => ctx.store.transaction((repos) => repos.telemetry.setForecasts(deviceId, Object.entries(days).map(([index, d]) => ({
    supplyIndex: Number(index),
    forecast: d === null ? { daysRemaining: null, daysRemainingLow: null, daysRemainingHigh: null, pagesRemaining: null, depletionDate: null, basis: 'Not enough history.', asOf: new Date(NOW).toISOString() } : forecast(d),
  }))));
  const addSupply = (deviceId: string, index: number, kind: string, isReceptacle: boolean) => ctx.store.db.insertInto('supplies').values({
    id: randomUUID(), dealer_id: world.dealer.id, device_id: deviceId, supply_index: index, kind, color: null, description: kind, part_number: null,
    is_receptacle: isReceptacle, remaining_percent: 50, state: 'ok', raw: null, updated_at: new Date(NOW),
  }).execute();
  const runsOutAt = async (deviceId: string) => (await ctx.store.db.selectFrom('devices').select('runs_out_at').where('id', '=', deviceId).executeTakeFirstOrThrow()).runs_out_at;

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'urgent');
    stranger = await buildDealer(ctx.store, 'urgent-stranger');
    for (const [name, email] of [['admin', world.admin.email], ['dispatcher', world.dispatcher.email], ['warehouse', world.warehouse.email], ['keyUser', world.keyUser.email], ['stranger', stranger.admin.email]] as const) {
      as[name] = { cookie: await loginCookie(ctx.app, email) };
    }
    // Each printer: [customer, site, forecast days by supply index (1 toner, 2 drum)].
    const fleet: [string, string, string | null, Record<number, number | null>][] = [
      ['URG-A', world.customer.id, world.site.id, { 1: 20, 2: 5 }],
      ['URG-B', world.customer.id, world.site.id, { 1: 3 }],
      ['URG-C', world.customer.id, world.site.id, { 1: 5 }],
      ['URG-D', world.customer.id, world.site.id, { 1: 12 }],
      ['URG-E', world.otherCustomer.id, null, { 1: 8 }],
      ['URG-F', world.customer.id, world.site.id, { 1: null }],
      ['URG-G', world.customer.id, null, { 1: 30 }],
    ];
    for (const [serial, customerId, siteId, days] of fleet) {
      ids[serial] = (await insertDevice(ctx.store, world.dealer.id, customerId, siteId, serial)).id;
      await setForecasts(ids[serial]!, days);
    }
    // Read an hour ago, so their status is about their supplies (never read is unreachable).
    await ctx.store.db.updateTable('devices').set({ last_seen_at: new Date(NOW - 3_600_000) }).where('id', 'in', Object.values(ids)).execute();
    // A waste container and an "other" supply of URG-D run out first, but neither is a consumable one orders.
    await addSupply(ids['URG-D']!, 3, 'waste-toner', true);
    await addSupply(ids['URG-D']!, 4, 'other', false);
    await setForecasts(ids['URG-D']!, { 1: 12, 3: 1, 4: 0.5 });
  });
  afterAll(() => ctx.close());

  it('says which consumable runs out first, with its band and date, and the site the printer is at', async () => {
    const a = (await get(`/devices/${ids['URG-A']}`)).json() as Listed;
    expect(a).toMatchObject({ siteId: world.site.id, siteName: 'Head office', location: null });
    expect(a.soonest).toEqual({ supplyIndex: 2, daysRemaining: 5, daysRemainingLow: 4, daysRemainingHigh: 6, depletionDate: new Date(NOW + 5 * DAY).toISOString() });
    expect((await get(`/devices/${ids['URG-D']}`)).json().soonest).toMatchObject({ supplyIndex: 1, daysRemaining: 12 });
    expect((await get(`/devices/${ids['URG-F']}`)).json()).toMatchObject({ soonest: null });
    expect((await get(`/devices/${ids['URG-G']}`)).json()).toMatchObject({ siteId: null, siteName: null });
    // The stored date the list is sorted by is the one shown.
    expect((await runsOutAt(ids['URG-A']!))?.toISOString()).toBe(new Date(NOW + 5 * DAY).toISOString());
    expect(await runsOutAt(ids['URG-F']!)).toBeNull();
  });

  it('lists the fleet soonest first across pages, ties by serial, printers without a date last, each once', async () => {
    const items = await allPages('');
    const dated = items.filter((d) => d.soonest !== null).map((d) => d.serial);
    expect(dated).toEqual(['URG-B', 'URG-A', 'URG-C', 'URG-E', 'URG-D', 'URG-G']);
    expect(items.slice(0, dated.length).map((d) => d.serial)).toEqual(dated);
    const undated = items.slice(dated.length);
    expect(undated.map((d) => d.serial).sort()).toEqual(['SN-urgent-0001', 'SN-urgent-9999', 'URG-F']);
    expect(new Set(items.map((d) => d.id)).size).toBe(items.length);
    // A page size that cuts between the dated and the undated ones, and one that takes all at once, agree.
    expect((await allPages('', as.admin, 6)).map((d) => d.id)).toEqual(items.map((d) => d.id));
    expect((await allPages('', as.admin, 500)).map((d) => d.id)).toEqual(items.map((d) => d.id));
    // Without sort the list stays by serial, as API clients know it.
    const bySerial = (await get('/devices?limit=500')).json().items.map((d: Listed) => d.serial);
    expect(bySerial).toEqual([...bySerial].sort((x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0)));
  });

  it('keeps the order within a customer, a site, a status and a key user\'s own fleet', async () => {
    expect((await allPages(`&customerId=${world.otherCustomer.id}`)).map((d) => d.serial)).toEqual(['URG-E', 'SN-urgent-9999']);
    expect((await allPages(`&siteId=${world.site.id}`)).map((d) => d.serial)).toEqual(['URG-B', 'URG-A', 'URG-C', 'URG-D', ...['SN-urgent-0001', 'URG-F']]);
    // Low: a consumable out within the default lead time and buffer (9 days); SN-urgent-0001 has an open request (ordering).
    expect((await allPages('&status=low')).map((d) => d.serial)).toEqual(['URG-B', 'URG-A', 'URG-C', 'URG-E']);
    const own = await allPages('', as.keyUser);
    expect(own.every((d) => d.customerId === world.customer.id)).toBe(true);
    expect(own.filter((d) => d.soonest).map((d) => d.serial)).toEqual(['URG-B', 'URG-A', 'URG-C', 'URG-D', 'URG-G']);
    expect((await allPages('', as.stranger)).map((d) => d.serial)).not.toContain('URG-B');
  });

  it('refuses a cursor of the serial order, or a made-up one, with a sentence', async () => {
    const bySerial = (await get('/devices?limit=1')).json().nextCursor as string;
    for (const cursor of [bySerial, 'bm9wZQ', Buffer.from(JSON.stringify(['["not a date","X"]'])).toString('base64url')]) {
      const response = await get(`/devices?sort=soonest&cursor=${cursor}`);
      expect(response.statusCode, cursor).toBe(400);
      expect(response.json().error.message).toMatch(/^[A-Z].*\.$/);
    }
    expect((await get('/devices?sort=fastest')).statusCode).toBe(400);
  });

  it('lets dealer staff and a key user say where a printer stands, audited, and clear it', async () => {
    const put = (id: string, location: unknown, who: { cookie: string } | undefined) => ctx.app.inject({ method: 'PUT', url: `/api/v1/devices/${id}/location`, headers: who, payload: { location } });
    const set = await put(ids['URG-A']!, '  2nd floor, by reception ', as.dispatcher);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ id: ids['URG-A'], location: '2nd floor, by reception', siteName: 'Head office' });
    expect((await put(ids['URG-A']!, 'Room 101 — next to the coffee machine', as.keyUser)).json().location).toBe('Room 101 — next to the coffee machine');
    expect((await put(ids['URG-B']!, 'Basement', as.admin)).statusCode).toBe(200);
    const listed = (await get(`/devices?serial=URG-A`, as.keyUser)).json().items[0] as Listed;
    expect(listed.location).toBe('Room 101 — next to the coffee machine');
    const cleared = await put(ids['URG-A']!, null, as.admin);
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().location).toBeNull();
    const audit = (await get('/audit')).json().items as { action: string; entityId: string; details: Record<string, unknown> }[];
    const entries = audit.filter((e) => e.action === 'device.location-set' && e.entityId === ids['URG-A']).map((e) => e.details);
    expect(entries).toEqual(expect.arrayContaining([
      { location: '2nd floor, by reception', previousLocation: null },
      { location: 'Room 101 — next to the coffee machine', previousLocation: '2nd floor, by reception' },
      { location: null, previousLocation: 'Room 101 — next to the coffee machine' },
    ]));
  });

  it('refuses the warehouse (403), another customer\'s key user and another dealer (404), and bad input (400, one sentence)', async () => {
    const put = (id: string, location: unknown, who: { cookie: string } | undefined) => ctx.app.inject({ method: 'PUT', url: `/api/v1/devices/${id}/location`, headers: who, payload: { location } });
    expect((await put(ids['URG-B']!, 'Shelf', as.warehouse)).statusCode).toBe(403);
    expect((await put(ids['URG-E']!, 'Shelf', as.keyUser)).statusCode).toBe(404);
    expect((await put(ids['URG-B']!, 'Shelf', as.stranger)).statusCode).toBe(404);
    expect((await put(randomUUID(), 'Shelf', as.admin)).statusCode).toBe(404);
    for (const bad of ['x'.repeat(201), 'floor 2\nroom 5', 'bell\u0007', 'tab\there', '   ', 42, 'nul\u0000']) {
      const response = await put(ids['URG-B']!, bad, as.admin);
      expect(response.statusCode, JSON.stringify(bad)).toBe(400);
      expect(response.json().error.message, JSON.stringify(bad)).toMatch(/^[^\n]*location[^\n]*\.$/);
    }
    expect((await put(ids['URG-B']!, 'x'.repeat(200), as.admin)).statusCode).toBe(200);
    expect((await get(`/devices/${ids['URG-B']}`, as.warehouse)).json().location).toBe('x'.repeat(200));
  });

  it('counts the requests in each status for the board\'s tabs: a key user only their company\'s, staff the dealer\'s', async () => {
    // Outstanding: the world's own (SN-urgent-0001), URG-A's toner, URG-B's, URG-C's, and the other customer's URG-E.
    for (const serial of ['URG-A', 'URG-B', 'URG-C']) await insertRequest(ctx.store, world.dealer.id, ids[serial]!, world.customer.id, 1);
    const e = await insertRequest(ctx.store, world.dealer.id, ids['URG-E']!, world.otherCustomer.id, 1);
    const d = await insertRequest(ctx.store, world.dealer.id, ids['URG-D']!, world.customer.id, 1);
    const erp = { authorization: `Bearer ${world.integrationToken}` };
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/consumable-requests/${d.id}/action`, headers: erp, payload: { externalId: 'ERP-1' } })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/consumable-requests/${e.id}/status`, headers: as.dispatcher, payload: { to: 'ignored' } })).statusCode).toBe(200);
    const none = { outstanding: 0, actioned: 0, ignored: 0, queried: 0, deleted: 0, rejected: 0, completed: 0 };

    const staff = (await get('/consumable-requests?status=outstanding')).json();
    expect(staff.counts).toEqual({ ...none, outstanding: 4, actioned: 1, ignored: 1 });
    expect(staff.items).toHaveLength(4);
    // The same counts whatever status is listed, and for the ERP's token.
    expect((await get('/consumable-requests?status=ignored')).json().counts).toEqual(staff.counts);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/consumable-requests', headers: erp })).json().counts).toEqual(staff.counts);

    const own = (await get('/consumable-requests?status=all', as.keyUser)).json();
    expect(own.counts).toEqual({ ...none, outstanding: 4, actioned: 1 });
    expect(own.items).toHaveLength(5);
    expect((await get(`/consumable-requests?status=all&deviceId=${ids['URG-D']}`, as.keyUser)).json().counts).toEqual({ ...none, actioned: 1 });
    expect((await get(`/consumable-requests?deviceId=${ids['URG-E']}`, as.keyUser)).json()).toEqual({ items: [], counts: none });
    expect((await get('/consumable-requests', as.stranger)).json().counts).toEqual({ ...none, outstanding: 1 });
  });

  it('orders the board by days left when asked (none last), and keeps the ERP queue oldest first by default', async () => {
    const serials = async (query: string) => (await get(`/consumable-requests?status=outstanding${query}`)).json().items.map((r: { serial: string }) => r.serial);
    // URG-B's toner runs out in 3 days, URG-C's in 5, URG-A's in 20; the world's printer has no forecast.
    expect(await serials('&sort=days-left')).toEqual(['URG-B', 'URG-C', 'URG-A', 'SN-urgent-0001']);
    const daysLeft = (await get('/consumable-requests?status=outstanding&sort=days-left')).json().items.map((r: { daysRemaining: number | null }) => r.daysRemaining);
    expect(daysLeft).toEqual([3, 5, 20, null]);
    expect(await serials('&sort=newest')).toHaveLength(4);
    expect((await get('/consumable-requests?sort=soonest')).statusCode).toBe(400);
    // The B2B queue as ERPs poll it: oldest first, as before.
    const queue = (await ctx.app.inject({ method: 'GET', url: '/api/v1/consumable-requests?status=outstanding', headers: { authorization: `Bearer ${world.integrationToken}` } })).json().items as { id: string; createdAt: string }[];
    const created = queue.map((r) => r.createdAt);
    expect(created).toEqual([...created].sort());
    expect(queue).toHaveLength(4);
  });

  it('has no soonest for a replaced printer, lists it after the dated ones, and restores it when it answers again', async () => {
    const collector = { authorization: `Bearer ${world.collectorToken}` };
    const reading = (serial: string, at: string, target: string) => ({
      readingId: randomUUID(), collectedAt: at, target, protocol: 'snmp', serial, model: 'HP LaserJet Pro M404dn', meters: { total: 1000, mono: null, color: null },
      supplies: [{ index: 1, kind: 'toner', color: 'black', description: 'CF259A', partNumber: 'CF259A', isReceptacle: false, remainingPercent: 40, state: 'ok', raw: { level: 40, max: 100, unit: 'percent' } }],
      error: null,
    });
    const upload = async (readings: unknown[]) => {
      const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/collector/readings', headers: collector, payload: { readings } });
      expect(response.statusCode, response.body).toBe(202);
    };
    await upload([reading('SWAP-OLD', '2026-11-21T08:00:00Z', '10.9.9.1:161')]);
    await ctx.app.tonerloop.forecasts.drain();
    const old = (await get('/devices?serial=SWAP-OLD')).json().items[0] as Listed;
    await setForecasts(old.id, { 1: 2 });
    expect((await get(`/devices/${old.id}`)).json().soonest).toMatchObject({ supplyIndex: 1, daysRemaining: 2 });
    expect((await allPages('', as.admin, 3))[0]!.serial).toBe('SWAP-OLD');

    // A new printer first read at its address: the old one is replaced, nothing will be ordered for it.
    await upload([reading('SWAP-NEW', '2026-11-21T09:00:00Z', '10.9.9.1:161')]);
    await ctx.app.tonerloop.forecasts.drain();
    const replaced = (await get(`/devices/${old.id}`)).json() as Listed;
    expect(replaced).toMatchObject({ status: 'replaced', soonest: null });
    expect(await runsOutAt(old.id)).toBeNull();
    const listed = await allPages('', as.admin, 3);
    const firstUndated = listed.findIndex((d) => d.soonest === null);
    expect(listed.findIndex((d) => d.id === old.id)).toBeGreaterThanOrEqual(firstUndated);
    // New forecasts of a replaced printer (a worker finishing late) leave it out of the urgent list.
    await setForecasts(old.id, { 1: 1 });
    expect(await runsOutAt(old.id)).toBeNull();

    // It answers again elsewhere (DHCP moved it): it was not replaced, and runs out as its forecasts say.
    await ctx.app.tonerloop.forecasts.stop();
    await upload([reading('SWAP-OLD', '2026-11-21T09:30:00Z', '10.9.9.2:161')]);
    expect((await runsOutAt(old.id))?.toISOString()).toBe(new Date(NOW + DAY).toISOString());
    expect((await get(`/devices/${old.id}`)).json()).toMatchObject({ replacedBy: null, soonest: { supplyIndex: 1, daysRemaining: 1 } });
  });
});
