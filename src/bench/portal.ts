import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { createStore } from '../app/store.js';
import { createDealer } from '../dealers/index.js';
import { migrateDatabase, type Engine } from '../db/index.js';
import { findPortalDir } from '../http/portal.routes.js';
import { systemClock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import { launchChromium } from './chromium.js';
import { throwawayDatabase } from './core.js';
import { percentile } from './load.js';
import { measureMobileLoad, MOBILE_PRESET, type MobileLoad } from './mobile.js';
import { serveForBench } from './server.js';
import { seedFleet } from './seed.js';

export interface PortalBenchOptions {
  devices: number;
  runs: number;
  databaseUrl?: string;
  progress(message: string): void;
}

export interface PortalMeasurement {
  name: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  targetMs: number | null;
}

/** How a page's files were asked for: as the browser asks, or with compression refused (how the portal was served before it had any). */
export type Served = 'as the browser asks' | 'uncompressed (baseline)';

/** The medians of a page's cold loads on the mobile preset, and every load. */
export interface MobileMeasurement {
  page: string;
  served: Served;
  largestContentfulPaintMs: number;
  totalBlockingTimeMs: number;
  cumulativeLayoutShift: number;
  transferredBytes: number;
  scriptBytes: number;
  loads: MobileLoad[];
}

/** Issue 20's targets on the mobile preset. */
export const MOBILE_TARGETS = { scriptBytes: 150 * 1024, cumulativeLayoutShift: 0.1, largestContentfulPaintMs: 2500 };

export interface PortalBenchResult {
  engine: Engine;
  devices: number;
  seedSeconds: number;
  measurements: PortalMeasurement[];
  mobilePreset: typeof MOBILE_PRESET;
  mobile: MobileMeasurement[];
}

function summarize(name: string, times: number[], targetMs: number | null): PortalMeasurement {
  const sorted = [...times].sort((a, b) => a - b);
  return { name, runs: times.length, medianMs: percentile(sorted, 50), p95Ms: percentile(sorted, 95), maxMs: sorted.at(-1)!, targetMs };
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);

function summarizeMobile(page: string, served: Served, loads: MobileLoad[]): MobileMeasurement {
  return {
    page, served,
    largestContentfulPaintMs: median(loads.map((l) => l.largestContentfulPaintMs)),
    totalBlockingTimeMs: median(loads.map((l) => l.totalBlockingTimeMs)),
    cumulativeLayoutShift: median(loads.map((l) => l.cumulativeLayoutShift)),
    transferredBytes: median(loads.map((l) => l.transferredBytes)),
    scriptBytes: median(loads.map((l) => l.scriptBytes)),
    loads,
  };
}

function chromiumPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new AppError('bad-request', 'bench portal needs Debian\'s Chromium: apt-get install chromium (the test command installs it).');
  }
}

/**
 * `tonerloop bench portal`: the dashboard and a device page rendered in Chromium over a fleet of
 * `devices`, timed from navigation until the rows, counts, supplies and chart are on screen — next
 * to the same pages' API calls alone, the floor any portal would pay. Then login, the fleet and the
 * device page loaded cold on Lighthouse's mobile preset (mobile.ts), each as the browser asks for it
 * and with compression refused, the way the portal was served before it had any.
 */
