import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, insertDevice, insertRequest, type DealerWorld } from '../support/factories.js';
import { printerReadings, uploadReadings } from '../support/readings.js';
import { person, warehouseWorld } from '../warehouse/support.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe(`a site's learned lead time through the API (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let w: Awaited<ReturnType<typeof warehouseWorld>>;
  let monday: number;
  const siteUrl = (siteId: string, customerId = world.customer.id) => `/customers/${customerId}/sites/${siteId}`;

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'lead-times');
    // The test clock starts on Saturday 21 November 2026, 10:00 UTC: the orders go out from Monday.
    ctx.clock.advance(2 * DAY);
    monday = ctx.clock.now().getTime();
    w = await warehouseWorld(ctx, world);
  });
  afterAll(() => ctx.close());

  it('learns from the deliveries the warehouse recorded at the site: dispatch → delivered in business days, weekends skipped', async () => {
    // Six boxes for printers at the head office: five dispatched on Monday, one on Friday.
    const jobs = [];
    for (let k = 0; k < 6; k++) {
      const [unit] = await w.stock(w.black, 1);
      const job = await w.readyJob(false);
      const scan = w.station();
      await scan(unit!);
      expect(await scan(job.orderLabel)).toMatchObject({ accepted: true, complete: true });
      jobs.push({ ...job, trackingNumber: `TRK${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}` });
    }
    for (const job of jobs.slice(0, 5)) await w.operator.ok('POST', `/jobs/${job.id}/dispatch`, { carrier: 'DPD', trackingNumber: job.trackingNumber });
    // Before any delivery: nothing learned, the built-in distribution.
    expect((await w.dispatcher.ok('GET', siteUrl(world.site.id))).leadTime).toMatchObject({ source: 'default', samples: 0, medianBusinessDays: 2, p90BusinessDays: 3 });
    ctx.clock.advance(4 * DAY);
    const operator = await person(ctx, world.warehouse.email);
    await operator.ok('POST', `/jobs/${jobs[5]!.id}/dispatch`, { carrier: 'DPD', trackingNumber: jobs[5]!.trackingNumber });
    ctx.clock.advance(6 * DAY);
    const dispatcher = await person(ctx, world.dispatcher.email);
    // Tuesday ×3 (1 business day), Wednesday (2), next Monday (5); the Friday box on Monday (1: the weekend is skipped).
    const deliveredAt = [monday + DAY + 4 * HOUR, monday + DAY, monday + DAY + 6 * HOUR, monday + 2 * DAY, monday + 7 * DAY, monday + 7 * DAY + 2 * HOUR];
    for (const [k, job] of jobs.entries()) await dispatcher.ok('POST', '/deliveries', { trackingNumber: job.trackingNumber, at: new Date(deliveredAt[k]!).toISOString() });

    const site = await dispatcher.ok('GET', siteUrl(world.site.id));
    expect(site).toMatchObject({ id: world.site.id, name: 'Head office', city: 'Leeds' });
    expect(site.leadTime).toMatchObject({ source: 'learned', samples: 6, deliveries: 6, erpOrders: 0, medianBusinessDays: 1, p90BusinessDays: 5, setting: null, basis: 'Learned from 6 deliveries in the last 180 days.' });
    expect(site.leadTime.distribution.map((d: { days: number }) => d.days)).toEqual([1, 2, 5]);
    expect(site.leadTime.distribution.reduce((sum: number, d: { weight: number }) => sum + d.weight, 0)).toBeCloseTo(1, 9);
    // Four of six next-day, all recorded within ten days of each other: about two thirds of the weight.
    expect(site.leadTime.distribution[0].weight).toBeCloseTo(4 / 6, 1);
    const { items } = await dispatcher.ok('GET', `/customers/${world.customer.id}/sites`);
    expect(items.find((s: { id: string }) => s.id === world.site.id).leadTime).toEqual(site.leadTime);
  });

  it("learns from an external ERP's orders: actioned → new cartridge seen, for the printers standing at the site", async () => {
    const dispatcher = await person(ctx, world.dispatcher.email);
    const depot = await dispatcher.ok('POST', `/customers/${world.customer.id}/sites`, { name: 'Depot', city: 'York' });
    const actioned = monday;
    // Three loops closed on Wednesday (2 business days after the Monday action), two on Thursday (3).
    for (const days of [2, 2, 2, 3, 3]) {
      const device = await insertDevice(ctx.store, world.dealer.id, world.customer.id, depot.id, `ERP-${randomUUID().slice(0, 8)}`);
      const { id } = await insertRequest(ctx.store, world.dealer.id, device.id, world.customer.id, 1);
      const closed = new Date(actioned + days * DAY + 3 * HOUR);
      const entry = (at: number, from: string | null, to: string) => ({ at: new Date(at).toISOString(), from, to, actor: { kind: 'system', id: 'tonerloop' }, comment: null, externalId: null, override: false });
      await ctx.store.db.updateTable('consumable_requests').set({
        status: 'completed', external_id: `B2B-${days}`, status_changed_at: closed,
        history: JSON.stringify([entry(actioned - HOUR, null, 'outstanding'), entry(actioned, 'outstanding', 'actioned'), entry(closed.getTime(), 'actioned', 'completed')]),
      }).where('id', '=', id).execute();
    }
    const site = await dispatcher.ok('GET', siteUrl(depot.id));
    expect(site.leadTime).toMatchObject({ source: 'learned', samples: 5, deliveries: 0, erpOrders: 5, medianBusinessDays: 2, p90BusinessDays: 3 });
    expect(site.leadTime.basis).toBe('Learned from 5 ERP orders (actioned → new cartridge seen) in the last 180 days.');
  });

  it("falls back on the lead-time setting the site's printers inherit, the dealer's or the customer's, when the site has no orders", async () => {
    const admin = await person(ctx, world.admin.email);
    const annex = await admin.ok('POST', `/customers/${world.customer.id}/sites`, { name: 'Annex' });
    expect((await admin.ok('GET', siteUrl(annex.id))).leadTime).toMatchObject({ source: 'default', setting: null });
    await admin.ok('PUT', '/request-settings', { leadTimeDays: 7 });
    expect((await admin.ok('GET', siteUrl(annex.id))).leadTime).toMatchObject({
      source: 'setting', samples: 0, medianBusinessDays: 5, p90BusinessDays: 5, distribution: [{ days: 5, weight: 1 }], setting: { leadTimeDays: 7, level: 'dealer' },
      basis: "No deliveries recorded yet: the dealer's 7-day lead-time setting (5 business days).",
    });
    // The list answers every site of the customer from one read, each with its own.
    const { items } = await admin.ok('GET', `/customers/${world.customer.id}/sites`);
    expect(Object.fromEntries(items.map((site: { name: string; leadTime: { source: string; medianBusinessDays: number } }) => [site.name, [site.leadTime.source, site.leadTime.medianBusinessDays]])))
      .toEqual({ 'Head office': ['learned', 1], Depot: ['learned', 2], Annex: ['setting', 5] });
    await admin.ok('PUT', `/customers/${world.customer.id}/request-settings`, { leadTimeDays: 3 });
    expect((await admin.ok('GET', siteUrl(annex.id))).leadTime).toMatchObject({ source: 'setting', medianBusinessDays: 2, setting: { leadTimeDays: 3, level: 'customer' } });
    // A site with enough deliveries keeps its learned figures, and names the setting beside them.
    expect((await admin.ok('GET', siteUrl(world.site.id))).leadTime).toMatchObject({ source: 'learned', medianBusinessDays: 1, setting: { leadTimeDays: 3, level: 'customer' } });
    await admin.ok('PUT', `/customers/${world.customer.id}/request-settings`, {});
    await admin.ok('PUT', '/request-settings', { leadTimeDays: null });
  });

  it("orders on the printer's site's lead times: the service-level trigger's risk counts the site's learned days", async () => {
    const dispatcher = await person(ctx, world.dispatcher.email);
    const start = ctx.clock.now().getTime() - 10 * DAY;
    // The toner is on the shelf (the six boxes above used up the stock): no wait for stock before the carrier.
    await (await person(ctx, world.warehouse.email)).ok('POST', '/warehouse/receipts', { sku: w.black, serials: ['AT-SHELF-1', 'AT-SHELF-2'] });
    // Two printers at 12 % falling a point a day: one at the head office (learned: 1, 2 or 5 business days), one at no site.
    const requestOf = async (serial: string, siteId: string | null) => {
      const readings = printerReadings(serial, start, 0, 10, [{ index: 1, color: 'black', partNumber: 'CF259A', level: (d) => Math.max(0, Math.round(12 - d)) }]);
      await uploadReadings(ctx.app, world.collectorToken, readings.slice(0, 1), 50);
      const { items: [device] } = await dispatcher.ok('GET', `/devices?serial=${serial}`);
      if (siteId) await dispatcher.ok('PUT', `/devices/${device.id}/location`, { location: null, siteId });
      await uploadReadings(ctx.app, world.collectorToken, readings.slice(1), 50);
      const { items } = await dispatcher.ok('GET', '/consumable-requests?status=outstanding');
      const request = items.find((r: { serial: string }) => r.serial === serial);
      expect(request, serial).toBeDefined();
      return dispatcher.ok('GET', `/consumable-requests/${request.id}`);
    };
    expect((await requestOf('AT-HEAD-OFFICE', world.site.id)).stockoutRisk.leadTimeDays).toEqual({ min: 1, max: 5 });
    // The built-in distribution's tail reaches 10 business days.
    expect((await requestOf('AT-NO-SITE', null)).stockoutRisk.leadTimeDays).toEqual({ min: 1, max: 10 });
  });

  it("refuses another dealer's site, another customer's site and a key user's look at another customer with 404", async () => {
    const other = await buildDealer(ctx.store, 'lead-times-other');
    const stranger = await person(ctx, other.admin.email);
    const refused = async (who: Awaited<ReturnType<typeof person>>, url: string) => {
      const answer = await who.call('GET', url);
      expect(answer.status, url).toBe(404);
      expect(JSON.stringify(answer.body)).not.toContain('Head office');
    };
    // Another dealer: neither by this dealer's customer nor by its own customer's path.
    await refused(stranger, siteUrl(world.site.id));
    await refused(stranger, siteUrl(world.site.id, other.customer.id));
    // The same dealer, the site under the wrong customer.
    const dispatcher = await person(ctx, world.dispatcher.email);
    await refused(dispatcher, siteUrl(world.site.id, world.otherCustomer.id));
    // A key user sees their own company's site, not another's (not even by their own customer's path).
    const keyUser = await person(ctx, world.keyUser.email);
    expect((await keyUser.ok('GET', siteUrl(world.site.id))).leadTime).toMatchObject({ source: 'learned' });
    const otherKeyUser = await person(ctx, world.otherKeyUser.email);
    await refused(otherKeyUser, siteUrl(world.site.id));
    await refused(otherKeyUser, siteUrl(world.site.id, world.otherCustomer.id));
    expect((await dispatcher.call('GET', `/customers/${world.customer.id}/sites/not-a-uuid`)).status).toBe(400);
  });
});
