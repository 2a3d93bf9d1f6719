import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { uploadReadings } from '../support/readings.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-09-01T00:00:00Z');

/** Readings every six hours of a printer using 1 % a day at 100 pages a day; `levelAt(day)` gives the gauge. */
function readings(serial: string, model: string, days: number, levelAt: (day: number) => number) {
  return Array.from({ length: days * 4 }, (_, i) => {
    const at = START + i * 6 * HOUR;
    const day = (at - START) / (24 * HOUR);
    const level = levelAt(day);
    return {
      readingId: randomUUID(), collectedAt: new Date(at).toISOString(), target: `10.8.8.${serial.length}:161`, protocol: 'snmp', serial, model,
      meters: { total: Math.round(10_000 + day * 100), mono: null, color: null },
      supplies: [{ index: 1, kind: 'toner', color: 'black', description: 'Black Cartridge HP CF259A', partNumber: 'CF259A', isReceptacle: false, remainingPercent: level, state: level === 0 ? 'empty' : level <= 10 ? 'low' : 'ok', raw: { level, max: 100, unit: 'percent' } }],
      error: null,
    };
  });
}

describe(`fleet statistics (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let admin: { cookie: string };
  const upload = (batch: unknown[]) => uploadReadings(ctx.app, world.collectorToken, batch, 60);

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'fleet');
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
    ctx.clock.set(new Date(START + 70 * 24 * HOUR));
    // Runs out after 40 days, is replaced two days later by a full cartridge.
    await upload(readings('RUNS-OUT', 'Model A', 60, (d) => (d < 40 ? Math.ceil(40 - d) : d < 42 ? 0 : Math.ceil(100 - (d - 42)))));
    await upload(readings('RUNS-OUT-2', 'Model A', 60, (d) => (d < 35 ? Math.ceil(35 - d) : d < 36 ? 0 : Math.ceil(100 - (d - 36)))));
    await upload(readings('RUNS-OUT-3', 'Model A', 60, (d) => (d < 45 ? Math.ceil(45 - d) : d < 47 ? 0 : Math.ceil(100 - (d - 47)))));
    // Swapped at 40 % by an impatient user on day 20.
    await upload(readings('SWAPPED', 'Model A', 60, (d) => (d < 20 ? Math.ceil(60 - d) : Math.ceil(100 - (d - 20)))));
  });
  afterAll(() => ctx.close());

  it('reports realized yield and the toner thrown away at early swaps, per model and part number', async () => {
    const stats = (await ctx.app.inject({ method: 'GET', url: '/api/v1/fleet/statistics', headers: admin })).json();
    const model = stats.byModel.find((m: { key: string }) => m.key === 'Model A');
    expect(model).toMatchObject({ devices: 4, earlySwaps: 1 });
    expect(model.closedCycles).toBeGreaterThanOrEqual(2);
    expect(model.meanResidualAtSwapPercent).toBeGreaterThan(30);
    expect(model.meanResidualAtSwapPercent).toBeLessThan(50);
    // 1 % a day at 100 pages a day: a full cartridge gives about 10,000 pages here.
    const part = stats.byPartNumber.find((p: { key: string }) => p.key === 'CF259A');
    expect(part.medianRealizedYield).toBeGreaterThan(8000);
    expect(part.medianRealizedYield).toBeLessThan(12000);
    expect(stats.byCustomer.find((c: { key: string }) => c.key === world.customer.id)?.label).toBe(world.customer.name);
  });

  it('lists devices that stopped reporting', async () => {
    const stats = (await ctx.app.inject({ method: 'GET', url: '/api/v1/fleet/statistics?silentDays=5', headers: admin })).json();
    // The factory's devices were never seen; the two above last reported 10 days before "now".
    expect(stats.silentDevices.map((d: { serial: string }) => d.serial)).toEqual(expect.arrayContaining(['RUNS-OUT', 'SWAPPED']));
    const recent = (await ctx.app.inject({ method: 'GET', url: '/api/v1/fleet/statistics?silentDays=30', headers: admin })).json();
    expect(recent.silentDevices.map((d: { serial: string }) => d.serial)).not.toContain('RUNS-OUT');
  });

  it("keeps a customer key user to their own customer's figures", async () => {
    const other = { cookie: await loginCookie(ctx.app, world.otherKeyUser.email) };
    const stats = (await ctx.app.inject({ method: 'GET', url: '/api/v1/fleet/statistics', headers: other })).json();
    expect(stats.byModel).toEqual([]);
    expect(stats.silentDevices.map((d: { customerId: string }) => d.customerId)).toEqual(stats.silentDevices.map(() => world.otherCustomer.id));
  });

  it("forecasts a new printer's fresh cartridge from what the fleet learned about its part number", async () => {
    const fresh = readings('FRESH', 'Model A', 2, (d) => Math.ceil(100 - d)).map((r) => ({ ...r, collectedAt: new Date(Date.parse(r.collectedAt) + 62 * 24 * HOUR).toISOString() }));
    await upload(fresh);
    const device = (await ctx.app.inject({ method: 'GET', url: '/api/v1/devices?serial=FRESH', headers: admin })).json().items[0];
    expect(device.supplies[0].forecast.basis).toMatch(/the fleet's realized yield of \d+ pages \(\d+ cycles\)/);
    // A full cartridge at about 10,000 pages and 100 pages a day: about 100 days.
    expect(device.supplies[0].forecast.daysRemaining).toBeGreaterThan(60);
    expect(device.supplies[0].forecast.daysRemaining).toBeLessThan(140);
  });
});
