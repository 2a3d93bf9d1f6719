import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/platform/clock.js';
import { ENGINE } from '../support/database.js';
import { PASSWORD, buildDealer, type DealerWorld } from '../support/factories.js';
import { VIEWPORTS, launchBrowser, logIn, screenshot, startPortalServer } from '../support/browser.js';
import { warehouseWorld } from '../warehouse/support.js';

const SLOW = { timeout: 30_000 };

describe(`the scan station in Debian's Chromium, typed into as a keyboard-wedge scanner does (${ENGINE})`, () => {
  let server: Awaited<ReturnType<typeof startPortalServer>>;
  let browser: Browser;
  let world: DealerWorld;
  let w: Awaited<ReturnType<typeof warehouseWorld>>;
  const units: Record<'black' | 'cyan', string[]> = { black: [], cyan: [] };
  const jobs: { id: string; number: string; orderLabel: string }[] = [];
  const pageErrors: string[] = [];

  const page = async (viewport: keyof typeof VIEWPORTS): Promise<Page> => {
    const context = await browser.newContext({ viewport: VIEWPORTS[viewport], deviceScaleFactor: 1, locale: 'en-GB', timezoneId: 'Europe/London' });
    const created = await context.newPage();
    created.on('pageerror', (error) => pageErrors.push(`${viewport}: ${error.message}`));
    return created;
  };
  /** What a wedge scanner does: types the code into whatever has focus, then Enter. */
  const scan = async (p: Page, code: string) => {
    await p.keyboard.type(code);
    await p.keyboard.press('Enter');
  };
  const focused = (p: Page) => p.evaluate(() => document.activeElement?.id ?? null);
  const next = (p: Page) => p.locator('#scan-next').textContent();
  const refusal = (p: Page) => p.locator('.scan-refusal[role="alert"]');
  const logged = (p: Page) => p.getByRole('list', { name: 'Scans, newest first' }).locator('li');

  beforeAll(async () => {
    server = await startPortalServer();
    browser = await launchBrowser();
    world = await buildDealer(server.store, 'scan-ui');
    // Through the API: internal fulfilment, a cyan item beside the world's black, units received with labels and
    // counted in at goods-in by scan, then two jobs (black and cyan each) moved to ready, reserving them.
    w = await warehouseWorld({ app: server.app, store: server.store, clock: systemClock } as unknown as Parameters<typeof warehouseWorld>[0], world);
    const goodsIn = w.station();
    for (const [colour, sku] of [['black', w.black], ['cyan', w.cyan]] as const) {
      const receipt = await w.operator.ok('POST', '/warehouse/receipts', { sku, quantity: 2 });
      for (const unit of receipt.units) {
        expect(await goodsIn(unit.label, 'receive')).toMatchObject({ accepted: true });
        units[colour].push(unit.label);
      }
    }
    jobs.push(await w.readyJob(), await w.readyJob());
  }, 300_000);
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('packs a job by pairs: a refusal stays on screen and holds back scans until acknowledged, the screen says what to scan next, and the job ends packed', async () => {
    const [job] = jobs;
    const p = await page('laptop');
    await logIn(p, server.url, world.warehouse.email, PASSWORD);
    await p.getByRole('link', { name: 'Scan station' }).click();
    await p.getByRole('heading', { name: 'Scan station: packing' }).waitFor(SLOW);
    expect(await p.title()).toBe('Scan station · TonerLoop');
    await expect.poll(() => focused(p), SLOW).toBe('scan-code');
    expect(await next(p)).toContain('Scan a unit label');

    // The pallet-twice habit: the box's order label where a unit is due.
    await scan(p, job!.orderLabel);
    await refusal(p).waitFor(SLOW);
    const alert = await refusal(p).textContent();
    expect(alert).toContain('Refused: That is a box (order) label, but a unit label comes first.');
    expect(alert).toContain('a unit comes first');
    expect(alert).toContain('Further scans are not sent until you acknowledge this.');
    await screenshot(p, 'scan-station', 'laptop');
    // It does not go away by itself, and the field keeps the focus so the scanner's next code lands there...
    await p.waitForTimeout(3_000);
    expect(await refusal(p).count()).toBe(1);
    expect(await focused(p)).toBe('scan-code');
    // ...but that code is not sent while the refusal stands.
    await scan(p, units.black[0]!);
    await expect.poll(() => refusal(p).textContent(), SLOW).toContain(`The scan ${units.black[0]} was not sent.`);
    expect(await logged(p).first().textContent()).toMatch(new RegExp(`${units.black[0]}\\s*not sent`));
    expect((await w.operator.ok('GET', `/warehouse/stations/${encodeURIComponent('warehouse-operator bench 1')}`)).expecting).toContain('Scan a unit label');
    // A click elsewhere does not take the focus away from the scan field.
    await p.getByRole('heading', { name: 'This session\'s scans' }).click();
    await expect.poll(() => focused(p), SLOW).toBe('scan-code');
    expect(await refusal(p).count()).toBe(1);
    // Even with the acknowledge button focused, a scanner's code and Enter do not acknowledge it.
    await p.getByRole('button', { name: /I have read this/ }).focus();
    await scan(p, units.black[1]!);
    await expect.poll(() => refusal(p).textContent(), SLOW).toContain(`The scan ${units.black[1]} was not sent.`);
    expect(await focused(p)).toBe('scan-code');
    await p.getByRole('button', { name: /I have read this/ }).click();
    await expect.poll(() => refusal(p).count(), SLOW).toBe(0);
    await expect.poll(() => focused(p), SLOW).toBe('scan-code');

    // The right pairs: a unit, then its box.
    await scan(p, units.black[0]!);
    await expect.poll(() => next(p), SLOW).toContain(`Scan the order label of the box ${units.black[0]} (${w.black}) goes into`);
    await scan(p, job!.orderLabel);
    await expect.poll(() => next(p), SLOW).toContain(`Scan the next unit for ${job!.number} (still needed: ${w.cyan} ×1)`);
    await p.getByRole('heading', { name: `Packing ${job!.number}` }).waitFor(SLOW);
    // The box label again counts nothing: refused, acknowledged with Escape.
    await scan(p, job!.orderLabel);
    await expect.poll(() => refusal(p).textContent(), SLOW).toContain('That label was just scanned. Scanning it again counts nothing.');
    await p.keyboard.press('Escape');
    await expect.poll(() => refusal(p).count(), SLOW).toBe(0);
    await scan(p, units.cyan[0]!);
    await expect.poll(() => next(p), SLOW).toContain(`goes into — ${job!.number}`);
    await scan(p, job!.orderLabel);
    await expect.poll(() => next(p), SLOW).toContain(`${job!.number} is complete and packed.`);
    const lines = await p.getByRole('table', { name: 'The job\'s lines' }).textContent();
    expect(lines).toMatch(new RegExp(`${w.black}.*1 of 1`));
    expect(lines).toMatch(new RegExp(`${w.cyan}.*1 of 1`));
    expect(await logged(p).count()).toBe(8);
    expect((await w.dispatcher.ok('GET', `/jobs/${job!.id}`)).status).toBe('packed');

    // Dispatch from the job view: the tracking number scanned into its field (its Enter does not dispatch by itself).
    await p.getByRole('link', { name: 'Dispatch it' }).click();
    await p.getByLabel('Carrier').fill('DPD');
    await p.getByLabel('Tracking number').click();
    await scan(p, '15501234567890');
    expect(await p.getByRole('status').filter({ hasText: 'Dispatched with' }).count()).toBe(0);
    await p.getByRole('button', { name: 'Dispatch', exact: true }).click();
    await expect.poll(() => p.getByRole('status').filter({ hasText: 'Dispatched with' }).textContent(), SLOW).toContain('Dispatched with DPD, tracking 15501234567890.');
    expect((await w.dispatcher.ok('GET', `/jobs/${job!.id}`)).status).toBe('dispatched');
    await p.context().close();

    // The dispatcher confirms the delivery.
    const d = await page('laptop');
    await logIn(d, server.url, world.dispatcher.email, PASSWORD);
    await d.goto(`${server.url}/jobs/${job!.id}`);
    await d.getByRole('button', { name: 'Mark delivered' }).click();
    await expect.poll(() => d.getByRole('status').filter({ hasText: 'Delivered' }).count(), SLOW).toBe(1);
    expect((await w.dispatcher.ok('GET', `/jobs/${job!.id}`)).status).toBe('delivered');
    await d.context().close();
  }, 180_000);

  it('receives a box on the receiving page, prints its label sheet, and counts it in on the scan station\'s receive mode', async () => {
    const p = await page('laptop');
    await logIn(p, server.url, world.warehouse.email, PASSWORD);
    await p.getByRole('link', { name: 'Receiving' }).click();
    await p.getByLabel('Search the stock catalogue').fill(w.magenta);
    await p.getByRole('button', { name: `Receive ${w.magenta}` }).click();
    await p.getByLabel('How many boxes').fill('1');
    await p.getByLabel('Bin').fill('B-07');
    await p.getByRole('button', { name: 'Receive', exact: true }).click();
    await expect.poll(() => p.getByRole('status').textContent(), SLOW).toContain(`Received 1 unit of ${w.magenta} at bin B-07.`);
    const sheet = await p.getByRole('link', { name: 'Print the label sheet (PDF)' }).getAttribute('href');
    const pdf = await p.request.get(server.url + sheet!);
    expect([pdf.status(), pdf.headers()['content-type']]).toEqual([200, 'application/pdf']);
    await p.getByText(/^The labels/).click();
    const label = (await p.locator('code').first().textContent())!;
    expect(label).toMatch(/^U[0-9A-Z]{10}$/);

    await p.getByRole('link', { name: 'scan station, receiving' }).click();
    await p.getByRole('heading', { name: 'Scan station: receiving' }).waitFor(SLOW);
    await expect.poll(() => focused(p), SLOW).toBe('scan-code');
    await scan(p, label);
    await expect.poll(() => next(p), SLOW).toContain(`Counted: put ${label} (${w.magenta}) in bin B-07.`);
    expect(await p.getByRole('table', { name: 'The receipt' }).textContent()).toMatch(/1 of 1/);
    // Counted once: the same box again is refused, in receiving's words.
    await scan(p, label);
    await expect.poll(() => refusal(p).textContent(), SLOW).toContain('That unit was counted in already. It counts once.');
    await p.context().close();
  }, 120_000);

  it('on a phone: half a box packed, and a dispatch of a box that differs from its lines shows the difference', async () => {
    const [, job] = jobs;
    const p = await page('phone');
    await logIn(p, server.url, world.warehouse.email, PASSWORD);
    await p.goto(`${server.url}/scan`);
    await expect.poll(() => focused(p), SLOW).toBe('scan-code');
    await scan(p, units.black[1]!);
    await expect.poll(() => next(p), SLOW).toContain('Scan the order label');
    await scan(p, job!.orderLabel);
    await expect.poll(() => next(p), SLOW).toContain(`still needed: ${w.cyan} ×1`);
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.phone.width);
    await screenshot(p, 'scan-station', 'phone');

    // Packed without the cyan (as an older TonerLoop let a person mark a job packed by hand): dispatch says what the box lacks.
    await server.store.db.updateTable('supply_jobs').set({ status: 'packed' }).where('id', '=', job!.id).execute();
    await p.goto(`${server.url}/jobs/${job!.id}`);
    await p.getByLabel('Carrier').fill('DPD');
    await p.getByLabel('Tracking number').fill('T-2');
    await p.getByRole('button', { name: 'Dispatch', exact: true }).click();
    const difference = p.getByRole('table', { name: /scanned into the box/ });
    await difference.waitFor(SLOW);
    expect((await difference.locator('tbody tr').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual([`${w.cyan}01`]);
    expect((await w.dispatcher.ok('GET', `/jobs/${job!.id}`)).status).toBe('packed');
    await p.context().close();
  }, 120_000);
});
