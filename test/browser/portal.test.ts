import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerCollector } from '../../src/collectors/index.js';
import { createSite } from '../../src/customers/index.js';
import { portalPageOf } from '../../src/http/portal-pages.js';
import { findPortalDir } from '../../src/http/portal.routes.js';
import { ENGINE } from '../support/database.js';
import { PASSWORD, buildDealer, type DealerWorld } from '../support/factories.js';
import { SCREENSHOTS, VIEWPORTS, launchBrowser, logIn, screenshot, startPortalServer } from '../support/browser.js';
import { COLOUR_TONERS, monoToner, printerReadings, uploadReadings } from '../support/readings.js';

const DAY = 86_400_000;
const START = Date.now() - 20 * DAY;


describe(`the portal in Debian's Chromium (${ENGINE})`, () => {
  let server: Awaited<ReturnType<typeof startPortalServer>>;
  let browser: Browser;
  let world: DealerWorld;
  const devices: Record<string, string> = {};
  const pageErrors: string[] = [];
  const page = async (viewport: keyof typeof VIEWPORTS = 'laptop'): Promise<Page> => {
    const context = await browser.newContext({ viewport: VIEWPORTS[viewport], deviceScaleFactor: 1, locale: 'en-GB', timezoneId: 'Europe/London' });
    const created = await context.newPage();
    // An uncaught script error is a failed test, even when the page still looks right.
    created.on('pageerror', (error) => pageErrors.push(`${viewport}: ${error.message}`));
    return created;
  };
  const upload = (readings: unknown[]) => uploadReadings(server.app, world.collectorToken, readings, 200);

  beforeAll(async () => {
    server = await startPortalServer();
    browser = await launchBrowser();
    world = await buildDealer(server.store, 'ui');
    await upload(printerReadings('UI-COLOR-1', START, 0, 20, COLOUR_TONERS));
    await upload(printerReadings('UI-MONO-1', START, 0, 20, monoToner(95, 1)));
    await upload(printerReadings('UI-LOW-1', START, 0, 20, monoToner(18, 0.2)));
    for (const serial of ['UI-COLOR-1', 'UI-MONO-1', 'UI-LOW-1']) {
      devices[serial] = (await server.store.repos.devices.list({ dealerId: world.dealer.id, customerId: null }, { serial }, { limit: 1 }))[0]!.id;
    }
  }, 300_000);
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('logs in and out, and says what is wrong next to each field', async () => {
    for (const viewport of ['laptop', 'phone'] as const) {
      const p = await page(viewport);
      await p.goto(server.url);
      await p.getByRole('button', { name: 'Log in' }).waitFor();
      await screenshot(p, 'login', viewport);
      await p.close();
    }
    const p = await page();
    await p.goto(server.url);
    await p.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => p.getByText('Enter your e-mail address.').isVisible()).toBe(true);
    expect(await p.getByText('Enter your password.').isVisible()).toBe(true);
    await p.getByLabel('E-mail').fill(world.admin.email);
    await p.getByLabel('Password').fill('not the password');
    await p.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => p.getByRole('alert').first().textContent()).toMatch(/The e-mail address or password is wrong\./);
    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByRole('button', { name: 'Log in' }).click();
    await p.getByRole('heading', { name: 'Fleet' }).waitFor();
    await p.getByRole('button', { name: 'Log out' }).click();
    await p.getByRole('button', { name: 'Log in' }).waitFor();
    // The session is gone on the server too: the API refuses the old cookie.
    const me = await p.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(me).toBe(401);
    await p.context().close();
  });

  it("shows a dealer's fleet by status and a device page with its chart and forecast", async () => {
    for (const viewport of ['laptop', 'phone'] as const) {
      const p = await page(viewport);
      await logIn(p, server.url, world.admin.email, PASSWORD);
      await p.getByRole('link', { name: 'UI-COLOR-1' }).waitFor();
      // The counts come from their own request: until it answers each tile shows "…".
      await expect.poll(() => p.getByRole('group', { name: 'Devices by status' }).textContent()).toMatch(/2\s*Unreachable/);
      await screenshot(p, 'fleet', viewport);
      await p.getByRole('link', { name: 'UI-COLOR-1' }).click();
      await p.locator('.chart svg .history-line').first().waitFor();
      expect(await p.locator('.chart svg .history-line').count()).toBe(4);
      expect(await p.locator('.chart svg .forecast-line').count()).toBeGreaterThan(0);
      expect(await p.locator('.chart svg .band').count()).toBeGreaterThan(0);
      await p.getByText(/days left/).first().waitFor();
      await screenshot(p, 'device', viewport);
      if (viewport === 'laptop') {
        await p.getByRole('button', { name: 'Refresh now' }).click();
        await p.getByText(/Asked the collector for a fresh reading/).waitFor();
      }
      await p.context().close();
    }
    // Filtering by status and searching by serial.
    const p = await page();
    await logIn(p, server.url, world.admin.email, PASSWORD);
    await p.getByRole('button', { name: /Low/ }).click();
    // Generous waits: on the embedded engine one query runs at a time, and on a loaded machine the forecast worker
    // recomputing after this file's uploads can hold it for seconds (a fresh-clone run timed out at the default 5 s).
    await expect.poll(async () => p.locator('table.devices tbody tr').allTextContents(), { timeout: 30_000 }).toEqual([expect.stringContaining('UI-LOW-1')]);
    await p.getByRole('button', { name: 'Clear filters' }).click();
    await p.getByLabel('Search by serial number').fill('UI-M');
    await expect.poll(async () => p.locator('table.devices tbody tr').allTextContents(), { timeout: 30_000 }).toEqual([expect.stringContaining('UI-MONO-1')]);
    await p.context().close();
  });

  it("fetches a page opened directly with its own chunk beside the libraries, every script once, and no other page's", async () => {
    const portalDir = findPortalDir()!;
    const chunks = JSON.parse(readFileSync(join(portalDir, 'page-chunks.json'), 'utf8')) as Record<string, string[]>;
    // Every page the server preloads for a path is one the build wrote chunks for (a renamed page file would
    // otherwise lose its preload silently).
    for (const path of ['/', `/devices/${devices['UI-COLOR-1']}`, `/devices/${devices['UI-COLOR-1']}/order`, '/requests', '/jobs', `/jobs/${devices['UI-COLOR-1']}`, '/customers', '/stock', '/scan', '/warehouse/receiving', '/reports', '/settings', '/admin']) {
      expect(chunks[portalPageOf(path, true) ?? ''], path).toBeDefined();
    }
    const p = await page('phone');
    await logIn(p, server.url, world.admin.email, PASSWORD);
    const scripts: string[] = [];
    const events: string[] = [];
    p.on('request', (request) => { if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname); events.push(`asked ${new URL(request.url()).pathname}`); });
    p.on('requestfinished', (request) => events.push(`got ${new URL(request.url()).pathname}`));
    await p.goto(`${server.url}/devices/${devices['UI-COLOR-1']}`);
    await p.getByText(/days left/).first().waitFor();
    expect(scripts.filter((script) => chunks.device!.includes(script))).toEqual(chunks.device);
    // Asked for before the libraries have even arrived: without the preload the app could only ask once they had run.
    const vendor = events.findIndex((event) => /^got \/assets\/vendor-/.test(event));
    expect(vendor).toBeGreaterThan(-1);
    expect(events.indexOf(`asked ${chunks.device![0]}`)).toBeLessThan(vendor);
    expect(scripts.filter((script, i) => scripts.indexOf(script) !== i), 'scripts fetched twice').toEqual([]);
    expect(scripts.filter((script) => chunks.dashboard!.includes(script)), "the fleet's chunk").toEqual([]);
    await p.context().close();
  });

  it('works a request through the board: query it with a comment, find it queried, comment on it', async () => {
    const p = await page();
    await logIn(p, server.url, world.admin.email, PASSWORD);
    await p.getByRole('link', { name: 'Requests' }).click();
    const row = p.getByRole('row', { name: /UI-COLOR-1/ });
    await row.waitFor();
    await screenshot(p, 'requests', 'laptop');
    await row.getByRole('checkbox').check();
    await p.getByLabel('Comment for the selected requests').fill('Asked the customer whether they have a spare.');
    await p.getByRole('button', { name: 'Query' }).click();
    await p.getByText('1 request moved.').waitFor();
    await p.getByRole('tab', { name: 'Queried' }).click();
    await p.getByRole('row', { name: /UI-COLOR-1/ }).click();
    const panel = p.getByRole('complementary', { name: 'Request details' });
    await panel.getByText('Asked the customer whether they have a spare.').first().waitFor();
    await panel.getByLabel('Add a comment').fill('Customer has none; sending it.');
    await panel.getByRole('button', { name: 'Comment' }).click();
    await panel.getByText('Customer has none; sending it.').waitFor();
    await screenshot(p, 'request-detail', 'laptop');
    await p.context().close();
  });

  it('shows the board on a phone as cards, soonest to run out first with counts on the tabs, and scrolls to an opened request', async () => {
    const p = await page('phone');
    await logIn(p, server.url, world.dispatcher.email, PASSWORD);
    await p.getByRole('link', { name: 'Requests' }).click();
    const rows = p.locator('.request-row');
    await rows.first().waitFor();
    // The tab says how many wait behind it, and the list holds exactly that many.
    const outstanding = await p.getByRole('tab', { name: /Outstanding/ }).textContent();
    expect(Number(outstanding!.replace(/\D/g, ''))).toBe(await rows.count());
    // Soonest to run out first: the days-left column never goes down the list.
    const days = (await p.locator('.request-row td[data-label="Days left"]').allTextContents()).map((t) => Number.parseFloat(t)).filter((n) => !Number.isNaN(n));
    expect(days).toEqual([...days].sort((a, b) => a - b));
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(p, 'requests', 'phone');
    await rows.last().click();
    const panel = p.getByRole('complementary', { name: 'Request details' });
    await panel.getByRole('heading', { name: 'Authorization' }).waitFor();
    // Below the list on a phone, and scrolled to: its top is on screen.
    await expect.poll(() => panel.evaluate((element) => { const box = element.getBoundingClientRect(); return box.top >= 0 && box.top < window.innerHeight; })).toBe(true);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await p.screenshot({ path: join(SCREENSHOTS, 'request-detail-phone.png') });
    await p.context().close();
  });

  it('changes a setting at customer level and shows it inherited by the customer\'s printer', async () => {
    const p = await page();
    await logIn(p, server.url, world.admin.email, PASSWORD);
    await p.getByRole('link', { name: 'Customers' }).click();
    await p.getByRole('link', { name: world.customer.name, exact: true }).click();
    // A contract naming printers: an unknown serial is refused next to its field.
    const contracts = p.locator('section.card', { hasText: 'Contracts' }).first();
    await contracts.getByLabel('New contract').fill('Colour fleet');
    await contracts.getByLabel('Covers (serial numbers)').fill('NOPE-1');
    await contracts.getByRole('button', { name: 'Add contract' }).click();
    await contracts.getByText('No printer of this customer has serial NOPE-1.').waitFor();
    await contracts.getByLabel('Covers (serial numbers)').fill('UI-LOW-1');
    await contracts.getByRole('button', { name: 'Add contract' }).click();
    await contracts.locator('li', { hasText: 'Colour fleet' }).getByText(/1 named devices/).waitFor();
    const customerSettings = p.locator('section.card', { hasText: 'Request settings for' });
    const leadTime = customerSettings.locator('tr[data-setting="leadTimeDays"] input');
    await leadTime.fill('abc');
    await p.getByRole('button', { name: 'Save settings' }).click();
    await p.getByText('Enter a number.').waitFor();
    await leadTime.fill('12');
    // The service level the customer wants: 100 % cannot be promised, 99.9 % can be asked for.
    const serviceLevel = customerSettings.locator('tr[data-setting="serviceLevelPercent"] input');
    await serviceLevel.fill('100');
    await p.getByRole('button', { name: 'Save settings' }).click();
    await p.getByText('Between 50 and 99.99.').waitFor();
    await serviceLevel.fill('99.9');
    await p.getByRole('button', { name: 'Save settings' }).click();
    await p.getByText(/^Saved\./).waitFor();
    await expect.poll(() => customerSettings.locator('tr[data-setting="leadTimeDays"]').textContent()).toMatch(/12 days.*set here/);
    expect(await customerSettings.locator('tr[data-setting="serviceLevelPercent"]').textContent()).toMatch(/99\.9 %.*set here/);
    await screenshot(p, 'settings', 'laptop');
    await p.goto(`${server.url}/devices/${devices['UI-MONO-1']}`);
    await p.getByText('Request settings for this printer').click();
    await expect.poll(() => p.locator('tr[data-setting="leadTimeDays"]').textContent()).toMatch(/12 days.*inherited from customer/);
    expect(await p.locator('tr[data-setting="safetyBufferDays"]').textContent()).toMatch(/2 days.*inherited from built-in default/);
    expect(await p.locator('tr[data-setting="serviceLevelPercent"]').textContent()).toMatch(/99\.9 %.*inherited from customer/);
    expect(await p.locator('tr[data-setting="triggerMode"]').textContent()).toMatch(/service-level.*inherited from built-in default/);
    await p.context().close();
  });

  it("keeps a customer key user to their own printers, even when they type another customer's device URL", async () => {
    const p = await page();
    await logIn(p, server.url, world.keyUser.email, PASSWORD);
    await p.getByRole('heading', { name: 'Your printers' }).waitFor();
    await p.getByRole('link', { name: 'UI-MONO-1' }).waitFor();
    expect(await p.getByRole('link', { name: world.otherDevice.serial }).count()).toBe(0);
    await p.goto(`${server.url}/devices/${world.otherDevice.id}`);
    await expect.poll(() => p.getByRole('alert').textContent()).toMatch(/Could not load this\..*belongs to someone else/);
    expect(await p.getByText(world.otherDevice.serial).count()).toBe(0);
    expect(await p.getByRole('link', { name: 'Customers' }).count()).toBe(0);
    await p.context().close();
  });

  it("lets a key user put their printer at another of their company's sites and say where in it it stands", async () => {
    const warehouse = await createSite(server.store, world.adminPrincipal, world.customer.id, { name: 'Warehouse', city: 'Leeds' }, new Date());
    const p = await page();
    await logIn(p, server.url, world.keyUser.email, PASSWORD);
    await p.goto(`${server.url}/devices/${devices['UI-LOW-1']}`);
    await p.getByRole('button', { name: /where it stands/ }).click();
    const form = p.getByRole('form', { name: 'Where the printer stands' });
    // The site select fills once the company's sites are loaded.
    await form.getByLabel('Site').selectOption({ label: 'Warehouse' });
    await form.getByLabel('Where it stands').fill('Loading bay');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    const device = await server.store.repos.devices.get({ dealerId: world.dealer.id, customerId: null }, devices['UI-LOW-1']!);
    expect({ site: device?.site_id, location: device?.location }).toEqual({ site: warehouse.id, location: 'Loading bay' });
    await p.context().close();
  });

  it('lets a key user order supplies by hand: choose, quantity, review with the conflict warning, submit', async () => {
    for (const viewport of ['phone', 'laptop'] as const) {
      const p = await page(viewport);
      await logIn(p, server.url, world.keyUser.email, PASSWORD);
      await p.goto(`${server.url}/devices/${devices['UI-MONO-1']}/order`);
      await p.getByText(/replenished automatically/).first().waitFor();
      await screenshot(p, 'order', viewport);
      if (viewport === 'phone') { await p.context().close(); continue; }
      await p.getByRole('button', { name: 'Review order' }).click();
      await p.getByText('Choose the cartridge to order.').waitFor();
      await p.getByRole('radio').first().check();
      await p.getByLabel('Quantity').fill('0');
      await p.getByRole('button', { name: 'Review order' }).click();
      await p.getByText('Enter a whole number of at least 1.').waitFor();
      await p.getByLabel('Quantity').fill('2');
      await p.getByLabel('Note for your dealer (optional)').fill('For the busy month.');
      await p.getByRole('button', { name: 'Review order' }).click();
      await p.getByRole('heading', { name: '2. Review and submit' }).waitFor();
      await p.getByRole('button', { name: 'Place order' }).click();
      await p.getByRole('heading', { name: 'Order placed' }).waitFor();
      expect(await p.locator('.card').first().textContent()).toMatch(/2 × .*Outstanding/);
      await p.getByRole('link', { name: 'Back to the printer' }).click();
      await p.getByText(/manual/).first().waitFor();
      await p.context().close();
    }
  });

  it('administration: a new collector token shown once, its configuration checked, a CSV import showing its row errors, and a large one followed by its progress bar', async () => {
    const p = await page();
    await logIn(p, server.url, world.admin.email, PASSWORD);
    await p.getByRole('link', { name: 'Administration' }).click();
    const collectors = p.locator('section.card', { hasText: 'Collectors' }).first();
    await collectors.getByRole('button', { name: 'Register collector' }).click();
    await collectors.getByText("Choose the customer whose network it runs on.").waitFor();
    await collectors.getByLabel('Customer').selectOption({ label: world.customer.name });
    await collectors.getByLabel('Name').fill('Second floor');
    await collectors.getByRole('button', { name: 'Register collector' }).click();
    await expect.poll(() => collectors.locator('code.token').textContent()).toMatch(/^tlc_/);
    await collectors.getByText('Configuration').first().click();
    await collectors.getByLabel('Poll every (seconds)').fill('2');
    await collectors.getByRole('button', { name: 'Save configuration' }).click();
    await collectors.getByText('Whole seconds from 5 to 86400.').waitFor();
    // Revoking asks first, then the collector shows as revoked.
    p.once('dialog', (dialog) => void dialog.accept());
    await collectors.locator('li', { hasText: 'Second floor' }).getByRole('button', { name: 'Revoke' }).click();
    await collectors.locator('li', { hasText: 'Second floor' }).getByText('revoked').waitFor();
    const csv = p.locator('section.card', { hasText: 'Import customers' });
    await csv.getByLabel('CSV file contents').fill('customer,serial\nAcme,GOOD-1\n,NO-CUSTOMER\nAcme,HAS SPACE\n');
    await csv.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => csv.getByRole('alert').textContent()).toMatch(/2 rows have errors; nothing was imported\..*Line 3:.*Line 4:/);
    await screenshot(p, 'administration', 'laptop');
    await csv.getByLabel('CSV file contents').fill('customer,serial,model\nAcme,GOOD-1,HP LaserJet Pro M404dn\n');
    await csv.getByRole('button', { name: 'Import' }).click();
    await csv.getByText(/Imported\. 1 rows/).waitFor();
    // A file over 1 MB is answered at once (202) and followed with a progress bar until its report.
    const address = (site: number) => `"Unit ${site + 1}, ${'Long Industrial Estate Road, '.repeat(7)}Leeds"`;
    const rows = Array.from({ length: 4_000 }, (_, i) => `Bulk customer ${i % 100},Site ${i % 3},${address(i % 3)},BULK${String(i).padStart(6, '0')},HP LaserJet Pro M404dn`);
    await csv.locator('input[type=file]').setInputFiles({ name: 'fleet.csv', mimeType: 'text/csv', buffer: Buffer.from(['customer,site,address,serial,model', ...rows].join('\n')) });
    await expect.poll(() => csv.getByLabel('CSV file contents').inputValue().then((value) => value.length)).toBeGreaterThan(1024 * 1024);
    await csv.getByRole('button', { name: 'Import' }).click();
    await csv.getByRole('progressbar', { name: 'Import progress' }).waitFor();
    await csv.getByText(/Imported\. 4000 rows/).waitFor({ timeout: 60_000 });
    await p.context().close();
  });

  it('lists a printer that tells no serial as "serial unknown" with its MAC, and lets dealer staff, not key users, enter its serial', async () => {
    const mac = '00:17:c8:aa:bb:01';
    await upload(printerReadings('UI-NAMELESS', START, 18, 20, monoToner(90, 1)).map((r) => ({ ...r, serial: null, mac })));
    const staff = await page();
    await logIn(staff, server.url, world.dispatcher.email, PASSWORD);
    // The customer's fleet: the large import earlier in this file put thousands of printers ahead of it in the whole fleet.
    await staff.goto(`${server.url}/?customer=${world.customer.id}`);
    await staff.getByRole('row', { name: new RegExp(`serial unknown.*MAC ${mac}`) }).waitFor();
    await screenshot(staff, 'fleet-serial-unknown', 'laptop');
    await staff.getByRole('link', { name: 'serial unknown' }).click();
    await staff.getByLabel('Serial number (from its label)').waitFor();
    await screenshot(staff, 'device-serial-unknown', 'laptop');
    await staff.getByLabel('Serial number (from its label)').fill('A B');
    await staff.getByRole('button', { name: 'Save serial' }).click();
    await expect.poll(() => staff.getByRole('alert').first().textContent()).toMatch(/serial/i);
    await staff.getByLabel('Serial number (from its label)').fill('UI-LABEL-1');
    await staff.getByRole('button', { name: 'Save serial' }).click();
    await staff.getByRole('status').getByText(/Serial UI-LABEL-1 saved/).waitFor();
    await staff.getByRole('heading', { name: /UI-LABEL-1/ }).waitFor();
    const id = new URL(staff.url()).pathname.split('/').pop()!;
    await staff.context().close();
    const keyUser = await page();
    await logIn(keyUser, server.url, world.keyUser.email, PASSWORD);
    await keyUser.goto(`${server.url}/devices/${id}`);
    await keyUser.getByRole('heading', { name: /UI-LABEL-1/ }).waitFor();
    expect(await keyUser.getByRole('button', { name: 'Save serial' }).count()).toBe(0);
    await keyUser.context().close();
  });

  it('shows a printer another customer\'s collector reads as a move for staff to confirm, and moves it when they do', async () => {
    await upload(printerReadings('UI-MOVER', START, 10, 12, monoToner(70, 1)));
    const { token } = await registerCollector(server.store, world.adminPrincipal, { customerId: world.otherCustomer.id, name: 'Other site collector' }, new Date());
    const answers = await uploadReadings(server.app, token, printerReadings('UI-MOVER', START, 12, 13, monoToner(68, 1)), 200);
    expect(answers.flatMap((a) => (a as { held?: unknown[] }).held ?? []).length).toBeGreaterThan(0);
    const staff = await page();
    await logIn(staff, server.url, world.dispatcher.email, PASSWORD);
    await staff.goto(`${server.url}/?customer=${world.otherCustomer.id}`);
    const box = staff.locator('.moves');
    await box.getByRole('heading', { name: 'Printers seen at another customer' }).waitFor();
    const row = box.getByRole('row', { name: /UI-MOVER/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Customer ui.*Other customer ui.*Other site collector/);
    await screenshot(staff, 'fleet-move-candidate', 'laptop');
    await row.getByRole('button', { name: 'Confirm move' }).click();
    // The world holds another pending move of its own, so the box stays, without this printer.
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(0);
    await staff.locator('table.devices').getByRole('row', { name: /UI-MOVER.*Other customer ui/ }).waitFor();
    await staff.context().close();
    // A key user never sees moves.
    const keyUser = await page();
    await logIn(keyUser, server.url, world.keyUser.email, PASSWORD);
    await keyUser.getByRole('heading', { name: 'Your printers' }).waitFor();
    expect(await keyUser.locator('.moves').count()).toBe(0);
    await keyUser.context().close();
  });

  it('shows a readable message, not a blank page, when the server fails', async () => {
    const p = await page();
    await logIn(p, server.url, world.admin.email, PASSWORD);
    await p.route(/\/api\/v1\/devices\?/, (route) => route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal', message: 'The database is not answering.', details: null } }) }));
    await p.goto(server.url);
    await expect.poll(() => p.getByRole('alert').first().textContent()).toMatch(/Could not load this\..*The database is not answering\./);
    expect(await p.getByRole('heading', { name: 'Fleet' }).isVisible()).toBe(true);
    await p.route(/\/api\/v1\/devices\?/, (route) => route.abort());
    await p.reload();
    await expect.poll(() => p.getByRole('alert').first().textContent()).toMatch(/cannot be reached|failed/i);
    await p.context().close();
  });
});
