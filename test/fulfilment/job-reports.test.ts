import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupplyJobStatus } from '../../src/db/schema.js';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, insertDevice, insertRequest, loginCookie, type DealerWorld } from '../support/factories.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
// The reports are read ten days after the world was built (its own job and exception date from 2026-11-21T10:00Z).
const NOW = new Date('2026-12-01T10:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

interface LineSpec { kind?: string; color?: string; quantity?: number; backorder?: boolean; expectedAt?: Date; createdAt?: Date }

describe(`supply-job reports (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let other: DealerWorld;
  let dispatcher: { cookie: string };
  let numbers = 100;
  const get = (url: string, headers: Record<string, string> = dispatcher) => ctx.app.inject({ method: 'GET', url: `/api/v1/jobs/reports${url}`, headers });

  /** A request of the device's supply, already taken (so the next one of the same supply may be inserted). */
  const takenRequest = async (w: DealerWorld, deviceId: string, customerId: string, supplyIndex: number) => {
    const { id } = await insertRequest(ctx.store, w.dealer.id, deviceId, customerId, supplyIndex);
    await ctx.store.db.updateTable('consumable_requests').set({ status: 'completed' }).where('id', '=', id).execute();
    return id;
  };

  /** A job in a given status since `since`, with a dispatched entry in its history at `dispatchedAt`, its excess flag and lines. */
  const job = async (w: DealerWorld, device: { id: string; customer_id: string }, status: SupplyJobStatus, since: Date, options: {
    dispatchedAt?: Date; excess?: { confirmedBy: string | null }; lines?: LineSpec[];
  } = {}) => {
    const id = randomUUID();
    const number = `J-${String(++numbers).padStart(6, '0')}`;
    const actor = { kind: 'system', id: 'job-creator', name: 'TonerLoop job creator' };
    const history = [{ at: ago(60 * DAY).toISOString(), from: null, to: 'booked', actor, why: 'New job.' }];
    if (options.dispatchedAt) history.push({ at: options.dispatchedAt.toISOString(), from: 'packed', to: 'dispatched', actor, why: null } as never);
    const figures = [{ supplyIndex: 1, color: 'black', kind: 'toner', shipped: 3, since: ago(20 * DAY).toISOString(), pagesPrinted: 500, yieldPages: 3000, cartridgesUsed: 0.2, ahead: 1.8, threshold: 1, message: '3 black toner cartridges shipped…' }];
    await ctx.store.db.insertInto('supply_jobs').values({
      id, dealer_id: w.dealer.id, number, status, device_id: device.id, customer_id: device.customer_id, site_id: null, history: JSON.stringify(history),
      excess: options.excess ? JSON.stringify(figures) : null, excess_confirmed_at: options.excess?.confirmedBy ? ago(DAY) : null, excess_confirmed_by: options.excess?.confirmedBy ?? null,
      status_changed_at: since, created_at: ago(60 * DAY), updated_at: since,
    }).execute();
    for (const line of options.lines ?? []) {
      const supplyIndex = line.kind === 'drum' ? 2 : 1;
      await ctx.store.db.insertInto('supply_job_lines').values({
        id: randomUUID(), dealer_id: w.dealer.id, job_id: id, request_id: await takenRequest(w, device.id, device.customer_id, supplyIndex), supply_index: supplyIndex,
        stock_item_id: w.stockItem.id, sku: w.stockItem.sku, description: w.stockItem.description, color: line.color ?? 'black', kind: line.kind ?? 'toner', quantity: line.quantity ?? 1,
        backorder: line.backorder ?? false, expected_at: line.expectedAt ?? null, selected_by: 'related-stock', why: 'Test line.', created_at: line.createdAt ?? ago(30 * DAY),
      }).execute();
    }
    return { id, number };
  };

  /** Cartridge cycles of a device's supply that ended at these instants (null: still open). */
  const cycles = async (w: DealerWorld, deviceId: string, supplyIndex: number, endings: (Date | null)[]) => {
    let seq = 0;
    for (const endedAt of endings) {
      await ctx.store.db.insertInto('cartridge_cycles').values({
        dealer_id: w.dealer.id, device_id: deviceId, supply_index: supplyIndex, seq: ++seq, part_number: 'CF259A', start_kind: 'new', installed_at: ago(90 * DAY),
        end_kind: endedAt ? 'swapped' : 'open', ended_at: endedAt, pages_printed: 3000, toner_used_percent: 95, realized_yield: 3100, residual_percent: 5, shakes: 0,
      }).execute();
    }
  };

  const jobs: Record<string, { id: string; number: string }> = {};

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'reports');
    other = await buildDealer(ctx.store, 'reports-other');
    // Sessions are measured on the clock: log in once it reads NOW.
    ctx.clock.set(NOW);
    dispatcher = { cookie: await loginCookie(ctx.app, world.dispatcher.email) };
    const printer = (w: DealerWorld, customerId: string, n: number) => insertDevice(ctx.store, w.dealer.id, customerId, null, `REP-${n}-${randomUUID().slice(0, 6)}`);
    const [a, b, c, d, e] = [await printer(world, world.customer.id, 1), await printer(world, world.customer.id, 2), await printer(world, world.customer.id, 3),
      await printer(world, world.customer.id, 4), await printer(world, world.otherCustomer.id, 5)];
    // The world's own job is booked since 2026-11-21: 10 days.
    jobs.a = await job(world, a, 'booked', ago(2 * HOUR), { excess: { confirmedBy: null } });
    jobs.b = await job(world, b, 'ready', ago(2 * DAY), {
      excess: { confirmedBy: 'Dana Dispatcher' }, lines: [{ color: 'cyan', backorder: true, expectedAt: new Date(NOW.getTime() + 3 * DAY), createdAt: ago(5 * DAY) }, {}],
    });
    jobs.c = await job(world, c, 'packed', ago(5 * DAY), { lines: [{ backorder: true, expectedAt: ago(DAY), createdAt: ago(6 * DAY + 12 * HOUR) }] });
    // Shipped in the last 30 days: 2 toner cartridges to the customer (the drum and the back order are not cartridges shipped) …
    jobs.d = await job(world, d, 'dispatched', ago(8 * DAY), { dispatchedAt: ago(8 * DAY), lines: [{}, {}, { kind: 'drum', color: undefined }, { backorder: true, expectedAt: ago(2 * DAY) }] });
    // … 2 cyan to the other customer, in one line.
    jobs.e = await job(world, e, 'completed', ago(36 * HOUR), { dispatchedAt: ago(20 * DAY), lines: [{ color: 'cyan', quantity: 2 }] });
    // Dispatched in the window but cancelled since, and flagged: in neither the shipments nor the excess report.
    jobs.f = await job(world, a, 'cancelled', ago(9 * DAY), { dispatchedAt: ago(10 * DAY), excess: { confirmedBy: null }, lines: [{ quantity: 5 }] });
    // Dispatched 40 days ago: outside a 30-day window.
    jobs.h = await job(world, b, 'delivered', ago(38 * DAY), { dispatchedAt: ago(40 * DAY), lines: [{ quantity: 3 }] });
    // Consumed in the window: 4 black cartridges at the customer's printers (one more ended 40 days ago, one still in, a drum cycle), 1 at the other customer's.
    await cycles(world, a.id, 1, [ago(25 * DAY), ago(12 * DAY), ago(40 * DAY), null]);
    await cycles(world, b.id, 1, [ago(3 * DAY), ago(HOUR)]);
    await cycles(world, b.id, 2, [ago(4 * DAY)]);
    await cycles(world, e.id, 1, [ago(6 * DAY)]);
    // Exceptions: the world's (no SKU, since 2026-11-21), one unknown serial, one resolved.
    const unknown = await insertRequest(ctx.store, world.dealer.id, a.id, world.customer.id, 1);
    await ctx.store.db.insertInto('fulfilment_exceptions').values({ id: randomUUID(), dealer_id: world.dealer.id, request_id: unknown.id, customer_id: world.customer.id, device_id: a.id, reason: 'unknown-serial', message: 'No printer.', created_at: ago(DAY), updated_at: ago(DAY) }).execute();
    const resolved = await insertRequest(ctx.store, world.dealer.id, c.id, world.customer.id, 1);
    await ctx.store.db.insertInto('fulfilment_exceptions').values({ id: randomUUID(), dealer_id: world.dealer.id, request_id: resolved.id, customer_id: world.customer.id, device_id: c.id, reason: 'no-sku', message: 'No SKU.', created_at: ago(3 * DAY), updated_at: ago(DAY), resolved_at: ago(DAY), resolved_by: 'Dana' }).execute();
    // The other dealer's shipments, consumption, back orders and flags must not show.
    const foreign = await printer(other, other.customer.id, 9);
    await job(other, foreign, 'ready', ago(HOUR), { excess: { confirmedBy: null }, dispatchedAt: ago(DAY), lines: [{ quantity: 7 }, { backorder: true, expectedAt: ago(DAY) }] });
    await cycles(other, foreign.id, 1, [ago(DAY), ago(2 * DAY)]);
  });
  afterAll(() => ctx.close());

  it('summary: jobs per status and age since they entered it, with back orders, open exceptions and excess flags', async () => {
    const response = await get('/summary');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.at).toBe(NOW.toISOString());
    const ages = Object.fromEntries(body.statuses.map((s: any) => [s.status, [s.total, s.ages.under1Day, s.ages.days1To3, s.ages.days3To7, s.ages.over7Days]]));
    expect(ages).toEqual({
      booked: [2, 1, 0, 0, 1], ready: [1, 0, 1, 0, 0], packed: [1, 0, 0, 1, 0], dispatched: [1, 0, 0, 0, 1], delivered: [1, 0, 0, 0, 1], completed: [1, 0, 1, 0, 0], cancelled: [1, 0, 0, 0, 1],
    });
    expect(body.statuses[0].oldestSince).toBe('2026-11-21T10:00:00.000Z');
    expect(body.backorders).toEqual({ lines: 2, overdue: 1 });
    expect(body.exceptions).toEqual({ open: 2, byReason: { 'unknown-serial': 1, 'no-sku': 1 }, oldestSince: '2026-11-21T10:00:00.000Z' });
    expect(body.excess).toEqual({ pending: 1, confirmed: 1 });
  });

  it('back orders: open lines of jobs not yet dispatched, the soonest expected first, with days waiting and overdue', async () => {
    const response = await get('/backorders');
    expect(response.statusCode).toBe(200);
    const items = response.json().items;
    expect(items.map((i: any) => [i.job.number, i.job.status, i.color, i.sku, i.daysWaiting, i.overdue, i.expectedAt])).toEqual([
      [jobs.c!.number, 'packed', 'black', world.stockItem.sku, 6, true, ago(DAY).toISOString()],
      [jobs.b!.number, 'ready', 'cyan', world.stockItem.sku, 5, false, new Date(NOW.getTime() + 3 * DAY).toISOString()],
    ]);
    expect(items[0]).toMatchObject({ customer: world.customer.name, customerId: world.customer.id, quantity: 1, waitingSince: ago(6 * DAY + 12 * HOUR).toISOString() });
    expect((await get('/backorders?limit=1')).json().items).toHaveLength(1);
  });

  it('excess: flagged jobs with their figures, those waiting for confirmation first, and who confirmed; cancelled ones left out', async () => {
    const all = (await get('/excess')).json().items;
    expect(all.map((j: any) => [j.number, j.confirmed, j.confirmedBy])).toEqual([[jobs.a!.number, false, null], [jobs.b!.number, true, 'Dana Dispatcher']]);
    expect(all[0].figures).toEqual([expect.objectContaining({ color: 'black', shipped: 3, pagesPrinted: 500, yieldPages: 3000, ahead: 1.8, threshold: 1, pagesAxis: 'total' })]);
    expect(all[1].confirmedAt).toBe(ago(DAY).toISOString());
    expect((await get('/excess?confirmed=false')).json().items.map((j: any) => j.number)).toEqual([jobs.a!.number]);
    expect((await get('/excess?confirmed=true')).json().items.map((j: any) => j.number)).toEqual([jobs.b!.number]);
  });

  it('shipped vs consumed: per customer, cartridges on jobs dispatched in the period against cartridge cycles ended in it, with the ratio', async () => {
    const response = await get(`/shipped-vs-consumed?from=${ago(30 * DAY).toISOString()}&to=${NOW.toISOString()}`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.customers).toEqual([
      { customerId: world.otherCustomer.id, customer: world.otherCustomer.name, shipped: 2, consumed: 1, ratio: 2 },
      { customerId: world.customer.id, customer: world.customer.name, shipped: 2, consumed: 4, ratio: 0.5 },
    ]);
    expect(body.totals).toEqual({ shipped: 4, consumed: 5, ratio: 0.8 });
    // The default period is the 90 days before now: the job dispatched 40 days ago and the cycle ended then count too.
    const whole = (await get('/shipped-vs-consumed')).json();
    expect(whole).toMatchObject({ from: ago(90 * DAY).toISOString(), to: NOW.toISOString(), totals: { shipped: 7, consumed: 6 } });
  });

  it('refuses a customer key user and the warehouse (403), and bad periods and parameters (400) with one sentence', async () => {
    for (const email of [world.keyUser.email, world.warehouse.email]) {
      const headers = { cookie: await loginCookie(ctx.app, email) };
      for (const path of ['/summary', '/backorders', '/excess', '/shipped-vs-consumed']) expect((await get(path, headers)).statusCode).toBe(403);
    }
    const backwards = await get('/shipped-vs-consumed?from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z');
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.message).toBe('The period is empty: from must be before to.');
    for (const [query, parameter] of [['/shipped-vs-consumed?from=last-week', 'from'], ['/excess?confirmed=maybe', 'confirmed'], ['/backorders?limit=0', 'limit']] as const) {
      const response = await get(query);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toMatch(new RegExp(`^querystring\\.${parameter}: [^\\n]+\\.$`));
    }
  });
});
