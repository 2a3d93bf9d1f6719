import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredStockoutRisk } from '../../src/db/schema.js';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';
import { monoToner, printerReadings, uploadReadings } from '../support/readings.js';

const DAY = 86_400_000;
// Monday 2 November 2026, 08:00 UTC: readings every six hours from then.
const START = Date.parse('2026-11-02T08:00:00Z');
// 3 points a day from 90 %: empty on about day 30.
const TONER = monoToner(90, 3);

describe(`the service-level trigger counts the wait for stock of the item the job module would ship (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let inStock: DealerWorld;
  let outOfStock: DealerWorld;
  const call = async (world: DealerWorld, method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) => {
    const response = await ctx.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: await loginCookie(ctx.app, world.admin.email) }, ...(payload === undefined ? {} : { payload: payload as object }) });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json();
  };
  const requestsOf = async (world: DealerWorld, serial: string) => (await call(world, 'GET', '/consumable-requests?status=all')).items.filter((r: { serial: string }) => r.serial === serial);

  beforeAll(async () => {
    ctx = await createTestApp();
    ctx.clock.set(new Date(START));
    inStock = await buildDealer(ctx.store, 'stock-in');
    outOfStock = await buildDealer(ctx.store, 'stock-out');
    for (const world of [inStock, outOfStock]) {
      // TonerLoop's own job module ships, by a carrier that takes 3 business days (a 4-day setting).
      await call(world, 'PUT', '/request-settings', { fulfilment: 'internal', leadTimeDays: 4 });
    }
    // The same printer at both dealers; one has a cartridge of its toner (HP 59A, CF259A) on the shelf, the other none,
    // with the supplier's delivery due on Friday 27 November (day 25).
    await call(inStock, 'POST', '/warehouse/receipts', { sku: inStock.stockItem.sku, serials: ['SW-IN-1'] });
    await call(outOfStock, 'POST', '/purchase-orders', { supplier: 'Clover', reference: 'PO-SW-1', expectedAt: new Date(START + 25 * DAY).toISOString(), lines: [{ sku: outOfStock.stockItem.sku, quantity: 4 }] });
  });
  afterAll(() => ctx.close());

  it('orders now, naming the wait, when the item is out of stock with its purchase order due in 15 days; later when it is on the shelf', async () => {
    const upload = async (world: DealerWorld, serial: string, fromDay: number, toDay: number) => {
      ctx.clock.set(new Date(START + toDay * DAY));
      await uploadReadings(ctx.app, world.collectorToken, printerReadings(serial, START, fromDay, toDay, TONER));
    };
    // Ten days of readings of the same printer at both dealers (Thursday 12 November, day 10).
    await upload(inStock, 'SW-IN', 0, 10);
    await upload(outOfStock, 'SW-OUT', 0, 10);
    expect(await requestsOf(inStock, 'SW-IN')).toEqual([]);
    const [outRequest] = await requestsOf(outOfStock, 'SW-OUT');
    expect(outRequest).toMatchObject({ trigger: 'forecast', origin: 'automatic', createdAt: new Date(START + 10 * DAY).toISOString() });
    // 11 business days until the delivery on 27 November, then the carrier's 3: the cartridge can only just make day 30.
    expect(outRequest.comment).toMatch(/lead time 14 business days: HP 59A black toner is out of stock, expected 27 Nov by its purchase order: 11 business days added to the carrier's\)/);
    const risk: StoredStockoutRisk = (await call(outOfStock, 'GET', `/consumable-requests/${outRequest.id}`)).stockoutRisk;
    expect(risk.leadTimeDays).toEqual({ min: 14, max: 14 });
    expect(Date.parse(risk.expectedArrival)).toBeGreaterThan(START + 25 * DAY);

    // On the shelf: the carrier's 3 days only, so the order waits until about a week before the empty date.
    let day = 10;
    while ((await requestsOf(inStock, 'SW-IN')).length === 0 && day < 30) {
      await upload(inStock, 'SW-IN', day, day + 1);
      day += 1;
    }
    const [inRequest] = await requestsOf(inStock, 'SW-IN');
    expect(inRequest).toMatchObject({ trigger: 'forecast', origin: 'automatic' });
    expect(day).toBeGreaterThan(20);
    expect(inRequest.comment).toMatch(/lead time 3 business days\)/);
    expect(inRequest.comment).not.toMatch(/out of stock/);
  });
});
