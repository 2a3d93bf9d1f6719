import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateDeviceRequests } from '../../src/requests/index.js';
import { createTestApp } from '../support/app.js';
import { uploadReadings } from '../support/readings.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, insertRequest, loginCookie, type DealerWorld } from '../support/factories.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-11-01T00:00:00Z');

/** Six-hourly readings of a printer using 1 % a day at 100 pages a day; `levelAt(day)` gives the gauge. */
function readings(serial: string, fromDay: number, toDay: number, levelAt: (day: number) => number) {
  const out = [];
  for (let day = fromDay; day < toDay; day += 0.25) {
    const level = levelAt(day);
    out.push({
      readingId: randomUUID(), collectedAt: new Date(START + day * 24 * HOUR).toISOString(), target: '10.7.7.7:161', protocol: 'snmp', serial, model: 'HP LaserJet Pro M404dn',
      meters: { total: Math.round(30_000 + day * 100), mono: null, color: null },
      supplies: [{ index: 1, kind: 'toner', color: 'black', description: 'Black Cartridge HP CF259A', partNumber: 'CF259A', isReceptacle: false, remainingPercent: level, state: level <= 10 ? 'low' : 'ok', raw: { level, max: 100, unit: 'percent' } }],
      error: null,
    });
  }
  return out;
}

