import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/app/store.js';
import { ENGINE } from '../support/database.js';
import { PASSWORD, buildDealer, insertDevice, insertJob, type DealerWorld } from '../support/factories.js';
import { VIEWPORTS, launchBrowser, logIn, screenshot, startPortalServer } from '../support/browser.js';

const DAY = 86_400_000;
const SLOW = { timeout: 30_000 };

/** A supply job of the printer, dispatched and delivered at the times given, as the warehouse records it (shipments). */
async function recordDelivery(store: Store, world: DealerWorld, device: { id: string; customer_id: string; site_id: string | null }, number: string, dispatchedAt: number, deliveredAt: number) {
  const job = await insertJob(store, world.dealer.id, device, number);
  await store.db.updateTable('supply_jobs').set({ status: 'delivered', status_changed_at: new Date(deliveredAt) }).where('id', '=', job.id).execute();
  await store.db.insertInto('shipments').values({
    job_id: job.id, dealer_id: world.dealer.id, site_id: device.site_id, carrier: 'DPD', tracking_number: `TRK-${number}`, dispatched_at: new Date(dispatchedAt),
    dispatched_by: world.warehouse.id, delivered_at: new Date(deliveredAt), delivered_by: world.dispatcher.id,
  }).execute();
}

describe(`a site's page shows its learned lead time, in Debian's Chromium (${ENGINE})`, () => {
  let server: Awaited<ReturnType<typeof startPortalServer>>;
  let browser: Browser;
  let world: DealerWorld;
  let annexId: string;
  const pageErrors: string[] = [];

  const open = async (viewport: keyof typeof VIEWPORTS): Promise<Page> => {
    const context = await browser.newContext({ viewport: VIEWPORTS[viewport], deviceScaleFactor: 1, locale: 'en-GB', timezoneId: 'Europe/London' });
    const created = await context.newPage();
    created.on('pageerror', (error) => pageErrors.push(`${viewport}: ${error.message}`));
    await logIn(created, server.url, world.dispatcher.email, PASSWORD);
    return created;
  };

  beforeAll(async () => {
    server = await startPortalServer();
    browser = await launchBrowser();
    world = await buildDealer(server.store, 'site-ui');
    // Two more printers at the head office; seven boxes sent there, all dispatched on a Monday three weeks ago (10:00 UTC):
    // four delivered on the Tuesday (1 business day), two on the Wednesday (2), one on the next Monday (5: the weekend skipped).
    const printers = [await insertDevice(server.store, world.dealer.id, world.customer.id, world.site.id, 'SITE-UI-1'), await insertDevice(server.store, world.dealer.id, world.customer.id, world.site.id, 'SITE-UI-2')];
    const today = new Date();
    const monday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - ((today.getUTCDay() + 6) % 7) - 21, 10);
    const delivered = [1, 1, 1, 1, 2, 2, 7];
    for (const [k, days] of delivered.entries()) {
      await recordDelivery(server.store, world, printers[k % 2]!, `J-${String(700 + k).padStart(6, '0')}`, monday, monday + days * DAY + 3 * 3_600_000);
    }
    annexId = (await server.store.repos.customers.insertSite(world.dealer.id, { id: crypto.randomUUID(), customerId: world.customer.id, name: 'Annex', address: '2 Mill Lane', city: 'York', postcode: 'YO1 7HH', country: null }, new Date()))!.id;
    await server.store.db.updateTable('dealers').set({ request_settings: JSON.stringify({ leadTimeDays: 7 }) }).where('id', '=', world.dealer.id).execute();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('from the customer\'s sites to the head office: learned from 7 deliveries, median 1, 90th percentile 5 business days, a bar per day', async () => {
    const p = await open('laptop');
    await p.goto(`${server.url}/customers/${world.customer.id}`);
    await p.getByRole('link', { name: 'Head office' }).click();
    await p.getByRole('heading', { name: 'Head office' }).waitFor(SLOW);
    await p.getByTestId('lead-time-basis').waitFor(SLOW);
    expect(await p.getByTestId('lead-time-basis').textContent()).toBe('Learned from 7 deliveries in the last 180 days.');
    expect(await p.getByTestId('lead-time-median').textContent()).toBe('1 business day');
    expect(await p.getByTestId('lead-time-p90').textContent()).toBe('5 business days');
    // Bars for 1, 2 and 5 business days, and none between; the chart says the shares in words.
    const bars = p.locator('.lead-time-bar');
    expect(await bars.count()).toBe(3);
    for (const days of [1, 2, 5]) expect(await p.locator(`g[data-days="${days}"] .lead-time-bar`).count()).toBe(1);
    expect(await p.locator('g[data-days="3"] .lead-time-bar').count()).toBe(0);
    const label = await p.getByRole('img', { name: /Share of orders by business days/ }).getAttribute('aria-label');
    expect(label).toMatch(/1 business day: 57 %; 2 business days: 29 %; 5 business days: 15 %/);
    // The printers standing there: the world's own and the two the boxes went to.
    const printers = p.getByRole('table', { name: 'Printers at this site' });
    await printers.waitFor(SLOW);
    for (const serial of [world.device.serial, 'SITE-UI-1', 'SITE-UI-2']) expect(await printers.textContent()).toContain(serial);
    expect(await p.getByTestId('site-printer-count').textContent()).toBe('3 printers');
    expect(await p.title()).toBe('Head office · TonerLoop');
    await screenshot(p, 'site-lead-time', 'laptop');
  });

  it("a site without deliveries names the dealer's setting it falls back on, readable on a phone", async () => {
    const p = await open('phone');
    await p.goto(`${server.url}/customers/${world.customer.id}/sites/${annexId}`);
    await p.getByTestId('lead-time-basis').waitFor(SLOW);
    expect(await p.getByTestId('lead-time-basis').textContent()).toBe("No deliveries recorded yet: the dealer's 7-day lead-time setting (5 business days).");
    expect(await p.getByTestId('lead-time-median').textContent()).toBe('5 business days');
    expect(await p.locator('.lead-time-bar').count()).toBe(1);
    expect(await p.getByText('2 Mill Lane, YO1 7HH, York').count()).toBe(1);
    expect(await p.getByText('No printers stand here yet.').count()).toBe(1);
    // Nothing wider than the phone.
    expect(await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(p, 'site-lead-time-setting', 'phone');
    expect(pageErrors).toEqual([]);
  });

  it("another customer's site is not shown: the page says so", async () => {
    const p = await open('laptop');
    await p.goto(`${server.url}/customers/${world.otherCustomer.id}/sites/${world.site.id}`);
    await p.getByRole('alert').waitFor(SLOW);
    expect(await p.getByRole('alert').textContent()).toContain(`has no site with id ${world.site.id}`);
  });
});
