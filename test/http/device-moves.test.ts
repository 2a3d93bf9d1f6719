import { randomUUID } from 'node:crypto';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Store } from '../../src/app/store.js';
import { createContract } from '../../src/contracts/index.js';
import { ingestReadings, UploadedReading } from '../../src/telemetry/index.js';
import { HELD_REASON, REFUSED_AFTER_REJECTION } from '../../src/telemetry/foreign.js';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';

/** The store with each statement its transactions run counted. */
function countingStore(store: Store): { store: Store; statements: () => number } {
  let statements = 0;
  const counter: KyselyPlugin = { transformQuery: ({ node }) => { statements += 1; return node; }, transformResult: async ({ result }) => result };
  return { store: { ...store, transaction: (work) => store.db.transaction().execute((trx) => work(createRepositories(trx.withPlugin(counter)))) }, statements: () => statements };
}

/** A reading as a collector uploads it; `pages` is the total page counter. */
function reading(serial: string | null, at: string, level: number, pages: number, options: { mac?: string | null; target?: string; model?: string } = {}) {
  return {
    readingId: randomUUID(), collectedAt: at, target: options.target ?? '10.9.0.10:161', protocol: 'snmp', serial, mac: options.mac ?? null, model: options.model ?? 'HP LaserJet Pro M404dn',
    meters: { total: pages, mono: null, color: null },
    supplies: [{ index: 1, kind: 'toner', color: 'black', description: 'Black Cartridge HP CF259A', partNumber: 'CF259A', isReceptacle: false, remainingPercent: level, state: 'ok', raw: { level, max: 100, unit: 'percent' } }],
    error: null,
  };
}

