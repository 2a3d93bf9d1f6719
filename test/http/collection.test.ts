import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { registerCollector } from '../../src/collectors/index.js';
import { pruneReceiptsJob } from '../../src/telemetry/index.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';

const DAY = 86_400_000;

/** A reading as a collector uploads it. */
function reading(serial: string | null, at: string, level: number, overrides: Record<string, unknown> = {}) {
  return {
    readingId: randomUUID(), collectedAt: at, target: `10.1.1.${serial?.length ?? 0}:161`, protocol: 'snmp', serial, model: 'HP LaserJet Pro M404dn',
    meters: { total: 1000 + level, mono: null, color: null },
    supplies: [{ index: 1, kind: 'toner', color: 'black', description: 'Black Cartridge HP CF259A', partNumber: 'CF259A', isReceptacle: false, remainingPercent: level, state: level <= 10 ? 'low' : 'ok', raw: { level, max: 100, unit: 'percent' } }],
    error: null, ...overrides,
  };
}

describe(`collection over HTTP: ingest, configuration, health (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let collector: { authorization: string };
  let admin: { cookie: string };
  const upload = async (readings: unknown[]) => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/collector/readings', headers: collector, payload: { readings } });
    await ctx.app.tonerloop.forecasts.drain();
    return response;
  };
  const deviceBySerial = async (serial: string) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/devices?serial=${serial}`, headers: admin })).json().items[0];
  const history = (deviceId: string) => ctx.store.db.selectFrom('supply_level_history').selectAll().where('device_id', '=', deviceId).orderBy('observed_at').execute();

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'collect');
    collector = { authorization: `Bearer ${world.collectorToken}` };
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
  });
  afterAll(() => ctx.close());

  it("creates a device on first sight under the collector's customer, with its supplies and meters", async () => {
    const response = await upload([reading('NEW-1', '2026-11-20T08:00:00Z', 60)]);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [], corrected: [], refused: [] });
    const device = await deviceBySerial('NEW-1');
    expect(device).toMatchObject({ customerId: world.customer.id, model: 'HP LaserJet Pro M404dn', firstSeenAt: '2026-11-20T08:00:00.000Z', lastSeenAt: '2026-11-20T08:00:00.000Z', unreachableSince: null });
    expect(device.supplies[0]).toMatchObject({ kind: 'toner', remainingPercent: 60, partNumber: 'CF259A' });
  });

  it('keeps every orderable part number of a kit sold per voltage, and a single one for an older collector that sends none', async () => {
    const fuser = { index: 2, kind: 'fuser', color: null, description: 'Fuser Kit HP 110V-C1N54A, 220V-C1N58A', partNumber: 'C1N58A', partNumbers: ['C1N54A', 'C1N58A'], isReceptacle: false, remainingPercent: 80, state: 'ok', raw: { level: 80, max: 100, unit: 'percent' } };
    const first = reading('KIT-1', '2026-11-20T08:00:00Z', 60);
    expect((await upload([{ ...first, supplies: [...first.supplies, fuser] }])).statusCode).toBe(202);
    const device = await deviceBySerial('KIT-1');
    expect(device.supplies.map((s: { partNumber: string; partNumbers: string[] }) => [s.partNumber, s.partNumbers])).toEqual([['CF259A', ['CF259A']], ['C1N58A', ['C1N54A', 'C1N58A']]]);
    const spacedReading = { ...first, readingId: randomUUID(), supplies: [{ ...fuser, partNumbers: ['C1N54A C1N58A'] }] };
    const spaced = await ctx.app.inject({ method: 'POST', url: '/api/v1/collector/readings', headers: collector, payload: { readings: [spacedReading] } });
    expect(spaced.statusCode).toBe(202);
    expect(spaced.json().refused).toEqual([{ readingId: spacedReading.readingId, reason: expect.stringMatching(/^supplies\.0\.partNumbers\.0: must be 1–100 characters without spaces\.$/) }]);
  });

  it('counts a repeated upload as duplicates and changes nothing', async () => {
    const batch = [reading('DUP-1', '2026-11-20T08:00:00Z', 50), reading('DUP-1', '2026-11-20T09:00:00Z', 49)];
    expect((await upload(batch)).json()).toMatchObject({ accepted: 2, duplicates: 0 });
    const device = await deviceBySerial('DUP-1');
    const before = await history(device.id);
    expect((await upload(batch)).json()).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await history(device.id)).toEqual(before);
    const meters = await ctx.store.db.selectFrom('meter_history').select('total').where('device_id', '=', device.id).execute();
    expect(meters).toHaveLength(2);
  });

  it('keeps a level that held as one history row whose confirmation moves, not a row per reading', async () => {
    await upload(['08', '09', '10', '11', '12'].map((h) => reading('SAME-1', `2026-11-20T${h}:00:00Z`, 40)));
    const rows = await history((await deviceBySerial('SAME-1')).id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.observed_at.toISOString()).toBe('2026-11-20T08:00:00.000Z');
    expect(rows[0]!.confirmed_at.toISOString()).toBe('2026-11-20T12:00:00.000Z');
    // The page counter did not move either: one meter row, confirmed until the last reading.
    const meters = await ctx.store.db.selectFrom('meter_history').selectAll().where('device_id', '=', (await deviceBySerial('SAME-1')).id).execute();
    expect(meters.map((m) => [m.total, m.observed_at.toISOString(), m.confirmed_at.toISOString()])).toEqual([[1040, '2026-11-20T08:00:00.000Z', '2026-11-20T12:00:00.000Z']]);
  });

  it('confirms a held level up to the last reading showing it, across uploads, and no further for a supply later readings lack', async () => {
    const twoSupplies = (at: string, second: boolean) => {
      const r = reading('OPEN-1', at, 70);
      const drum = { ...r.supplies[0]!, index: 2, kind: 'drum', description: 'Drum', partNumber: 'DR1', remainingPercent: 90, state: 'ok', raw: { level: 90, max: 100, unit: 'percent' } };
      return { ...r, supplies: second ? [...r.supplies, drum] : r.supplies };
    };
    for (const h of ['08', '09', '10']) await upload([twoSupplies(`2026-11-20T${h}:00:00Z`, true)]);
    // The drum is gone from the readings after 10:00 (taken out, or the device stopped reporting it).
    for (const h of ['11', '12']) await upload([twoSupplies(`2026-11-20T${h}:00:00Z`, false)]);
    const id = (await deviceBySerial('OPEN-1')).id;
    const shown = (await ctx.app.inject({ method: 'GET', url: `/api/v1/devices/${id}/history?days=5`, headers: admin })).json();
    expect(shown.levels).toEqual([
      { supplyIndex: 1, points: [{ at: '2026-11-20T08:00:00.000Z', confirmedAt: '2026-11-20T12:00:00.000Z', percent: 70, state: 'ok' }] },
      { supplyIndex: 2, points: [{ at: '2026-11-20T08:00:00.000Z', confirmedAt: '2026-11-20T10:00:00.000Z', percent: 90, state: 'ok' }] },
    ]);
    // A historic reading arriving late moves the start of each run back, not its confirmation.
    await upload([twoSupplies('2026-11-20T07:00:00Z', true)]);
    const again = (await ctx.app.inject({ method: 'GET', url: `/api/v1/devices/${id}/history?days=5`, headers: admin })).json();
    expect(again.levels[0].points).toEqual([{ at: '2026-11-20T07:00:00.000Z', confirmedAt: '2026-11-20T12:00:00.000Z', percent: 70, state: 'ok' }]);
    expect(again.levels[1].points).toEqual([{ at: '2026-11-20T07:00:00.000Z', confirmedAt: '2026-11-20T10:00:00.000Z', percent: 90, state: 'ok' }]);
  });

  it('places historic readings (buffered while offline) in time order without rolling the current level back', async () => {
    await upload([reading('LATE-1', '2026-11-20T12:00:00Z', 30)]);
    await upload([reading('LATE-1', '2026-11-18T12:00:00Z', 45), reading('LATE-1', '2026-11-19T12:00:00Z', 38)]);
    const device = await deviceBySerial('LATE-1');
    expect(device.supplies[0].remainingPercent).toBe(30);
    expect(device.firstSeenAt).toBe('2026-11-18T12:00:00.000Z');
    expect(device.lastSeenAt).toBe('2026-11-20T12:00:00.000Z');
    expect((await history(device.id)).map((r) => r.remaining_percent)).toEqual([45, 38, 30]);
  });

  it('records a reading without a serial as rejected with its reason, instead of dropping it silently', async () => {
    const orphan = reading(null, '2026-11-20T08:00:00Z', 20);
    const response = (await upload([orphan])).json();
    expect(response.rejected).toEqual([{ readingId: orphan.readingId, reason: expect.stringMatching(/no serial number/) }]);
    const receipt = await ctx.store.db.selectFrom('readings').selectAll().where('reading_id', '=', orphan.readingId).executeTakeFirstOrThrow();
    expect(receipt.rejected_reason).toMatch(/no serial number/);
  });

  it('marks a device unreachable after three failed polls in a row, and a good reading clears it', async () => {
    const good = reading('FLAKY-1', '2026-11-20T08:00:00Z', 70);
    await upload([good]);
    const failure = (h: string) => ({ ...reading(null, `2026-11-20T${h}:00:00Z`, 0), target: good.target, supplies: [], error: `No SNMP answer from ${good.target} within 2000 ms (wrong community or credentials, or the device is off).` });
    await upload([failure('09'), failure('10')]);
    expect((await deviceBySerial('FLAKY-1')).unreachableSince).toBeNull();
    await upload([failure('11')]);
    // Served as the sentence it is: nothing to add a stop to (the portal once showed "device is off)..").
    expect(await deviceBySerial('FLAKY-1')).toMatchObject({ unreachableSince: '2026-11-20T11:00:00.000Z', lastError: `No SNMP answer from ${good.target} within 2000 ms (wrong community or credentials, or the device is off).` });
    await upload([reading('FLAKY-1', '2026-11-20T12:00:00Z', 69)]);
    expect(await deviceBySerial('FLAKY-1')).toMatchObject({ unreachableSince: null, lastError: null });
  });

  it('keeps a printer unreachable when a batch holding its last good reading and the failures after it is uploaded again', async () => {
    const good = reading('RESENT-1', '2026-11-20T08:00:00Z', 70, { target: '10.9.7.1:161' });
    const failure = (h: string) => ({ ...reading(null, `2026-11-20T${h}:00:00Z`, 0), target: good.target, supplies: [], error: `No SNMP answer from ${good.target} within 2000 ms.` });
    const batch = [good, failure('09'), failure('10'), failure('11')];
    await upload(batch);
    expect(await deviceBySerial('RESENT-1')).toMatchObject({ unreachableSince: '2026-11-20T11:00:00.000Z' });
    // The collector never got the answer and sends the batch again: nothing in it is new.
    expect((await upload(batch)).json()).toMatchObject({ accepted: 0, duplicates: 4 });
    expect(await deviceBySerial('RESENT-1')).toMatchObject({ unreachableSince: '2026-11-20T11:00:00.000Z', lastError: expect.stringMatching(/No SNMP answer/) });
  });

  it('refuses a batch that names one readingId twice', async () => {
    const one = reading('TWICE-1', '2026-11-20T08:00:00Z', 50);
    const response = await upload([one, one]);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/appears twice/);
  });

  it('gives a collector the dealer-wide configuration with its own overrides on top', async () => {
    const defaults = await ctx.app.inject({ method: 'PUT', url: '/api/v1/collector-defaults', headers: admin, payload: { snmp: { community: 'dealer-secret' }, pollIntervalSeconds: 600, ranges: ['192.0.2.0/28'] } });
    expect(defaults.statusCode).toBe(200);
    await ctx.app.inject({ method: 'PUT', url: `/api/v1/collectors/${world.collector.id}/config`, headers: admin, payload: { pollIntervalSeconds: 300, targets: ['192.0.2.77'] } });
    const config = (await ctx.app.inject({ method: 'GET', url: '/api/v1/collector/config', headers: collector })).json().config;
    expect(config).toMatchObject({ pollIntervalSeconds: 300, ranges: ['192.0.2.0/28'], targets: ['192.0.2.77'], snmp: { community: 'dealer-secret', version: '2c', port: 161 }, ipp: { enabled: true } });
    const audit = (await ctx.app.inject({ method: 'GET', url: '/api/v1/audit', headers: admin })).body;
    expect(audit).toContain('collector-defaults.configured');
    expect(audit).not.toContain('dealer-secret');
  });

  it('shows a collector as ok after its heartbeat and silent once it stops calling', async () => {
    const heartbeat = { agentVersion: '0.1.0', startedAt: '2026-11-21T09:00:00Z', queue: { readings: 3, bytes: 2048, full: false }, lastPollAt: null, printers: 4, failingTargets: 1, lastError: null };
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/collector/heartbeat', headers: collector, payload: heartbeat })).statusCode).toBe(204);
    const status = async () => (await ctx.app.inject({ method: 'GET', url: '/api/v1/collectors', headers: admin })).json().items.find((c: { id: string }) => c.id === world.collector.id);
    expect(await status()).toMatchObject({ status: 'ok', heartbeat: { printers: 4, queue: { readings: 3 } } });
    ctx.clock.advance(31 * 60_000);
    expect((await status()).status).toBe('silent');
  });

  it('marks a printer replaced when a new one is first read at its address after it was last read, and unmarks it if it answers again', async () => {
    const at = (serial: string, time: string, target: string) => reading(serial, `2026-11-20T${time}:00:00Z`, 60, { target });
    const first = await upload([at('SWAP-OLD', '08', '10.9.9.1:161')]);
    expect(first.json()).toMatchObject({ accepted: 1, rejected: [] });
    await upload([at('SWAP-NEW', '10', '10.9.9.1:161')]);
    const [old, replacement] = [await deviceBySerial('SWAP-OLD'), await deviceBySerial('SWAP-NEW')];
    expect(old).toMatchObject({ status: 'replaced', replacedBy: { id: replacement.id, at: '2026-11-20T10:00:00.000Z' } });
    expect(replacement).toMatchObject({ replacedBy: null });
    expect(replacement.status).not.toBe('replaced');
    const overview = (await ctx.app.inject({ method: 'GET', url: '/api/v1/fleet/overview', headers: admin })).json();
    expect(overview.counts.replaced).toBe(1);
    const audit = (await ctx.app.inject({ method: 'GET', url: '/api/v1/audit', headers: admin })).json().items;
    expect(audit).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'device.replaced', entityId: old.id, details: expect.objectContaining({ replacedBySerial: 'SWAP-NEW', target: '10.9.9.1:161' }) })]));
    // A replaced printer is history, not a printer that stopped reporting.
    ctx.clock.advance(3 * DAY);
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
    const silent = (await ctx.app.inject({ method: 'GET', url: '/api/v1/fleet/statistics?silentDays=1', headers: admin })).json().silentDevices.map((d: { serial: string }) => d.serial);
    expect(silent).not.toContain('SWAP-OLD');
    ctx.clock.advance(-3 * DAY);
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
    // It answers again, at another address (DHCP moved it): it was not replaced after all.
    await upload([at('SWAP-OLD', '11', '10.9.9.2:161')]);
    expect(await deviceBySerial('SWAP-OLD')).toMatchObject({ replacedBy: null });
    expect((await deviceBySerial('SWAP-OLD')).status).not.toBe('replaced');
  });

  it('records each printer replaced by one batch in the audit log', async () => {
    const at = (serial: string, time: string, target: string) => reading(serial, `2026-11-20T${time}:00:00Z`, 60, { target });
    await upload([at('PAIR-OLD-A', '08', '10.9.8.1:161'), at('PAIR-OLD-B', '08', '10.9.8.2:161')]);
    await upload([at('PAIR-NEW-A', '10', '10.9.8.1:161'), at('PAIR-NEW-B', '10', '10.9.8.2:161')]);
    const audit = (await ctx.app.inject({ method: 'GET', url: '/api/v1/audit', headers: admin })).json().items as { action: string; details: { replacedBySerial?: string } }[];
    const replacedBy = audit.filter((e) => e.action === 'device.replaced').map((e) => e.details.replacedBySerial);
    expect(replacedBy).toEqual(expect.arrayContaining(['PAIR-NEW-A', 'PAIR-NEW-B']));
    expect((await deviceBySerial('PAIR-OLD-A')).status).toBe('replaced');
    expect((await deviceBySerial('PAIR-OLD-B')).status).toBe('replaced');
  });

  it('does not take a new printer for a replacement when the old one was read after it, or another collector read it', async () => {
    const at = (serial: string, time: string, target: string) => reading(serial, `2026-11-20T${time}:00:00Z`, 60, { target });
    // Read at 12:00; a new printer whose first reading (uploaded late) is from 11:00 at the same address.
    await upload([at('BUSY-OLD', '12', '10.9.8.1:161')]);
    await upload([at('LATE-NEW', '11', '10.9.8.1:161')]);
    expect(await deviceBySerial('BUSY-OLD')).toMatchObject({ replacedBy: null });
    // Another collector — another customer's, or the same customer's at another site — reads a new printer at the
    // same (private) address of its own network: a different place.
    for (const customerId of [world.otherCustomer.id, world.customer.id]) {
      const other = await registerCollector(ctx.store, world.adminPrincipal, { customerId, name: `Other site collector ${customerId}` }, ctx.clock.now());
      const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/collector/readings', headers: { authorization: `Bearer ${other.token}` }, payload: { readings: [at(`ELSEWHERE-${customerId}`, '13', '10.9.8.1:161')] } });
      expect(response.statusCode).toBe(202);
      expect(await deviceBySerial('BUSY-OLD')).toMatchObject({ replacedBy: null });
    }
  });

  it('keeps upload receipts for the retention and refuses readings older than that, so a pruned receipt never lets a reading in twice', async () => {
    const receipts = (ids: string[]) => ctx.store.db.selectFrom('readings').select('reading_id').where('reading_id', 'in', ids).execute();
    const old = reading('OLD-1', new Date(ctx.clock.now().getTime() - 91 * DAY).toISOString(), 50);
    expect((await upload([old])).json()).toMatchObject({
      accepted: 1, rejected: [{ readingId: old.readingId, reason: expect.stringMatching(/^The reading was collected more than 90 days ago; readings that old are not accepted/) }],
    });
    expect(await deviceBySerial('OLD-1')).toBeUndefined();

    const batch = [reading('KEEP-1', new Date(ctx.clock.now().getTime() - 2 * DAY).toISOString(), 50), reading('KEEP-1', new Date(ctx.clock.now().getTime() - DAY).toISOString(), 49)];
    expect((await upload(batch)).json()).toMatchObject({ accepted: 2, rejected: [] });
    const prune = pruneReceiptsJob(ctx.store, 90 * DAY);
    const run = () => prune.run({}, { now: ctx.clock.now(), attempt: 1, jobId: 'prune', dedupeKey: null, logger: createLogger('silent') });
    await run();
    expect(await receipts(batch.map((r) => r.readingId))).toHaveLength(2);
    // 91 days on, the receipts are gone, and the same batch uploaded again is refused as too old, not taken in again.
    const history = await ctx.store.db.selectFrom('supply_level_history').selectAll().where('device_id', '=', (await deviceBySerial('KEEP-1')).id).execute();
    ctx.clock.advance(91 * DAY);
    await run();
    expect(await receipts(batch.map((r) => r.readingId))).toHaveLength(0);
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
    const again = (await upload(batch)).json();
    expect(again).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(again.rejected.map((r: { reason: string }) => r.reason)).toEqual([expect.stringMatching(/more than 90 days ago/), expect.stringMatching(/more than 90 days ago/)]);
    expect(await ctx.store.db.selectFrom('supply_level_history').selectAll().where('device_id', '=', (await deviceBySerial('KEEP-1')).id).execute()).toEqual(history);
  });

  it('keeps the receipt of a reading stamped ahead of its arrival until that reading is too old too, so it is never taken twice', async () => {
    const ahead = reading('AHEAD-1', new Date(ctx.clock.now().getTime() + 10 * 60_000).toISOString(), 50);
    expect((await upload([ahead])).json()).toMatchObject({ accepted: 1, rejected: [] });
    ctx.clock.advance(90 * DAY + 5 * 60_000);
    await pruneReceiptsJob(ctx.store, 90 * DAY).run({}, { now: ctx.clock.now(), attempt: 1, jobId: 'prune', dedupeKey: null, logger: createLogger('silent') });
    // Collected 90 days less 5 minutes ago: not too old to accept, so its receipt must still be there to recognise it.
    expect((await upload([ahead])).json()).toMatchObject({ accepted: 0, duplicates: 1 });
  });
});
