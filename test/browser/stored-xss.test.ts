/**
 * Issue 16, "not yet tried": stored cross-site scripting. Every text a user, a CSV import or a printer can set
 * and the portal shows is stored with script and markup in it; Chromium then opens every page that shows it.
 * Nothing may run (no handler fires, no element is made from it) and each text must read literally.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCollector } from '../../src/collectors/index.js';
import { createContract } from '../../src/contracts/index.js';
import { createCustomer, createSite } from '../../src/customers/index.js';
import { registerIntegration } from '../../src/integrations/index.js';
import { commentOnRequest } from '../../src/requests/index.js';
import { createUser } from '../../src/users/index.js';
import { ENGINE } from '../support/database.js';
import { PASSWORD, buildDealer, type DealerWorld } from '../support/factories.js';
import { VIEWPORTS, launchBrowser, logIn, startPortalServer } from '../support/browser.js';
import { printerReadings, uploadReadings } from '../support/readings.js';

const DAY = 86_400_000;

/** A payload naming where it was stored: markup, an event handler and a script, each of which would record the field if run. */
const payload = (field: string) => `<b class="xss">${field}</b><img src=x onerror="window.__xss.push('${field}')"><script>window.__xss.push('${field}')</script>`;

describe(`stored cross-site scripting: what users, imports and printers write shows as text (${ENGINE})`, () => {
  let server: Awaited<ReturnType<typeof startPortalServer>>;
  let browser: Browser;
  let world: DealerWorld;
  let deviceId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startPortalServer();
    browser = await launchBrowser();
    world = await buildDealer(server.store, 'xss');
    const now = new Date();
    const customer = await createCustomer(server.store, world.adminPrincipal, { name: payload('customer name'), externalRef: payload('customer reference') }, now);
    await createSite(server.store, world.adminPrincipal, customer.id, { name: payload('site name'), address: payload('site address'), city: payload('site city') }, now);
    await createContract(server.store, world.adminPrincipal, { customerId: customer.id, name: payload('contract name'), deviceIds: null }, now);
    await createUser(server.store, world.adminPrincipal, { email: 'xss-user@example.test', name: payload('user name'), password: PASSWORD, role: 'dispatcher' }, now);
    await createUser(server.store, world.adminPrincipal, { email: 'xss-key@example.test', name: payload('key user name'), password: PASSWORD, role: 'customer-key-user', customerId: customer.id }, now);
    await registerIntegration(server.store, world.adminPrincipal, { name: payload('integration name') }, now);
    const { token } = await registerCollector(server.store, world.adminPrincipal, { customerId: customer.id, name: payload('collector name') }, now);
    // A printer's own strings: its model and supply descriptions, as SNMP gives them.
    const readings = printerReadings('XSS-PRINTER-1', Date.now() - 10 * DAY, 0, 10, [{ index: 1, color: 'black', partNumber: 'CF259A', level: (d) => Math.ceil(60 - d * 4) }])
      .map((r) => ({ ...r, model: payload('printer model'), supplies: r.supplies.map((s) => ({ ...s, description: payload('supply description') })) }));
    await uploadReadings(server.app, token, readings, 200);
    deviceId = (await server.store.repos.devices.list({ dealerId: world.dealer.id, customerId: null }, { serial: 'XSS-PRINTER-1' }, { limit: 1 }))[0]!.id;
    await commentOnRequest(server.store, world.adminPrincipal, world.request.id, payload('request comment'), now);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: VIEWPORTS.laptop });
    // Before any page script: where a payload that ran would record itself.
    await context.addInitScript(() => { (window as unknown as { __xss: string[] }).__xss = []; });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await logIn(page, server.url, email, PASSWORD);
    return page;
  }

  /** Waits until the page shows each field's payload as literal text, then checks nothing of it ran or became markup. */
  async function expectLiteral(page: Page, fields: string[]): Promise<void> {
    for (const field of fields) {
      await expect.poll(async () => (await page.locator('body').innerText()).includes(payload(field)), { timeout: 15_000, message: `${field} shown literally on ${page.url()}` }).toBe(true);
    }
    expect(await page.evaluate(() => (window as unknown as { __xss: string[] }).__xss), `handlers run on ${page.url()}`).toEqual([]);
    expect(await page.locator('b.xss, img[src="x"], script:text("__xss")').count(), `elements made from stored text on ${page.url()}`).toBe(0);
  }

  it('the fleet, the device page and the request board show printer strings, names and comments as text', async () => {
    const page = await open(world.admin.email);
    await expectLiteral(page, ['printer model', 'customer name']);
    await page.goto(`${server.url}/devices/${deviceId}`);
    await expectLiteral(page, ['printer model', 'supply description', 'customer name']);
    await page.goto(`${server.url}/requests`);
    // The commented request (the board lists the soonest to run out first, so it need not be the first row).
    await page.getByRole('row', { name: new RegExp(world.device.serial!) }).click();
    await expectLiteral(page, ['request comment']);
    await page.context().close();
  });

  it('customers, sites, contracts, users, collectors and integrations show as text where staff manage them, and to the key user who orders', async () => {
    const page = await open(world.admin.email);
    await page.goto(`${server.url}/customers`);
    await expectLiteral(page, ['customer name', 'customer reference']);
    await page.getByText(payload('customer name'), { exact: true }).first().click();
    await expectLiteral(page, ['site name', 'site address', 'contract name']);
    await page.goto(`${server.url}/admin`);
    await expectLiteral(page, ['user name', 'collector name', 'integration name']);
    await page.context().close();
    // The customer's key user sees the printer and its order page.
    const keyUser = await open('xss-key@example.test');
    await keyUser.goto(`${server.url}/devices/${deviceId}`);
    await expectLiteral(keyUser, ['printer model', 'supply description']);
    await keyUser.goto(`${server.url}/devices/${deviceId}/order`);
    await expectLiteral(keyUser, ['supply description']);
    await keyUser.context().close();
    expect(pageErrors).toEqual([]);
  });
});
