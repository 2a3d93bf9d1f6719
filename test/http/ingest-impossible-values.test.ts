import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';
import { printerReadings, uploadReadings, type SupplySpec } from '../support/readings.js';

const DAY = 86_400_000;
const START = Date.parse('2026-10-01T00:00:00Z');
/** 1 % a day from 80 %, 100 pages a day: three weeks in, about 59 days left. */
const BLACK: SupplySpec = { index: 1, color: 'black', partNumber: 'CF259A', level: (day) => Math.ceil(80 - day) };

describe(`impossible and unusual readings: stored, corrected or refused with a reason, never a forecast spike (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let admin: { cookie: string };
  /** One batch, whatever its size; the server's answer to it. */
  const upload = async (readings: unknown[]) => (await uploadReadings(ctx.app, world.collectorToken, readings, readings.length))[0]!;
  const device = async (serial: string) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/devices?serial=${serial}`, headers: admin })).json().items[0];
  const receipt = (readingId: string) => ctx.store.db.selectFrom('readings').selectAll().where('reading_id', '=', readingId).executeTakeFirstOrThrow();
  /** Three weeks of a steady printer, then its forecast. */
  const steady = async (serial: string) => {
    await uploadReadings(ctx.app, world.collectorToken, printerReadings(serial, START, 0, 21, [BLACK]), 40);
    return (await device(serial)).supplies[0].forecast;
  };
  /** The next readings after the three weeks, with one of them changed by `spoil`. */
  const after = (serial: string, spoil: (reading: ReturnType<typeof printerReadings>[number]) => void) => {
    const next = printerReadings(serial, START, 21, 23, [BLACK]);
    spoil(next[1]!);
    return next;
  };

  /** Two days on, the forecast is about two days shorter (not weeks off), and no new cartridge was made up. */
  const expectNoJump = async (serial: string, before: { daysRemaining: number }) => {
    const { id, supplies } = await device(serial);
    expect(Math.abs(supplies[0].forecast.daysRemaining - (before.daysRemaining - 2))).toBeLessThan(4);
    const cycles = (await ctx.app.inject({ method: 'GET', url: `/api/v1/devices/${id}/cycles`, headers: admin })).json().items;
    expect(cycles.filter((c: { start: string }) => c.start === 'new')).toEqual([]);
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    ctx.clock.set(new Date(START + 30 * DAY));
    world = await buildDealer(ctx.store, 'impossible');
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
  });
  afterAll(() => ctx.close());

  it('stores a level above 100 % as unknown with a note, and the forecast does not jump', async () => {
    const before = await steady('IMP-HIGH');
    const next = after('IMP-HIGH', (r) => (r.supplies[0]!.remainingPercent = 140));
    const result = await upload(next);
    expect(result.corrected).toEqual([{ readingId: next[1]!.readingId, notes: ['Supply 1 reported 140 % left, above 100 %; stored as an unknown level.'] }]);
    expect((await receipt(next[1]!.readingId)).notes).toEqual(['Supply 1 reported 140 % left, above 100 %; stored as an unknown level.']);
    await expectNoJump('IMP-HIGH', before);
  });

  it('takes a single bad read of a full cartridge between ordinary readings for a bad read, not an install', async () => {
    const before = await steady('IMP-SPIKE');
    const next = after('IMP-SPIKE', (r) => Object.assign(r.supplies[0]!, { remainingPercent: 98, raw: { level: 98, max: 100, unit: 'percent' } }));
    await upload(next);
    await expectNoJump('IMP-SPIKE', before);
  });

  it('believes a jump to a full cartridge only when the next reading confirms it', async () => {
    const before = await steady('IMP-LAST');
    const [jump, confirm] = printerReadings('IMP-LAST', START, 21, 21.5, [{ ...BLACK, level: () => 100 }]);
    await upload([jump]);
    await expectNoJump('IMP-LAST', { daysRemaining: before.daysRemaining + 2 });
    await upload([confirm]);
    const { id } = await device('IMP-LAST');
    const cycles = (await ctx.app.inject({ method: 'GET', url: `/api/v1/devices/${id}/cycles`, headers: admin })).json().items;
    expect(cycles.filter((c: { start: string }) => c.start === 'new')).toHaveLength(1);
  });

  it('does not store a negative page meter, says so, and keeps forecasting from the good ones', async () => {
    const before = await steady('IMP-NEG');
    const next = after('IMP-NEG', (r) => (r.meters.total = -5));
    const result = await upload(next);
    expect(result.corrected).toEqual([{ readingId: next[1]!.readingId, notes: ['The total page meter read -5, which is impossible; it was not stored.'] }]);
    const id = (await device('IMP-NEG')).id;
    const negative = await ctx.store.db.selectFrom('meter_history').select('total').where('device_id', '=', id).where('total', '<', 0).execute();
    expect(negative).toEqual([]);
    await expectNoJump('IMP-NEG', before);
  });

  it('keeps a page meter that went back, notes it, and the forecast does not jump', async () => {
    const before = await steady('IMP-BACK');
    const next = after('IMP-BACK', (r) => (r.meters.total = r.meters.total - 150));
    const result = await upload(next);
    expect(result.corrected).toEqual([{ readingId: next[1]!.readingId, notes: [expect.stringMatching(/^The total page meter went back from \d+ to \d+: kept as read/)] }]);
    await expectNoJump('IMP-BACK', before);
  });

  it('refuses a reading stamped in the future with a recorded reason, and it changes nothing', async () => {
    await steady('IMP-FUTURE');
    const seen = await device('IMP-FUTURE');
    const future = printerReadings('IMP-FUTURE', START, 40, 40.25, [{ ...BLACK, level: () => 3 }]);
    const result = await upload(future);
    expect(result).toMatchObject({ accepted: 1, rejected: [{ readingId: future[0]!.readingId, reason: expect.stringMatching(/ahead of the server's clock; check the clock of the collector's host/) }] });
    expect((await receipt(future[0]!.readingId)).rejected_reason).toMatch(/ahead of the server's clock/);
    const now = await device('IMP-FUTURE');
    expect(now.lastSeenAt).toBe(seen.lastSeenAt);
    expect(now.supplies[0].remainingPercent).toBe(seen.supplies[0].remainingPercent);
  });

  it('stores a supply the device never reported before, and says why it has no forecast yet', async () => {
    await steady('IMP-NEWSUPPLY');
    const next = after('IMP-NEWSUPPLY', (r) => r.supplies.push({ ...r.supplies[0]!, index: 7, color: 'cyan', description: 'cyan toner', partNumber: 'CF251A' }));
    await upload(next);
    const cyan = (await device('IMP-NEWSUPPLY')).supplies.find((s: { index: number }) => s.index === 7);
    expect(cyan).toMatchObject({ color: 'cyan', partNumber: 'CF251A' });
    expect(cyan.forecast).toMatchObject({ daysRemaining: null, basis: expect.stringMatching(/^No forecast yet: .+\.$/) });
  });

  it('counts a repeated upload in another order and other batches as duplicates, leaving the same history', async () => {
    const readings = printerReadings('IMP-DUP', START, 0, 5, [BLACK]);
    await upload(readings);
    const id = (await device('IMP-DUP')).id;
    const history = () => ctx.store.db.selectFrom('supply_level_history').select(['observed_at', 'confirmed_at', 'remaining_percent']).where('device_id', '=', id).orderBy('observed_at').execute();
    const first = await history();
    const reversed = [...readings].reverse();
    const answers = [await upload(reversed.slice(0, 7)), await upload(reversed.slice(7))];
    expect(answers.map((a) => [a.accepted, a.duplicates])).toEqual([[0, 7], [0, readings.length - 7]]);
    expect(await history()).toEqual(first);
  });
});
