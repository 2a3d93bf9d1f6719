import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, insertDevice, insertRequest } from '../support/factories.js';
import { warehouseWorld } from './support.js';

/**
 * Back orders filled from arriving stock (issue 18): a job's back-ordered line is filled first when its item arrives,
 * oldest job first, or by an allowed substitute — by the rule of going ready: a substitute that may ship without asking,
 * or any substitute where the printer's settings allow substitutes.
 */
describe(`back orders filled by arriving stock and its substitutes (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let worlds = 0;

  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  /**
   * A dealer with no stock at all, whose black toner (HP 59A, the world's item) has a high-yield substitute (HP 59X,
   * part number CF259X): `withoutAsking` says whether it may ship without asking the customer.
   */
  async function substituteWorld(withoutAsking: boolean) {
    const world = await buildDealer(ctx.store, `backorders-${++worlds}`);
    const w = await warehouseWorld(ctx, world);
    const highYield = `HP-59X-${randomUUID().slice(0, 4)}`;
    await w.admin.ok('POST', '/stock-items', { sku: highYield, description: 'HP 59X black toner, high yield', kind: 'toner', color: 'black', yieldPages: 10000, partNumbers: ['CF259X'], barcodes: [] });
    const black = await w.admin.ok('GET', `/stock-items/${world.stockItem.id}`);
    await w.admin.ok('PUT', `/stock-items/${world.stockItem.id}`, {
      sku: black.sku, description: black.description, kind: black.kind, color: black.color, yieldPages: black.yieldPages, partNumbers: black.partNumbers, barcodes: [], substitutes: [{ sku: highYield, withoutAsking }],
    });
    let printers = 0;

    /** A ready job of a new printer of a customer, for its black toner (`partNumber` the printer reports); a minute later than the one before. */
    const readyJob = async (customerId = world.customer.id, partNumber = 'CF259A') => {
      ctx.clock.advance(60_000);
      const device = await insertDevice(ctx.store, world.dealer.id, customerId, customerId === world.customer.id ? world.site.id : null, `BO-${worlds}-${++printers}-${randomUUID().slice(0, 6)}`);
      if (partNumber !== 'CF259A') await ctx.store.db.updateTable('supplies').set({ part_number: partNumber, description: `Black Cartridge HP ${partNumber}` }).where('device_id', '=', device.id).where('supply_index', '=', 1).execute();
      await insertRequest(ctx.store, world.dealer.id, device.id, customerId, 1);
      await w.dispatcher.ok('POST', '/jobs/run');
      const { items } = await w.dispatcher.ok('GET', `/jobs?deviceId=${device.id}`);
      expect(items).toHaveLength(1);
      await w.dispatcher.ok('POST', `/jobs/${items[0].id}/status`, { status: 'ready' });
      return items[0] as { id: string; number: string };
    };
    const line = async (job: { id: string }) => (await w.dispatcher.ok('GET', `/jobs/${job.id}`)).lines[0];
    const level = async (sku: string) => {
      const row = await ctx.store.db.selectFrom('stock_levels as l').innerJoin('stock_items as i', 'i.id', 'l.stock_item_id').select(['l.on_hand', 'l.reserved'])
        .where('i.dealer_id', '=', world.dealer.id).where('i.sku', '=', sku).where('l.location', '=', 'MAIN').executeTakeFirst();
      return { onHand: row?.on_hand ?? 0, reserved: row?.reserved ?? 0 };
    };
    return { world, w, black: world.stockItem, highYield, readyJob, line, level };
  }

  it('a substitute arriving against a purchase order fills the back orders of the item it stands in for, oldest job first, saying so in history and audit', async () => {
    const { w, black, highYield, readyJob, line, level } = await substituteWorld(true);
    const [oldest, middle, newest] = [await readyJob(), await readyJob(), await readyJob()];
    for (const job of [oldest, middle, newest]) expect(await line(job)).toMatchObject({ sku: black.sku, backorder: true, substituteOf: null });

    const po = await w.admin.ok('POST', '/purchase-orders', { supplier: 'Clover Imaging', reference: 'PO-59X', lines: [{ sku: highYield, quantity: 2 }] });
    const receipt = await w.operator.ok('POST', '/warehouse/receipts', { sku: highYield, quantity: 2, purchaseOrderId: po.id });
    const scan = w.station();
    await scan(receipt.units[0].label, 'receive');
    expect(await line(oldest)).toMatchObject({ sku: highYield, backorder: false, substituteOf: black.id, expectedAt: null });
    expect(await line(middle)).toMatchObject({ sku: black.sku, backorder: true });
    await scan(receipt.units[1].label, 'receive');
    expect(await line(middle)).toMatchObject({ sku: highYield, backorder: false, substituteOf: black.id });
    expect(await line(newest)).toMatchObject({ sku: black.sku, backorder: true, substituteOf: null });
    expect(await level(highYield)).toEqual({ onHand: 2, reserved: 2 });
    expect(await level(black.sku)).toEqual({ onHand: 0, reserved: 0 });

    const detail = await w.dispatcher.ok('GET', `/jobs/${oldest.id}`);
    expect(detail.lines[0].why).toContain(`substitute ${highYield} arrived and ships instead (it may ship without asking)`);
    expect(detail.history.at(-1)).toMatchObject({ from: 'ready', to: 'ready', why: expect.stringContaining(`${black.sku} was back-ordered; substitute ${highYield} arrived`) });
    const audit = (await w.admin.ok('GET', '/audit?limit=50')).items.filter((a: any) => a.action === 'job.backorder-filled');
    expect(audit.map((a: any) => a.entityId)).toEqual([middle.id, oldest.id]);
    expect(audit[1].details).toMatchObject({ number: oldest.number, skus: [highYield], substitutes: [{ sku: highYield, substituteOf: black.sku }] });
  });

  it('substitutes not allowed for the customer: a substitute that must be asked for passes their back order over and fills a customer\'s that allows substitutes', async () => {
    const { world, w, black, highYield, readyJob, line, level } = await substituteWorld(false);
    const notAllowed = await readyJob(world.customer.id);
    await w.admin.ok('PUT', `/customers/${world.otherCustomer.id}/request-settings`, { substitutesAllowed: true });
    const allowed = await readyJob(world.otherCustomer.id);

    await w.stock(highYield, 1);
    expect(await line(notAllowed)).toMatchObject({ sku: black.sku, backorder: true, substituteOf: null });
    expect(await line(allowed)).toMatchObject({ sku: highYield, backorder: false, substituteOf: black.id });
    expect((await w.dispatcher.ok('GET', `/jobs/${allowed.id}`)).lines[0].why).toContain('(the contract allows substitutes)');

    // With no job that may take it left, what arrives stays free.
    await w.stock(highYield, 1);
    expect(await line(notAllowed)).toMatchObject({ sku: black.sku, backorder: true });
    expect(await level(highYield)).toEqual({ onHand: 2, reserved: 1 });
  });

  it('the item\'s own back orders come first: a newer job waiting for the substitute itself is filled before an older one it would stand in for', async () => {
    const { w, black, highYield, readyJob, line } = await substituteWorld(true);
    const older = await readyJob();
    const own = await readyJob(undefined, 'CF259X');
    expect(await line(own)).toMatchObject({ sku: highYield, backorder: true });

    const receipt = await w.operator.ok('POST', '/warehouse/receipts', { sku: highYield, serials: [`SER-${randomUUID().slice(0, 12)}`] });
    expect(receipt.backordersFilled).toEqual([own.number]);
    expect(await line(own)).toMatchObject({ sku: highYield, backorder: false, substituteOf: null });
    expect(await line(older)).toMatchObject({ sku: black.sku, backorder: true });

    expect((await w.operator.ok('POST', '/warehouse/receipts', { sku: highYield, serials: [`SER-${randomUUID().slice(0, 12)}`] })).backordersFilled).toEqual([older.number]);
    expect(await line(older)).toMatchObject({ sku: highYield, backorder: false, substituteOf: black.id });
  });

  it('a job no longer ready is skipped: the substitute goes to the next job waiting', async () => {
    const { w, black, highYield, readyJob, line, level } = await substituteWorld(true);
    const cancelled = await readyJob();
    const waiting = await readyJob();
    await w.dispatcher.ok('POST', `/jobs/${cancelled.id}/status`, { status: 'cancelled', comment: 'The customer changed their mind.' });

    const receipt = await w.operator.ok('POST', '/warehouse/receipts', { sku: highYield, serials: [`SER-${randomUUID().slice(0, 12)}`] });
    expect(receipt.backordersFilled).toEqual([waiting.number]);
    expect(await line(cancelled)).toMatchObject({ sku: black.sku, substituteOf: null });
    expect(await line(waiting)).toMatchObject({ sku: highYield, backorder: false, substituteOf: black.id });
    expect(await level(highYield)).toEqual({ onHand: 1, reserved: 1 });
  });
});
