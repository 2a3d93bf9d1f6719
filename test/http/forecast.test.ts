import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSettings } from '../../src/requests/index.js';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';
import { uploadReadings } from '../support/readings.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-10-01T00:00:00Z');

/** A steady office printer: 100 pages a day, 1 % of toner a day (or `perDay`) from 80 % (or `start`), read every six hours. */
function steadyReadings(serial: string, days: number, start = 80, perDay = 1) {
  return Array.from({ length: days * 4 }, (_, i) => {
    const at = START + i * 6 * HOUR;
    const day = (at - START) / (24 * HOUR);
    const level = Math.ceil(start - perDay * day);
    return {
      readingId: randomUUID(), collectedAt: new Date(at).toISOString(), target: '10.9.9.9:161', protocol: 'snmp', serial, model: 'HP LaserJet Pro M404dn',
      meters: { total: Math.round(50_000 + day * 100), mono: null, color: null },
      supplies: [{ index: 1, kind: 'toner', color: 'black', description: 'Black Cartridge HP CF259A', partNumber: 'CF259A', isReceptacle: false, remainingPercent: level, state: 'ok', raw: { level, max: 100, unit: 'percent' } }],
      error: null,
    };
  });
}

/** A colour printer whose cyan and magenta run low together while black and yellow last much longer. */
function colourReadings(serial: string, days: number) {
  const channels = [['black', 80, 1], ['cyan', 50, 1], ['magenta', 52, 1], ['yellow', 90, 0.2]] as const;
  return Array.from({ length: days * 4 }, (_, i) => {
    const at = START + i * 6 * HOUR;
    const day = (at - START) / (24 * HOUR);
    return {
      readingId: randomUUID(), collectedAt: new Date(at).toISOString(), target: '10.9.9.8:161', protocol: 'snmp', serial, model: 'HP Color LaserJet Pro M454dw',
      meters: { total: Math.round(20_000 + day * 100), mono: null, color: null },
      supplies: channels.map(([color, start, perDay], n) => {
        const level = Math.ceil(start - perDay * day);
        return { index: n + 1, kind: 'toner', color, description: `${color} cartridge`, partNumber: `W203${n}A`, isReceptacle: false, remainingPercent: level, state: 'ok', raw: { level, max: 100, unit: 'percent' } };
      }),
      error: null,
    };
  });
}

/** The same colour printer publishing mono and colour counters: 30 of its 100 pages a day in colour. */
function countingReadings(serial: string, days: number) {
  return colourReadings(serial, days).map((r) => {
    const day = (Date.parse(r.collectedAt) - START) / (24 * HOUR);
    const color = Math.round(6_000 + day * 30);
    return { ...r, target: '10.9.9.7:161', meters: { total: r.meters.total, mono: r.meters.total - color, color } };
  });
}

