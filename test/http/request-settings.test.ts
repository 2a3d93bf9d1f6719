import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, insertDevice, loginCookie, type DealerWorld } from '../support/factories.js';
import { printerReadings, uploadReadings } from '../support/readings.js';

const DAY = 86_400_000;
const START = Date.parse('2026-11-01T00:00:00Z');

describe(`request settings: dealer → customer → contract → device, over HTTP (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let admin: Record<string, string>;
  const call = (method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers = admin) =>
    ctx.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  const effective = async (url: string) => (await call('GET', url)).json().effective;

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'settings');
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
  });
  afterAll(() => ctx.close());

  it('starts from the built-in defaults, each marked as such', async () => {
    const settings = (await call('GET', '/request-settings')).json();
    // The world's dealer has an ERP polling, so its one override is fulfilment external (as the upgrade to supply jobs sets it).
    expect(settings).toMatchObject({ level: 'dealer', targetId: world.dealer.id, overrides: { fulfilment: 'external' }, problems: [] });
    expect(settings.effective).toMatchObject({
      leadTimeDays: { value: 7, source: 'default' }, lowerThresholdPercent: { value: 5, source: 'default' }, upperThresholdPercent: { value: 15, source: 'default' },
      minConsumedSinceLastOrderPercent: { value: 30, source: 'default' }, maxMeterAgeHours: { value: 48, source: 'default' },
      autoReplenish: { value: true, source: 'default' }, consolidateColours: { value: true, source: 'default' },
      // The service level is the default for a new dealer (CONTRACT "Just in time").
      triggerMode: { value: 'service-level', source: 'default' }, serviceLevelPercent: { value: 99.5, source: 'default' },
    });
  });

  it('inherits every field through each level and shows where each effective value comes from', async () => {
    expect((await call('PUT', '/request-settings', { leadTimeDays: 10, minConsumedSinceLastOrderPercent: 25 })).statusCode).toBe(200);
    expect((await call('PUT', `/customers/${world.customer.id}/request-settings`, { leadTimeDays: 12, safetyBufferDays: 4 })).statusCode).toBe(200);
    let device = await effective(`/devices/${world.device.id}/request-settings`);
    expect(device.leadTimeDays).toEqual({ value: 12, source: 'customer' });
    expect(device.safetyBufferDays).toEqual({ value: 4, source: 'customer' });
    expect(device.minConsumedSinceLastOrderPercent).toEqual({ value: 25, source: 'dealer' });
    expect(device.lowerThresholdPercent).toEqual({ value: 5, source: 'default' });

    expect((await call('PUT', `/contracts/${world.contract.id}/request-settings`, { leadTimeDays: 5, triggerMode: 'forecast' })).statusCode).toBe(200);
    const deviceView = (await call('GET', `/devices/${world.device.id}/request-settings`)).json();
    expect(deviceView.contract).toEqual({ id: world.contract.id, name: world.contract.name });
    expect(deviceView.effective.leadTimeDays).toEqual({ value: 5, source: 'contract' });
    expect(deviceView.effective.triggerMode).toEqual({ value: 'forecast', source: 'contract' });

    expect((await call('PUT', `/devices/${world.device.id}/request-settings`, { leadTimeDays: 3, upperThresholdPercent: 20 })).json().overrides).toEqual({ leadTimeDays: 3, upperThresholdPercent: 20 });
    device = await effective(`/devices/${world.device.id}/request-settings`);
    expect(device.leadTimeDays).toEqual({ value: 3, source: 'device' });
    expect(device.upperThresholdPercent).toEqual({ value: 20, source: 'device' });
    expect(device.safetyBufferDays).toEqual({ value: 4, source: 'customer' });

    // null resets a field to inherited; the contract's own view resolves down to its level only.
    expect((await call('PUT', `/devices/${world.device.id}/request-settings`, { leadTimeDays: null, upperThresholdPercent: 20 })).statusCode).toBe(200);
    expect((await effective(`/devices/${world.device.id}/request-settings`)).leadTimeDays).toEqual({ value: 5, source: 'contract' });
    expect((await effective(`/contracts/${world.contract.id}/request-settings`)).safetyBufferDays).toEqual({ value: 4, source: 'customer' });
    expect((await effective(`/customers/${world.customer.id}/request-settings`)).leadTimeDays).toEqual({ value: 12, source: 'customer' });
    // Another customer of the dealer sees the dealer level, untouched by this customer's overrides.
    expect((await effective(`/devices/${world.otherDevice.id}/request-settings`)).leadTimeDays).toEqual({ value: 10, source: 'dealer' });
  });

  it('lets a contract that names a device beat one covering all devices, and stops inheriting from a contract once it has ended', async () => {
    const named = await call('POST', '/contracts', { customerId: world.customer.id, name: 'Named devices', deviceIds: [world.device.id], settings: { leadTimeDays: 6 } });
    expect(named.statusCode).toBe(201);
    expect(named.json()).toMatchObject({ coversAllDevices: false, deviceIds: [world.device.id], settings: { leadTimeDays: 6 }, autoReplenish: true });
    expect((await call('GET', `/devices/${world.device.id}/request-settings`)).json()).toMatchObject({ contract: { name: 'Named devices' }, effective: { leadTimeDays: { value: 6, source: 'contract' } } });

    const ended = new Date(ctx.clock.now().getTime() - DAY).toISOString();
    expect((await call('PATCH', `/contracts/${named.json().id}`, { validUntil: ended })).statusCode).toBe(200);
    expect((await call('GET', `/devices/${world.device.id}/request-settings`)).json()).toMatchObject({ contract: { name: world.contract.name }, effective: { leadTimeDays: { value: 5, source: 'contract' } } });
    expect((await call('DELETE', `/contracts/${named.json().id}`)).statusCode).toBe(204);
    expect((await call('GET', `/contracts/${named.json().id}`)).statusCode).toBe(404);
  });

  it('refuses settings that contradict each other once inherited, with one sentence', async () => {
    const refused = await call('PUT', `/customers/${world.customer.id}/request-settings`, { lowerThresholdPercent: 30 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toBe('The lower threshold (30 %) is above the upper threshold (15 %), so every level trigger would count as rapid use.');
    expect((await effective(`/customers/${world.customer.id}/request-settings`)).lowerThresholdPercent).toEqual({ value: 5, source: 'default' });
  });

  it('lets staff read settings, only a dealer admin change them, and keeps key users out; every change is audited with before and after', async () => {
    const dispatcher = { cookie: await loginCookie(ctx.app, world.dispatcher.email) };
    const keyUser = { cookie: await loginCookie(ctx.app, world.keyUser.email) };
    expect((await call('GET', `/devices/${world.device.id}/request-settings`, undefined, dispatcher)).statusCode).toBe(200);
    expect((await call('PUT', `/devices/${world.device.id}/request-settings`, { leadTimeDays: 1 }, dispatcher)).statusCode).toBe(403);
    expect((await call('GET', '/request-settings', undefined, keyUser)).statusCode).toBe(403);
    expect((await call('POST', '/contracts', { customerId: world.customer.id, name: 'By a dispatcher' }, dispatcher)).statusCode).toBe(403);
    const audit = (await call('GET', '/audit')).json().items.filter((e: { action: string }) => e.action === 'settings.changed');
    const customerChange = audit.find((e: { entityType: string }) => e.entityType === 'customer');
    expect(customerChange.details).toEqual({ before: {}, after: { leadTimeDays: 12, safetyBufferDays: 4 } });
  });

  it('keeps contracts to their customer: a key user lists only their own, and a contract cannot name another customer\'s device', async () => {
    const other = await call('POST', '/contracts', { customerId: world.otherCustomer.id, name: 'Other service' });
    expect(other.statusCode).toBe(201);
    const keyUser = { cookie: await loginCookie(ctx.app, world.keyUser.email) };
    const seen = (await call('GET', '/contracts', undefined, keyUser)).json().items.map((c: { name: string }) => c.name);
    expect(seen).toContain(world.contract.name);
    expect(seen).not.toContain('Other service');
    expect((await call('GET', `/contracts/${other.json().id}`, undefined, keyUser)).statusCode).toBe(404);
    const wrong = await call('PATCH', `/contracts/${other.json().id}`, { deviceIds: [world.device.id] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toBe(`Device ${world.device.id} is not a device of this contract's customer.`);
    expect((await call('GET', `/contracts?customerId=${world.otherCustomer.id}`)).json().items.map((c: { name: string }) => c.name)).toEqual(['Other service']);
  });

  it('refuses a change that would contradict the settings of what inherits from it, naming them, and writes nothing', async () => {
    // The customer raises its lower threshold to 12 % (fine under the 15 % upper one)...
    const own = (await call('GET', `/customers/${world.customer.id}/request-settings`)).json().overrides;
    const dealerOwn = (await call('GET', '/request-settings')).json().overrides;
    expect((await call('PUT', `/customers/${world.customer.id}/request-settings`, { ...own, lowerThresholdPercent: 12 })).statusCode).toBe(200);
    // ...so the dealer may not lower the upper threshold to 10 % for everyone, and a printer may not either.
    const refused = await call('PUT', '/request-settings', { ...dealerOwn, upperThresholdPercent: 10 });
    expect(refused.statusCode).toBe(400);
    const sentence = 'The lower threshold (12 %) is above the upper threshold (10 %), so every level trigger would count as rapid use.';
    // The customer, and what inherits from it and overrides something itself (its contract), each named.
    expect(refused.json().error.message).toBe(`This change contradicts settings below it: customer ${world.customer.name}: ${sentence} contract ${world.contract.name}: ${sentence} Change those first.`);
    expect((await call('GET', '/request-settings')).json().overrides).toEqual(dealerOwn);
    expect((await call('PUT', `/devices/${world.device.id}/request-settings`, { upperThresholdPercent: 10 })).statusCode).toBe(400);
    // Once the customer's own value is gone, a printer's own one still stands in the way, named by its serial.
    expect((await call('PUT', `/customers/${world.customer.id}/request-settings`, own)).statusCode).toBe(200);
    const deviceOwn = (await call('GET', `/devices/${world.device.id}/request-settings`)).json().overrides;
    expect((await call('PUT', `/devices/${world.device.id}/request-settings`, { ...deviceOwn, lowerThresholdPercent: 12, upperThresholdPercent: null })).statusCode).toBe(200);
    expect((await call('PUT', '/request-settings', { ...dealerOwn, upperThresholdPercent: 10 })).json().error.message).toMatch(`printer ${world.device.serial}: ${sentence}`);
    expect((await call('PUT', `/devices/${world.device.id}/request-settings`, deviceOwn)).statusCode).toBe(200);
    // Then the dealer's change goes through.
    expect((await call('PUT', '/request-settings', { ...dealerOwn, upperThresholdPercent: 10 })).statusCode).toBe(200);
    expect((await call('PUT', '/request-settings', dealerOwn)).statusCode).toBe(200);
  });
});

