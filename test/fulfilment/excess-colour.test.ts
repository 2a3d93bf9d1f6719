import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStockItem } from '../../src/stock/index.js';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, insertDevice, insertRequest, loginCookie, type DealerWorld } from '../support/factories.js';

const HOUR = 3_600_000;

describe(`excess-supply guard per colour (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let dispatcher: { cookie: string };
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: unknown) => ctx.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'excess-colour');
    dispatcher = { cookie: await loginCookie(ctx.app, world.dispatcher.email) };
    const admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
    expect((await call('PUT', '/request-settings', admin, { fulfilment: 'internal' })).statusCode).toBe(200);
    await ctx.store.db.updateTable('consumable_requests').set({ status: 'ignored' }).where('id', '=', world.request.id).execute();
  });
  afterAll(() => ctx.close());

  it('counts a colour supply against colour pages: on a colour printer printing mostly mono, a third cyan is flagged while a third black is not', async () => {
    const device = await insertDevice(ctx.store, world.dealer.id, world.customer.id, world.site.id, `COLOUR-${randomUUID().slice(0, 6)}`);
    await ctx.store.db.updateTable('devices').set({ model: 'HP Color LaserJet M254' }).where('id', '=', device.id).execute();
    await ctx.store.db.insertInto('supplies').values({ id: randomUUID(), dealer_id: world.dealer.id, device_id: device.id, supply_index: 3, kind: 'toner', color: 'cyan', description: 'Cyan CF541A', part_number: 'CF541A', part_numbers: ['CF541A'], is_receptacle: false, remaining_percent: 8, state: 'low', raw: null, updated_at: ctx.clock.now() }).execute();
    await createStockItem(ctx.store, world.adminPrincipal, { sku: 'CYAN-541A', description: 'HP 203A cyan', kind: 'toner', color: 'cyan', yieldPages: 1300, partNumbers: ['CF541A'], substitutes: [] }, ctx.clock.now());
    // 6,000 pages since the first shipment, all mono: 2 black cartridges of 3,000 used, and not one colour page.
    const now = ctx.clock.now();
    await ctx.store.db.insertInto('meter_history').values([
      { dealer_id: world.dealer.id, device_id: device.id, observed_at: new Date(now.getTime() - 24 * HOUR), confirmed_at: new Date(now.getTime() - 24 * HOUR), total: 10_000, mono: 8_000, color: 2_000 },
      { dealer_id: world.dealer.id, device_id: device.id, observed_at: new Date(now.getTime() + 5 * HOUR), confirmed_at: new Date(now.getTime() + 5 * HOUR), total: 16_000, mono: 14_000, color: 2_000 },
    ]).execute();
    for (let i = 0; i < 3; i += 1) {
      const black = await insertRequest(ctx.store, world.dealer.id, device.id, world.customer.id, 1);
      const cyan = await insertRequest(ctx.store, world.dealer.id, device.id, world.customer.id, 3);
      expect((await call('POST', '/jobs/run', dispatcher)).json()).toMatchObject({ exceptions: 0, failed: 0 });
      await ctx.store.db.updateTable('consumable_requests').set({ status: 'completed' }).where('id', 'in', [black.id, cyan.id]).execute();
      ctx.clock.set(new Date(ctx.clock.now().getTime() + HOUR));
    }
    const [job] = (await call('GET', `/jobs?deviceId=${device.id}`, dispatcher)).json().items;
    expect(job.lines.map((l: any) => l.color)).toEqual(['black', 'cyan', 'black', 'cyan', 'black', 'cyan']);
    // Cyan: 3 shipped, the first replaced the one in the printer, 0 colour pages used none: 2 ahead. Black: 6,000 pages used 2: none ahead.
    expect(job.excess.figures).toEqual([{
      supplyIndex: 3, color: 'cyan', kind: 'toner', shipped: 3, since: expect.any(String), pagesPrinted: 0, pagesAxis: 'color', yieldPages: 1300, cartridgesUsed: 0, ahead: 2, threshold: 1,
      message: expect.stringContaining('0 colour pages at about 1300 colour pages a cartridge'),
    }]);
    const report = (await call('GET', '/jobs/reports/excess', dispatcher)).json().items;
    expect(report.find((j: any) => j.id === job.id)).toMatchObject({ confirmed: false, figures: [{ color: 'cyan', pagesAxis: 'color', pagesPrinted: 0 }] });
  });

  it('counts a colour supply against total pages where the printer reports no colour pages', async () => {
    const device = await insertDevice(ctx.store, world.dealer.id, world.customer.id, world.site.id, `NOCOUNTER-${randomUUID().slice(0, 6)}`);
    await ctx.store.db.insertInto('supplies').values({ id: randomUUID(), dealer_id: world.dealer.id, device_id: device.id, supply_index: 3, kind: 'toner', color: 'cyan', description: 'Cyan CF541A', part_number: 'CF541A', part_numbers: ['CF541A'], is_receptacle: false, remaining_percent: 8, state: 'low', raw: null, updated_at: ctx.clock.now() }).execute();
    const now = ctx.clock.now();
    await ctx.store.db.insertInto('meter_history').values([
      { dealer_id: world.dealer.id, device_id: device.id, observed_at: new Date(now.getTime() - 24 * HOUR), confirmed_at: new Date(now.getTime() - 24 * HOUR), total: 10_000, mono: null, color: null },
      { dealer_id: world.dealer.id, device_id: device.id, observed_at: new Date(now.getTime() + 5 * HOUR), confirmed_at: new Date(now.getTime() + 5 * HOUR), total: 10_100, mono: null, color: null },
    ]).execute();
    for (let i = 0; i < 3; i += 1) {
      const cyan = await insertRequest(ctx.store, world.dealer.id, device.id, world.customer.id, 3);
      await call('POST', '/jobs/run', dispatcher);
      await ctx.store.db.updateTable('consumable_requests').set({ status: 'completed' }).where('id', '=', cyan.id).execute();
      ctx.clock.set(new Date(ctx.clock.now().getTime() + HOUR));
    }
    const [job] = (await call('GET', `/jobs?deviceId=${device.id}`, dispatcher)).json().items;
    expect(job.excess.figures).toEqual([expect.objectContaining({ color: 'cyan', pagesAxis: 'total', pagesPrinted: 100, yieldPages: 1300, shipped: 3 })]);
  });
});