export async function runPortalBench(options: PortalBenchOptions): Promise<PortalBenchResult> {
  const portalDir = findPortalDir();
  if (!portalDir) throw new AppError('bad-request', 'The portal is not built; run npm run build first.');
  const engine: Engine = options.databaseUrl ? 'postgres' : 'embedded';
  const { database, drop } = await throwawayDatabase(engine, options.databaseUrl);
  try {
    await migrateDatabase(database.db);
    const store = createStore(database);
    const now = systemClock.now();
    const password = randomBytes(12).toString('hex');
    const { dealer, admin } = await createDealer(store, { name: 'Bench dealer', adminEmail: `bench-${randomBytes(4).toString('hex')}@example.test`, adminPassword: password }, now);
    options.progress(`${engine}: seeding ${options.devices.toLocaleString('en')} devices`);
    const seedStart = Date.now();
    await seedFleet(database.db, dealer.id, options.devices, now);
    // A device from the middle of the fleet, whatever its size.
    const device = (await store.repos.devices.list({ dealerId: dealer.id, customerId: null }, {}, { limit: 1, afterIdentity: `BENCH${String(Math.floor(options.devices / 2)).padStart(7, '0')}` }))[0]!;
    // Sixty days of six-hourly level changes and meters for the device page's chart.
    await sql`insert into supply_level_history (dealer_id, device_id, supply_index, observed_at, confirmed_at, remaining_percent, state)
      select ${dealer.id}, ${device.id}, s, ${now}::timestamptz - (g || ' hours')::interval, ${now}::timestamptz - (g || ' hours')::interval, greatest(1, 100 - (240 - g) * 0.3 * s), 'ok'
      from generate_series(0, 240, 6) g cross join generate_series(1, 3) s`.execute(database.db);
    await sql`insert into meter_history (dealer_id, device_id, observed_at, confirmed_at, total)
      select ${dealer.id}, ${device.id}, ${now}::timestamptz - (g || ' hours')::interval, ${now}::timestamptz - (g || ' hours')::interval, 50000 - g * 10
      from generate_series(0, 1440, 6) g`.execute(database.db);
    const seedSeconds = (Date.now() - seedStart) / 1000;

    const { app, base } = await serveForBench(store, systemClock, { portalDir });
    const browser = await launchChromium(chromiumPath()).catch((error: Error) => {
      throw new AppError('bad-request', `bench portal could not start Chromium (${error.message.split('\n')[0]}); it needs playwright-core, a development dependency: run it from a clone after npm ci.`);
    });
    try {
      // The portal runs under its own Content-Security-Policy; readiness is watched with locators, which need no page script.
      const context = await browser.newContext({ viewport: { width: 1366, height: 860 } });
      const login = await context.request.post(`${base}/api/v1/auth/login`, { data: { email: admin.email, password } });
      if (!login.ok()) throw new Error(`bench login failed: ${login.status()}`);
      const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      const timeBrowser = async (path: string, ready: (page: Page) => Promise<unknown>) => {
        const page = await context.newPage();
        page.setDefaultTimeout(30_000);
        const start = performance.now();
        await page.goto(base + path);
        await ready(page);
        const ms = performance.now() - start;
        await page.close();
        return ms;
      };
      const timeApi = async (paths: string[]) => {
        const start = performance.now();
        await Promise.all(paths.map(async (p) => {
          const response = await fetch(base + p, { headers: { cookie } });
          if (!response.ok) throw new Error(`${p} answered ${response.status}`);
          await response.arrayBuffer();
        }));
        return performance.now() - start;
      };
      // Ready: 50 rows and every status count shown (no "…" left) / three supply cards, three chart lines and the requests.
      // A fleet row is a .device-row (a table row on a desk, a card on a phone); the older table rows are accepted too.
      const dashboardReady = (page: Page) => Promise.all([
        page.locator('.device-row, table.devices tbody tr').nth(49).waitFor(),
        page.locator('.tile-count').first().waitFor().then(() => page.locator('.tile-count', { hasText: '…' }).first().waitFor({ state: 'detached' })),
      ]);
      const deviceReady = (page: Page) => Promise.all([
        page.locator('.supply-card').nth(2).waitFor(), page.locator('.chart svg .history-line').nth(2).waitFor(), page.locator('.request-list, .card .empty').first().waitFor(),
      ]);
      const dashboardApi = ['/api/v1/auth/me', '/api/v1/fleet/overview', '/api/v1/devices?limit=50', '/api/v1/customers?limit=500'];
      const deviceApi = ['/api/v1/auth/me', `/api/v1/devices/${device.id}`, `/api/v1/devices/${device.id}/history?days=60`, `/api/v1/devices/${device.id}/cycles`, `/api/v1/consumable-requests?deviceId=${device.id}&status=all&limit=50`];
      // One warm-up of each, so the first navigation's one-off costs (browser start, query plans) are not counted.
      await timeBrowser('/', dashboardReady);
      await timeBrowser(`/devices/${device.id}`, deviceReady);
      const runs = { dashboard: [] as number[], device: [] as number[], dashboardApi: [] as number[], deviceApi: [] as number[] };
      for (let i = 0; i < options.runs; i++) {
        options.progress(`${engine}: run ${i + 1} of ${options.runs}`);
        runs.dashboard.push(await timeBrowser('/', dashboardReady));
        runs.device.push(await timeBrowser(`/devices/${device.id}`, deviceReady));
        runs.dashboardApi.push(await timeApi(dashboardApi));
        runs.deviceApi.push(await timeApi(deviceApi));
      }
      await context.close();

      // The mobile preset: every load cold, each page both ways in turn so the two meet the same machine.
      const phone = await browser.newContext(MOBILE_PRESET.context);
      const loggedOut = await browser.newContext(MOBILE_PRESET.context);
      const phoneLogin = await phone.request.post(`${base}/api/v1/auth/login`, { data: { email: admin.email, password } });
      if (!phoneLogin.ok()) throw new Error(`bench login failed: ${phoneLogin.status()}`);
      const pages = [
        { page: 'login (logged out)', context: loggedOut, path: '/', ready: (page: Page) => page.locator('input[type=email]').waitFor() },
        { page: 'fleet', context: phone, path: '/', ready: dashboardReady },
        { page: 'device', context: phone, path: `/devices/${device.id}`, ready: deviceReady },
      ];
      const ways: { served: Served; acceptEncoding?: string }[] = [{ served: 'uncompressed (baseline)', acceptEncoding: 'identity' }, { served: 'as the browser asks' }];
      const loads = new Map<string, MobileLoad[]>();
      for (let i = 0; i < options.runs; i++) {
        options.progress(`${engine}: mobile preset, run ${i + 1} of ${options.runs}`);
        for (const p of pages) {
          for (const way of ways) {
            const load = await measureMobileLoad(p.context, base + p.path, p.ready, way);
            if (way.acceptEncoding === 'identity' && load.scriptEncodings.some((e) => e !== 'identity')) throw new Error(`${p.page}: a script came compressed although compression was refused`);
            const key = `${p.page}\t${way.served}`;
            loads.set(key, [...(loads.get(key) ?? []), load]);
          }
        }
      }
      await phone.close();
      await loggedOut.close();
      return {
        engine, devices: options.devices, seedSeconds, mobilePreset: MOBILE_PRESET,
        mobile: [...loads].map(([key, l]) => summarizeMobile(key.split('\t')[0]!, key.split('\t')[1] as Served, l)),
        measurements: [
          summarize('dashboard in Chromium: navigation → 50 rows and status counts shown', runs.dashboard, 1000),
          summarize('dashboard API calls alone (baseline floor)', runs.dashboardApi, null),
          summarize('device page in Chromium: navigation → supplies, chart and requests shown', runs.device, 1000),
          summarize('device page API calls alone (baseline floor)', runs.deviceApi, null),
        ],
      };
    } finally {
      await browser.close();
      await app.close();
    }
  } finally {
    await drop();
  }
}

