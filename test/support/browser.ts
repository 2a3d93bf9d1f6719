import type { FastifyInstance } from 'fastify';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../src/bench/chromium.js';
import { createStore, type Store } from '../../src/app/store.js';
import { buildApp } from '../../src/http/app.js';
import { findPortalDir } from '../../src/http/portal.routes.js';
import { systemClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { testHttpContext } from './app.js';
import { createTestDatabase } from './database.js';
import { ensureCommand } from './debian.js';

/** Debian's Chromium (installed when missing), driven by playwright-core. */
export async function launchBrowser(): Promise<Browser> {
  return launchChromium(ensureCommand('chromium', 'chromium'));
}

/** The whole server with the built portal, on a fresh test database and the wall clock, listening on loopback. */
export async function startPortalServer(): Promise<{ url: string; store: Store; app: FastifyInstance; close(): Promise<void> }> {
  const portalDir = findPortalDir();
  if (!portalDir) throw new Error('The portal is not built: run `npm run build` first (the test command does).');
  const { database, cleanup } = await createTestDatabase();
  const store = createStore(database);
  const app = await buildApp(testHttpContext(store, systemClock, { portalDir }), createLogger('silent'));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, store, app, close: async () => { await app.close(); await cleanup(); } };
}

/** Laptop and phone sizes the screenshots are taken at. */
export const VIEWPORTS = { laptop: { width: 1366, height: 860 }, phone: { width: 390, height: 844 } } as const;

/**
 * Where screenshots go: docs/screenshots (linked from the README) when UPDATE_SCREENSHOTS=1, else a
 * scratch folder, so a test run does not rewrite tracked files.
 */
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(process.cwd(), 'docs', 'screenshots') : join(tmpdir(), 'tonerloop-screenshots');

/** Saves a full-page screenshot as NAME-VIEWPORT.png in SCREENSHOTS. */
export async function screenshot(page: Page, name: string, viewport: keyof typeof VIEWPORTS): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // From the top, so the sticky header sits where it belongs in a full-page image.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${viewport}.png`), fullPage: true });
}

/** Logs in through the portal's form. */
export async function logIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}
