import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSettings } from '../../src/requests/index.js';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';
import { printerReadings, uploadReadings, type SupplySpec } from '../support/readings.js';

const DAY = 86_400_000;
const START = Date.parse('2026-09-01T00:00:00Z');
/** True level of a 2,000-page cartridge printing 100 pages a day, a new one installed every 20 days. */
const truth = (day: number) => 100 - 5 * (day % 20);

const GAUGES: { name: string; supply: SupplySpec; learning: RegExp }[] = [
  {
    name: 'a 25 %-step gauge',
    supply: { index: 1, color: 'black', partNumber: 'Q-25', level: (d) => Math.ceil(truth(d) / 25) * 25, state: (d) => (truth(d) <= 10 ? 'low' : 'ok') },
    learning: /pages printed of about \d+ per cartridge|the level fell/,
  },
  {
    name: 'a low-only gauge',
    supply: { index: 1, color: 'black', partNumber: 'Q-LOW', level: () => null, state: (d) => (truth(d) <= 3 ? 'empty' : truth(d) <= 15 ? 'low' : 'ok') },
    // Before a whole cartridge has been seen, the state still counts: the new cartridge already says low.
    learning: /a new cartridge installed since then already reports (low|empty)/,
  },
];

describe.each(GAUGES)(`the 30 % rule on $name, from page evidence (${ENGINE})`, ({ name, supply, learning }) => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let admin: Record<string, string>;
  const serial = `RULE-${supply.partNumber}`;
  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) => ctx.app.inject({ method, url: `/api/v1${url}`, headers: admin, ...(payload === undefined ? {} : { payload: payload as object }) });
  const requests = async () => (await call('GET', '/consumable-requests?status=all')).json().items.filter((r: { serial: string }) => r.serial === serial);
  const uploadTo = async (fromDay: number, toDay: number) => {
    ctx.clock.set(new Date(START + toDay * DAY));
    await uploadReadings(ctx.app, world.collectorToken, printerReadings(serial, START, fromDay, toDay, [supply]));
    admin = { cookie: await loginCookie(ctx.app, world.admin.email) };
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, `rule-${supply.partNumber}`);
    // The fixed-days trigger (a dealer from before the service level): these histories time each order by its 7 + 2-day
    // horizon. Under the service level's 10-day tail the second cartridge is ordered earlier and first refused by this rule.
    await writeSettings(ctx.store, world.adminPrincipal, 'dealer', world.dealer.id, { fulfilment: 'external', triggerMode: 'both' }, ctx.clock.now());
  });
  afterAll(() => ctx.close());

  let ordered: { id: string; day: number };

  /** Uploads a day at a time until `done` holds (at most `days` days); returns the day reached. */
  const until = async (from: number, days: number, done: (all: { status: string }[]) => boolean) => {
    let day = from;
    while (day < from + days && !done(await requests())) {
      await uploadTo(day, day + 1);
      day += 1;
    }
    return day;
  };
  const action = async (id: string, externalId: string) => expect((await call('POST', `/consumable-requests/${id}/action`, { externalId })).statusCode).toBe(200);

  it(`orders each cartridge while ${name} is learned, and closes each loop on the install`, async () => {
    await uploadTo(0, 19.5);
    const [first] = await requests();
    expect(first).toMatchObject({ status: 'outstanding' });
    await action(first.id, 'SO-1');
    const day = await until(19.5, 20, (all) => all.length > 1);
    const second = (await requests())[1];
    expect(second.status).toBe('outstanding');
    expect(second.authorization.find((r: { rule: string }) => r.rule === 'consumedSinceLastOrder')).toMatchObject({ passed: true, reason: expect.stringMatching(learning) });
    await action(second.id, 'SO-2');
    await uploadTo(day, 40.5);
    expect((await requests()).map((r: { status: string }) => r.status)).toEqual(['completed', 'completed']);
  });

  it('orders the next cartridge, which the dealer closes by hand while the old one is still in', async () => {
    const day = await until(40.5, 19, (all) => all.length > 2);
    const third = (await requests())[2];
    expect(third.status).toBe('outstanding');
    await action(third.id, 'SO-3');
    expect((await call('POST', `/consumable-requests/${third.id}/status`, { to: 'completed', comment: 'Delivered to site.' })).statusCode).toBe(200);
    ordered = { id: third.id, day };
  });

  it('rejects another order for the same cartridge because too little was used since, with the pages as evidence', async () => {
    const day = await until(ordered.day, 5, (all) => all.length > 3);
    const fourth = (await requests())[3];
    expect(fourth.status).toBe('rejected');
    const rule = fourth.authorization.find((r: { rule: string }) => r.rule === 'consumedSinceLastOrder');
    expect(rule.passed).toBe(false);
    expect(rule.reason).toMatch(/^Only \d+(\.\d)? % was used since the last order \(\d+ pages printed of about \d+ per cartridge/);
    expect(rule.reason).toMatch(/at least 30 % is required\.$/);
    ordered = { ...ordered, day };
  });

  it('reopens that request only once 30 % of a cartridge (about 600 pages) has been printed since the last order', async () => {
    await until(ordered.day, 8, (all) => all[3]?.status === 'outstanding');
    const all = await requests();
    expect(all).toHaveLength(4);
    expect(all[3].status).toBe('outstanding');
    const rule = all[3].authorization.find((r: { rule: string }) => r.rule === 'consumedSinceLastOrder');
    expect(rule).toMatchObject({ passed: true, reason: expect.stringMatching(/^\d+(\.\d)? % was used since the last order/) });
    const pages = Number(/\((\d+) pages printed/.exec(rule.reason)?.[1]);
    const yieldPages = Number(/about (\d+) per cartridge/.exec(rule.reason)?.[1]);
    expect(pages / yieldPages).toBeGreaterThanOrEqual(0.3);
    expect(pages / yieldPages).toBeLessThan(0.3 + 100 / yieldPages + 1e-9);
  });
});