describe(`consumable requests: raised once, actioned by the ERP, closed by the install (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let erp: { authorization: string };
  const upload = (batch: unknown[]) => uploadReadings(ctx.app, world.collectorToken, batch, 50);
  const queue = async (status = 'outstanding') => (await ctx.app.inject({ method: 'GET', url: `/api/v1/consumable-requests?status=${status}`, headers: erp })).json().items.filter((r: { serial: string }) => r.serial === 'REQ-1');
  const action = (id: string, externalId: string) => ctx.app.inject({ method: 'POST', url: `/api/v1/consumable-requests/${id}/action`, headers: erp, payload: { externalId } });

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'requests');
    erp = { authorization: `Bearer ${world.integrationToken}` };
  });
  afterAll(() => ctx.close());

  it('raises one automatic request when the forecast says the toner runs out within lead time and buffer', async () => {
    ctx.clock.set(new Date(START + 10 * 24 * HOUR));
    await upload(readings('REQ-1', 0, 10, (d) => Math.ceil(18 - d)));
    const [request, ...others] = await queue();
    expect(others).toEqual([]);
    expect(request).toMatchObject({ status: 'outstanding', trigger: 'forecast', origin: 'automatic', serial: 'REQ-1', customer: world.customer.name, supply: { index: 1, kind: 'toner', color: 'black', partNumber: 'CF259A' } });
    expect(request.daysRemaining).toBeLessThan(12);
    expect(request.authorization.every((r: { passed: boolean }) => r.passed)).toBe(true);
  });

  it('raises no second request for the same depletion, however many readings and evaluations follow', async () => {
    await upload(readings('REQ-1', 10, 11, (d) => Math.ceil(18 - d)));
    const device = (await ctx.store.repos.devices.list({ dealerId: world.dealer.id, customerId: null }, { serial: 'REQ-1' }, { limit: 1 }))[0]!;
    await Promise.all(Array.from({ length: 10 }, () => evaluateDeviceRequests(ctx.store, world.dealer.id, device.id, ctx.clock.now())));
    const all = await ctx.store.db.selectFrom('consumable_requests').select('status').where('device_id', '=', device.id).execute();
    expect(all).toEqual([{ status: 'outstanding' }]);
  });

  it('actions a request once: the same externalId again changes nothing, another one is a conflict', async () => {
    const [request] = await queue();
    const first = await action(request.id, 'JIM2-4711');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'actioned', externalId: 'JIM2-4711', changed: true });
    expect(first.json().comment).toContain('JIM2-4711');
    expect((await action(request.id, 'JIM2-4711')).json()).toMatchObject({ status: 'actioned', changed: false });
    const other = await action(request.id, 'JIM2-9999');
    expect(other.statusCode).toBe(409);
    expect(other.json().error.message).toMatch(/already actioned with externalId JIM2-4711/);
    expect(await queue()).toEqual([]);
    expect((await queue('actioned')).map((r: { id: string }) => r.id)).toEqual([request.id]);
  });

  it('completes the actioned request when the new cartridge is seen installed (loop closed)', async () => {
    ctx.clock.set(new Date(START + 16 * 24 * HOUR));
    await upload(readings('REQ-1', 11, 16, (d) => (d < 13.5 ? Math.max(1, Math.ceil(18 - d)) : Math.ceil(100 - (d - 13.5)))));
    const [completed] = await queue('completed');
    expect(completed).toBeDefined();
    expect(completed.comment).toMatch(/loop closed/);
  });

  it('lets parallel ERP calls action a request exactly once', async () => {
    ctx.clock.set(new Date(START + 40 * 24 * HOUR));
    const device = (await ctx.store.repos.devices.list({ dealerId: world.dealer.id, customerId: null }, { serial: world.device.serial }, { limit: 1 }))[0]!;
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => action(world.request.id, `ERP-${i}`)));
    expect(answers.filter((a) => a.statusCode === 200 && a.json().changed)).toHaveLength(1);
    expect(answers.filter((a) => a.statusCode === 409)).toHaveLength(11);
    const row = await ctx.store.db.selectFrom('consumable_requests').selectAll().where('device_id', '=', device.id).executeTakeFirstOrThrow();
    expect((row.history as unknown[]).filter((h) => (h as { to: string }).to === 'actioned')).toHaveLength(1);
  });

  it('rejects a request raised from a stale backlog with its reasons, and reopens it once fresh readings arrive', async () => {
    ctx.clock.set(new Date(START + 60 * 24 * HOUR));
    const backlog = readings('BACKLOG-1', 40, 50, (d) => Math.ceil(18 - (d - 40)));
    await upload(backlog);
    const rejected = (await ctx.app.inject({ method: 'GET', url: '/api/v1/consumable-requests?status=rejected', headers: erp })).json().items.filter((r: { serial: string }) => r.serial === 'BACKLOG-1');
    expect(rejected).toHaveLength(1);
    expect(rejected[0].authorization.find((r: { rule: string }) => r.rule === 'deviceConnected')).toMatchObject({ passed: false, reason: expect.stringMatching(/last seen 1\d(\.\d)? days ago, longer than the 48-hour window/) });
    await upload(readings('BACKLOG-1', 59.5, 60, (d) => Math.max(1, Math.ceil(18 - (d - 40) * 0.45))));
    const outstanding = (await ctx.app.inject({ method: 'GET', url: '/api/v1/consumable-requests?status=outstanding', headers: erp })).json().items.filter((r: { serial: string }) => r.serial === 'BACKLOG-1');
    expect(outstanding.map((r: { id: string }) => r.id)).toEqual([rejected[0].id]);
  });

  it('moves requests on the board: ignore, refuse what the status machine forbids, and override a rejection only as a dealer admin with a comment', async () => {
    const move = (id: string, body: Record<string, unknown>, headers: Record<string, string>) => ctx.app.inject({ method: 'POST', url: `/api/v1/consumable-requests/${id}/status`, headers, payload: body });
    const dispatcher = { cookie: await loginCookie(ctx.app, world.dispatcher.email) };
    const admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
    const rejected = await insertRequest(ctx.store, world.dealer.id, world.otherDevice.id, world.otherCustomer.id, 1);
    await ctx.store.db.updateTable('consumable_requests').set({ status: 'rejected' }).where('id', '=', rejected.id).execute();
    expect((await move(rejected.id, { to: 'outstanding', comment: 'Printer moved; meters will catch up.' }, dispatcher)).statusCode).toBe(409);
    expect((await move(rejected.id, { to: 'outstanding' }, admin)).json().error.message).toMatch(/needs a comment/);
    const override = await move(rejected.id, { to: 'outstanding', comment: 'Printer moved; meters will catch up.' }, admin);
    expect(override.json()).toMatchObject({ status: 'outstanding', changed: true });
    expect((await move(rejected.id, { to: 'ignored', comment: 'Customer has spares.' }, dispatcher)).json()).toMatchObject({ status: 'ignored' });
    const refused = await move(rejected.id, { to: 'queried' }, dispatcher);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/cannot go from ignored to queried/);
    // While another request orders the same cartridge, an override would order it twice: refused with the reason.
    const second = await insertRequest(ctx.store, world.dealer.id, world.otherDevice.id, world.otherCustomer.id, 2);
    await ctx.store.db.updateTable('consumable_requests').set({ status: 'rejected' }).where('id', '=', second.id).execute();
    const open = await insertRequest(ctx.store, world.dealer.id, world.otherDevice.id, world.otherCustomer.id, 2);
    const twice = await move(second.id, { to: 'outstanding', comment: 'Try anyway.' }, admin);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toMatchObject({ message: expect.stringMatching(/already orders this cartridge \(outstanding\); reopening this one would order it twice/), details: { requestId: open.id } });
    const audit = (await ctx.app.inject({ method: 'GET', url: '/api/v1/audit', headers: admin })).json().items as { action: string; entityId: string; actorId: string; details: Record<string, unknown> }[];
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['request.outstanding', 'request.ignored']));
    expect(audit.find((e) => e.action === 'request.outstanding' && e.entityId === rejected.id)).toMatchObject({
      actorId: world.admin.id, details: { from: 'rejected', override: true, comment: 'Printer moved; meters will catch up.' },
    });
  });
});
