import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from '../support/database.js';
import { PASSWORD, buildDealer, type DealerWorld } from '../support/factories.js';
import { VIEWPORTS, launchBrowser, logIn, screenshot, startPortalServer } from '../support/browser.js';
import { apiAs, prepareSupplyJobs } from '../support/jobs.js';
import { COLOUR_TONERS, printerReadings, uploadReadings } from '../support/readings.js';

const DAY = 86_400_000;
const START = Date.now() - 20 * DAY;
const SLOW = { timeout: 30_000 };

describe(`the jobs board, a job and the exceptions in Debian's Chromium (${ENGINE})`, () => {
  let server: Awaited<ReturnType<typeof startPortalServer>>;
  let browser: Browser;
  let world: DealerWorld;
  let admin: Awaited<ReturnType<typeof apiAs>>;
  const devices: Record<string, string> = {};
  const pageErrors: string[] = [];
  const page = async (viewport: keyof typeof VIEWPORTS = 'laptop'): Promise<Page> => {
    const context = await browser.newContext({ viewport: VIEWPORTS[viewport], deviceScaleFactor: 1, locale: 'en-GB', timezoneId: 'Europe/London' });
    const created = await context.newPage();
    created.on('pageerror', (error) => pageErrors.push(`${viewport}: ${error.message}`));
    return created;
  };
  const upload = (readings: unknown[]) => uploadReadings(server.app, world.collectorToken, readings, 200);
  const jobOf = async (deviceId: string) => (await admin<{ items: { id: string; number: string; status: string }[] }>('GET', `/jobs?deviceId=${deviceId}`)).items[0]!;

  beforeAll(async () => {
    server = await startPortalServer();
    browser = await launchBrowser();
    world = await buildDealer(server.store, 'jobs-ui');
    await upload(printerReadings('JOBS-COLOR-1', START, 0, 20, COLOUR_TONERS));
    devices['JOBS-COLOR-1'] = (await server.store.repos.devices.list({ dealerId: world.dealer.id, customerId: null }, { serial: 'JOBS-COLOR-1' }, { limit: 1 }))[0]!.id;
    // The magenta ordered by hand fits no stock item (an exception until someone picks one: a compatible whose part
    // number the printer does not report); the other customer's printer gets a job of its own.
    admin = await prepareSupplyJobs(server.app, world, [{ deviceId: devices['JOBS-COLOR-1']!, supplyIndex: 3 }, { deviceId: world.otherDevice.id, supplyIndex: 1 }]);
    await admin('POST', '/stock-items', { sku: 'COMPAT-M-207', description: 'Compatible magenta toner', kind: 'toner', color: 'magenta', yieldPages: 1250, partNumbers: ['W2033X'], barcodes: [] });
  }, 300_000);
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets a dispatcher take the requests now and see the jobs on the board, with a count per status', async () => {
    const p = await page();
    await logIn(p, server.url, world.dispatcher.email, PASSWORD);
    await p.getByRole('link', { name: 'Jobs', exact: true }).click();
    await p.getByRole('heading', { name: 'Supply jobs' }).waitFor();
    await p.getByRole('button', { name: 'Take requests now' }).click();
    await expect.poll(() => p.getByRole('status').textContent(), SLOW).toMatch(/^Took the outstanding requests: \d+ new jobs? created, \d+ requests? added to a booked job, 1 exception to fix\.$/);
    const row = p.getByRole('row', { name: /JOBS-COLOR-1/ });
    await row.waitFor(SLOW);
    // The line names its SKU, chosen by the cyan's part number.
    expect(await row.textContent()).toContain('HP-207A-C');
    // The Booked tab says how many jobs are behind it, and the list holds exactly that many.
    const rows = p.locator('.job-row');
    await expect.poll(async () => Number((await p.getByRole('tab', { name: /Booked/ }).textContent())!.replace(/\D/g, '')), SLOW).toBe(await rows.count());
    expect(await p.getByRole('tab', { name: /Exceptions/ }).textContent()).toMatch(/Exceptions\s*1/);
    await screenshot(p, 'jobs', 'laptop');
    await p.context().close();
    const phone = await page('phone');
    await logIn(phone, server.url, world.dispatcher.email, PASSWORD);
    await phone.goto(`${server.url}/jobs`);
    await phone.getByRole('row', { name: /JOBS-COLOR-1/ }).waitFor(SLOW);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, 'jobs', 'phone');
    await phone.context().close();
  }, 120_000);

  it('opens a job: its lines with the SKU and why, the printer\'s levels and days left, and a fresh reading on request', async () => {
    for (const viewport of ['laptop', 'phone'] as const) {
      const p = await page(viewport);
      await logIn(p, server.url, world.dispatcher.email, PASSWORD);
      await p.goto(`${server.url}/jobs?status=all`);
      await p.getByRole('row', { name: /JOBS-COLOR-1/ }).click();
      await p.getByRole('heading', { name: /^Job J-\d{6}/ }).waitFor(SLOW);
      expect(await p.title()).toMatch(/^Job J-\d{6} · TonerLoop$/);
      const line = p.locator('.job-line', { hasText: 'HP-207A-C' });
      expect(await line.textContent()).toMatch(/part-number match.*W2031A/);
      const supplies = p.locator('section.card', { hasText: "The printer's supplies" });
      await expect.poll(() => supplies.locator('.supply-card').count()).toBe(4);
      expect(await supplies.textContent()).toMatch(/days left/);
      await screenshot(p, 'job', viewport);
      if (viewport === 'laptop') {
        await supplies.getByRole('button', { name: 'Refresh levels now' }).click();
        await supplies.getByText(/Asked the collector for a fresh reading/).waitFor();
        const number = /J-\d{6}/.exec((await p.getByRole('heading', { level: 1 }).textContent())!)![0];
        // The request it took links to it from the request board, and the printer's page to its jobs.
        await p.goto(`${server.url}/requests?status=actioned`);
        await p.getByRole('row', { name: /JOBS-COLOR-1 cyan/ }).click();
        await p.getByRole('complementary', { name: 'Request details' }).getByRole('link', { name: number }).click();
        await p.getByRole('heading', { name: new RegExp(`^Job ${number}`) }).waitFor();
        await p.goto(`${server.url}/devices/${devices['JOBS-COLOR-1']}`);
        await p.getByRole('link', { name: 'Supply jobs for this printer →' }).click();
        await p.getByRole('row', { name: new RegExp(`Job ${number} for JOBS-COLOR-1`) }).waitFor(SLOW);
      }
      await p.context().close();
    }
  }, 120_000);

  it('fixes an exception by picking the SKU from the stock catalogue, and the job is made with it', async () => {
    let number = '';
    for (const viewport of ['phone', 'laptop'] as const) {
      const p = await page(viewport);
      await logIn(p, server.url, world.dispatcher.email, PASSWORD);
      await p.goto(`${server.url}/jobs`);
      await p.getByRole('tab', { name: /Exceptions/ }).click();
      await p.getByRole('row', { name: /JOBS-COLOR-1 magenta/ }).click();
      const panel = p.getByRole('complementary', { name: 'Fix the exception' });
      await panel.getByText('No stock item matches this supply.').waitFor();
      await panel.getByLabel('Search the stock catalogue').fill('magenta');
      await panel.getByRole('button', { name: 'Use COMPAT-M-207' }).waitFor(SLOW);
      await screenshot(p, 'job-exceptions', viewport);
      if (viewport === 'laptop') {
        await panel.getByRole('button', { name: 'Use COMPAT-M-207' }).click();
        const done = panel.getByRole('status');
        await expect.poll(() => done.textContent(), SLOW).toMatch(/^(Job J-\d{6} created|Added to booked job J-\d{6})\. The request is actioned with it as its B2B ID\.$/);
        number = /J-\d{6}/.exec((await done.textContent())!)![0];
        await done.getByRole('link', { name: number }).click();
        await p.getByRole('heading', { name: new RegExp(`^Job ${number}`) }).waitFor();
        expect(await p.locator('.job-line', { hasText: 'COMPAT-M-207' }).textContent()).toContain('picked by hand');
      }
      await p.context().close();
    }
    expect(number).toMatch(/^J-\d{6}$/);
  }, 120_000);

  it('moves a job from booked to ready with a comment, and shows the sentence of a move the status machine refuses', async () => {
    // The world's printer's booked job, which the run gave its black toner's line.
    const job = await jobOf(world.device.id);
    expect(job).toMatchObject({ id: world.job.id, status: 'booked' });
    const p = await page();
    await logIn(p, server.url, world.dispatcher.email, PASSWORD);
    await p.goto(`${server.url}/jobs/${job.id}`);
    await p.getByLabel('Comment for the move').fill('Customer confirmed the address.');
    await p.getByRole('button', { name: 'Release to the warehouse (ready)' }).click();
    await p.getByRole('heading', { name: `Job ${job.number} Ready` }).waitFor(SLOW);
    const history = p.locator('section.card', { hasText: 'History' });
    await expect.poll(() => history.textContent()).toMatch(/Booked → Ready.*Customer confirmed the address\./);
    // Nothing in stock: the line is a back order with its expected date, on the job and on the board.
    expect(await p.locator('.job-line').first().textContent()).toMatch(/back order, expected/);
    // A ready job is packed at the scan station: the page says where, and (its actions shown) offers no "Mark packed".
    await p.getByText('Packed at the scan station').waitFor(SLOW);
    expect(await p.getByRole('button', { name: /packed/i }).count()).toBe(0);
    await p.goto(`${server.url}/jobs?status=all`);
    expect(await p.getByRole('row', { name: new RegExp(world.device.serial) }).textContent()).toMatch(/back order until/);
    // Someone else cancels it meanwhile; this page still offers "Cancel job", and the server says why it cannot be.
    await p.goto(`${server.url}/jobs/${job.id}`);
    await p.getByRole('button', { name: 'Cancel job' }).waitFor(SLOW);
    await admin('POST', `/jobs/${job.id}/status`, { status: 'cancelled' });
    await p.getByRole('button', { name: 'Cancel job' }).click();
    await expect.poll(async () => (await p.getByRole('alert').textContent())?.trim(), SLOW)
      .toBe(`The move was refused. Job ${job.number} cannot go from cancelled to cancelled: cancelled is final.`);
    await p.context().close();
  }, 120_000);

  it("shows a customer key user their own company's jobs read-only, and another company's job as not found", async () => {
    const own = await jobOf(devices['JOBS-COLOR-1']!);
    const other = await jobOf(world.otherDevice.id);
    const p = await page();
    await logIn(p, server.url, world.keyUser.email, PASSWORD);
    await p.getByRole('link', { name: 'Deliveries' }).click();
    await p.getByRole('heading', { name: 'Deliveries' }).waitFor();
    await p.getByRole('row', { name: /JOBS-COLOR-1/ }).waitFor(SLOW);
    expect(await p.getByRole('row', { name: new RegExp(world.otherDevice.serial) }).count()).toBe(0);
    expect(await p.getByRole('button', { name: 'Take requests now' }).count()).toBe(0);
    expect(await p.getByRole('tab', { name: /Exceptions/ }).count()).toBe(0);
    await p.goto(`${server.url}/jobs/${own.id}`);
    await p.getByRole('heading', { name: new RegExp(`^Job ${own.number}`) }).waitFor(SLOW);
    await p.locator('.job-line').first().waitFor();
    // Status, lines and expected delivery: no moves, no comments, no history, no why.
    expect(await p.locator('main button').count()).toBe(0);
    expect(await p.getByRole('heading', { name: /Comments|History|The printer's supplies/ }).count()).toBe(0);
    expect(await p.locator('.job-line').first().textContent()).not.toMatch(/part-number match|picked by hand/);
    await p.goto(`${server.url}/jobs/${other.id}`);
    await p.getByRole('heading', { name: 'There is no such job.' }).waitFor(SLOW);
    expect(await p.title()).toBe('No such job · TonerLoop');
    await p.context().close();
  }, 120_000);
});
