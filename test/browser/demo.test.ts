import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEWPORTS, launchBrowser, logIn, screenshot } from '../support/browser.js';
import { ENGINE } from '../support/database.js';
import { startCli, type Child } from '../support/process.js';

const PORT = 20000 + Math.floor(Math.random() * 20000);
const SNMP_PORT = PORT + 1;

// The demo always runs on its embedded database: once is enough, whichever engine the suite runs on.
describe.runIf(ENGINE === 'embedded')('tonerloop demo, as a newcomer sees it', () => {
  let demo: Child;
  let browser: Browser;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tonerloop-demo-'));
    // On a terminal with no log settings: exactly what a person running `npm start` gets.
    demo = startCli(['demo', '--printers', '12', '--port', String(PORT), '--snmp-port', String(SNMP_PORT), '--data-dir', dataDir], { TONERLOOP_LOG_LEVEL: undefined }, { terminal: true });
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    demo?.process.kill('SIGTERM');
    expect(await demo?.exited).toBe(0);
  });

  it('prints the portal and a login, and shows requests appearing on the board within a minute and the job module\'s jobs', async () => {
    const [, url] = await demo.waitFor(/Portal:\s+(\S+)/, 60_000);
    const [, email, password] = await demo.waitFor(/Dealer:\s+(\S+) \/ (\S+)/);
    const page = await (await browser.newContext({ viewport: VIEWPORTS.laptop })).newPage();
    await logIn(page, url!, email!, password!);
    // A person stays logged in however fast the printers' time runs: a minute of real time, reloading
    // every ten seconds, and the portal (and the API behind it) still knows who they are.
    const loggedInUntil = Date.now() + 60_000;
    while (Date.now() < loggedInUntil) {
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      await page.reload();
      await page.getByRole('button', { name: 'Log out' }).waitFor({ timeout: 15_000 });
      expect((await page.request.get(`${url}/api/v1/auth/me`)).status()).toBe(200);
    }
    await page.getByRole('link', { name: 'Requests' }).click();
    await page.getByRole('tab', { name: 'Outstanding' }).waitFor();
    // The job module takes a request within a printer hour (a second here): the requests it took wait under Actioned
    // until the new cartridge is seen installed.
    await page.getByRole('tab', { name: /^Actioned/ }).click();
    await expect.poll(async () => page.locator('table.requests tbody tr').count(), { timeout: 60_000, interval: 1000 }).toBeGreaterThan(0);
    await screenshot(page, 'demo-requests', 'laptop');
    // Each became a supply job, numbered J-…, on the jobs board.
    await page.getByRole('link', { name: 'Jobs' }).click();
    // All of them: the board opens on Booked, and the demo's simulated dispatcher releases a job within seconds.
    // The tab is clicked until it is the one selected: under load a click before the board has settled can be lost, and
    // the board then stays on Booked, which the simulated dispatcher empties within seconds.
    // On the embedded engine every query of the demo's busy server (collector uploads, forecasts, the simulated warehouse's
    // scans, all at an hour a second) takes turns on one connection, and a loaded machine has seen the board's answer take
    // more than 30 s: 60 s are allowed, and a failure says what the API itself answered and how long it took (asked once
    // the wait is over, so the diagnosis adds no load to the server while the board is still loading).
    const all = page.getByRole('tab', { name: /^All/ });
    try {
      await expect.poll(async () => {
        if ((await all.getAttribute('aria-selected')) !== 'true') await all.click();
        return page.locator('table.jobs tbody tr').count();
      }, { timeout: 60_000, interval: 1000 }).toBeGreaterThan(0);
    } catch (error) {
      const started = Date.now();
      const answer = await page.request.get(`${url}/api/v1/jobs?limit=500`, { timeout: 60_000 }).catch((failed: Error) => failed);
      const apiSaid = answer instanceof Error
        ? `GET /api/v1/jobs failed after ${Date.now() - started} ms: ${answer.message}`
        : `GET /api/v1/jobs answered ${answer.status()} in ${Date.now() - started} ms: ${answer.ok() ? `${(await answer.json()).items.length} jobs` : await answer.text()}`;
      const board = await page.locator('main').innerText().catch(() => '(unreadable)');
      throw new Error(`No job on the board under All. ${apiSaid}; the board showed: ${board.slice(0, 300)}`, { cause: error });
    }
    expect(await all.getAttribute('aria-selected')).toBe('true');
    await expect.poll(async () => page.locator('table.jobs tbody').innerText(), { timeout: 10_000 }).toMatch(/J-\d{6}/);
    await page.getByRole('link', { name: 'Fleet' }).click();
    await expect.poll(async () => page.locator('table.devices tbody tr').count(), { timeout: 20_000 }).toBe(12);
    // Printer time runs an hour a second: "last seen" is measured on that clock, never "in 3 days".
    const lastSeen = await page.locator('table.devices tbody tr td[title]').allInnerTexts();
    expect(lastSeen.filter((text) => text.startsWith('in '))).toEqual([]);
    // The collector stands at the Head office site: the printers it found stand there, so a job's shipping label has
    // the site's address (a printer without a site makes it a 409).
    const devices: { items: { siteName: string | null }[] } = await (await page.request.get(`${url}/api/v1/devices?limit=100`)).json();
    expect(devices.items.map((d) => d.siteName)).toEqual(Array.from({ length: 12 }, () => 'Head office'));
    const jobs: { items: { id: string }[] } = await (await page.request.get(`${url}/api/v1/jobs`)).json();
    const label = await page.request.get(`${url}/api/v1/jobs/${jobs.items[0]!.id}/shipping-label.pdf`);
    expect(label.status(), await label.text()).toBe(200);
    expect(label.headers()['content-type']).toMatch(/^application\/pdf/);
    await page.context().close();
    // The banner's warehouse login opens the scan station, where a newcomer packs an order themselves (README).
    const [, operatorEmail, operatorPassword] = await demo.waitFor(/Warehouse:\s+(\S+) \/ (\S+)/);
    const station = await (await browser.newContext({ viewport: VIEWPORTS.laptop })).newPage();
    await logIn(station, url!, operatorEmail!, operatorPassword!);
    await station.goto(`${url}/scan`);
    await station.locator('#scan-code').waitFor({ timeout: 15_000 });
    await station.context().close();
  }, 240_000);

  it('tells the person at the terminal what happens in plain lines, a silent printer once', () => {
    const lines = demo.output().split(/\r?\n/).map((line) => line.trimEnd()).filter(Boolean);
    const events = lines.slice(lines.findIndex((line) => line.startsWith('Stop with Ctrl+C')) + 1);
    expect(lines.filter((line) => line.trimStart().startsWith('{')), 'JSON log records').toEqual([]);
    expect(events.filter((line) => !/^\d\d:\d\d:\d\d {2}\S/.test(line)), 'lines that are not "time  sentence"').toEqual([]);
    // The job module books requests within a printer hour; the simulated operator receives the shelf's boxes by scanning
    // them in, packs each job by scanning (7 printer hours after booking) and dispatches it, and the simulated carrier
    // delivers it 20 to 40 printer hours later: by now the board has had requests for a minute and more.
    expect(events.some((line) => /The warehouse received \d+ boxes from the supplier and scanned each one in at its bin\./.test(line))).toBe(true);
    expect(events.some((line) => /The job module booked job J-\d{6} for \S+: /.test(line))).toBe(true);
    expect(events.some((line) => /The warehouse packed job J-\d{6} for \S+ by scanning \(.+\) and handed it to DPD, tracking \d{14}\./.test(line))).toBe(true);
    expect(events.some((line) => /Job J-\d{6} was delivered to \S+ \(.+\) \d+ h after dispatch;/.test(line))).toBe(true);
    const said = (what: RegExp) => events.flatMap((line) => what.exec(line)?.[1] ?? []);
    for (const target of new Set(said(/ (\S+) stopped answering/))) {
      const silent = said(/ (\S+) stopped answering/).filter((t) => t === target).length;
      expect(silent, `${target} said silent again without answering in between`).toBeLessThanOrEqual(said(/ (\S+)(?: \(\S+\))? answers again/).filter((t) => t === target).length + 1);
    }
  });
});
