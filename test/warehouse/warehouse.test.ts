import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { ensureCommand } from '../support/debian.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';
import { warehouseWorld } from './support.js';

describe(`warehouse: receiving, the scan station, dispatch and delivery (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let w: Awaited<ReturnType<typeof warehouseWorld>>;
  const level = async (sku: string) => {
    const row = await ctx.store.db.selectFrom('stock_levels as l').innerJoin('stock_items as i', 'i.id', 'l.stock_item_id').select(['l.on_hand', 'l.reserved'])
      .where('i.dealer_id', '=', world.dealer.id).where('i.sku', '=', sku).where('l.location', '=', 'MAIN').executeTakeFirst();
    return { onHand: row?.on_hand ?? 0, reserved: row?.reserved ?? 0 };
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'warehouse');
    w = await warehouseWorld(ctx, world);
  });
  afterAll(() => ctx.close());

  it('a receipt of a quantity prints a label per unit and counts nothing until each unit is scanned in at its bin', async () => {
    const before = await level(w.magenta);
    const receipt = await w.operator.ok('POST', '/warehouse/receipts', { sku: w.magenta, quantity: 3 });
    expect(receipt.units).toHaveLength(3);
    expect(new Set(receipt.units.map((u: any) => u.label)).size).toBe(3);
    for (const unit of receipt.units) expect(unit).toMatchObject({ label: expect.stringMatching(/^U[0-9A-Z]{10}$/), serial: null, status: 'labelled' });
    expect(await level(w.magenta)).toEqual(before);
    const scan = w.station();
    const first = await scan(receipt.units[0].label, 'receive');
    expect(first).toMatchObject({ accepted: true, reason: null, lines: [{ sku: w.magenta, packed: 1, required: 3 }], complete: false });
    expect(first.expecting).toContain('bin MAIN');
    expect((await level(w.magenta)).onHand).toBe(before.onHand + 1);
    // The same unit again would count it twice.
    expect(await scan(receipt.units[0].label, 'receive')).toMatchObject({ accepted: false, reason: 'same-label-twice' });
    await scan(receipt.units[1].label, 'receive');
    expect(await scan(receipt.units[2].label, 'receive')).toMatchObject({ accepted: true, complete: true, lines: [{ packed: 3, required: 3 }] });
    expect((await level(w.magenta)).onHand).toBe(before.onHand + 3);
  });

  it('a receipt of serials registers the boxes\' own serials, counts them at once, and refuses a serial registered before', async () => {
    const before = await level(w.black);
    const receipt = await w.operator.ok('POST', '/warehouse/receipts', { sku: w.black, serials: ['BOX-SER-1', 'BOX-SER-2'] });
    expect(receipt.units.map((u: any) => [u.serial, u.status])).toEqual([['BOX-SER-1', 'in-stock'], ['BOX-SER-2', 'in-stock']]);
    expect((await level(w.black)).onHand).toBe(before.onHand + 2);
    const again = await w.operator.call('POST', '/warehouse/receipts', { sku: w.black, serials: ['BOX-SER-2'] });
    expect(again.status).toBe(409);
    expect((await w.operator.call('POST', '/warehouse/receipts', { sku: w.black, serials: ['J-000001'] })).status).toBe(400);
    expect((await w.operator.call('POST', '/warehouse/receipts', { sku: 'NO-SUCH-SKU', quantity: 1 })).status).toBe(400);
  });

  it('the label sheet PDF carries every unit label as a Code 128 barcode that an independent reader (zbarimg) decodes', async () => {
    const pdftoppm = ensureCommand('pdftoppm', 'poppler-utils');
    const zbarimg = ensureCommand('zbarimg', 'zbar-tools');
    const receipt = await w.operator.ok('POST', '/warehouse/receipts', { sku: w.cyan, quantity: 5 });
    const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/warehouse/receipts/${receipt.id}/labels.pdf`, headers: { cookie: await loginCookie(ctx.app, world.warehouse.email) } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'tonerloop-labels-'));
    try {
      writeFileSync(join(dir, 'labels.pdf'), response.rawPayload);
      execFileSync(pdftoppm, ['-r', '300', '-png', join(dir, 'labels.pdf'), join(dir, 'page')]);
      const pages = readdirSync(dir).filter((f) => f.endsWith('.png')).map((f) => join(dir, f));
      const decoded = execFileSync(zbarimg, ['--raw', '-q', '-Sdisable', '-Scode128.enable', ...pages], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').sort();
      expect(decoded).toEqual(receipt.units.map((u: any) => u.label).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('happy path: receive, the job goes ready, pack by pairs of unit and order label, it becomes packed, dispatch with tracking, delivered with the transit time kept per site', async () => {
    const blacks = await w.stock(w.black, 1);
    const cyans = await w.stock(w.cyan, 1);
    const job = await w.readyJob();
    const detail = await w.dispatcher.ok('GET', `/jobs/${job.id}`);
    expect(detail.orderLabel).toBe(job.number);
    const scan = w.station();
    const unit = await scan(blacks[0]!);
    expect(unit).toMatchObject({ accepted: true, reason: null, jobId: null });
    expect(unit.expecting).toContain('order label');
    const paired = await scan(detail.orderLabel);
    expect(paired).toMatchObject({ accepted: true, jobId: job.id, complete: false });
    expect(paired.lines).toEqual(expect.arrayContaining([{ sku: w.black, packed: 1, required: 1 }, { sku: w.cyan, packed: 0, required: 1 }]));
    expect(paired.expecting).toContain(`${w.cyan} ×1`);
    await scan(cyans[0]!);
    const done = await scan(detail.orderLabel);
    expect(done).toMatchObject({ accepted: true, complete: true, lines: expect.arrayContaining([{ sku: w.cyan, packed: 1, required: 1 }]) });
    expect((await w.dispatcher.ok('GET', `/jobs/${job.id}`)).status).toBe('packed');
    const onHand = (await level(w.black)).onHand;
    const dispatched = await w.operator.ok('POST', `/jobs/${job.id}/dispatch`, { carrier: 'DPD', trackingNumber: '15501234567890' });
    expect(dispatched).toMatchObject({ status: 'dispatched', carrier: 'DPD', trackingNumber: '15501234567890' });
    expect((await level(w.black)).onHand).toBe(onHand - 1);
    ctx.clock.advance(11 * 3_600_000);
    const delivered = await w.dispatcher.ok('POST', `/jobs/${job.id}/delivered`, {});
    expect(delivered).toMatchObject({ status: 'delivered', transitHours: 11 });
    const shipment = await ctx.store.db.selectFrom('shipments').selectAll().where('job_id', '=', job.id).executeTakeFirstOrThrow();
    expect(shipment).toMatchObject({ site_id: world.site.id, carrier: 'DPD', tracking_number: '15501234567890' });
    const scans = await ctx.store.db.selectFrom('warehouse_scans').selectAll().where('job_id', '=', job.id).orderBy('seq').execute();
    expect(scans.every((s) => s.user_id === world.warehouse.id && s.at instanceof Date)).toBe(true);
  });

  it('dispatch is 409 with the difference, SKU by SKU, while what was scanned into the box differs from the job\'s lines', async () => {
    const [black] = await w.stock(w.black, 1);
    await w.stock(w.cyan, 1);
    const job = await w.readyJob();
    const scan = w.station();
    await scan(black!);
    await scan(job.orderLabel);
    const refused = await w.operator.call('POST', `/jobs/${job.id}/dispatch`, { carrier: 'DPD', trackingNumber: 'T-1' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.difference).toEqual([{ sku: w.cyan, packed: 0, required: 1 }]);
    expect(refused.body.error.message).toContain(`${w.cyan}: 0 packed of 1`);
    expect((await w.dispatcher.ok('GET', `/jobs/${job.id}`)).status).toBe('ready');
  });

  it('no shortcut around scanning: the status route refuses packed (the scan station packs) and dispatched (dispatch checks the box) with 409, for everyone', async () => {
    const [black] = await w.stock(w.black, 1);
    const job = await w.readyJob(false);
    const move = (who: typeof w.operator, status: string) => who.call('POST', `/jobs/${job.id}/status`, { status, comment: 'Packed it, trust me.' });
    for (const who of [w.operator, w.dispatcher, w.admin]) {
      const refused = await move(who, 'packed');
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toBe(`Job ${job.number} becomes packed at the scan station once every unit is scanned into its box (each unit label, then the order label ${job.number}), not by a status change.`);
    }
    expect((await w.dispatcher.ok('GET', `/jobs/${job.id}`)).status).toBe('ready');
    // Scanned into its box, it is packed by the station; even with the box equal to the lines, dispatched is dispatch's word.
    const scan = w.station();
    await scan(black!);
    expect(await scan(job.orderLabel)).toMatchObject({ accepted: true, complete: true });
    for (const who of [w.operator, w.dispatcher, w.admin]) {
      const refused = await move(who, 'dispatched');
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toBe(`Job ${job.number} is dispatched with its carrier and tracking number through Dispatch on its job page (POST /api/v1/jobs/{id}/dispatch), which checks its box against its lines, not by a status change.`);
    }
    const after = await w.dispatcher.ok('GET', `/jobs/${job.id}`);
    expect(after.status).toBe('packed');
    expect(after.history.map((h: { to: string }) => h.to)).toEqual(['booked', 'ready', 'packed']);
    await w.operator.ok('POST', `/jobs/${job.id}/dispatch`, { carrier: 'DPD', trackingNumber: 'NO-SHORTCUT-1' });
    // Delivered stays a status move for dealer staff (a carrier's word), completed the loop's or a dealer admin's.
    expect((await w.dispatcher.call('POST', `/jobs/${job.id}/status`, { status: 'completed' })).status).toBe(403);
    expect((await w.dispatcher.ok('POST', `/jobs/${job.id}/status`, { status: 'delivered' })).status).toBe('delivered');
  });

  it('same-label-twice: the order label scanned twice (the pallet-twice habit) counts nothing the second time, and the same unit twice is refused', async () => {
    const blacks = await w.stock(w.black, 2);
    const job = await w.readyJob(false);
    const scan = w.station();
    await scan(blacks[0]!);
    expect(await scan(blacks[0]!)).toMatchObject({ accepted: false, reason: 'same-label-twice' });
    await scan(job.orderLabel);
    const twice = await scan(job.orderLabel);
    expect(twice).toMatchObject({ accepted: false, reason: 'same-label-twice' });
    expect(twice.expecting).toMatch(/^Refused: /);
  });

  it('unit-label-expected: an order label where a unit is due is refused (a box label confirms only the unit scanned before it)', async () => {
    await w.stock(w.black, 1);
    const job = await w.readyJob(false);
    const refused = await w.station()(job.orderLabel);
    expect(refused).toMatchObject({ accepted: false, reason: 'unit-label-expected', complete: false });
    expect(refused.expecting).toContain('a unit comes first');
  });

  it('order-label-expected: a unit label while a unit waits for its box label is refused, and the waiting unit still waits', async () => {
    const blacks = await w.stock(w.black, 2);
    const job = await w.readyJob(false);
    const scan = w.station();
    await scan(blacks[0]!);
    expect(await scan(blacks[1]!)).toMatchObject({ accepted: false, reason: 'order-label-expected' });
    expect(await scan(job.orderLabel)).toMatchObject({ accepted: true, complete: true });
  });

  it('not-needed: a unit whose SKU the job does not need, or needs no more of, is refused', async () => {
    const [magenta] = await w.stock(w.magenta, 1);
    const blacks = await w.stock(w.black, 2);
    await w.stock(w.cyan, 1);
    const job = await w.readyJob();
    const scan = w.station();
    await scan(magenta!);
    const refused = await scan(job.orderLabel);
    expect(refused).toMatchObject({ accepted: false, reason: 'not-needed' });
    expect(refused.expecting).toContain(`does not need ${w.magenta}`);
    await scan(blacks[0]!);
    await scan(job.orderLabel);
    // The station is in the middle of this job: a second black is refused at the unit already.
    expect(await scan(blacks[1]!)).toMatchObject({ accepted: false, reason: 'not-needed', jobId: job.id });
  });

  it('already-packed: a unit packed into one box is refused at another station', async () => {
    const [black] = await w.stock(w.black, 2);
    const first = await w.readyJob(false);
    await w.readyJob(false);
    const a = w.station();
    await a(black!);
    await a(first.orderLabel);
    const refused = await w.station()(black!);
    expect(refused).toMatchObject({ accepted: false, reason: 'already-packed' });
    expect(refused.expecting).toContain(first.number);
  });

  it('unknown-label: a code that is no unit or order label is refused, and a product barcode is named as such', async () => {
    const scan = w.station();
    expect(await scan('NOT-A-LABEL')).toMatchObject({ accepted: false, reason: 'unknown-label' });
    const gtin = await scan('5901234123457');
    expect(gtin).toMatchObject({ accepted: false, reason: 'unknown-label' });
    expect(gtin.expecting).toContain(`product barcode of ${w.magenta}`);
    expect(await scan('J-999999')).toMatchObject({ accepted: false, reason: 'unknown-label' });
  });

  it('wrong-job: while a station is in the middle of one job, a unit put to another job\'s box is refused and still waits for the right box', async () => {
    const blacks = await w.stock(w.black, 2);
    await w.stock(w.cyan, 1);
    const a = await w.readyJob();
    const b = await w.readyJob(false);
    const scan = w.station();
    await scan(blacks[0]!);
    await scan(a.orderLabel);
    const cyans = await w.stock(w.cyan, 1);
    await scan(cyans[0]!);
    const refused = await scan(b.orderLabel);
    expect(refused).toMatchObject({ accepted: false, reason: 'wrong-job', jobId: a.id });
    expect(refused.expecting).toContain(`${a.number}'s box, not ${b.number}'s`);
    expect(await scan(a.orderLabel)).toMatchObject({ accepted: true, complete: true });
    void blacks;
  });

  it('only a ready job is packed into: a booked job\'s order label is refused (not-needed)', async () => {
    const [black] = await w.stock(w.black, 1);
    const job = await w.bookedJob(false);
    const scan = w.station();
    await scan(black!);
    expect(await scan(job.orderLabel)).toMatchObject({ accepted: false, reason: 'not-needed' });
  });

  it('back orders: a job that went ready without stock is filled by the next receipt, oldest job first', async () => {
    // Whatever black is free now is reserved first, so the two jobs below find none.
    while ((await level(w.black)).onHand > (await level(w.black)).reserved) await w.readyJob(false);
    const older = await w.readyJob(false);
    ctx.clock.advance(60_000);
    const newer = await w.readyJob(false);
    for (const job of [older, newer]) expect((await w.dispatcher.ok('GET', `/jobs/${job.id}`)).lines[0].backorder).toBe(true);
    const receipt = await w.operator.ok('POST', '/warehouse/receipts', { sku: w.black, quantity: 1 });
    expect((await w.dispatcher.ok('GET', `/jobs/${older.id}`)).lines[0].backorder).toBe(true);
    await w.station()(receipt.units[0].label, 'receive');
    expect((await w.dispatcher.ok('GET', `/jobs/${older.id}`)).lines[0].backorder).toBe(false);
    expect((await w.dispatcher.ok('GET', `/jobs/${newer.id}`)).lines[0].backorder).toBe(true);
  });

  it('a warehouse operator receives and scans but sees no consumable requests or customer settings', async () => {
    expect((await w.operator.call('GET', '/consumable-requests')).status).toBe(403);
    expect((await w.operator.call('GET', '/request-settings')).status).toBe(403);
    expect((await w.dispatcher.call('POST', '/warehouse/scans', { station: 'x', code: 'U0000000000' })).status).toBe(403);
  });
});
