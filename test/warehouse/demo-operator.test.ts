import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoClient } from '../../src/cli/demo-client.js';
import { SimulatedOperator, type ApiJob } from '../../src/cli/demo-operator.js';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, PASSWORD, type DealerWorld } from '../support/factories.js';
import { warehouseWorld } from './support.js';

describe(`the demo's simulated warehouse operator, through the HTTP API the scan station uses (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let w: Awaited<ReturnType<typeof warehouseWorld>>;
  let operator: SimulatedOperator;
  const job = async (id: string): Promise<ApiJob & { history: { to: string; why: string | null }[] }> => w.dispatcher.ok('GET', `/jobs/${id}`);
  const onHand = async (sku: string, bin: string) => (await ctx.store.db.selectFrom('stock_levels as l').innerJoin('stock_items as i', 'i.id', 'l.stock_item_id').select('l.on_hand')
    .where('i.dealer_id', '=', world.dealer.id).where('i.sku', '=', sku).where('l.location', '=', bin).executeTakeFirst())?.on_hand ?? 0;

  beforeAll(async () => {
    ctx = await createTestApp();
    const url = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    world = await buildDealer(ctx.store, 'demo-operator');
    w = await warehouseWorld(ctx, world);
    operator = new SimulatedOperator(new DemoClient(url, { email: world.warehouse.email, password: PASSWORD }), new Map(), { bench: 'sim-bench', goodsIn: 'sim-goods-in', carrier: 'DPD' });
  });
  afterAll(() => ctx.close());

  it('receives boxes as a goods receipt and scans each one in at its bin: on hand counts the scans, the shelf keeps their labels', async () => {
    expect(await operator.receive(w.black, 3, 'B-01')).toBe(3);
    expect(operator.shelf.get(w.black)).toHaveLength(3);
    expect(await onHand(w.black, 'B-01')).toBe(3);
    const scans = await ctx.store.db.selectFrom('warehouse_scans').select(['station', 'mode', 'accepted']).where('dealer_id', '=', world.dealer.id).execute();
    expect(scans).toEqual(Array.from({ length: 3 }, () => ({ station: 'sim-goods-in', mode: 'receive', accepted: true })));
  });

  it('packs a ready job by pairs of unit and order label at its bench, the station makes it packed, and dispatch hands it to the carrier', async () => {
    const ready = await w.readyJob(false);
    expect(await operator.pack(await job(ready.id))).toEqual({ done: true, units: 1 });
    expect((await job(ready.id)).status).toBe('packed');
    expect(await operator.dispatch(ready)).toEqual({ carrier: 'DPD', trackingNumber: `1550${ready.number.replace(/\D/g, '').padStart(10, '0')}` });
    const after = await job(ready.id);
    expect(after.history.map((h) => h.to)).toEqual(['booked', 'ready', 'packed', 'dispatched']);
    expect(after.history[2]!.why).toBe('Every line scanned into its box at station sim-bench.');
    expect(operator.shelf.get(w.black)).toHaveLength(2);
  });

  it('takes the next box when the one it picked was packed at another station meanwhile', async () => {
    const [first, second] = operator.shelf.get(w.black)!;
    const [a, b] = [await w.readyJob(false), await w.readyJob(false)];
    // A person packs the operator's first box into job a at their own station.
    const scan = w.station();
    await scan(first!);
    expect(await scan(a.orderLabel)).toMatchObject({ accepted: true, complete: true });
    expect(await operator.pack(await job(b.id))).toEqual({ done: true, units: 1 });
    expect(operator.shelf.get(w.black)).toEqual([]);
    const packedInto = await ctx.store.db.selectFrom('stock_units').select(['label', 'job_id']).where('label', 'in', [first!, second!]).orderBy('label').execute();
    expect(Object.fromEntries(packedInto.map((u) => [u.label, u.job_id]))).toEqual({ [first!]: a.id, [second!]: b.id });
  });

  it('finishes the job its bench is in the middle of before it packs another', async () => {
    await operator.receive(w.black, 2, 'B-01');
    await operator.receive(w.cyan, 1, 'B-02');
    const started = await w.readyJob(true);
    const other = await w.readyJob(false);
    // A pass cut short: one black box scanned into the started job at the operator's bench, the cyan still to come.
    const black = operator.shelf.get(w.black)!.shift()!;
    expect(await w.operator.ok('POST', '/warehouse/scans', { station: 'sim-bench', code: black })).toMatchObject({ accepted: true });
    expect(await w.operator.ok('POST', '/warehouse/scans', { station: 'sim-bench', code: started.orderLabel })).toMatchObject({ accepted: true, complete: false });
    expect(await operator.benchJob()).toBe(started.id);
    expect(await operator.pack(await job(other.id))).toEqual({ done: false, why: 'the bench is packing another job' });
    // What the box still needs comes from the station: one cyan.
    expect(await operator.pack(await job(started.id))).toEqual({ done: true, units: 1 });
    expect(await operator.benchJob()).toBeNull();
    expect(await operator.pack(await job(other.id))).toEqual({ done: true, units: 1 });
  });

  it('logs in again when its session has ended (a demo runs longer than a session lives) and goes on working', async () => {
    const sessions = () => ctx.store.db.selectFrom('sessions').select('token_hash').where('user_id', '=', world.warehouse.id).execute();
    expect(await operator.benchJob()).toBeNull();
    await ctx.store.db.deleteFrom('sessions').where('user_id', '=', world.warehouse.id).execute();
    expect(await operator.benchJob()).toBeNull();
    expect(await sessions()).toHaveLength(1);
  });
});