describe(`settings and contracts decide automatic requests (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let admin: Record<string, string>;
  const call = (method: 'GET' | 'PUT' | 'POST' | 'PATCH', url: string, payload?: unknown) => ctx.app.inject({ method, url: `/api/v1${url}`, headers: admin, ...(payload === undefined ? {} : { payload: payload as object }) });
  const black = (start: number) => [{ index: 1, color: 'black' as const, partNumber: 'TK-1', level: (d: number) => Math.max(1, Math.ceil(start - d)) }];
  const requestsOf = async (serial: string) => (await call('GET', '/consumable-requests?status=all')).json().items.filter((r: { serial: string }) => r.serial === serial);
  const deviceId = async (serial: string) => (await call('GET', `/devices?serial=${serial}`)).json().items[0].id as string;

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'decide');
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
    ctx.clock.set(new Date(START + 10 * DAY));
  });
  afterAll(() => ctx.close());

  it('raises nothing while the forecast is beyond a short lead time set on the device, and a request once the device inherits a longer one', async () => {
    await uploadReadings(ctx.app, world.collectorToken, printerReadings('LEAD-1', START, 0, 1, black(30)));
    const id = await deviceId('LEAD-1');
    expect((await call('PUT', `/devices/${id}/request-settings`, { leadTimeDays: 1, safetyBufferDays: 0, triggerMode: 'forecast' })).statusCode).toBe(200);
    await uploadReadings(ctx.app, world.collectorToken, printerReadings('LEAD-1', START, 1, 10, black(30)));
    expect(await requestsOf('LEAD-1')).toEqual([]);
    expect((await call('PUT', `/devices/${id}/request-settings`, { triggerMode: 'forecast', leadTimeDays: 20 })).statusCode).toBe(200);
    await uploadReadings(ctx.app, world.collectorToken, printerReadings('LEAD-1', START, 10, 10.25, black(30)));
    const [request] = await requestsOf('LEAD-1');
    expect(request).toMatchObject({ status: 'outstanding', trigger: 'forecast' });
    expect(request.comment).toMatch(/within the 20-day lead time plus 2-day buffer/);
  });

  it('rejects an automatic request when the covering contract does not entitle the device, with that reason', async () => {
    expect((await call('PATCH', `/contracts/${world.contract.id}`, { autoReplenish: false })).statusCode).toBe(200);
    await uploadReadings(ctx.app, world.collectorToken, printerReadings('NOENT-1', START, 0, 10.25, black(14)));
    const [request] = await requestsOf('NOENT-1');
    expect(request.status).toBe('rejected');
    expect(request.authorization.find((r: { rule: string }) => r.rule === 'coveredByEntitledContract')).toEqual({
      rule: 'coveredByEntitledContract', passed: false, reason: `Contract ${world.contract.name} covers the device without automatic replenishment.`,
    });
    // Someone ordering by hand is not warned of an automatic replenishment the contract does not give.
    expect((await call('GET', `/devices/${request.deviceId}/order-options`)).json()).toMatchObject({ autoReplenish: false, warning: null });
  });

  it('rejects an automatic request when automatic replenishment is switched off for the customer, however the contract reads', async () => {
    expect((await call('PATCH', `/contracts/${world.contract.id}`, { autoReplenish: true })).statusCode).toBe(200);
    expect((await call('PUT', `/customers/${world.customer.id}/request-settings`, { autoReplenish: false })).statusCode).toBe(200);
    await uploadReadings(ctx.app, world.collectorToken, printerReadings('OFF-1', START, 0, 10.25, black(14)));
    const [request] = await requestsOf('OFF-1');
    expect(request.status).toBe('rejected');
    expect(request.authorization.find((r: { rule: string }) => r.rule === 'coveredByEntitledContract').reason).toBe('Automatic replenishment is switched off for this device.');
  });

  it('needs no set-up for a device first seen by a collector: dealer-wide auto-replenishment covers it', async () => {
    const fresh = await buildDealer(ctx.store, 'fresh');
    await ctx.store.db.deleteFrom('contracts').where('dealer_id', '=', fresh.dealer.id).execute();
    await insertDevice(ctx.store, fresh.dealer.id, fresh.customer.id, null, 'UNUSED-1');
    await uploadReadings(ctx.app, fresh.collectorToken, printerReadings('FIRST-1', START, 0, 10.25, black(14)));
    const rows = await ctx.store.db.selectFrom('consumable_requests as r').innerJoin('devices as d', 'd.id', 'r.device_id').select(['r.status', 'r.authorization_results']).where('d.serial', '=', 'FIRST-1').execute();
    expect(rows.map((r) => r.status)).toEqual(['outstanding']);
    expect(rows[0]!.authorization_results.find((r) => r.rule === 'coveredByEntitledContract')?.reason).toBe('No contract covers the device; the automatic-replenishment setting entitles it.');
  });
});
