import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';

/** A reading as a collector uploads it: `serial` null for a printer that tells none, `mac` null (or left out) when the collector read none. */
function reading(serial: string | null, mac: string | null | undefined, at: string, level: number, target = '10.2.0.10:161') {
  return {
    readingId: randomUUID(), collectedAt: at, target, protocol: 'snmp', serial, ...(mac === undefined ? {} : { mac }), model: 'Kyocera ECOSYS P2040dn',
    meters: { total: 5000 + (100 - level) * 10, mono: null, color: null },
    supplies: [{ index: 1, kind: 'toner', color: 'black', description: 'TK-1160', partNumber: 'TK-1160', isReceptacle: false, remainingPercent: level, state: 'ok', raw: { level, max: 100, unit: 'percent' } }],
    error: null,
  };
}

describe(`a printer that tells no serial (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let stranger: DealerWorld;
  const as: Record<string, { cookie: string }> = {};
  const upload = async (readings: unknown[]) => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/collector/readings', headers: { authorization: `Bearer ${world.collectorToken}` }, payload: { readings } });
    expect(response.statusCode, response.body).toBe(202);
    await ctx.app.tonerloop.forecasts.drain();
    return response.json();
  };
  const byMac = async (mac: string) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/devices?mac=${mac}`, headers: as.admin })).json().items;
  const enter = (id: string, serial: unknown, who = as.dispatcher) => ctx.app.inject({ method: 'PUT', url: `/api/v1/devices/${id}/serial`, headers: who, payload: { serial } });
  const levels = async (id: string) => (await ctx.store.db.selectFrom('supply_level_history').select('remaining_percent').where('device_id', '=', id).orderBy('observed_at').execute()).map((r) => r.remaining_percent);
  const meters = async (id: string) => (await ctx.store.db.selectFrom('meter_history').select('total').where('device_id', '=', id).orderBy('observed_at').execute()).map((r) => Number(r.total));
  const audit = async () => (await ctx.app.inject({ method: 'GET', url: '/api/v1/audit', headers: as.admin })).json().items as { action: string; entityId: string; details: Record<string, unknown> }[];

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'nameless');
    stranger = await buildDealer(ctx.store, 'nameless-stranger');
    for (const [name, email] of [['admin', world.admin.email], ['dispatcher', world.dispatcher.email], ['warehouse', world.warehouse.email], ['keyUser', world.keyUser.email], ['stranger', stranger.admin.email]] as const) {
      as[name] = { cookie: await loginCookie(ctx.app, email) };
    }
  });
  afterAll(() => ctx.close());

  it('is collected by its MAC address and stays one device when its network address changes', async () => {
    const mac = '00:17:c8:00:00:01';
    const answer = await upload([reading(null, mac, '2026-11-20T08:00:00Z', 80, '10.2.0.10:161'), reading(null, mac, '2026-11-20T09:00:00Z', 79, '10.2.0.10:161')]);
    expect(answer).toMatchObject({ accepted: 2, rejected: [] });
    await upload([reading(null, mac, '2026-11-20T10:00:00Z', 78, '10.2.0.77:161')]);
    const [device, ...others] = await byMac(mac);
    expect(others).toEqual([]);
    expect(device).toMatchObject({ serial: null, serialSource: null, mac, customerId: world.customer.id, lastTarget: '10.2.0.77:161', lastSeenAt: '2026-11-20T10:00:00.000Z' });
    expect(device.supplies[0]).toMatchObject({ remainingPercent: 78 });
    expect(await levels(device.id)).toEqual([80, 79, 78]);
  });

  it('is listed with the rest of the fleet, its serial null (shown as serial unknown), on exactly one page', async () => {
    const mac = '00:17:c8:00:00:02';
    await upload([reading(null, mac, '2026-11-20T08:00:00Z', 60)]);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string; serial: string | null; mac: string | null }[]; nextCursor: string | null } =
        (await ctx.app.inject({ method: 'GET', url: `/api/v1/devices?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: as.admin })).json();
      ids.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    const [device] = await byMac(mac);
    expect(ids.filter((id) => id === device.id)).toHaveLength(1);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('takes a serial entered by dealer staff, is found by it, and keeps receiving its readings by MAC', async () => {
    const mac = '00:17:c8:00:00:03';
    await upload([reading(null, mac, '2026-11-20T08:00:00Z', 50)]);
    const [device] = await byMac(mac);
    const entered = await enter(device.id, ' lbl-0003 ');
    expect(entered.statusCode, entered.body).toBe(200);
    expect(entered.json()).toMatchObject({ id: device.id, serial: 'LBL-0003', serialSource: 'manual', mac });
    const found = (await ctx.app.inject({ method: 'GET', url: '/api/v1/devices?serial=LBL-0003', headers: as.admin })).json().items;
    expect(found.map((d: { id: string }) => d.id)).toEqual([device.id]);
    expect((await audit())[0]).toMatchObject({ action: 'device.serial-entered', entityId: device.id, details: { serial: 'LBL-0003', previousSerial: null, mac } });
    // A typo is mended the same way while the printer still tells nothing.
    expect((await enter(device.id, 'LBL-0004')).json()).toMatchObject({ serial: 'LBL-0004', serialSource: 'manual' });
    await upload([reading(null, mac, '2026-11-20T09:00:00Z', 49)]);
    expect(await byMac(mac)).toEqual([expect.objectContaining({ id: device.id, serial: 'LBL-0004', lastSeenAt: '2026-11-20T09:00:00.000Z' })]);
  });

  it('refuses a serial by hand from people who may not edit devices, for devices it does not see, that tell their own, taken or malformed', async () => {
    const mac = '00:17:c8:00:00:04';
    await upload([reading(null, mac, '2026-11-20T08:00:00Z', 50)]);
    const [device] = await byMac(mac);
    expect((await enter(device.id, 'KEY-1', as.keyUser)).statusCode).toBe(403);
    expect((await enter(device.id, 'KEY-1', as.warehouse)).statusCode).toBe(403);
    expect((await enter(device.id, 'KEY-1', as.stranger)).statusCode).toBe(404);
    const own = await enter(world.device.id, 'OTHER-1');
    expect(own.statusCode).toBe(409);
    expect(own.json().error.message).toMatch(/has a serial of its own/);
    const taken = await enter(device.id, world.otherDevice.serial);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toMatch(/already has serial/);
    for (const bad of ['A B', 'unknown', '0000', 42]) expect((await enter(device.id, bad)).statusCode, String(bad)).toBe(400);
    expect((await byMac(mac))[0]).toMatchObject({ serial: null, serialSource: null });
    expect((await audit()).filter((e) => e.entityId === device.id)).toEqual([]);
  });

  it('keeps its history on one device when it tells its serial at last: the printer wins over the one typed, and the difference is audited', async () => {
    const mac = '00:17:c8:00:00:05';
    await upload([reading(null, mac, '2026-11-20T08:00:00Z', 40), reading(null, mac, '2026-11-20T09:00:00Z', 39)]);
    const [device] = await byMac(mac);
    await enter(device.id, 'TYPO-0005');
    await upload([reading('real-0005', mac, '2026-11-20T10:00:00Z', 38, '10.2.0.99:161')]);
    const [after, ...others] = await byMac(mac);
    expect(others).toEqual([]);
    expect(after).toMatchObject({ id: device.id, serial: 'REAL-0005', serialSource: 'device', firstSeenAt: '2026-11-20T08:00:00.000Z', lastSeenAt: '2026-11-20T10:00:00.000Z' });
    expect(await levels(device.id)).toEqual([40, 39, 38]);
    expect(await meters(device.id)).toEqual([5600, 5610, 5620]);
    expect((await audit()).find((e) => e.entityId === device.id && e.action === 'device.serial-corrected')).toMatchObject({ details: { serial: 'REAL-0005', mac, enteredSerial: 'TYPO-0005' } });
    // Its serial is its own now: not to be typed over, and a later reading that misses it still finds the device by MAC.
    expect((await enter(device.id, 'TYPO-0006')).statusCode).toBe(409);
    await upload([reading(null, mac, '2026-11-20T11:00:00Z', 37)]);
    expect(await byMac(mac)).toEqual([expect.objectContaining({ id: device.id, serial: 'REAL-0005', lastSeenAt: '2026-11-20T11:00:00.000Z' })]);
    expect(await levels(device.id)).toEqual([40, 39, 38, 37]);
  });

  it('is identified by its serial typed by hand when the printer tells that very serial, also through a collector that sends no MAC', async () => {
    const mac = '00:17:c8:00:00:06';
    await upload([reading(null, mac, '2026-11-20T08:00:00Z', 30)]);
    const [device] = await byMac(mac);
    await enter(device.id, 'SAME-0006');
    await upload([reading('SAME-0006', undefined, '2026-11-20T09:00:00Z', 29)]);
    const found = (await ctx.app.inject({ method: 'GET', url: '/api/v1/devices?serial=SAME-0006', headers: as.admin })).json().items;
    expect(found).toEqual([expect.objectContaining({ id: device.id, serialSource: 'device', mac })]);
    expect((await audit()).find((e) => e.entityId === device.id && e.action === 'device.identified')).toMatchObject({ details: { serial: 'SAME-0006', enteredSerial: 'SAME-0006' } });
    expect(await levels(device.id)).toEqual([30, 29]);
  });

  it('stays one device when one batch holds readings with and without its serial', async () => {
    const mac = '00:17:c8:00:00:07';
    await upload([reading(null, mac, '2026-11-20T08:00:00Z', 20), reading('MIXED-0007', mac, '2026-11-20T09:00:00Z', 19), reading(null, mac, '2026-11-20T10:00:00Z', 18)]);
    const devices = await byMac(mac);
    expect(devices).toEqual([expect.objectContaining({ serial: 'MIXED-0007', serialSource: 'device' })]);
    expect(await levels(devices[0].id)).toEqual([20, 19, 18]);
  });

  it('refuses a reading with neither serial nor MAC address, with its reason', async () => {
    const orphan = reading(null, null, '2026-11-20T08:00:00Z', 20);
    const answer = await upload([orphan]);
    expect(answer.rejected).toEqual([{ readingId: orphan.readingId, reason: 'The reading has no serial number and no MAC address, so it cannot be matched to a device.' }]);
    const receipt = await ctx.store.db.selectFrom('readings').selectAll().where('reading_id', '=', orphan.readingId).executeTakeFirstOrThrow();
    expect(receipt.device_id).toBeNull();
  });

  it('is looked after like any printer: a low toner reaches the ERP queue, with its serial null and its device id', async () => {
    const mac = '00:17:c8:00:00:08';
    await upload([reading(null, mac, '2026-11-20T08:00:00Z', 5)]);
    const [device] = await byMac(mac);
    const queue = (await ctx.app.inject({ method: 'GET', url: `/api/v1/consumable-requests?status=outstanding&deviceId=${device.id}`, headers: { authorization: `Bearer ${world.integrationToken}` } })).json();
    expect(queue.items).toEqual([expect.objectContaining({ serial: null, deviceId: device.id, supply: expect.objectContaining({ partNumber: 'TK-1160' }) })]);
  });
});
