import type { FastifyInstance } from 'fastify';
import { createStore, type Store } from '../../src/app/store.js';
import { buildApp } from '../../src/http/app.js';
import type { HttpContext } from '../../src/http/context.js';
import { ManualClock, type Clock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { ForecastWorker } from '../../src/telemetry/index.js';
import { createTestDatabase } from './database.js';

/** What the tests' servers run with unless a test says otherwise: production-like sessions and health, a generous login limit. */
export function testHttpContext(store: Store, clock: Clock, overrides: Partial<HttpContext> = {}): HttpContext {
  return {
    store,
    clock,
    loginThrottle: { freeFailures: 1000, windowMs: 15 * 60_000 },
    sessionPolicy: { idleMs: 12 * 3_600_000, maxMs: 7 * 24 * 3_600_000 },
    secureCookies: false,
    importMaxBytes: 5 * 1024 * 1024,
    health: { silentAfterMs: 30 * 60_000, unreachableAfterFailures: 3 },
    receiptRetentionMs: 90 * 86_400_000,
    portalDir: null,
    forecasts: new ForecastWorker(store, clock, createLogger('silent')),
    ...overrides,
  };
}

/** The whole HTTP application on a fresh test database, driven with `app.inject` (no socket). */
export async function createTestApp(options: { loginMaxAttempts?: number } = {}): Promise<{ app: FastifyInstance; store: Store; clock: ManualClock; close(): Promise<void> }> {
  const { database, cleanup } = await createTestDatabase();
  const store = createStore(database);
  const clock = new ManualClock('2026-11-21T10:00:00Z');
  const loginThrottle = { freeFailures: options.loginMaxAttempts ?? 1000, windowMs: 15 * 60_000 };
  const app = await buildApp(testHttpContext(store, clock, { loginThrottle }), createLogger('silent'));
  return { app, store, clock, close: async () => { await app.close(); await cleanup(); } };
}
