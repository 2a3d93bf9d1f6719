import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';

/** A reading as a collector uploads it, at 08:00 plus `minutes`. */
function reading(serial: string | null, minutes = 0, overrides: Record<string, unknown> = {}) {
  return {
    readingId: randomUUID(), collectedAt: new Date(Date.parse('2026-11-20T08:00:00Z') + minutes * 60_000).toISOString(), target: '10.2.2.2:161', protocol: 'snmp', serial, model: 'HP LaserJet Pro M404dn',
    meters: { total: 1000 + minutes, mono: null, color: null },
    supplies: [{ index: 1, kind: 'toner', color: 'black', description: 'Black Cartridge HP CF259A', partNumber: 'CF259A', isReceptacle: false, remainingPercent: 60, state: 'ok', raw: { level: 60, max: 100, unit: 'percent' } }],
    error: null, ...overrides,
  };
}

describe(`finding 2: one poison reading never fails its batch (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let admin: { cookie: string };
  const upload = (body: unknown) => ctx.app.inject({ method: 'POST', url: '/api/v1/collector/readings', headers: { authorization: `Bearer ${world.collectorToken}` }, payload: body as object });
  const device = async (serial: string) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/devices?serial=${encodeURIComponent(serial)}`, headers: admin })).json().items[0];
  const receipt = (readingId: string) => ctx.store.db.selectFrom('readings').selectAll().where('reading_id', '=', readingId).executeTakeFirst();

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'poison');
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
  });
  afterAll(() => ctx.close());

  it('finding 2: refuses the readings of a batch that do not fit the schema, each with a sentence naming the field, and stores the others', async () => {
    const good = [reading('POISON-A', 0), reading('POISON-A', 60), reading('POISON-B', 0)];
    const badKind = reading('POISON-A', 30, { supplies: [{ ...reading(null).supplies[0]!, kind: 'glitter' }] });
    const badMeter = reading('POISON-B', 30, { meters: { total: 'many', mono: null, color: null } });
    const noTarget = reading('POISON-B', 40);
    delete (noTarget as Partial<typeof noTarget>).target;
    const response = await upload({ readings: [good[0], badKind, good[1], badMeter, noTarget, good[2]] });
    expect(response.statusCode, response.body).toBe(202);
    const answer = response.json();
    expect(answer).toMatchObject({ accepted: 3, duplicates: 0, rejected: [] });
    expect(answer.refused).toEqual([
      { readingId: badKind.readingId, reason: expect.stringMatching(/^supplies\.0\.kind: .*"toner".*\.$/) },
      { readingId: badMeter.readingId, reason: expect.stringMatching(/^meters\.total: .*number.*\.$/) },
      { readingId: noTarget.readingId, reason: 'target: is required.' },
    ]);
    expect((await device('POISON-A')).lastSeenAt).toBe('2026-11-20T09:00:00.000Z');
    expect(await device('POISON-B')).toBeDefined();
    // A refused reading leaves no receipt: sent again once fixed, it is taken, not a duplicate.
    expect(await receipt(badKind.readingId)).toBeUndefined();
    // Sent again, the good ones are duplicates and the bad ones refused again.
    expect((await upload({ readings: [good[0], badKind] })).json()).toMatchObject({ accepted: 0, duplicates: 1, refused: [{ readingId: badKind.readingId }] });
  });

  it('finding 2: answers 202 with every reading refused when none fits, and 400 only for a malformed envelope', async () => {
    const bad = reading('POISON-C', 0, { protocol: 'telnet' });
    expect((await upload({ readings: [bad] })).json()).toEqual({ accepted: 0, duplicates: 0, rejected: [], corrected: [], refused: [{ readingId: bad.readingId, reason: expect.stringMatching(/^protocol: /) }] });
    const envelopes: [string, unknown, RegExp][] = [
      ['no readings array', { readings: 'none' }, /^body\.readings: /],
      ['an empty batch', { readings: [] }, /^body\.readings: /],
      ['more than 500', { readings: Array.from({ length: 501 }, () => reading('POISON-C')) }, /^body\.readings: /],
      ['a reading without a readingId to name it by', { readings: [reading('POISON-C'), { serial: 'X' }] }, /^body\.readings\.1\.readingId: /],
      ['not an object', [reading('POISON-C')], /^body: /],
    ];
    for (const [what, body, message] of envelopes) {
      const response = await upload(body);
      expect(response.statusCode, what).toBe(400);
      expect(response.json().error.message, what).toMatch(message);
    }
    const notJson = await ctx.app.inject({ method: 'POST', url: '/api/v1/collector/readings', headers: { authorization: `Bearer ${world.collectorToken}`, 'content-type': 'application/json' }, payload: '{"readings": [' });
    expect(notJson.statusCode).toBe(400);
  });

  it('finding 2: cleans NULs and broken UTF-16 from the strings a printer sends, stores the reading and notes what was cleaned', async () => {
    // NUL-padded octet strings and a description cut in the middle of a surrogate pair, as real printers send them.
    const dirty = reading('CNB7K12345\u0000\u0000\u0000', 0, {
      model: 'LaserJet\u0000 M404', target: '10.2.2.9:161',
      supplies: [{ index: 1, kind: 'toner', color: 'bl\u0000ack', description: 'Black Cartridge \ud83d', partNumber: 'CF259A\u0000', isReceptacle: false, remainingPercent: 60, state: 'ok', raw: { level: 60, max: 100, unit: 'per\udc00cent' } }],
    });
    const failure = reading(null, 10, { target: '10.2.2.9:161', supplies: [], error: 'No SNMP answer\u0000 from \ud800 10.2.2.9' });
    const nothingLeft = reading('\u0000\u0000', 20, { target: '10.2.2.10:161' });
    const response = await upload({ readings: [dirty, failure, nothingLeft] });
    expect(response.statusCode, response.body).toBe(202);
    const answer = response.json();
    expect(answer).toMatchObject({ accepted: 3, refused: [] });
    expect(answer.corrected).toEqual([
      { readingId: dirty.readingId, notes: ['Characters that cannot be stored were cleaned from serial, model, supply 1 color, supply 1 description, supply 1 part number, supply 1 unit: NULs removed, broken UTF-16 replaced by U+FFFD.'] },
      { readingId: failure.readingId, notes: ['Characters that cannot be stored were cleaned from error: NULs removed, broken UTF-16 replaced by U+FFFD.'] },
      { readingId: nothingLeft.readingId, notes: [expect.stringMatching(/cleaned from serial/), 'The serial held nothing but characters that cannot be stored; the reading is taken as telling no serial.'] },
    ]);
    expect(answer.rejected).toEqual([{ readingId: nothingLeft.readingId, reason: expect.stringMatching(/no serial number and no MAC address/) }]);
    const stored = await device('CNB7K12345');
    expect(stored).toMatchObject({ model: 'LaserJet M404' });
    expect(stored.supplies[0]).toMatchObject({ color: 'black', description: 'Black Cartridge \ufffd', partNumber: 'CF259A' });
    const raw = await ctx.store.db.selectFrom('supplies').select('raw').where('device_id', '=', stored.id).executeTakeFirstOrThrow();
    expect(raw.raw).toMatchObject({ unit: 'per\ufffdcent' });
    expect((await receipt(dirty.readingId))?.notes).toEqual(answer.corrected[0].notes);
  });

  it('finding 2: refuses a reading stamped at a time the database cannot store, with its reason, and stores the others of its batch', async () => {
    const yearZero = reading('POISON-T', 0, { collectedAt: '0000-01-01T00:00:00Z' });
    const wideOffset = reading('POISON-T', 0, { collectedAt: '2026-11-20T10:00:00+23:59' });
    const fine = reading('POISON-T', 0, { collectedAt: '2026-11-20T10:00:00+02:00' });
    const response = await upload({ readings: [yearZero, fine, wideOffset] });
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json()).toMatchObject({
      accepted: 1,
      refused: [
        { readingId: yearZero.readingId, reason: 'collectedAt: must be between the years 1000 and 9999 (UTC).' },
        { readingId: wideOffset.readingId, reason: 'collectedAt: must have a UTC offset within ±14:00.' },
      ],
    });
    // Stored as the instant JavaScript read in it.
    expect((await receipt(fine.readingId))?.collected_at.toISOString()).toBe('2026-11-20T08:00:00.000Z');
    expect((await device('POISON-T')).lastSeenAt).toBe('2026-11-20T08:00:00.000Z');
  });

  it("finding 2: stores a collector's quarantine with its health and shows it in the collector list", async () => {
    const collectors = async () => (await ctx.app.inject({ method: 'GET', url: '/api/v1/collectors', headers: admin })).json().items.find((c: { id: string }) => c.id === world.collector.id);
    const heartbeat = { agentVersion: '0.1.0', startedAt: '2026-11-21T09:00:00Z', queue: { readings: 0, bytes: 0, full: false }, lastPollAt: null, printers: 4, failingTargets: 0, lastError: null };
    // An older collector says nothing of a quarantine.
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/collector/heartbeat', headers: { authorization: `Bearer ${world.collectorToken}` }, payload: heartbeat })).statusCode).toBe(204);
    expect((await collectors()).quarantine).toBeNull();
    const quarantine = { readings: 2, lastReason: 'supplies.0.kind: Invalid option.', lastAt: '2026-11-21T09:30:00.000Z' };
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/collector/heartbeat', headers: { authorization: `Bearer ${world.collectorToken}` }, payload: { ...heartbeat, quarantine } })).statusCode).toBe(204);
    expect(await collectors()).toMatchObject({ status: 'ok', quarantine, heartbeat: { quarantine } });
  });
});
