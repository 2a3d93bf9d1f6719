import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContract } from '../../src/contracts/index.js';
import { createStockItem, setContractDefaultStock, setRelatedStock } from '../../src/stock/index.js';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, insertDevice, insertRequest, loginCookie, type DealerWorld } from '../support/factories.js';

const DAY = 86_400_000;

describe(`supply jobs: the job module takes internal requests (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let admin: { cookie: string };
  let dispatcher: { cookie: string };
  let erp: { authorization: string };
  let serials = 0;
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: unknown) => ctx.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const run = async () => {
    const response = await call('POST', '/jobs/run', dispatcher);
    expect(response.statusCode).toBe(200);
    return response.json() as { created: number; consolidated: number; exceptions: number; failed: number };
  };
  const job = async (id: string) => (await call('GET', `/jobs/${id}`, dispatcher)).json();
  const jobsOf = async (deviceId: string) => (await call('GET', `/jobs?deviceId=${deviceId}`, dispatcher)).json().items as any[];
  const requestRow = (id: string) => ctx.store.db.selectFrom('consumable_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** A printer of the world's customer with a black toner (CF259A) and a drum, plus colour toners when asked, of `model`. */
  const printer = async (model = 'HP LaserJet Pro M404dn', colours: [number, string, string][] = []) => {
    const device = await insertDevice(ctx.store, world.dealer.id, world.customer.id, world.site.id, `JOB-${++serials}-${randomUUID().slice(0, 4)}`);
    await ctx.store.db.updateTable('devices').set({ model }).where('id', '=', device.id).execute();
    for (const [index, color, part] of colours) {
      await ctx.store.db.insertInto('supplies').values({ id: randomUUID(), dealer_id: world.dealer.id, device_id: device.id, supply_index: index, kind: 'toner', color, description: `${color} toner ${part}`, part_number: part, part_numbers: [part], is_receptacle: false, remaining_percent: 8, state: 'low', raw: null, updated_at: ctx.clock.now() }).execute();
    }
    return device;
  };
  const item = async (sku: string, color: string | null, partNumbers: string[] = [], extra: { kind?: string; substitutes?: { sku: string; withoutAsking: boolean }[]; yieldPages?: number } = {}) =>
    (await createStockItem(ctx.store, world.adminPrincipal, { sku, description: `${sku} item`, kind: extra.kind ?? 'toner', color, yieldPages: extra.yieldPages ?? 3000, partNumbers, substitutes: extra.substitutes ?? [] }, ctx.clock.now())).row;
  const stock = async (itemId: string, onHand: number, nextExpectedAt: Date | null = null) => {
    await ctx.store.db.insertInto('stock_levels').values({ dealer_id: world.dealer.id, stock_item_id: itemId, on_hand: onHand, next_expected_at: nextExpectedAt }).execute();
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'jobs');
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
    dispatcher = { cookie: await loginCookie(ctx.app, world.dispatcher.email) };
    erp = { authorization: `Bearer ${world.integrationToken}` };
    // The world's dealer has an ERP (fulfilment external); this dealer's printers go to the job module unless said otherwise.
    expect((await call('PUT', '/request-settings', admin, { fulfilment: 'internal' })).statusCode).toBe(200);
    // The world's own outstanding request is not part of these rules.
    await ctx.store.db.updateTable('consumable_requests').set({ status: 'ignored' }).where('id', '=', world.request.id).execute();
  });
  afterAll(() => ctx.close());

  it('Booked consolidation: a second request of a device with a booked job becomes a new line of that job, and both requests carry its number as their B2B ID', async () => {
    const cyan = await item('CYAN-541A', 'cyan', ['CF541A']);
    void cyan;
    const device = await printer('HP Color LaserJet M254', [[3, 'cyan', 'CF541A']]);
    const first = await insertRequest(ctx.store, world.dealer.id, device.id, world.customer.id, 1);
    expect(await run()).toMatchObject({ created: 1, consolidated: 0, exceptions: 0 });
    const second = await insertRequest(ctx.store, world.dealer.id, device.id, world.customer.id, 3);
    expect(await run()).toMatchObject({ created: 0, consolidated: 1, exceptions: 0 });
    const jobs = await jobsOf(device.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ status: 'booked', deviceId: device.id, serial: device.serial, customer: world.customer.name, siteId: world.site.id, siteName: world.site.name });
    expect(jobs[0].number).toMatch(/^J-\d{6}$/);
    expect(jobs[0].lines.map((l: any) => [l.requestId, l.sku, l.color])).toEqual([[first.id, world.stockItem.sku, 'black'], [second.id, 'CYAN-541A', 'cyan']]);
    expect(jobs[0].lines[1].why).toContain('consolidated freight');
    for (const id of [first.id, second.id]) {
      const request = await requestRow(id);
      expect(request).toMatchObject({ status: 'actioned', external_id: jobs[0].number });
      expect(request.comment).toContain(`B2B ID ${jobs[0].number}`);
    }
  });

  it('new job plus cross comments on both when the existing job is not Booked', async () => {
    const device = await printer('HP Color LaserJet M254', [[3, 'cyan', 'CF541A']]);
    await insertRequest(ctx.store, world.dealer.id, device.id, world.customer.id, 1);
    await run();
    const [first] = await jobsOf(device.id);
    expect((await call('POST', `/jobs/${first.id}/status`, dispatcher, { status: 'ready' })).statusCode).toBe(200);
    ctx.clock.set(new Date(ctx.clock.now().getTime() + 60_000));
    await insertRequest(ctx.store, world.dealer.id, device.id, world.customer.id, 3);
    expect(await run()).toMatchObject({ created: 1, consolidated: 0 });
    const jobs = await jobsOf(device.id);
    expect(jobs.map((j) => j.status)).toEqual(['booked', 'ready']);
    const [second, older] = [await job(jobs[0].id), await job(jobs[1].id)];
    expect(second.comments.map((c: any) => c.body).join(' ')).toContain(older.number);
    expect(older.comments.map((c: any) => c.body).join(' ')).toContain(second.number);
    expect(second.lastSupplyJob).toMatchObject({ id: older.id, number: older.number, status: 'ready' });
    expect(second.lines[0].why).toContain(`is already ready`);
    // Pages printed since the last supply job: from the last sample at or before it was made to the latest.
    expect(second.pagesSinceLastSupplyJob).toBeNull();
    const at = (ms: number) => new Date(new Date(older.createdAt).getTime() + ms);
    await ctx.store.db.insertInto('meter_history').values([
      { dealer_id: world.dealer.id, device_id: device.id, observed_at: at(-DAY), confirmed_at: at(-DAY), total: 20_000, mono: null, color: null },
      { dealer_id: world.dealer.id, device_id: device.id, observed_at: at(-1_000), confirmed_at: at(-1_000), total: 20_100, mono: null, color: null },
      { dealer_id: world.dealer.id, device_id: device.id, observed_at: at(30_000), confirmed_at: at(30_000), total: 20_450, mono: null, color: null },
    ]).execute();
    expect((await job(second.id)).pagesSinceLastSupplyJob).toBe(350);
  });

  it('SKU precedence: contract default stock over related stock over part-number match, per colour', async () => {
    const model = 'Precedence Colour 4000';
    const device = await printer(model, [[3, 'cyan', 'PREC-C'], [4, 'magenta', 'PREC-M']]);
    await item('PREC-BLACK-CONTRACT', 'black');
    await item('PREC-BLACK-RELATED', 'black');
    await item('PREC-CYAN-RELATED', 'cyan');
    await item('PREC-CYAN-PART', 'cyan', ['PREC-C']);
    await item('PREC-MAGENTA-PART', 'magenta', ['PREC-M']);
    const { row: contract } = await createContract(ctx.store, world.adminPrincipal, { customerId: world.customer.id, name: 'Precedence contract', deviceIds: [device.id] }, ctx.clock.now());
    await setContractDefaultStock(ctx.store, world.adminPrincipal, contract.id, ['PREC-BLACK-CONTRACT'], ctx.clock.now());
    await setRelatedStock(ctx.store, world.adminPrincipal, model, ['PREC-BLACK-RELATED', 'PREC-CYAN-RELATED'], ctx.clock.now());
    for (const index of [1, 3, 4]) await insertRequest(ctx.store, world.dealer.id, device.id, world.customer.id, index);
    expect(await run()).toMatchObject({ created: 1, consolidated: 2, exceptions: 0 });
    const [only] = await jobsOf(device.id);
    const lines = (await job(only.id)).lines;
    // Black: the contract's default stock beats the model's related stock and the part-number match (the world's HP 59A).
    expect(lines.map((l: any) => [l.color, l.sku, l.selectedBy])).toEqual([
      ['black', 'PREC-BLACK-CONTRACT', 'contract-default'], ['cyan', 'PREC-CYAN-RELATED', 'related-stock'], ['magenta', 'PREC-MAGENTA-PART', 'part-number'],
    ]);
    expect(lines[0].why).toContain('Precedence contract');
    expect(lines[1].why).toContain(model);
    expect(lines[2].why).toContain('PREC-M');
  });

  it('exceptions for an unknown serial and for a supply without SKU, the rest of the run unaffected', async () => {
    const renamed = await printer();
    const unknown = await insertRequest(ctx.store, world.dealer.id, renamed.id, world.customer.id, 1);
    await ctx.store.db.updateTable('devices').set({ serial: `${renamed.serial}-NEW` }).where('id', '=', renamed.id).execute();
    const drumOnly = await printer();
    const noSku = await insertRequest(ctx.store, world.dealer.id, drumOnly.id, world.customer.id, 2);
    const fine = await printer();
    const ok = await insertRequest(ctx.store, world.dealer.id, fine.id, world.customer.id, 1);
    expect(await run()).toMatchObject({ created: 1, exceptions: 2, failed: 0 });
    expect((await requestRow(ok.id)).status).toBe('actioned');
    expect((await requestRow(unknown.id)).status).toBe('outstanding');
    expect((await requestRow(noSku.id)).status).toBe('outstanding');
    const exceptions = (await call('GET', '/jobs/exceptions', dispatcher)).json().items as any[];
    const of = (id: string) => exceptions.find((x) => x.requestId === id);
    expect(of(unknown.id)).toMatchObject({ reason: 'unknown-serial', serial: renamed.serial, resolvedAt: null });
    expect(of(unknown.id).message).toContain(`${renamed.serial}-NEW`);
    expect(of(noSku.id)).toMatchObject({ reason: 'no-sku', supply: { index: 2, kind: 'drum' } });
    // A second run repeats neither the jobs nor the exceptions.
    expect(await run()).toMatchObject({ created: 0, consolidated: 0, exceptions: 2 });
    expect((await call('GET', '/jobs/exceptions', dispatcher)).json().items.filter((x: any) => [unknown.id, noSku.id].includes(x.requestId))).toHaveLength(2);

    // Fix actions: pick the SKU; link the printer. Each makes the job at once.
    await item('DRUM-DR-1', null, [], { kind: 'drum' });
    const picked = await call('POST', `/jobs/exceptions/${of(noSku.id).id}/resolve`, dispatcher, { sku: 'DRUM-DR-1' });
    expect(picked.statusCode).toBe(200);
    const drumJob = await job(picked.json().jobId);
    expect(drumJob.lines).toMatchObject([{ requestId: noSku.id, sku: 'DRUM-DR-1', selectedBy: 'manual' }]);
    const linked = await call('POST', `/jobs/exceptions/${of(unknown.id).id}/resolve`, dispatcher, { deviceId: renamed.id });
    expect(linked.statusCode).toBe(200);
    expect((await requestRow(unknown.id))).toMatchObject({ status: 'actioned', external_id: linked.json().number });
    expect((await call('GET', '/jobs/exceptions', dispatcher)).json().items.filter((x: any) => [unknown.id, noSku.id].includes(x.requestId))).toEqual([]);
    expect((await call('POST', `/jobs/exceptions/${of(noSku.id).id}/resolve`, dispatcher, { sku: 'DRUM-DR-1' })).statusCode).toBe(409);
  });

  it('back order and substitute: a short line ships a substitute that may go without asking, another becomes a back order with its expected date', async () => {
    const model = 'Backorder Colour 500';
    const device = await printer(model, [[3, 'cyan', 'BO-C']]);
    const sub = await item('BO-BLACK-HY', 'black');
    const black = await item('BO-BLACK', 'black', [], { substitutes: [{ sku: 'BO-BLACK-HY', withoutAsking: true }] });
    const cyan = await item('BO-CYAN', 'cyan');
    await setRelatedStock(ctx.store, world.adminPrincipal, model, ['BO-BLACK', 'BO-CYAN'], ctx.clock.now());
    await stock(black.id, 0);
    await stock(sub.id, 4);
    const expected = new Date(ctx.clock.now().getTime() + 3 * DAY);
    await stock(cyan.id, 0, expected);
    await insertRequest(ctx.store, world.dealer.id, device.id, world.customer.id, 1);
    await insertRequest(ctx.store, world.dealer.id, device.id, world.customer.id, 3);
    await run();
    const [booked] = await jobsOf(device.id);
    const ready = await call('POST', `/jobs/${booked.id}/status`, dispatcher, { status: 'ready', comment: 'Released to the warehouse.' });
    expect(ready.statusCode).toBe(200);
    const view = await job(booked.id);
    expect(view.status).toBe('ready');
    expect(view.lines.map((l: any) => [l.color, l.sku, l.backorder, l.substituteOf])).toEqual([['black', 'BO-BLACK-HY', false, black.id], ['cyan', 'BO-CYAN', true, null]]);
    expect(view.lines[0].why).toContain('substitute BO-BLACK-HY');
    expect(view.lines[1].expectedAt).toBe(expected.toISOString());
    expect(view.expectedAt).toBe(expected.toISOString());
    const level = await ctx.store.db.selectFrom('stock_levels').selectAll().where('stock_item_id', '=', sub.id).executeTakeFirstOrThrow();
    expect(level).toMatchObject({ on_hand: 4, reserved: 1 });
    expect(view.history.at(-1)).toMatchObject({ from: 'booked', to: 'ready', actor: { kind: 'user', id: world.dispatcher.id } });
  });

  it('excess-supply flag: a job that would ship more cartridges of a colour than the pages used needs a dispatcher to confirm it', async () => {
    const device = await printer();
    const now = ctx.clock.now();
    await ctx.store.db.insertInto('meter_history').values([
      { dealer_id: world.dealer.id, device_id: device.id, observed_at: new Date(now.getTime() - DAY), confirmed_at: new Date(now.getTime() - DAY), total: 10_000, mono: null, color: null },
      { dealer_id: world.dealer.id, device_id: device.id, observed_at: new Date(now.getTime() + 5 * 3_600_000), confirmed_at: new Date(now.getTime() + 5 * 3_600_000), total: 10_500, mono: null, color: null },
    ]).execute();
    const close = (id: string) => ctx.store.db.updateTable('consumable_requests').set({ status: 'completed' }).where('id', '=', id).execute();
    // The first black cartridge, then a spare (one ahead is allowed), then one more: 500 pages used a sixth of one.
    for (let i = 0; i < 3; i += 1) {
      const request = await insertRequest(ctx.store, world.dealer.id, device.id, world.customer.id, 1);
      await run();
      await close(request.id);
      ctx.clock.set(new Date(ctx.clock.now().getTime() + 3_600_000));
    }
    const [flagged] = await jobsOf(device.id);
    expect(flagged.lines).toHaveLength(3);
    expect(flagged.excess).toMatchObject({ confirmedAt: null, figures: [{ color: 'black', shipped: 3, pagesPrinted: 500, yieldPages: 3000, threshold: 1 }] });
    expect(flagged.excess.figures[0].ahead).toBeGreaterThan(1);
    const refused = await call('POST', `/jobs/${flagged.id}/status`, dispatcher, { status: 'ready' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('confirm');
    // The job offers no release until then.
    expect((await job(flagged.id)).allowedMoves).toEqual(['cancelled']);
    expect((await call('POST', `/jobs/${flagged.id}/confirm-excess`, dispatcher, { comment: 'Customer asked for a spare for the branch office.' })).statusCode).toBe(200);
    expect((await job(flagged.id)).allowedMoves).toEqual(['ready', 'cancelled']);
    expect((await call('POST', `/jobs/${flagged.id}/status`, dispatcher, { status: 'ready' })).statusCode).toBe(200);
  });

  it('refuses moves the status machine forbids with 409 naming the allowed moves, and moves the warehouse may not make with 403', async () => {
    const device = await printer();
    await insertRequest(ctx.store, world.dealer.id, device.id, world.customer.id, 1);
    await run();
    const [booked] = await jobsOf(device.id);
    const warehouse = { cookie: await loginCookie(ctx.app, world.warehouse.email) };
    // Each caller is told the moves their role may make now (the job page's buttons).
    expect(booked.allowedMoves).toEqual(['ready', 'cancelled']);
    expect((await call('GET', `/jobs/${booked.id}`, warehouse)).json().allowedMoves).toEqual([]);
    const skip = await call('POST', `/jobs/${booked.id}/status`, dispatcher, { status: 'packed' });
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error.message).toBe(`Job ${booked.number} cannot go from booked to packed: from booked it can only become ready or cancelled.`);
    expect((await call('POST', `/jobs/${booked.id}/status`, warehouse, { status: 'ready' })).statusCode).toBe(403);
    expect((await call('POST', `/jobs/${booked.id}/status`, dispatcher, { status: 'ready' })).statusCode).toBe(200);
    // Packed is the scan station's word, not a status change (test/warehouse/warehouse.test.ts packs and dispatches by scan).
    expect((await call('POST', `/jobs/${booked.id}/status`, warehouse, { status: 'packed' })).statusCode).toBe(409);
    expect((await call('POST', `/jobs/${booked.id}/status`, dispatcher, { status: 'cancelled', comment: 'Customer closed the branch.' })).statusCode).toBe(200);
    const final = await call('POST', `/jobs/${booked.id}/status`, admin, { status: 'booked' });
    expect(final.statusCode).toBe(409);
    expect(final.json().error.message).toContain('cancelled is final');
    // Cancelling gives the request back: it is deleted, so the supply may be ordered again.
    const line = (await job(booked.id)).lines[0];
    expect((await requestRow(line.requestId)).status).toBe('deleted');
  });

  it('shows a customer key user their own company\'s jobs read-only, without the dealer\'s notes, and never another company\'s', async () => {
    const device = await printer();
    await insertRequest(ctx.store, world.dealer.id, device.id, world.customer.id, 1);
    await run();
    const [own] = await jobsOf(device.id);
    const other = await insertDevice(ctx.store, world.dealer.id, world.otherCustomer.id, null, `JOB-OTHER-${randomUUID().slice(0, 4)}`);
    await insertRequest(ctx.store, world.dealer.id, other.id, world.otherCustomer.id, 1);
    await run();
    const [foreign] = await jobsOf(other.id);
    const keyUser = { cookie: await loginCookie(ctx.app, world.keyUser.email) };
    const list = (await call('GET', '/jobs', keyUser)).json();
    expect(list.items.every((j: any) => j.customerId === world.customer.id)).toBe(true);
    expect(list.items.map((j: any) => j.id)).toContain(own.id);
    const view = (await call('GET', `/jobs/${own.id}`, keyUser)).json();
    expect(view).toMatchObject({ id: own.id, status: 'booked', comments: [], history: [], allowedMoves: [] });
    expect(view.lines[0].why).toBeNull();
    expect((await call('GET', `/jobs/${foreign.id}`, keyUser)).statusCode).toBe(404);
    expect((await call('POST', `/jobs/${own.id}/status`, keyUser, { status: 'cancelled' })).statusCode).toBe(403);
    expect((await call('POST', `/jobs/${own.id}/comments`, keyUser, { body: 'Please hurry.' })).statusCode).toBe(403);
    expect((await call('POST', '/jobs/run', keyUser)).statusCode).toBe(403);
  });

  it('never lets an ERP and the job module take the same request: fulfilment external goes to the B2B queue only, internal to the job creator only', async () => {
    const external = await printer();
    expect((await call('PUT', `/devices/${external.id}/request-settings`, admin, { fulfilment: 'external' })).statusCode).toBe(200);
    const internal = await printer();
    const forErp = await insertRequest(ctx.store, world.dealer.id, external.id, world.customer.id, 1);
    const forJobs = await insertRequest(ctx.store, world.dealer.id, internal.id, world.customer.id, 1);
    const queue = (await call('GET', '/consumable-requests?status=outstanding', erp)).json().items.map((r: any) => r.id);
    expect(queue).toContain(forErp.id);
    expect(queue).not.toContain(forJobs.id);
    const refused = await call('POST', `/consumable-requests/${forJobs.id}/action`, erp, { externalId: 'ERP-1' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('fulfilment');
    await run();
    expect((await requestRow(forErp.id)).status).toBe('outstanding');
    expect((await requestRow(forJobs.id)).status).toBe('actioned');
    expect(await jobsOf(external.id)).toEqual([]);
    expect((await call('POST', `/consumable-requests/${forErp.id}/action`, erp, { externalId: 'ERP-2' })).statusCode).toBe(200);
  });
});
