import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDealer } from '../../src/dealers/index.js';
import { createUser } from '../../src/users/index.js';
import { ENGINE } from '../support/database.js';
import { PASSWORD, buildDealer, type DealerWorld } from '../support/factories.js';
import { launchBrowser, logIn, startPortalServer } from '../support/browser.js';

describe(`cross-site requests and shared addresses in Debian's Chromium (${ENGINE})`, () => {
  let server: Awaited<ReturnType<typeof startPortalServer>>;
  let browser: Browser;
  let world: DealerWorld;
  let evil: Server;
  let evilUrl: string;
  let formTarget = '';

  beforeAll(async () => {
    server = await startPortalServer();
    browser = await launchBrowser();
    world = await buildDealer(server.store, 'xsite');
    // Another site's page: on another port of the same host, so the browser counts it same-site and sends
    // the SameSite=Lax cookie with its form post — the attack SameSite alone does not stop.
    evil = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(`<!doctype html><form method="post" enctype="text/plain" action="${formTarget}"><input name="x" value="1"></form><script>document.forms[0].submit()</script>`);
    });
    await new Promise<void>((done) => evil.listen(0, '127.0.0.1', done));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => evil?.close(done));
    await server?.close();
  });

  it("finding 4: the portal's own requests are same-origin and work; another site's form posted with the cookie is refused", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const login = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/api/v1/auth/login'));
    await logIn(page, server.url, world.admin.email, PASSWORD);
    const loginHeaders = await (await login).allHeaders();
    expect(loginHeaders['sec-fetch-site']).toBe('same-origin');
    expect(loginHeaders['origin']).toBe(server.url);

    formTarget = `${server.url}/api/v1/users/${world.dispatcher.id}/disable`;
    const attack = await context.newPage();
    const answered = attack.waitForResponse((response) => response.url() === formTarget);
    await attack.goto(evilUrl);
    const response = await answered;
    const attackHeaders = await response.request().allHeaders();
    expect(attackHeaders['sec-fetch-site']).toBe('same-site');
    expect(attackHeaders['content-type']).toBe('text/plain');
    expect(attackHeaders['cookie']).toMatch(/tl_session=/);
    expect(response.status()).toBe(403);
    expect((await response.json()).error.message).toMatch(/another site/);
    expect((await server.store.repos.users.get(world.dealer.id, world.dispatcher.id))!.disabled_at).toBeNull();
    await context.close();
  });

  it('finding 7: a person whose address and password open two dealers chooses the dealer on the login form', async () => {
    const now = new Date();
    const { dealer: other, admin } = await createDealer(server.store, { name: 'Second Dealer Ltd', adminEmail: `admin-second-${Date.now()}@example.test`, adminPassword: PASSWORD }, now);
    const principal = { kind: 'user' as const, id: admin.id, dealerId: other.id, role: 'dealer-admin' as const, customerId: null, email: admin.email };
    await createUser(server.store, principal, { email: world.dispatcher.email, name: 'Same person', password: PASSWORD, role: 'dispatcher' }, now);

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByLabel('E-mail').fill(world.dispatcher.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/several dealers; choose the dealer/);
    await page.getByLabel('Dealer').selectOption({ label: 'Second Dealer Ltd' });
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).json());
    expect(me.dealerId).toBe(other.id);
    await context.close();
  });
});