describe(`forecasts served with devices (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let admin: { cookie: string };
  const supplyOf = async (serial: string) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/devices?serial=${serial}`, headers: admin })).json().items[0].supplies[0];

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'forecast');
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
    // The fixed-days trigger, whose 9-day horizon is the dashboard's "low": under the service level (the default) a
    // printer about 10 days from empty is already ordering, and the dashboard's low would not show.
    await writeSettings(ctx.store, world.adminPrincipal, 'dealer', world.dealer.id, { fulfilment: 'external', triggerMode: 'both' }, ctx.clock.now());
    // Looked at a little after the readings (21 days, every six hours) end, as a printer that keeps reporting is.
    ctx.clock.set(new Date(START + 21 * 24 * HOUR));
  });
  afterAll(() => ctx.close());

  it('says why there is no forecast after a single reading', async () => {
    await uploadReadings(ctx.app, world.collectorToken, steadyReadings('FC-ONE', 1).slice(0, 1));
    const { forecast } = await supplyOf('FC-ONE');
    expect(forecast).toMatchObject({ daysRemaining: null, daysRemainingLow: null, daysRemainingHigh: null, pagesRemaining: null, depletionDate: null });
    expect(forecast.basis).toMatch(/^No forecast yet: .+\.$/);
  });

  it('forecasts days and pages remaining with a band once three weeks of readings are in', async () => {
    const readings = steadyReadings('FC-STEADY', 21);
    await uploadReadings(ctx.app, world.collectorToken, readings, 40);
    const { forecast } = await supplyOf('FC-STEADY');
    // 21 days in, the gauge reads 59-60 %: about 59 more days at 1 % a day, about 5,900 pages.
    expect(forecast.daysRemaining).toBeGreaterThan(45);
    expect(forecast.daysRemaining).toBeLessThan(75);
    expect(forecast.pagesRemaining).toBeGreaterThan(4500);
    expect(forecast.pagesRemaining).toBeLessThan(7500);
    expect(forecast.daysRemainingLow).toBeLessThanOrEqual(forecast.daysRemaining);
    expect(forecast.daysRemainingHigh).toBeGreaterThanOrEqual(forecast.daysRemaining);
    expect(Date.parse(forecast.depletionDate)).toBeGreaterThan(START + 21 * 24 * HOUR);
    expect(forecast.basis.length).toBeGreaterThan(10);
  });

  it('projects a printer that went silent from its last reading, and says the forecast is stale', async () => {
    const readings = steadyReadings('FC-SILENT', 21);
    await uploadReadings(ctx.app, world.collectorToken, readings, 40);
    const lastRead = readings.at(-1)!.collectedAt;
    const fresh = (await supplyOf('FC-SILENT')).forecast;
    expect(fresh).toMatchObject({ asOf: lastRead, stale: false });
    expect(fresh.basis).not.toMatch(/last read/i);
    try {
      // Ten days without a reading: it printed on meanwhile, so it runs out on the same date, ten days nearer.
      ctx.clock.set(new Date(Date.parse(lastRead) + 10 * 24 * HOUR));
      const silent = (await supplyOf('FC-SILENT')).forecast;
      expect(silent).toMatchObject({ asOf: lastRead, stale: true, depletionDate: fresh.depletionDate });
      // (fresh was seen six hours after the last reading, already projected by a quarter of a day)
      expect(silent.daysRemaining).toBeCloseTo(fresh.daysRemaining - 9.75, 0);
      expect(silent.daysRemainingLow).toBeLessThan(fresh.daysRemainingLow);
      expect(silent.pagesRemaining).toBeLessThan(fresh.pagesRemaining);
      expect(silent.basis).toMatch(/ Last read 10 days ago; projected from then\.$/);
      const device = (await ctx.app.inject({ method: 'GET', url: '/api/v1/devices?serial=FC-SILENT', headers: admin })).json().items[0];
      expect(device.status).toBe('unreachable');
    } finally {
      ctx.clock.set(new Date(START + 21 * 24 * HOUR));
    }
  });

  it('calls a device low once its projected days left reach the lead time and buffer (9 days), before it turns unreachable', async () => {
    // 3 % a day from 93 %: about 10 days left at the last reading.
    const readings = steadyReadings('FC-NEARING', 21, 93, 3);
    await uploadReadings(ctx.app, world.collectorToken, readings, 40);
    const lastRead = Date.parse(readings.at(-1)!.collectedAt);
    const device = async () => (await ctx.app.inject({ method: 'GET', url: '/api/v1/devices?serial=FC-NEARING', headers: admin })).json().items[0];
    try {
      ctx.clock.set(new Date(lastRead + HOUR));
      const fresh = await device();
      expect(fresh.supplies[0].forecast.daysRemaining).toBeGreaterThan(9.5);
      expect(fresh.status).toBe('healthy');
      // 40 hours without a reading: not yet unreachable (48 h), but the same depletion date is now under 9 days away.
      ctx.clock.set(new Date(lastRead + 41 * HOUR));
      const nearer = await device();
      expect(nearer.supplies[0].forecast).toMatchObject({ stale: false, depletionDate: fresh.supplies[0].forecast.depletionDate });
      expect(nearer.supplies[0].forecast.daysRemaining).toBeLessThan(9);
      expect(nearer.status).toBe('low');
    } finally {
      ctx.clock.set(new Date(START + 21 * 24 * HOUR));
    }
  });

  it('tells which colours to ship together: those running out within the same week', async () => {
    const readings = colourReadings('FC-COLOUR', 21);
    await uploadReadings(ctx.app, world.collectorToken, readings, 40);
    const device = (await ctx.app.inject({ method: 'GET', url: '/api/v1/devices?serial=FC-COLOUR', headers: admin })).json().items[0];
    const byColor = Object.fromEntries(device.supplies.map((s: { color: string; index: number; forecast: unknown }) => [s.color, s]));
    expect(byColor.cyan.forecast.consolidateWith).toEqual([byColor.magenta.index]);
    expect(byColor.magenta.forecast.consolidateWith).toEqual([byColor.cyan.index]);
    expect(byColor.black.forecast.consolidateWith).toEqual([]);
    expect(byColor.yellow.forecast.consolidateWith).toEqual([]);
  });

  it('forecasts colour supplies on colour pages where the device counts them (stored, read back), black on total pages', async () => {
    await uploadReadings(ctx.app, world.collectorToken, countingReadings('FC-COUNTERS', 21), 40);
    const device = (await ctx.app.inject({ method: 'GET', url: '/api/v1/devices?serial=FC-COUNTERS', headers: admin })).json().items[0];
    const byColor = Object.fromEntries(device.supplies.map((s: { color: string; forecast: unknown }) => [s.color, s]));
    // Cyan at 29 % uses 1 % a day, 30 colour pages a day: about 870 colour pages left (on total pages it would be about 2,900).
    expect(byColor.cyan.forecast.basis).toMatch(/^Toner per colour page .*; pages remaining are colour pages \(the device counts them\)\.$/);
    expect(byColor.cyan.forecast.pagesRemaining).toBeGreaterThan(700);
    expect(byColor.cyan.forecast.pagesRemaining).toBeLessThan(1100);
    expect(byColor.cyan.forecast.daysRemaining).toBeGreaterThan(20);
    expect(byColor.cyan.forecast.daysRemaining).toBeLessThan(40);
    expect(byColor.black.forecast.basis).toMatch(/^Toner per page /);
    expect(byColor.black.forecast.pagesRemaining).toBeGreaterThan(4500);
  });
});
