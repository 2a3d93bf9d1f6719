import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, insertDevice, loginCookie, type DealerWorld } from '../support/factories.js';
import { person, warehouseWorld } from '../warehouse/support.js';

const DAY = 86_400_000;

describe(`purchasing: suggestions from the fleet's forecasts, purchase orders received by scan (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;

  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  /** A printer of the world whose black toner (CF259A: the world's stock item) runs out in `days`, with a band of ±`band` days. */
  const runningOut = async (world: DealerWorld, days: number, band = 2) => {
    const device = await insertDevice(ctx.store, world.dealer.id, world.customer.id, world.site.id, `PS-${randomUUID().slice(0, 8)}`);
    const now = ctx.clock.now();
    const forecast = { daysRemaining: days, daysRemainingLow: days - band, daysRemainingHigh: days + band, pagesRemaining: days * 50, depletionDate: new Date(now.getTime() + days * DAY).toISOString(), basis: 'Test.', asOf: now.toISOString() };
    await ctx.store.db.updateTable('supplies').set({ forecast: JSON.stringify(forecast) }).where('device_id', '=', device.id).where('supply_index', '=', 1).execute();
    return device;
  };

  describe('purchase suggestions', () => {
    let world: DealerWorld;
    let admin: Awaited<ReturnType<typeof person>>;
    beforeAll(async () => {
      world = await buildDealer(ctx.store, 'suggest');
      admin = await person(ctx, world.admin.email);
      // 3000 pages at 50 a day: a cartridge lasts 60 days, so each printer needs one within four weeks.
      for (const days of [5, 12, 20, 45]) await runningOut(world, days);
    });

    it('suggests ordering what the printers running out within the horizon need, by the day stock runs short less the lead time', async () => {
      const body = await admin.ok('GET', '/stock/purchase-suggestions?weeks=4');
      expect(body).toMatchObject({ weeks: 4, defaultLeadTimeDays: 7 });
      const black = body.items.find((i: any) => i.sku === world.stockItem.sku);
      expect(black).toMatchObject({ demand: { expected: 3, low: 3, high: 3 }, printers: 3, onHand: 0, available: 0, onOrder: 0, backorders: 0, quantity: 3, quantityExpected: 3, leadTimeDays: 7 });
      // Nothing on the shelf: stock is short at the first printer's early edge (day 3); with 7 days' lead time the order is late.
      const now = ctx.clock.now().getTime();
      expect(Date.parse(black.needBy)).toBe(now + 3 * DAY);
      expect(Date.parse(black.orderBy)).toBe(now - 4 * DAY);
      expect(black.late).toBe(true);
    });

    it('stock on hand and open purchase orders lower the suggestion; the item\'s own lead time moves the order-by date', async () => {
      const lead = await admin.ok('PUT', `/stock-items/${world.stockItem.id}/lead-time`, { leadTimeDays: 2 });
      expect(lead).toMatchObject({ leadTimeDays: 2, effectiveLeadTimeDays: 2 });
      await admin.ok('POST', '/warehouse/receipts', { sku: world.stockItem.sku, serials: ['SUG-1'] });
      await admin.ok('POST', '/purchase-orders', { supplier: 'Clover', reference: 'PO-SUG-1', lines: [{ sku: world.stockItem.sku, quantity: 1 }] });
      const black = (await admin.ok('GET', '/stock/purchase-suggestions?weeks=4')).items.find((i: any) => i.sku === world.stockItem.sku);
      expect(black).toMatchObject({ onHand: 1, available: 1, onOrder: 1, quantity: 1, leadTimeDays: 2 });
      // Two of three needs covered: short at the third printer's early edge (day 18), ordered two days before.
      const now = ctx.clock.now().getTime();
      expect(Date.parse(black.needBy)).toBe(now + 18 * DAY);
      expect(Date.parse(black.orderBy)).toBe(now + 16 * DAY);
      // A longer horizon takes the fourth printer and the second cartridge of the first.
      const longer = (await admin.ok('GET', '/stock/purchase-suggestions?weeks=10')).items.find((i: any) => i.sku === world.stockItem.sku);
      expect(longer.demand.high).toBeGreaterThan(black.demand.high);
      await admin.ok('PUT', `/stock-items/${world.stockItem.id}/lead-time`, { leadTimeDays: null });
    });

    it('the dealer\'s supplier lead time is a setting', async () => {
      expect(await admin.ok('GET', '/stock/purchasing-settings')).toEqual({ supplierLeadTimeDays: 7 });
      expect(await admin.ok('PUT', '/stock/purchasing-settings', { supplierLeadTimeDays: 10 })).toEqual({ supplierLeadTimeDays: 10 });
      const black = (await admin.ok('GET', '/stock/purchase-suggestions?weeks=4')).items.find((i: any) => i.sku === world.stockItem.sku);
      expect(black.leadTimeDays).toBe(10);
      expect((await admin.call('PUT', '/stock/purchasing-settings', { supplierLeadTimeDays: -1 })).status).toBe(400);
    });

    it('a replaced printer orders nothing', async () => {
      const before = (await admin.ok('GET', '/stock/purchase-suggestions?weeks=4')).items.find((i: any) => i.sku === world.stockItem.sku).demand.expected;
      const device = await runningOut(world, 8);
      expect((await admin.ok('GET', '/stock/purchase-suggestions?weeks=4')).items.find((i: any) => i.sku === world.stockItem.sku).demand.expected).toBe(before + 1);
      await ctx.store.db.updateTable('devices').set({ replaced_by: world.device.id, replaced_at: ctx.clock.now() }).where('id', '=', device.id).execute();
      expect((await admin.ok('GET', '/stock/purchase-suggestions?weeks=4')).items.find((i: any) => i.sku === world.stockItem.sku).demand.expected).toBe(before);
    });

    it('downloads as CSV, one row per item', async () => {
      const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/stock/purchase-suggestions.csv?weeks=4', headers: { cookie: await loginCookie(ctx.app, world.admin.email) } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/csv');
      const lines = response.body.trim().split('\r\n');
      expect(lines[0]).toBe('sku,description,quantity,quantityExpected,demandExpected,demandLow,demandHigh,printers,onHand,reserved,available,onOrder,backorders,leadTimeDays,needBy,orderBy,late');
      expect(lines.some((l) => l.startsWith(`${world.stockItem.sku},HP 59A black toner,`))).toBe(true);
    });

    it('refuses bad horizons, and a customer key user sees neither suggestions nor purchase orders', async () => {
      for (const q of ['weeks=0', 'weeks=27', 'weeks=two', 'weeks=1.5']) expect((await admin.call('GET', `/stock/purchase-suggestions?${q}`)).status).toBe(400);
      const keyUser = await person(ctx, world.keyUser.email);
      for (const url of ['/stock/purchase-suggestions', '/purchase-orders', '/stock/purchasing-settings']) expect((await keyUser.call('GET', url)).status).toBe(403);
      expect((await keyUser.call('POST', '/purchase-orders', { supplier: 'X', reference: 'KU-1', lines: [{ sku: world.stockItem.sku, quantity: 1 }] })).status).toBe(403);
    });
  });

  describe('purchase orders and receiving against them', () => {
    let world: DealerWorld;
    let w: Awaited<ReturnType<typeof warehouseWorld>>;
    const level = async (sku: string) => {
      const items = (await w.admin.ok('GET', `/stock-items?query=${sku}`)).items;
      return items.find((i: any) => i.sku === sku).levels.find((l: any) => l.location === 'MAIN') ?? { onHand: 0, reserved: 0, onOrder: 0, nextExpectedAt: null };
    };
    beforeAll(async () => {
      world = await buildDealer(ctx.store, 'po');
      w = await warehouseWorld(ctx, world);
    });

    it('a purchase order puts its lines on order; receiving against it by scan counts them received, line by line, and the status follows', async () => {
      const expectedAt = new Date(ctx.clock.now().getTime() + 5 * DAY).toISOString();
      const po = await w.admin.ok('POST', '/purchase-orders', { supplier: 'Clover Imaging', reference: 'PO-1001', expectedAt, lines: [{ sku: w.cyan, quantity: 3 }, { sku: w.magenta, quantity: 1 }] });
      expect(po).toMatchObject({ supplier: 'Clover Imaging', reference: 'PO-1001', status: 'open', location: 'MAIN', lines: [{ sku: w.cyan, quantity: 3, received: 0, outstanding: 3 }, { sku: w.magenta, quantity: 1, received: 0, outstanding: 1 }] });
      expect(await level(w.cyan)).toMatchObject({ onOrder: 3, nextExpectedAt: expectedAt });
      // The operator reads the order and receives two of the cyan against it: labels only, nothing counted yet.
      expect((await w.operator.ok('GET', '/purchase-orders?status=open')).items.map((o: any) => o.reference)).toContain('PO-1001');
      const receipt = await w.operator.ok('POST', '/warehouse/receipts', { sku: w.cyan, quantity: 2, purchaseOrderId: po.id });
      expect(receipt.purchaseOrderId).toBe(po.id);
      expect((await w.operator.ok('GET', `/purchase-orders/${po.id}`)).lines[0]).toMatchObject({ received: 0, outstanding: 3 });
      const scan = w.station();
      await scan(receipt.units[0].label, 'receive');
      const partly = await w.operator.ok('GET', `/purchase-orders/${po.id}`);
      expect(partly).toMatchObject({ status: 'partly-received', lines: [{ sku: w.cyan, received: 1, outstanding: 2 }, { sku: w.magenta, received: 0 }] });
      expect((await level(w.cyan)).onOrder).toBe(2);
      await scan(receipt.units[1].label, 'receive');
      // The last cyan by serial (counted at once), then the magenta.
      await w.operator.ok('POST', '/warehouse/receipts', { sku: w.cyan, serials: [`PO-SER-${randomUUID().slice(0, 6)}`], purchaseOrderId: po.id });
      await w.operator.ok('POST', '/warehouse/receipts', { sku: w.magenta, serials: [`PO-SER-${randomUUID().slice(0, 6)}`], purchaseOrderId: po.id });
      const received = await w.operator.ok('GET', `/purchase-orders/${po.id}`);
      expect(received).toMatchObject({ status: 'received', lines: [{ received: 3, outstanding: 0 }, { received: 1, outstanding: 0 }] });
      expect(await level(w.cyan)).toMatchObject({ onOrder: 0, nextExpectedAt: null });
      expect((await w.admin.ok('GET', '/purchase-orders?status=received')).items.map((o: any) => o.reference)).toContain('PO-1001');
    });

    it('refuses a receipt the order does not expect: more than it still expects, a SKU it lacks, a cancelled order (409); another dealer\'s order is 404', async () => {
      const po = await w.admin.ok('POST', '/purchase-orders', { supplier: 'Clover Imaging', reference: 'PO-1002', lines: [{ sku: w.cyan, quantity: 2 }] });
      await w.operator.ok('POST', '/warehouse/receipts', { sku: w.cyan, quantity: 1, purchaseOrderId: po.id });
      const over = await w.operator.call('POST', '/warehouse/receipts', { sku: w.cyan, quantity: 2, purchaseOrderId: po.id });
      expect(over.status).toBe(409);
      expect(over.body.error.message).toContain('at most 1 more');
      expect((await w.operator.call('POST', '/warehouse/receipts', { sku: w.magenta, quantity: 1, purchaseOrderId: po.id })).status).toBe(409);
      expect((await w.operator.call('POST', '/warehouse/receipts', { sku: w.cyan, quantity: 1, purchaseOrderId: randomUUID() })).status).toBe(404);
      const other = await buildDealer(ctx.store, 'po-other');
      const otherAdmin = await person(ctx, other.admin.email);
      const foreign = await otherAdmin.ok('POST', '/purchase-orders', { supplier: 'Other', reference: 'PO-1002', lines: [{ sku: other.stockItem.sku, quantity: 1 }] });
      expect((await w.operator.call('POST', '/warehouse/receipts', { sku: w.cyan, quantity: 1, purchaseOrderId: foreign.id })).status).toBe(404);
      expect((await w.operator.call('GET', `/purchase-orders/${foreign.id}`)).status).toBe(404);
      const cancelled = await w.admin.ok('POST', `/purchase-orders/${po.id}/cancel`);
      expect(cancelled).toMatchObject({ status: 'cancelled', lines: [{ outstanding: 0 }] });
      expect((await w.operator.call('POST', '/warehouse/receipts', { sku: w.cyan, quantity: 1, purchaseOrderId: po.id })).status).toBe(409);
    });

    it('refuses a second order with the same reference (409), an unknown SKU or one listed twice (400); the operator reads orders but does not place them', async () => {
      await w.admin.ok('POST', '/purchase-orders', { supplier: 'S', reference: 'PO-1003', lines: [{ sku: w.cyan, quantity: 1 }] });
      expect((await w.admin.call('POST', '/purchase-orders', { supplier: 'S', reference: 'PO-1003', lines: [{ sku: w.cyan, quantity: 1 }] })).status).toBe(409);
      expect((await w.admin.call('POST', '/purchase-orders', { supplier: 'S', reference: 'PO-1004', lines: [{ sku: 'NO-SUCH', quantity: 1 }] })).status).toBe(400);
      expect((await w.admin.call('POST', '/purchase-orders', { supplier: 'S', reference: 'PO-1005', lines: [{ sku: w.cyan, quantity: 1 }, { sku: w.cyan, quantity: 2 }] })).status).toBe(400);
      expect((await w.operator.call('POST', '/purchase-orders', { supplier: 'S', reference: 'PO-1006', lines: [{ sku: w.cyan, quantity: 1 }] })).status).toBe(403);
      expect((await w.operator.call('POST', `/purchase-orders/${randomUUID()}/cancel`)).status).toBe(403);
    });

    it('stock arriving against an order fills back orders first, oldest job first, and a back order waits with the order\'s expected date', async () => {
      const free = async () => { const l = await level(w.black); return l.onHand - l.reserved; };
      while ((await free()) > 0) await w.readyJob(false);
      const expectedAt = new Date(ctx.clock.now().getTime() + 3 * DAY).toISOString();
      const po = await w.admin.ok('POST', '/purchase-orders', { supplier: 'Clover Imaging', reference: 'PO-BO', expectedAt, lines: [{ sku: w.black, quantity: 1 }] });
      const older = await w.readyJob(false);
      ctx.clock.advance(60_000);
      const newer = await w.readyJob(false);
      for (const job of [older, newer]) expect((await w.dispatcher.ok('GET', `/jobs/${job.id}`)).lines[0].backorder).toBe(true);
      expect((await ctx.store.db.selectFrom('supply_jobs').select('expected_at').where('id', '=', older.id).executeTakeFirstOrThrow()).expected_at?.toISOString()).toBe(expectedAt);
      const receipt = await w.operator.ok('POST', '/warehouse/receipts', { sku: w.black, quantity: 1, purchaseOrderId: po.id });
      await w.station()(receipt.units[0].label, 'receive');
      expect((await w.dispatcher.ok('GET', `/jobs/${older.id}`)).lines[0].backorder).toBe(false);
      expect((await w.dispatcher.ok('GET', `/jobs/${newer.id}`)).lines[0].backorder).toBe(true);
      expect((await w.admin.ok('GET', `/purchase-orders/${po.id}`)).status).toBe('received');
      // The newer job's back order shows in the suggestions as needed now.
      const black = (await w.operator.ok('GET', '/stock/purchase-suggestions')).items.find((i: any) => i.sku === w.black);
      expect(black.backorders).toBeGreaterThanOrEqual(1);
      expect(black.quantity).toBeGreaterThanOrEqual(1);
    });
  });
});
