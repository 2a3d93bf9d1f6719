import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, insertDevice, loginCookie, type DealerWorld } from '../support/factories.js';

describe(`customers, sites and devices over HTTP (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let admin: { cookie: string };

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'crud');
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
  });
  afterAll(() => ctx.close());

  it('creates a customer (201), refuses a duplicate name (409) and audits the creation', async () => {
    const created = await ctx.app.inject({ method: 'POST', url: '/api/v1/customers', headers: admin, payload: { name: 'Acme Ltd', externalRef: 'ACME-1' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Acme Ltd', externalRef: 'ACME-1' });
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/customers', headers: admin, payload: { name: 'Acme Ltd' } });
    expect(again.statusCode).toBe(409);
    const audit = await ctx.app.inject({ method: 'GET', url: '/api/v1/audit', headers: admin });
    expect(audit.json().items[0]).toMatchObject({ action: 'customer.created', entityId: created.json().id });
  });

  it('renames a customer and refuses a rename onto another customer', async () => {
    const renamed = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/customers/${world.otherCustomer.id}`, headers: admin, payload: { name: 'Other customer, renamed' } });
    expect(renamed.json().name).toBe('Other customer, renamed');
    const clash = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/customers/${world.otherCustomer.id}`, headers: admin, payload: { name: world.customer.name } });
    expect(clash.statusCode).toBe(409);
  });

  it('pages through customers by name with a cursor and finds them by search', async () => {
    for (let i = 0; i < 7; i++) await ctx.app.inject({ method: 'POST', url: '/api/v1/customers', headers: admin, payload: { name: `Paged ${i}` } });
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { name: string }[]; nextCursor: string | null } = (await ctx.app.inject({ method: 'GET', url: `/api/v1/customers?limit=3${cursor ? `&cursor=${cursor}` : ''}`, headers: admin })).json();
      names.push(...page.items.map((c) => c.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => n.startsWith('Paged'))).toHaveLength(7);
    const found = (await ctx.app.inject({ method: 'GET', url: '/api/v1/customers?search=paged%205', headers: admin })).json();
    expect(found.items.map((c: { name: string }) => c.name)).toEqual(['Paged 5']);
  });

  it("adds sites and lists a customer's sites; a duplicate site name is a conflict", async () => {
    const site = await ctx.app.inject({ method: 'POST', url: `/api/v1/customers/${world.customer.id}/sites`, headers: admin, payload: { name: 'Warehouse', postcode: 'LS1 4AP' } });
    expect(site.statusCode).toBe(201);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/customers/${world.customer.id}/sites`, headers: admin, payload: { name: 'Warehouse' } })).statusCode).toBe(409);
    const sites = (await ctx.app.inject({ method: 'GET', url: `/api/v1/customers/${world.customer.id}/sites`, headers: admin })).json();
    expect(sites.items.map((s: { name: string }) => s.name)).toEqual(['Head office', 'Warehouse']);
  });

  it('reads a device with its supplies as CONTRACT describes, with null estimates and a reason', async () => {
    const device = (await ctx.app.inject({ method: 'GET', url: `/api/v1/devices/${world.device.id}`, headers: admin })).json();
    expect(device).toMatchObject({ serial: world.device.serial, customerId: world.customer.id, siteId: world.site.id });
    expect(device.supplies[0]).toMatchObject({ index: 1, kind: 'toner', color: 'black', partNumber: 'CF259A', remainingPercent: 37, state: 'ok' });
    expect(device.supplies[1]).toMatchObject({ kind: 'drum', remainingPercent: null, state: 'some-remaining' });
    expect(device.supplies[0].forecast).toMatchObject({ daysRemaining: null, daysRemainingLow: null, daysRemainingHigh: null });
    expect(device.supplies[0].forecast.basis).toMatch(/no/i);
  });

  it('finds a device by serial and pages through devices in serial order', async () => {
    for (let i = 0; i < 5; i++) await insertDevice(ctx.store, world.dealer.id, world.customer.id, null, `PAGE-${i}`);
    const bySerial = (await ctx.app.inject({ method: 'GET', url: `/api/v1/devices?serial=${world.device.serial}`, headers: admin })).json();
    expect(bySerial.items.map((d: { id: string }) => d.id)).toEqual([world.device.id]);
    const serials: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { serial: string; supplies: unknown[] }[]; nextCursor: string | null } = (await ctx.app.inject({ method: 'GET', url: `/api/v1/devices?limit=2&customerId=${world.customer.id}${cursor ? `&cursor=${cursor}` : ''}`, headers: admin })).json();
      serials.push(...page.items.map((d) => d.serial));
      expect(page.items.every((d) => d.supplies.length === 2)).toBe(true);
      cursor = page.nextCursor;
    } while (cursor);
    expect(serials).toEqual(['PAGE-0', 'PAGE-1', 'PAGE-2', 'PAGE-3', 'PAGE-4', world.device.serial].sort());
  });

  it('registers a device by hand and refuses a serial the dealer already has or a site of another customer', async () => {
    const created = await ctx.app.inject({ method: 'POST', url: '/api/v1/devices', headers: admin, payload: { customerId: world.customer.id, siteId: world.site.id, serial: 'HAND-1', model: 'ECOSYS M5526cdw' } });
    expect(created.statusCode).toBe(201);
    // Registered by hand and never read yet: the dashboard shows it as not reporting.
    expect(created.json()).toMatchObject({ serial: 'HAND-1', status: 'unreachable', supplies: [] });
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/devices', headers: admin, payload: { customerId: world.customer.id, serial: 'HAND-1' } })).statusCode).toBe(409);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/devices', headers: admin, payload: { customerId: world.otherCustomer.id, siteId: world.site.id, serial: 'HAND-2' } })).statusCode).toBe(404);
  });

  it('shows a collector its token once and lists it afterwards by hint only', async () => {
    const created = await ctx.app.inject({ method: 'POST', url: '/api/v1/collectors', headers: admin, payload: { customerId: world.customer.id, name: 'Leeds office DCA' } });
    expect(created.statusCode).toBe(201);
    const { token, tokenHint } = created.json();
    expect(token).toMatch(/^tlc_/);
    expect(token.endsWith(tokenHint)).toBe(true);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/collectors', headers: admin });
    expect(list.body).not.toContain(token);
    expect(list.json().items.some((c: { name: string }) => c.name === 'Leeds office DCA')).toBe(true);
    const integration = await ctx.app.inject({ method: 'POST', url: '/api/v1/integrations', headers: admin, payload: { name: 'Jim2' } });
    expect(integration.json().token).toMatch(/^tli_/);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/integrations', headers: admin })).body).not.toContain(integration.json().token);
  });

  it('answers health with the engine in use', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({ status: 'ok', database: ENGINE });
  });
});
