import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';
import { person, warehouseWorld } from './support.js';

const HOUR = 3_600_000;

describe(`delivery confirmation by tracking number and by a carrier's CSV report (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let w: Awaited<ReturnType<typeof warehouseWorld>>;

  /** A job packed by scan and dispatched under a new tracking number. */
  const dispatched = async () => {
    const [unit] = await w.stock(w.black, 1);
    const job = await w.readyJob(false);
    const scan = w.station();
    await scan(unit!);
    expect(await scan(job.orderLabel)).toMatchObject({ accepted: true, complete: true });
    const trackingNumber = `TRK${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
    await w.operator.ok('POST', `/jobs/${job.id}/dispatch`, { carrier: 'DPD', trackingNumber });
    return { ...job, trackingNumber, dispatchedAt: ctx.clock.now() };
  };
  // A fresh session each time: the tests move the clock on by hours.
  const importCsv = async (csv: string, contentType = 'text/csv') => ctx.app.inject({ method: 'POST', url: '/api/v1/deliveries/import', headers: { cookie: await loginCookie(ctx.app, world.dispatcher.email), 'content-type': contentType }, payload: csv });

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'deliveries');
    w = await warehouseWorld(ctx, world);
  });
  afterAll(() => ctx.close());

  it('an API call by tracking number confirms the delivery and keeps the dispatch → delivered time per site; sent again it changes nothing', async () => {
    const job = await dispatched();
    // Under the sessions' 12 h idle expiry: the people stay logged in.
    ctx.clock.advance(10 * HOUR);
    const at = new Date(job.dispatchedAt.getTime() + 9 * HOUR).toISOString();
    const done = await w.dispatcher.ok('POST', '/deliveries', { trackingNumber: job.trackingNumber, at });
    expect(done).toMatchObject({ row: null, trackingNumber: job.trackingNumber, outcome: 'confirmed', jobs: [{ id: job.id, number: job.number, deliveredAt: at, transitHours: 9 }] });
    expect((await w.dispatcher.ok('GET', `/jobs/${job.id}`)).status).toBe('delivered');
    const shipment = await ctx.store.db.selectFrom('shipments').selectAll().where('job_id', '=', job.id).executeTakeFirstOrThrow();
    expect(shipment).toMatchObject({ site_id: world.site.id, delivered_at: new Date(at) });
    const again = await w.dispatcher.ok('POST', '/deliveries', { trackingNumber: job.trackingNumber });
    expect(again).toMatchObject({ outcome: 'already-delivered', jobs: [{ deliveredAt: at }] });
    expect((await ctx.store.db.selectFrom('shipments').select('delivered_at').where('job_id', '=', job.id).executeTakeFirstOrThrow()).delivered_at).toEqual(new Date(at));
  });

  it('an API call refuses an unknown tracking number (404), a time before the dispatch or still to come (400), and a caller without jobs:work (403)', async () => {
    const job = await dispatched();
    expect((await w.dispatcher.call('POST', '/deliveries', { trackingNumber: 'NEVER-SHIPPED' })).status).toBe(404);
    const before = await w.dispatcher.call('POST', '/deliveries', { trackingNumber: job.trackingNumber, at: new Date(job.dispatchedAt.getTime() - HOUR).toISOString() });
    expect(before.status).toBe(400);
    expect(before.body.error.message).toContain('dispatched at');
    expect((await w.dispatcher.call('POST', '/deliveries', { trackingNumber: job.trackingNumber, at: new Date(ctx.clock.now().getTime() + HOUR).toISOString() })).status).toBe(400);
    expect((await w.dispatcher.call('POST', '/deliveries', { trackingNumber: job.trackingNumber, at: 'yesterday' })).status).toBe(400);
    expect((await w.operator.call('POST', '/deliveries', { trackingNumber: job.trackingNumber })).status).toBe(403);
    const keyUser = await person(ctx, world.keyUser.email);
    expect((await keyUser.call('POST', '/deliveries', { trackingNumber: job.trackingNumber })).status).toBe(403);
    expect((await w.dispatcher.ok('GET', `/jobs/${job.id}`)).status).toBe('dispatched');
  });

  it('a carrier\'s CSV report is confirmed row by row, each row reported with its line: confirmed, already delivered, unknown tracking number, bad date', async () => {
    const first = await dispatched();
    const second = await dispatched();
    const delivered = await dispatched();
    ctx.clock.advance(10 * HOUR);
    await w.dispatcher.ok('POST', '/deliveries', { trackingNumber: delivered.trackingNumber });
    const at = new Date(first.dispatchedAt.getTime() + 8 * HOUR);
    const csv = [
      'Parcel Number;POD Date;Recipient',
      `${first.trackingNumber};${at.toISOString()};Reception`,
      `${delivered.trackingNumber};${at.toISOString()};Reception`,
      `NOT-OURS-1;${at.toISOString()};Someone`,
      `${second.trackingNumber};23/11/2026 10:12;Reception`,
      `${second.trackingNumber};2026-11-23 10:12;Reception`,
      `;${at.toISOString()};Nobody`,
      `${second.trackingNumber};${at.toISOString().replace('Z', '+00:00').replace('T', ' ')};Reception`,
    ].join('\r\n');
    const response = await importCsv(csv);
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ rows: 7, confirmed: 2, alreadyDelivered: 1, unknownTrackingNumber: 2, badDate: 2, notDispatched: 0 });
    expect(report.results.map((r: any) => [r.row, r.outcome])).toEqual([
      [2, 'confirmed'], [3, 'already-delivered'], [4, 'unknown-tracking-number'], [5, 'bad-date'], [6, 'bad-date'], [7, 'unknown-tracking-number'], [8, 'confirmed'],
    ]);
    expect(report.results[0].jobs).toEqual([{ id: first.id, number: first.number, deliveredAt: at.toISOString(), transitHours: 8 }]);
    expect(report.results[4].message).toContain('no UTC offset');
    expect(report.results[3].message).toMatch(/^Line 5: /);
    for (const job of [first, second]) expect((await w.dispatcher.ok('GET', `/jobs/${job.id}`)).status).toBe('delivered');
  });

  it('a report without a tracking number or delivery column, or not sent as CSV, is refused as a whole (400, 415), never a 500', async () => {
    const missing = await importCsv('reference,when\nX,2026-11-23T10:00:00Z\n');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('tracking number column');
    expect((await importCsv('{"trackingNumber":"X"}', 'application/json')).statusCode).toBe(415);
    expect((await importCsv('trackingNumber,deliveredAt\n"unterminated,2026-11-23T10:00:00Z\n')).statusCode).toBe(400);
    const empty = await importCsv('trackingNumber,deliveredAt\n');
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({ rows: 0, confirmed: 0 });
    const operatorCookie = await loginCookie(ctx.app, world.warehouse.email);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/deliveries/import', headers: { cookie: operatorCookie, 'content-type': 'text/csv' }, payload: 'trackingNumber,deliveredAt\n' })).statusCode).toBe(403);
  });

  it('a cancelled job\'s tracking number is not dispatched any more, per row', async () => {
    const job = await dispatched();
    await ctx.store.db.updateTable('supply_jobs').set({ status: 'cancelled' }).where('id', '=', job.id).execute();
    const report = (await importCsv(`trackingNumber,deliveredAt\n${job.trackingNumber},${ctx.clock.now().toISOString()}\n`)).json();
    expect(report.results[0]).toMatchObject({ row: 2, outcome: 'not-dispatched' });
    expect((await w.dispatcher.call('POST', '/deliveries', { trackingNumber: job.trackingNumber })).status).toBe(409);
  });
});
