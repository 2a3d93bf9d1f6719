import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeDemoCollector } from '../../src/cli/demo.js';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, insertDevice, loginCookie, type DealerWorld } from '../support/factories.js';

type Site = { id: string; name: string };

describe(`the site a printer stands at: its collector's, or said by hand (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let other: DealerWorld;
  let admin: { cookie: string };
  let keyUser: { cookie: string };
  let warehouse: Site;
  let otherCustomerSite: Site;

  const addSite = async (customerId: string, name: string): Promise<Site> => {
    const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/customers/${customerId}/sites`, headers: admin, payload: { name } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const deviceBySerial = async (serial: string) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/devices?serial=${serial}`, headers: admin })).json().items[0];
  const reading = (serial: string) => ({
    readingId: randomUUID(), collectedAt: new Date(ctx.clock.now().getTime() - 3_600_000).toISOString(), target: `10.9.0.${Math.floor(Math.random() * 250) + 1}:161`, protocol: 'snmp',
    serial, model: 'HP LaserJet Pro M404dn', meters: { total: 1000, mono: 1000, color: null }, supplies: [], error: null,
  });
  const putLocation = (deviceId: string, who: { cookie: string }, body: Record<string, unknown>) =>
    ctx.app.inject({ method: 'PUT', url: `/api/v1/devices/${deviceId}/location`, headers: who, payload: body });

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'sites');
    other = await buildDealer(ctx.store, 'sites-other');
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
    keyUser = { cookie: await loginCookie(ctx.app, world.keyUser.email) };
    warehouse = await addSite(world.customer.id, 'Warehouse');
    otherCustomerSite = await addSite(world.otherCustomer.id, 'Other head office');
  });
  afterAll(() => ctx.close());

  describe('a collector at a site', () => {
    it('is registered at a site of its customer and shows it', async () => {
      const created = await ctx.app.inject({ method: 'POST', url: '/api/v1/collectors', headers: admin, payload: { customerId: world.customer.id, name: 'Head office box', siteId: world.site.id } });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().siteId).toBe(world.site.id);
      const listed = (await ctx.app.inject({ method: 'GET', url: '/api/v1/collectors', headers: admin })).json().items;
      expect(listed.find((c: { id: string }) => c.id === created.json().id).siteId).toBe(world.site.id);
      expect(listed.find((c: { id: string }) => c.id === world.collector.id).siteId).toBeNull();
    });

    it("refuses another customer's site and another dealer's, with one sentence (404)", async () => {
      for (const siteId of [otherCustomerSite.id, other.site.id]) {
        const registered = await ctx.app.inject({ method: 'POST', url: '/api/v1/collectors', headers: admin, payload: { customerId: world.customer.id, name: 'Misplaced box', siteId } });
        expect(registered.statusCode).toBe(404);
        expect(registered.json().error.message).toBe(`Customer ${world.customer.id} has no site with id ${siteId}.`);
        const moved = await ctx.app.inject({ method: 'PUT', url: `/api/v1/collectors/${world.collector.id}/site`, headers: admin, payload: { siteId } });
        expect(moved.statusCode).toBe(404);
        expect(moved.json().error.message).toBe(`Customer ${world.customer.id} has no site with id ${siteId}.`);
      }
      const collectors = (await ctx.app.inject({ method: 'GET', url: '/api/v1/collectors', headers: admin })).json().items;
      expect(collectors.some((c: { name: string }) => c.name === 'Misplaced box')).toBe(false);
    });

    it("is not found from another dealer, whose site it is not either", async () => {
      const otherAdmin = { cookie: await loginCookie(ctx.app, other.admin.email) };
      const response = await ctx.app.inject({ method: 'PUT', url: `/api/v1/collectors/${world.collector.id}/site`, headers: otherAdmin, payload: { siteId: other.site.id } });
      expect(response.statusCode).toBe(404);
    });

    it('gives its site to new printers and to siteless ones of its customer; a printer with a site keeps it', async () => {
      const siteless = await insertDevice(ctx.store, world.dealer.id, world.customer.id, null, 'SN-SITELESS-1');
      const placed = await insertDevice(ctx.store, world.dealer.id, world.customer.id, warehouse.id, 'SN-PLACED-1');
      const moved = await ctx.app.inject({ method: 'PUT', url: `/api/v1/collectors/${world.collector.id}/site`, headers: admin, payload: { siteId: world.site.id } });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json().siteId).toBe(world.site.id);

      const upload = await ctx.app.inject({
        method: 'POST', url: '/api/v1/collector/readings', headers: { authorization: `Bearer ${world.collectorToken}` },
        payload: { readings: [reading('SN-NEW-AT-SITE'), reading(siteless.serial!), reading(placed.serial!), reading(world.otherDevice.serial!)] },
      });
      expect(upload.statusCode, upload.body).toBe(202);

      expect(await deviceBySerial('SN-NEW-AT-SITE')).toMatchObject({ siteId: world.site.id, siteName: 'Head office' });
      expect((await deviceBySerial(siteless.serial!)).siteId).toBe(world.site.id);
      expect((await deviceBySerial(placed.serial!)).siteId).toBe(warehouse.id);
      // Another customer's printer read by this collector is a move candidate, never given this customer's site.
      expect((await deviceBySerial(world.otherDevice.serial!)).siteId).toBeNull();

      const cleared = await ctx.app.inject({ method: 'PUT', url: `/api/v1/collectors/${world.collector.id}/site`, headers: admin, payload: { siteId: null } });
      expect(cleared.json().siteId).toBeNull();
      const audit = (await ctx.app.inject({ method: 'GET', url: '/api/v1/audit', headers: admin })).json().items;
      expect(audit.find((e: { action: string }) => e.action === 'collector.site-set')).toMatchObject({ entityId: world.collector.id, details: { siteId: null, previousSiteId: world.site.id } });
    });
    it("gives its site to a printer moved to its customer when staff confirm the move, from the readings the move held", async () => {
      const foreign = await insertDevice(ctx.store, world.dealer.id, world.otherCustomer.id, otherCustomerSite.id, 'SN-MOVING-1');
      const placed = await ctx.app.inject({ method: 'PUT', url: `/api/v1/collectors/${world.collector.id}/site`, headers: admin, payload: { siteId: warehouse.id } });
      expect(placed.statusCode, placed.body).toBe(200);
      const upload = await ctx.app.inject({ method: 'POST', url: '/api/v1/collector/readings', headers: { authorization: `Bearer ${world.collectorToken}` }, payload: { readings: [reading(foreign.serial!)] } });
      expect(upload.statusCode, upload.body).toBe(202);
      const moves = (await ctx.app.inject({ method: 'GET', url: '/api/v1/device-moves?status=pending', headers: admin })).json().items;
      const move = moves.find((m: { device: { id: string } }) => m.device.id === foreign.id);
      const confirmed = await ctx.app.inject({ method: 'POST', url: `/api/v1/device-moves/${move.id}/confirm`, headers: admin });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      // The move takes the old customer's site away; the collector that read it says where it stands now.
      expect(await deviceBySerial(foreign.serial!)).toMatchObject({ customerId: world.customer.id, siteId: warehouse.id });
      await ctx.app.inject({ method: 'PUT', url: `/api/v1/collectors/${world.collector.id}/site`, headers: admin, payload: { siteId: null } });
    });
  });

  describe('PUT /devices/{id}/location with siteId', () => {
    it("lets staff move a printer to another of its customer's sites, keep it by leaving siteId out, and clear it", async () => {
      const device = await insertDevice(ctx.store, world.dealer.id, world.customer.id, world.site.id, 'SN-BY-HAND-1');
      const moved = await putLocation(device.id, admin, { location: 'Loading bay', siteId: warehouse.id });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({ siteId: warehouse.id, siteName: 'Warehouse', location: 'Loading bay' });
      expect((await putLocation(device.id, admin, { location: 'Office 2' })).json()).toMatchObject({ siteId: warehouse.id, location: 'Office 2' });
      expect((await putLocation(device.id, admin, { location: null, siteId: null })).json()).toMatchObject({ siteId: null, siteName: null, location: null });
      const audit = (await ctx.app.inject({ method: 'GET', url: '/api/v1/audit', headers: admin })).json().items;
      expect(audit.find((e: { action: string; entityId: string }) => e.action === 'device.site-set' && e.entityId === device.id)).toMatchObject({ details: { siteId: null, previousSiteId: warehouse.id } });
    });

    it("refuses another customer's site and another dealer's for a printer (404), changing nothing", async () => {
      for (const siteId of [otherCustomerSite.id, other.site.id]) {
        const response = await putLocation(world.device.id, admin, { location: 'Nowhere', siteId });
        expect(response.statusCode).toBe(404);
        expect(response.json().error.message).toBe(`The customer of device ${world.device.id} has no site with id ${siteId}.`);
      }
      expect((await deviceBySerial(world.device.serial!)).siteId).toBe(world.site.id);
    });

    it("lets a key user move their company's printer between its own sites, but not to another customer's", async () => {
      const device = await insertDevice(ctx.store, world.dealer.id, world.customer.id, world.site.id, 'SN-KEY-USER-1');
      const moved = await putLocation(device.id, keyUser, { location: 'Post room', siteId: warehouse.id });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json().siteId).toBe(warehouse.id);
      const refused = await putLocation(device.id, keyUser, { location: 'Post room', siteId: otherCustomerSite.id });
      expect(refused.statusCode).toBe(404);
      expect((await putLocation(world.otherDevice.id, keyUser, { location: 'x', siteId: otherCustomerSite.id })).statusCode).toBe(404);
      expect((await deviceBySerial(device.serial!)).siteId).toBe(warehouse.id);
    });
  });

  it("puts an older demo folder's collector at its customer's Head office, whose printers get it at their next reading", async () => {
    const demo = await buildDealer(ctx.store, 'sites-demo');
    const siteless = await insertDevice(ctx.store, demo.dealer.id, demo.customer.id, null, 'SN-DEMO-SITELESS');
    await placeDemoCollector(ctx.store, demo.adminPrincipal, demo.collectorToken, ctx.clock.now());
    expect((await ctx.store.repos.collectors.get({ dealerId: demo.dealer.id, customerId: null }, demo.collector.id))?.site_id).toBe(demo.site.id);
    const upload = await ctx.app.inject({ method: 'POST', url: '/api/v1/collector/readings', headers: { authorization: `Bearer ${demo.collectorToken}` }, payload: { readings: [reading(siteless.serial!)] } });
    expect(upload.statusCode, upload.body).toBe(202);
    const device = await ctx.store.repos.devices.get({ dealerId: demo.dealer.id, customerId: null }, siteless.id);
    expect(device?.site_id).toBe(demo.site.id);
  });
});
