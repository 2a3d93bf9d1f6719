import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSettings } from '../../src/requests/index.js';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, insertDevice, loginCookie, type DealerWorld } from '../support/factories.js';
import { printerReadings, uploadReadings } from '../support/readings.js';
import { deliverSpare, setTonerForecast } from '../support/spares.js';

const DAY = 86_400_000;
// Tuesday 17 Nov 2026, 10:00 UTC; ten days of readings end on Friday 27 Nov, when an order's shortest lead time (one
// business day) brings a cartridge on Monday.
const START = Date.parse('2026-11-17T10:00:00Z');
const FRIDAY = START + 10 * DAY;

describe(`the unavoidable-stockout warning and what helps (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let staff: { cookie: string };
  let keyUser: { cookie: string };
  let otherKeyUser: { cookie: string };
  const listed = async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/consumable-requests?status=all', headers: staff });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const requestsOf = async (serial: string) => (await listed()).items.filter((r: { serial: string }) => r.serial === serial);
  const detail = (id: string, headers = staff) => ctx.app.inject({ method: 'GET', url: `/api/v1/consumable-requests/${id}`, headers });

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'stockout');
    // Everything happens on Friday: the people log in then (a session left idle for days would have expired).
    ctx.clock.set(new Date(FRIDAY));
    staff = { cookie: await loginCookie(ctx.app, world.dispatcher.email) };
    keyUser = { cookie: await loginCookie(ctx.app, world.keyUser.email) };
    otherKeyUser = { cookie: await loginCookie(ctx.app, world.otherKeyUser.email) };
    await writeSettings(ctx.store, world.adminPrincipal, 'dealer', world.dealer.id, { fulfilment: 'external', triggerMode: 'service-level', serviceLevelPercent: 99.5 }, new Date(START));

    // Spares of the same toner: one at another printer of the same customer, one installed already, one at another customer's printer.
    const neighbour = await insertDevice(ctx.store, world.dealer.id, world.customer.id, world.site.id, 'SPARE-NEXT-DOOR');
    await ctx.store.db.updateTable('devices').set({ location: '2nd floor, by reception' }).where('id', '=', neighbour.id).execute();
    const delivered = new Date(FRIDAY - 2 * DAY);
    await setTonerForecast(ctx.store, neighbour.id, 40, new Date(FRIDAY));
    await deliverSpare(ctx.store, world, neighbour, 'J-000101', delivered);
    const installedHere = await insertDevice(ctx.store, world.dealer.id, world.customer.id, world.site.id, 'SPARE-INSTALLED');
    await deliverSpare(ctx.store, world, installedHere, 'J-000102', delivered, true);
    await setTonerForecast(ctx.store, world.otherDevice.id, 40, new Date(FRIDAY));
    await deliverSpare(ctx.store, world, world.otherDevice, 'J-000103', delivered);

    // A printer at 2 % using 1 % a day on Friday: empty on Sunday, before any order can arrive (Monday at the earliest).
    await uploadReadings(ctx.app, world.collectorToken, printerReadings('RISK-1', START, 0, 10.25, [{ index: 1, color: 'black', partNumber: 'CF259A', level: (d) => Math.max(0, Math.round(12 - d)) }]), 50);
    const [atRisk] = await ctx.store.repos.devices.list({ dealerId: world.dealer.id, customerId: null }, { serial: 'RISK-1' }, { limit: 1 });
    await ctx.store.db.updateTable('devices').set({ site_id: world.site.id }).where('id', '=', atRisk!.id).execute();
    // One at 60 % with two months to go, whose device orders early (a 90-day safety buffer): raised, in time.
    const calm = printerReadings('CALM-1', START, 0, 10.25, [{ index: 1, color: 'black', partNumber: 'CF259A', level: (d) => Math.round(70 - d) }]);
    await uploadReadings(ctx.app, world.collectorToken, calm.slice(0, 1), 50);
    const [calmDevice] = await ctx.store.repos.devices.list({ dealerId: world.dealer.id, customerId: null }, { serial: 'CALM-1' }, { limit: 1 });
    await writeSettings(ctx.store, world.adminPrincipal, 'device', calmDevice!.id, { triggerMode: 'forecast', safetyBufferDays: 90 }, new Date(FRIDAY));
    await uploadReadings(ctx.app, world.collectorToken, calm.slice(1), 50);
  });
  afterAll(() => ctx.close());

  it('says on the request that even an order placed now cannot arrive before the forecast empty date', async () => {
    const [item] = await requestsOf('RISK-1');
    expect(item).toMatchObject({ status: 'outstanding', stockoutRisk: { unavoidable: true } });
    const body = (await detail(item.id)).json();
    expect(body.stockoutRisk.unavoidable).toBe(true);
    expect(Date.parse(body.stockoutRisk.depletionDate)).toBeLessThan(Date.parse(body.stockoutRisk.expectedArrival));
    expect(body.comment).toContain('Even an order placed now cannot arrive before the forecast empty date.');
  });

  it('suggests express shipping, economy mode and the spare on the customer\'s other printer, naming it', async () => {
    const [item] = await requestsOf('RISK-1');
    const help = (await detail(item.id)).json().stockoutHelp as { kind: string; text: string; daysGained: number | null; spare: { serial: string; jobNumber: string; site: string | null; location: string | null; sameSite: boolean } | null }[];
    expect(help.map((h) => h.kind)).toEqual(['expedite', 'economy-mode', 'spare']);
    expect(help[0]!.text).toMatch(/^Ship it/);
    const spare = help.find((h) => h.kind === 'spare')!;
    expect(spare.spare).toMatchObject({ serial: 'SPARE-NEXT-DOOR', jobNumber: 'J-000101', location: '2nd floor, by reception', site: 'Head office', sameSite: true });
    expect(spare.text).toContain('to printer SPARE-NEXT-DOOR (2nd floor, by reception) at the same site and not yet installed there.');
    expect(spare.text).toContain('about 40 days left');
  });

  it('never offers another customer\'s spare, nor a cartridge already installed', async () => {
    const [item] = await requestsOf('RISK-1');
    const text = JSON.stringify((await detail(item.id)).json().stockoutHelp);
    expect(text).not.toContain(world.otherDevice.serial);
    expect(text).not.toContain('J-000103');
    expect(text).not.toContain('SPARE-INSTALLED');
  });

  it('finds spares only within the dealer and the customer asked for, whoever asks (the repository\'s scope)', async () => {
    const spares = ctx.store.repos.spares;
    expect((await spares.onSite({ dealerId: world.dealer.id, customerId: null }, world.customer.id, ['CF259A'])).map((s) => s.jobNumber)).toEqual(['J-000101']);
    expect((await spares.onSite({ dealerId: world.dealer.id, customerId: world.customer.id }, world.customer.id, ['CF259A'])).map((s) => s.jobNumber)).toEqual(['J-000101']);
    // Another dealer naming this customer, and another customer's key user, find nothing.
    const stranger = await buildDealer(ctx.store, 'stockout-stranger');
    expect(await spares.onSite({ dealerId: stranger.dealer.id, customerId: null }, world.customer.id, ['CF259A'])).toEqual([]);
    expect(await spares.onSite({ dealerId: world.dealer.id, customerId: world.otherCustomer.id }, world.customer.id, ['CF259A'])).toEqual([]);
    // The other customer's own spare is theirs alone.
    expect((await spares.onSite({ dealerId: world.dealer.id, customerId: null }, world.otherCustomer.id, ['CF259A'])).map((s) => s.jobNumber)).toEqual(['J-000103']);
  });

  it('shows the customer\'s key user the same warning and help, and another customer nothing', async () => {
    const [item] = await requestsOf('RISK-1');
    const mine = await detail(item.id, keyUser);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().stockoutHelp.map((h: { kind: string }) => h.kind)).toContain('spare');
    expect((await detail(item.id, otherKeyUser)).statusCode).toBe(404);
  });

  it('gives a request that can still arrive in time no warning and no suggestions', async () => {
    const [item] = await requestsOf('CALM-1');
    expect(item.stockoutRisk).toMatchObject({ unavoidable: false });
    const body = (await detail(item.id)).json();
    expect(body.stockoutRisk.unavoidable).toBe(false);
    expect(body.stockoutHelp).toEqual([]);
  });
});