// Customer A is world.customer (its collector is world.collectorToken); customer B is world.otherCustomer, with a collector of its own.
describe(`finding 1: a collector writes only its own customer's printers (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let stranger: DealerWorld;
  let collectorB: string;
  const as: Record<string, { cookie: string }> = {};
  const upload = async (token: string, readings: unknown[]) => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/collector/readings', headers: { authorization: `Bearer ${token}` }, payload: { readings } });
    expect(response.statusCode, response.body).toBe(202);
    await ctx.app.tonerloop.forecasts.drain();
    return { answer: response.json(), body: response.body };
  };
  const uploadA = (readings: unknown[]) => upload(world.collectorToken, readings);
  const uploadB = (readings: unknown[]) => upload(collectorB, readings);
  const moves = async (status = 'all', who = as.admin) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/device-moves?status=${status}`, headers: who })).json().items as Move[];
  const moveOf = async (deviceId: string) => (await moves()).filter((m) => m.device.id === deviceId);
  const decide = (id: string, what: 'confirm' | 'reject', who = as.dispatcher) => ctx.app.inject({ method: 'POST', url: `/api/v1/device-moves/${id}/${what}`, headers: who });
  const audit = async () => (await ctx.app.inject({ method: 'GET', url: '/api/v1/audit?limit=200', headers: as.admin })).json().items as { action: string; entityId: string; details: Record<string, unknown> }[];
  /** Everything stored about a device: the row, its supplies, level and meter history, receipts and target health pointing at it. */
  const snapshot = async (id: string) => ({
    device: await ctx.store.db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    supplies: await ctx.store.db.selectFrom('supplies').select(['supply_index', 'remaining_percent', 'updated_at']).where('device_id', '=', id).orderBy('supply_index').execute(),
    levels: await ctx.store.db.selectFrom('supply_level_history').select(['observed_at', 'confirmed_at', 'remaining_percent']).where('device_id', '=', id).orderBy('observed_at').execute(),
    meters: await ctx.store.db.selectFrom('meter_history').select(['observed_at', 'confirmed_at', 'total']).where('device_id', '=', id).orderBy('observed_at').execute(),
    receipts: (await ctx.store.db.selectFrom('readings').select('reading_id').where('device_id', '=', id).execute()).length,
    targets: await ctx.store.db.selectFrom('collector_targets').select(['collector_id', 'target']).where('device_id', '=', id).execute(),
  });
  const setAutoApply = async (on: boolean) => {
    const response = await ctx.app.inject({ method: 'PUT', url: '/api/v1/device-move-settings', headers: as.admin, payload: { autoApplyMoves: on } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ autoApplyMoves: on });
  };
  /** A printer of customer B with some history read by B's own collector; returns its device id. */
  const printerOfB = async (serial: string | null, mac: string | null = null) => {
    await uploadB([reading(serial, '2026-11-19T08:00:00Z', 70, 20_000, { mac, target: '192.168.7.7:161', model: 'B model' }), reading(serial, '2026-11-19T12:00:00Z', 69, 20_040, { mac, target: '192.168.7.7:161', model: 'B model' })]);
    const device = await ctx.store.db.selectFrom('devices').select(['id', 'customer_id']).where('dealer_id', '=', world.dealer.id).where('identity', '=', serial ?? `mac:${mac}`).executeTakeFirstOrThrow();
    expect(device.customer_id).toBe(world.otherCustomer.id);
    return device.id;
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'moves');
    stranger = await buildDealer(ctx.store, 'moves-stranger');
    for (const [name, email] of [['admin', world.admin.email], ['dispatcher', world.dispatcher.email], ['warehouse', world.warehouse.email], ['keyUser', world.keyUser.email], ['otherKeyUser', world.otherKeyUser.email], ['stranger', stranger.admin.email]] as const) {
      as[name] = { cookie: await loginCookie(ctx.app, email) };
    }
    const registered = await ctx.app.inject({ method: 'POST', url: '/api/v1/collectors', headers: as.admin, payload: { customerId: world.otherCustomer.id, name: 'Collector at B' } });
    collectorB = registered.json().token;
  });
  afterAll(() => ctx.close());

  it("leaves B's device untouched, says nothing of it in the answer, and notes a move candidate with the evidence", async () => {
    const deviceB = await printerOfB('MOVE-0001');
    const before = await snapshot(deviceB);
    // A's collector reads the same serial at its own address, with a page counter below B's: no "meter went back from 20040" note may appear.
    const batch = [reading('move-0001', '2026-11-20T08:00:00Z', 55, 19_000, { target: '10.9.0.44:161', model: 'Seen at A' }), reading('MOVE-0001', '2026-11-20T09:00:00Z', 54, 19_010, { target: '10.9.0.44:161', model: 'Seen at A' })];
    const { answer, body } = await uploadA(batch);
    expect(answer).toMatchObject({ accepted: 0, duplicates: 0, rejected: [], corrected: [], held: batch.map((r) => ({ readingId: r.readingId, reason: HELD_REASON })) });
    for (const secret of [deviceB, world.otherCustomer.id, world.otherCustomer.name, '20040', '20000', '20 040', 'B model', '192.168.7.7']) expect(body).not.toContain(secret);
    expect(await snapshot(deviceB)).toEqual(before);
    // Nothing was created at A either: the printer is B's until the dealer says otherwise.
    expect(await ctx.store.db.selectFrom('devices').select('id').where('dealer_id', '=', world.dealer.id).where('serial', '=', 'MOVE-0001').execute()).toEqual([{ id: deviceB }]);

    const [move, ...others] = await moveOf(deviceB);
    expect(others).toEqual([]);
    expect(move).toMatchObject({
      status: 'pending',
      device: { id: deviceB, serial: 'MOVE-0001', customerId: world.otherCustomer.id, pageCounter: 20_040, lastSeenAt: '2026-11-19T12:00:00.000Z' },
      from: { id: world.otherCustomer.id, name: world.otherCustomer.name }, to: { id: world.customer.id, name: world.customer.name },
      collector: { id: world.collector.id }, firstSeenAt: '2026-11-20T08:00:00.000Z', lastSeenAt: '2026-11-20T09:00:00.000Z',
      evidence: { readingId: batch[1]!.readingId, collectedAt: '2026-11-20T09:00:00.000Z', target: '10.9.0.44:161', serial: 'MOVE-0001', model: 'Seen at A', pageCounter: 19_010 },
      readingsHeld: 2, readingsRefused: 0, decidedAt: null, decidedBy: null,
    });

    // Sent again (a retried upload): duplicates, nothing held twice.
    expect((await uploadA(batch)).answer).toMatchObject({ accepted: 0, duplicates: 2 });
    expect((await moveOf(deviceB))[0]).toMatchObject({ readingsHeld: 2 });
    // B's own collector keeps reporting it as ever.
    expect((await uploadB([reading('MOVE-0001', '2026-11-20T10:00:00Z', 68, 20_080, { target: '192.168.7.7:161' })])).answer).toMatchObject({ accepted: 1 });
    expect((await snapshot(deviceB)).device.last_seen_at?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
  });

  it('takes the held readings in when staff confirm: the device moves to A with its history, once, however often and concurrently confirmed', async () => {
    const deviceB = await printerOfB('MOVE-0002');
    const held = [reading('MOVE-0002', '2026-11-20T08:00:00Z', 50, 20_100, { target: '10.9.0.45:161' }), reading('MOVE-0002', '2026-11-20T09:00:00Z', 49, 20_110, { target: '10.9.0.45:161' })];
    await uploadA(held);
    const [move] = await moveOf(deviceB);
    // Key users and the warehouse may not decide; another dealer does not see it at all.
    expect((await decide(move!.id, 'confirm', as.keyUser)).statusCode).toBe(403);
    expect((await decide(move!.id, 'confirm', as.warehouse)).statusCode).toBe(403);
    expect((await decide(move!.id, 'confirm', as.stranger)).statusCode).toBe(404);

    const answers = await Promise.all([decide(move!.id, 'confirm'), decide(move!.id, 'confirm'), decide(move!.id, 'confirm', as.admin)]);
    for (const answer of answers) expect(answer.statusCode, answer.body).toBe(200);
    await ctx.app.tonerloop.forecasts.drain();
    expect(answers[0]!.json()).toMatchObject({ id: move!.id, status: 'confirmed', device: { id: deviceB, customerId: world.customer.id }, readingsHeld: 2 });
    expect((await decide(move!.id, 'confirm')).json()).toMatchObject({ status: 'confirmed' });

    const after = await snapshot(deviceB);
    expect(after.device).toMatchObject({ customer_id: world.customer.id, serial: 'MOVE-0002', site_id: null, last_target: '10.9.0.45:161' });
    expect(after.levels.map((l) => l.remaining_percent)).toEqual([70, 69, 50, 49]);
    expect(after.meters.map((m) => Number(m.total))).toEqual([20_000, 20_040, 20_100, 20_110]);
    expect(after.receipts).toBe(4);
    expect(await ctx.store.db.selectFrom('held_readings').selectAll().where('move_id', '=', move!.id).execute()).toEqual([]);
    const moved = (await audit()).filter((e) => e.entityId === deviceB && e.action === 'device.moved');
    expect(moved).toEqual([expect.objectContaining({ details: expect.objectContaining({ moveId: move!.id, fromCustomerId: world.otherCustomer.id, toCustomerId: world.customer.id, by: 'staff', heldReadings: 2 }) })]);
    // A's key user sees it now, B's no longer; A's collector's next reading lands on it, B's is held for a move back.
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/devices/${deviceB}`, headers: as.keyUser })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/devices/${deviceB}`, headers: as.otherKeyUser })).statusCode).toBe(404);
    expect((await uploadA([reading('MOVE-0002', '2026-11-20T10:00:00Z', 48, 20_120, { target: '10.9.0.45:161' })])).answer).toMatchObject({ accepted: 1 });
    expect((await uploadB([reading('MOVE-0002', '2026-11-20T11:00:00Z', 47, 20_130)])).answer).toMatchObject({ accepted: 0, held: [expect.anything()] });
    // Held again, and the same readings confirmed again change nothing.
    expect((await snapshot(deviceB)).meters).toHaveLength(5);
  });

  it('discards the held readings when staff reject, and refuses that printer from A afterwards with a reason', async () => {
    const deviceB = await printerOfB('MOVE-0003');
    const before = await snapshot(deviceB);
    await uploadA([reading('MOVE-0003', '2026-11-20T08:00:00Z', 50, 20_100)]);
    const [move] = await moveOf(deviceB);
    expect((await decide(move!.id, 'reject', as.keyUser)).statusCode).toBe(403);
    expect((await decide(move!.id, 'reject', as.stranger)).statusCode).toBe(404);
    const rejected = await decide(move!.id, 'reject');
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', decidedBy: world.dispatcher.id, device: { customerId: world.otherCustomer.id } });
    expect((await decide(move!.id, 'reject')).statusCode).toBe(200);
    expect((await decide(move!.id, 'confirm')).statusCode).toBe(409);
    expect(await ctx.store.db.selectFrom('held_readings').selectAll().where('move_id', '=', move!.id).execute()).toEqual([]);
    expect((await audit()).filter((e) => e.entityId === deviceB && e.action === 'device.move-rejected')).toEqual([expect.objectContaining({ details: expect.objectContaining({ moveId: move!.id, discardedReadings: 1 }) })]);

    const later = reading('MOVE-0003', '2026-11-20T10:00:00Z', 49, 20_110);
    const { answer, body } = await uploadA([later]);
    expect(answer).toMatchObject({ accepted: 1, rejected: [{ readingId: later.readingId, reason: REFUSED_AFTER_REJECTION }] });
    expect(answer.held).toBeUndefined();
    expect(body).not.toContain(world.otherCustomer.name);
    expect(await snapshot(deviceB)).toEqual(before);
    expect(await moveOf(deviceB)).toEqual([expect.objectContaining({ id: move!.id, status: 'rejected', readingsRefused: 1, lastSeenAt: '2026-11-20T10:00:00.000Z' })]);
  });

  it('moves at once where the dealer allows it, taking in what was held before', async () => {
    const deviceB = await printerOfB('MOVE-0004');
    const heldBefore = reading('MOVE-0004', '2026-11-20T08:00:00Z', 50, 20_100);
    await uploadA([heldBefore]);
    const freshB = await printerOfB('MOVE-0005');
    expect((await ctx.app.inject({ method: 'PUT', url: '/api/v1/device-move-settings', headers: as.dispatcher, payload: { autoApplyMoves: true } })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/device-move-settings', headers: as.keyUser })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'PUT', url: '/api/v1/device-move-settings', headers: as.admin, payload: { autoApplyMoves: 'yes' } })).statusCode).toBe(400);
    await setAutoApply(true);
    try {
      const { answer } = await uploadA([reading('MOVE-0004', '2026-11-20T09:00:00Z', 49, 20_110), reading('MOVE-0005', '2026-11-20T09:00:00Z', 30, 31_000)]);
      expect(answer).toMatchObject({ accepted: 2, duplicates: 0, rejected: [] });
      expect(answer.held).toBeUndefined();
      for (const [id, levels] of [[deviceB, [70, 69, 50, 49]], [freshB, [70, 69, 30]]] as const) {
        const after = await snapshot(id);
        expect(after.device.customer_id).toBe(world.customer.id);
        expect(after.levels.map((l) => l.remaining_percent)).toEqual(levels);
        expect((await moveOf(id))[0]).toMatchObject({ status: 'applied', decidedBy: null, to: { id: world.customer.id } });
      }
      expect((await audit()).filter((e) => [deviceB, freshB].includes(e.entityId) && e.action === 'device.moved').map((e) => e.details.by)).toEqual(['dealer setting', 'dealer setting']);
      expect((await moveOf(deviceB))[0]).toMatchObject({ readingsHeld: 1 });
    } finally {
      await setAutoApply(false);
    }
  });

  it('applies a batch of candidates in the same number of statements as one, and lists the moved devices in no contract of B', async () => {
    const rules = { unreachableAfter: 3, maxAgeMs: 90 * 86_400_000 };
    const collectorA = { kind: 'collector' as const, id: world.collector.id, dealerId: world.dealer.id, customerId: world.customer.id };
    /** B's printers read by A's collector in one upload, with a reading of each held before; the statements the upload ran. */
    const applyAtOnce = async (serials: string[], prepare = async (_devices: string[]) => {}) => {
      const devices = [];
      for (const serial of serials) devices.push(await printerOfB(serial));
      await prepare(devices);
      await uploadA(serials.map((serial) => reading(serial, '2026-11-20T08:00:00Z', 50, 20_100)));
      const counted = countingStore(ctx.store);
      await setAutoApply(true);
      try {
        const { outcome } = await ingestReadings(counted.store, collectorA, serials.map((serial) => UploadedReading.parse(reading(serial, '2026-11-20T09:00:00Z', 49, 20_110))), ctx.clock.now(), rules);
        expect(outcome).toMatchObject({ accepted: serials.length, duplicates: 0, rejected: [] });
      } finally {
        await setAutoApply(false);
      }
      for (const id of devices) {
        expect((await snapshot(id)).device.customer_id).toBe(world.customer.id);
        expect((await snapshot(id)).levels.map((l) => l.remaining_percent)).toEqual([70, 69, 50, 49]);
        expect((await moveOf(id))[0]).toMatchObject({ status: 'applied', readingsHeld: 1 });
      }
      return { devices, statements: counted.statements() };
    };
    const one = await applyAtOnce(['BATCH-0001']);
    const { row: contractB } = await createContract(ctx.store, world.adminPrincipal, { customerId: world.otherCustomer.id, name: 'B by list', deviceIds: [] }, ctx.clock.now());
    const three = await applyAtOnce(['BATCH-0002', 'BATCH-0003', 'BATCH-0004'], async ([listed]) => {
      await ctx.store.db.insertInto('contract_devices').values({ dealer_id: world.dealer.id, contract_id: contractB.id, device_id: listed! }).execute();
    });
    expect(three.statements).toBe(one.statements);
    expect(await ctx.store.db.selectFrom('contract_devices').select('device_id').where('contract_id', '=', contractB.id).execute()).toEqual([]);
  });

  it('holds a printer known only by its MAC, or by a serial B typed by hand, without touching it', async () => {
    const byMac = await printerOfB(null, '00:17:c8:0b:00:01');
    const typed = await printerOfB(null, '00:17:c8:0b:00:02');
    const entered = await ctx.app.inject({ method: 'PUT', url: `/api/v1/devices/${typed}/serial`, headers: as.dispatcher, payload: { serial: 'LABEL-0006' } });
    expect(entered.statusCode, entered.body).toBe(200);
    const before = [await snapshot(byMac), await snapshot(typed)];
    const { answer } = await uploadA([reading(null, '2026-11-20T08:00:00Z', 40, 5_000, { mac: '00:17:c8:0b:00:01' }), reading('LABEL-0006', '2026-11-20T08:00:00Z', 40, 5_000, { mac: '00:17:c8:0a:00:99' })]);
    expect(answer).toMatchObject({ accepted: 0, held: [expect.anything(), expect.anything()] });
    expect([await snapshot(byMac), await snapshot(typed)]).toEqual(before);
    expect((await moveOf(byMac))[0]).toMatchObject({ status: 'pending', evidence: { mac: '00:17:c8:0b:00:01', serial: null } });
    const [typedMove] = await moveOf(typed);
    expect(typedMove).toMatchObject({ status: 'pending', evidence: { serial: 'LABEL-0006' } });
    // Confirmed, the printer's own serial is adopted by the moved device, keeping its history.
    expect((await decide(typedMove!.id, 'confirm')).statusCode).toBe(200);
    expect((await snapshot(typed)).device).toMatchObject({ customer_id: world.customer.id, serial: 'LABEL-0006', serial_by_hand: false, identity: 'LABEL-0006' });
    expect((await snapshot(typed)).levels.map((l) => l.remaining_percent)).toEqual([70, 69, 40]);
  });

  it('shows candidates only to dealer staff of the dealer', async () => {
    expect((await moves('pending', as.warehouse)).length).toBeGreaterThan(0);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/device-moves', headers: as.keyUser })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/device-moves', headers: { authorization: `Bearer ${world.collectorToken}` } })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/device-moves', headers: { authorization: `Bearer ${world.integrationToken}` } })).statusCode).toBe(403);
    // Another dealer lists only its own (its world has one candidate), nothing of this dealer's.
    expect((await moves('all', as.stranger)).map((m) => m.id)).toEqual([stranger.move.id]);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/device-moves?status=maybe', headers: as.admin })).statusCode).toBe(400);
    expect((await decide(randomUUID(), 'confirm')).statusCode).toBe(404);
  });
});

interface Move {
  id: string;
  status: string;
  device: { id: string; customerId: string };
  [key: string]: unknown;
}
