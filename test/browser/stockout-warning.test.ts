import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from '../support/database.js';
import { PASSWORD, buildDealer, insertDevice, type DealerWorld } from '../support/factories.js';
import { seriousViolations, sideways } from '../support/axe.js';
import { VIEWPORTS, launchBrowser, logIn, screenshot, startPortalServer } from '../support/browser.js';
import { printerReadings, uploadReadings } from '../support/readings.js';
import { deliverSpare, setTonerForecast } from '../support/spares.js';

const DAY = 86_400_000;
const SLOW = { timeout: 30_000 };

describe(`the unavoidable-stockout warning on the request board and in the request, in Debian's Chromium (${ENGINE})`, () => {
  let server: Awaited<ReturnType<typeof startPortalServer>>;
  let browser: Browser;
  let world: DealerWorld;
  const pageErrors: string[] = [];

  const page = async (viewport: keyof typeof VIEWPORTS, email: string): Promise<Page> => {
    // bypassCSP: axe-core is injected as a script, which the portal's own policy would refuse (support/axe.ts).
    const context = await browser.newContext({ viewport: VIEWPORTS[viewport], deviceScaleFactor: 1, locale: 'en-GB', timezoneId: 'Europe/London', bypassCSP: true });
    const created = await context.newPage();
    created.on('pageerror', (error) => pageErrors.push(`${viewport}: ${error.message}`));
    await logIn(created, server.url, email, PASSWORD);
    return created;
  };

  beforeAll(async () => {
    server = await startPortalServer();
    browser = await launchBrowser();
    world = await buildDealer(server.store, 'stockout-ui');
    const now = Date.now();
    // A spare of the same toner delivered yesterday to the printer by reception, whose own cartridge has weeks left.
    const neighbour = await insertDevice(server.store, world.dealer.id, world.customer.id, world.site.id, 'SPARE-BY-RECEPTION');
    await server.store.db.updateTable('devices').set({ location: 'Ground floor, by reception' }).where('id', '=', neighbour.id).execute();
    await setTonerForecast(server.store, neighbour.id, 35, new Date(now));
    await deliverSpare(server.store, world, neighbour, 'J-000201', new Date(now - DAY));
    // A printer at 2 % using 4 % a day: empty within hours, before any order can arrive (one business day at the soonest).
    const start = now - 5 * DAY;
    await uploadReadings(server.app, world.collectorToken, printerReadings('LATE-1', start, 0, 5.01, [{ index: 1, color: 'black', partNumber: 'CF259A', level: (d) => Math.max(1, Math.round(22 - 4 * d)) }]), 50);
    const [late] = await server.store.repos.devices.list({ dealerId: world.dealer.id, customerId: null }, { serial: 'LATE-1' }, { limit: 1 });
    await server.store.db.updateTable('devices').set({ site_id: world.site.id }).where('id', '=', late!.id).execute();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const viewport of ['phone', 'laptop'] as const) {
    it(`the board marks the request in words; its panel gives the risk in numbers and what helps (${viewport})`, async () => {
      const p = await page(viewport, world.dispatcher.email);
      await p.goto(`${server.url}/requests`);
      const row = p.locator('.request-row').filter({ hasText: 'LATE-1' });
      await row.waitFor(SLOW);
      expect(await row.textContent()).toContain('Will run out before delivery');
      expect(await p.getByRole('status').filter({ hasText: 'will run out before delivery' }).textContent()).toContain('1 request in this list');
      await row.click();
      const panel = p.getByRole('complementary', { name: 'Request details' });
      await panel.getByRole('heading', { name: 'What helps' }).waitFor(SLOW);
      const text = (await panel.textContent()) ?? '';
      expect(text).toContain('Will run out before delivery. Even an order placed now cannot arrive before the forecast empty date');
      expect(text).toMatch(/Chance of running out\s*(almost |under )?[\d.]+ % before a cartridge ordered at the next reading arrives/);
      expect(text).toMatch(/Forecast empty\s*\d{1,2} \w{3}/);
      expect(text).toContain('Expected arrival');
      expect(text).toMatch(/Lead time\s*1–10 business days/);
      const help = await panel.locator('.stockout-help li').allTextContents();
      expect(help[0]).toMatch(/^Ship it/);
      expect(help).toContainEqual(expect.stringMatching(/^Ask the customer to print in economy/));
      expect(help).toContainEqual(expect.stringContaining('Lend the spare CF259A (HP-59A-stockout-ui, job J-000201) delivered on'));
      expect(help.join(' ')).toContain('printer SPARE-BY-RECEPTION (Ground floor, by reception) at the same site');
      await screenshot(p, 'request-stockout-warning', viewport);
      expect({ violations: await seriousViolations(p), sideways: await sideways(p) }).toEqual({ violations: [], sideways: null });
      await p.context().close();
    }, 120_000);
  }

  it('left no script errors on any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
