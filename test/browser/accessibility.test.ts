import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from '../support/database.js';
import { PASSWORD, buildDealer, type DealerWorld } from '../support/factories.js';
import { seriousViolations, sideways } from '../support/axe.js';
import { VIEWPORTS, launchBrowser, logIn, startPortalServer } from '../support/browser.js';
import { prepareSupplyJobs } from '../support/jobs.js';
import { COLOUR_TONERS, monoToner, printerReadings, uploadReadings, type SupplySpec } from '../support/readings.js';

// axe-core and the sideways check are in support/axe.ts (the stockout browser test runs them on its panel too).
// Every page as it was checked, to look at (a scratch folder: these are not the README's screenshots).
const SHOTS = join(tmpdir(), 'tonerloop-a11y');
mkdirSync(SHOTS, { recursive: true });

const DAY = 86_400_000;
const START = Date.now() - 20 * DAY;
// A gauge that gives no number, only "ok" and then "low".
const stateOnly: SupplySpec[] = [{ index: 1, color: 'black', partNumber: 'TN-2410', level: () => null, state: (d) => (d > 15 ? 'low' : 'ok') }];

/** Waits until the page has its data: nothing says "Loading…" any more and the network is quiet. */
async function settled(page: Page): Promise<void> {
  // The portal's document (not a page still being replaced), its page drawn, then its data in.
  await page.locator('html[lang] #root > *').first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('[aria-busy="true"]').count(), { timeout: 30_000 }).toBe(0);
}

