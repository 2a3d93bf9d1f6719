import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from '../support/database.js';
import { PASSWORD, buildDealer, insertDevice, type DealerWorld } from '../support/factories.js';
import { VIEWPORTS, launchBrowser, logIn, screenshot, startPortalServer } from '../support/browser.js';

const DAY = 86_400_000;
const SLOW = { timeout: 30_000 };

describe(`purchase suggestions to a purchase order, received against it, in Debian's Chromium (${ENGINE})`, () => {
  let server: Awaited<ReturnType<typeof startPortalServer>>;
  let browser: Browser;
  let world: DealerWorld;
  const pageErrors: string[] = [];

  const page = async (viewport: keyof typeof VIEWPORTS, email: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: VIEWPORTS[viewport], deviceScaleFactor: 1, locale: 'en-GB', timezoneId: 'Europe/London' });
    const created = await context.newPage();
    created.on('pageerror', (error) => pageErrors.push(`${viewport}: ${error.message}`));
    await logIn(created, server.url, email, PASSWORD);
    return created;
  };

  beforeAll(async () => {
    server = await startPortalServer();
    browser = await launchBrowser();
    world = await buildDealer(server.store, 'purchasing-ui');
    // Two printers whose black toner (CF259A: the world's stock item) runs out within days; nothing on the shelf.
    for (const days of [4, 9]) {
      const device = await insertDevice(server.store, world.dealer.id, world.customer.id, world.site.id, `PUI-${days}`);
      const now = Date.now();
      const forecast = { daysRemaining: days, daysRemainingLow: days - 1, daysRemainingHigh: days + 1, pagesRemaining: days * 40, depletionDate: new Date(now + days * DAY).toISOString(), basis: 'Test.', asOf: new Date(now).toISOString() };
      await server.store.db.updateTable('supplies').set({ forecast: JSON.stringify(forecast) }).where('device_id', '=', device.id).where('supply_index', '=', 1).execute();
    }
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the dealer admin sees what to order, places a purchase order from the suggestions, and it is on order', async () => {
    const p = await page('laptop', world.admin.email);
    await p.goto(`${server.url}/stock`);
    await p.getByRole('tab', { name: 'Purchase suggestions' }).click();
    const suggestions = p.getByRole('table', { name: 'Purchase suggestions' });
    const row = suggestions.getByRole('row').filter({ hasText: world.stockItem.sku });
    await row.waitFor(SLOW);
    expect(await row.textContent()).toContain('2 printers');
    await screenshot(p, 'purchase-suggestions', 'laptop');
    await p.getByRole('button', { name: 'Create a purchase order from these' }).click();
    await p.getByLabel('Supplier').fill('Clover Imaging');
    await p.getByLabel('Reference (your PO number)').fill('PO-UI-1');
    expect(await p.getByLabel(`${world.stockItem.sku} quantity`).inputValue()).toBe('2');
    await p.getByRole('button', { name: 'Place the order' }).click();
    // Now on order: nothing more to order.
    await suggestions.getByRole('row').filter({ hasText: world.stockItem.sku }).filter({ hasText: 'none' }).waitFor(SLOW);
    await p.getByRole('tab', { name: 'Purchase orders' }).click();
    const order = p.getByRole('table', { name: 'Purchase orders' }).getByRole('row').filter({ hasText: 'PO-UI-1' });
    await order.waitFor(SLOW);
    expect(await order.textContent()).toMatch(/Open.*Clover Imaging.*0 of 2/s);
    expect(p.url()).toContain('tab=orders');
    await p.context().close();
  });

  it('the warehouse operator receives against the order; once scanned in, the order shows it received', async () => {
    const p = await page('phone', world.warehouse.email);
    await p.goto(`${server.url}/warehouse/receiving`);
    await p.getByRole('button', { name: `Receive ${world.stockItem.sku}` }).click();
    await p.getByLabel('Against purchase order').selectOption({ label: 'PO-UI-1 · Clover Imaging (2 of 2 still expected)' });
    await p.getByLabel('The boxes carry their own unique serials').check();
    await p.getByLabel('Serials, one per line').fill('PUI-SER-1\nPUI-SER-2');
    await p.getByRole('button', { name: 'Receive', exact: true }).click();
    await p.getByRole('status').filter({ hasText: 'Received 2 units' }).waitFor(SLOW);
    await p.goto(`${server.url}/stock?tab=orders`);
    const order = p.locator('tr, .card, li, article').filter({ hasText: 'PO-UI-1' }).first();
    await order.waitFor(SLOW);
    await p.getByText('Received', { exact: true }).first().waitFor(SLOW);
    expect(await p.locator('body').textContent()).toContain('2 of 2');
    await p.context().close();
    expect(pageErrors).toEqual([]);
  });
});