/** The portal results as table rows. */
export function portalTable(result: PortalBenchResult): { header: string[]; rows: string[][] } {
  return {
    header: ['engine', 'what', 'runs', 'median ms', 'p95 ms', 'max ms', 'target'],
    rows: result.measurements.map((m) => [result.engine, m.name, String(m.runs), m.medianMs.toFixed(0), m.p95Ms.toFixed(0), m.maxMs.toFixed(0), m.targetMs === null ? '—' : `< ${m.targetMs} ms ${m.p95Ms < m.targetMs ? '✓' : '✗'}`]),
  };
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const mark = (ok: boolean) => (ok ? '✓' : '✗');

/** The mobile preset's results as table rows: medians of the cold loads, with issue 20's targets. */
export function mobileTable(result: PortalBenchResult): { header: string[]; rows: string[][] } {
  return {
    header: ['page (mobile preset, cold)', 'served', 'largest paint ms', 'blocking ms', 'layout shift', 'transferred KiB', 'script KiB', 'script ≤ 150 KiB', 'shift ≤ 0.1', 'paint ≤ 2.5 s'],
    rows: result.mobile.map((m) => [
      m.page, m.served, m.largestContentfulPaintMs.toFixed(0), m.totalBlockingTimeMs.toFixed(0), m.cumulativeLayoutShift.toFixed(3), kib(m.transferredBytes), kib(m.scriptBytes),
      mark(m.scriptBytes <= MOBILE_TARGETS.scriptBytes), mark(m.cumulativeLayoutShift <= MOBILE_TARGETS.cumulativeLayoutShift), mark(m.largestContentfulPaintMs <= MOBILE_TARGETS.largestContentfulPaintMs),
    ]),
  };
}