describe(`every page, every role, desktop and phone: axe-core and no sideways scrolling (${ENGINE})`, () => {
  let server: Awaited<ReturnType<typeof startPortalServer>>;
  let browser: Browser;
  let world: DealerWorld;
  const ids: Record<string, string> = {};
  const upload = (readings: unknown[]) => uploadReadings(server.app, world.collectorToken, readings, 200);

  beforeAll(async () => {
    server = await startPortalServer();
    browser = await launchBrowser();
    world = await buildDealer(server.store, 'a11y');
    await upload(printerReadings('A11Y-COLOR-1', START, 0, 20, COLOUR_TONERS));
    await upload(printerReadings('A11Y-LOW-1', START, 0, 20, monoToner(18, 0.2)));
    await upload(printerReadings('A11Y-STATE-1', START, 0, 20, stateOnly));
    // A printer that went silent five days ago, and one replaced by another printer at its address.
    await upload(printerReadings('A11Y-SILENT-1', START, 0, 15, monoToner(90, 2)));
    const replaced = printerReadings('A11Y-OLD-1', START, 0, 10, monoToner(70, 1));
    const successor = printerReadings('A11Y-NEW-1', START, 10.5, 20, monoToner(100, 1)).map((r) => ({ ...r, target: replaced[0]!.target }));
    await upload(replaced);
    await upload(successor);
    for (const serial of ['A11Y-COLOR-1', 'A11Y-LOW-1', 'A11Y-STATE-1', 'A11Y-SILENT-1', 'A11Y-OLD-1']) {
      ids[serial] = (await server.store.repos.devices.list({ dealerId: world.dealer.id, customerId: null }, { serial }, { limit: 1 }))[0]!.id;
    }
    // Supply jobs for the board and a job view: the job module takes the printers' requests; a hand order of the magenta,
    // which no stock item fits, becomes an exception; the other customer's printer gets a job the key user must not see.
    const admin = await prepareSupplyJobs(server.app, world, [{ deviceId: ids['A11Y-COLOR-1']!, supplyIndex: 3 }, { deviceId: world.otherDevice.id, supplyIndex: 1 }]);
    expect((await admin('POST', '/jobs/run')).exceptions).toBeGreaterThan(0);
    const jobs: { id: string; customerId: string; lines: unknown[] }[] = (await admin('GET', '/jobs')).items;
    ids.job = jobs.find((j) => j.customerId === world.customer.id && j.lines.length > 0)!.id;
    // A purchase order, for the stock page's purchase orders tab and receiving's choice of order.
    await admin('POST', '/purchase-orders', { supplier: 'Clover Imaging', reference: 'PO-A11Y-1', lines: [{ sku: 'HP-207A-C', quantity: 4 }, { sku: world.stockItem.sku, quantity: 2 }] });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const device = (serial: string) => `/devices/${ids[serial]}`;
  const staffPages = () => [
    '/', `/?customer=${world.customer.id}&status=low`, device('A11Y-COLOR-1'), device('A11Y-STATE-1'), device('A11Y-SILENT-1'), device('A11Y-OLD-1'), `${device('A11Y-LOW-1')}/order`,
    '/requests', '/requests?status=all', '/jobs', `/jobs/${ids.job}`, '/jobs?status=exceptions', '/customers', `/customers/${world.customer.id}`, `/customers/${world.customer.id}/sites/${world.site.id}`, '/stock', '/stock?tab=purchasing', '/stock?tab=orders', '/reports', '/settings', '/no-such-page',
  ];
  const roles = () => ({
    'dealer-admin': { email: world.admin.email, pages: [...staffPages(), '/admin', '/scan', '/warehouse/receiving'] },
    dispatcher: { email: world.dispatcher.email, pages: staffPages() },
    // Sees no requests and no customer settings: the fleet, a printer, stock and jobs.
    'warehouse-operator': { email: world.warehouse.email, pages: ['/', device('A11Y-COLOR-1'), '/stock', '/stock?tab=purchasing', '/stock?tab=orders', '/jobs', '/scan', '/warehouse/receiving'] },
    'customer-key-user': { email: world.keyUser.email, pages: ['/', device('A11Y-COLOR-1'), device('A11Y-STATE-1'), `${device('A11Y-LOW-1')}/order`, '/requests', '/jobs', `/jobs/${ids.job}`] },
  });

  for (const viewport of ['laptop', 'phone'] as const) {
    it(`logged out at ${viewport} size`, async () => {
      const context = await browser.newContext({ viewport: VIEWPORTS[viewport], bypassCSP: true, locale: 'en-GB' });
      const page = await context.newPage();
      await page.goto(server.url);
      await page.getByRole('button', { name: 'Log in' }).waitFor();
      expect({ violations: await seriousViolations(page), sideways: await sideways(page), title: await page.title() })
        .toEqual({ violations: [], sideways: null, title: 'Log in · TonerLoop' });
      await context.close();
    });

    for (const role of ['dealer-admin', 'dispatcher', 'warehouse-operator', 'customer-key-user'] as const) {
      it(`as ${role} at ${viewport} size`, async () => {
        const { email, pages } = roles()[role];
        const context = await browser.newContext({ viewport: VIEWPORTS[viewport], bypassCSP: true, locale: 'en-GB', timezoneId: 'Europe/London' });
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await logIn(page, server.url, email, PASSWORD);
        const found: Record<string, { violations: string[]; sideways: string | null; title: string }> = {};
        for (const path of pages) {
          await page.goto(server.url + path);
          await settled(page);
          const title = await page.title();
          await page.screenshot({ path: join(SHOTS, `${role}-${viewport}-${path.replace(/[^a-z0-9]+/gi, '_').slice(0, 60)}.png`), fullPage: true });
          found[path] = { violations: await seriousViolations(page), sideways: await sideways(page), title };
        }
        // The request board with a request opened: the detail panel too.
        if (pages.includes('/requests')) {
          await page.goto(`${server.url}/requests?status=all`);
          await settled(page);
          const first = page.locator('.request-row').first();
          if (await first.count()) {
            await first.click();
            await page.getByRole('complementary', { name: 'Request details' }).waitFor();
            await settled(page);
            found['/requests (details open)'] = { violations: await seriousViolations(page), sideways: await sideways(page), title: await page.title() };
          }
        }
        // The exceptions with one opened: its fix panel (the stock catalogue search) too.
        if (pages.includes('/jobs?status=exceptions')) {
          await page.goto(`${server.url}/jobs?status=exceptions`);
          await settled(page);
          await page.locator('.exception-row').first().click();
          await page.getByRole('complementary', { name: 'Fix the exception' }).waitFor();
          await settled(page);
          found['/jobs?status=exceptions (fix open)'] = { violations: await seriousViolations(page), sideways: await sideways(page), title: await page.title() };
        }
        // The scan station with a refusal on screen, and receiving with an item chosen: the form.
        if (pages.includes('/scan')) {
          await page.goto(`${server.url}/scan`);
          await settled(page);
          await page.keyboard.type('NOT-A-LABEL');
          await page.keyboard.press('Enter');
          await page.locator('.scan-refusal').waitFor();
          found['/scan (a refusal)'] = { violations: await seriousViolations(page), sideways: await sideways(page), title: await page.title() };
          await page.keyboard.press('Escape');
        }
        if (pages.includes('/warehouse/receiving')) {
          await page.goto(`${server.url}/warehouse/receiving`);
          await settled(page);
          await page.getByRole('button', { name: /^Receive / }).first().click();
          await page.getByLabel('How many boxes').waitFor();
          found['/warehouse/receiving (an item chosen)'] = { violations: await seriousViolations(page), sideways: await sideways(page), title: await page.title() };
        }
        // Every page says where you are before the product's name.
        const titled = (title: string) => /^.+ · TonerLoop$/.test(title);
        const problems = Object.entries(found).filter(([, f]) => f.violations.length > 0 || f.sideways !== null || !titled(f.title))
          .map(([path, f]) => `${path}: ${titled(f.title) ? '' : `title "${f.title}"; `}${f.sideways !== null ? `scrolls sideways ${f.sideways}; ` : ''}${f.violations.join('; ')}`);
        expect(problems).toEqual([]);
        expect(errors).toEqual([]);
        await context.close();
      }, 240_000);
    }
  }
});
