import type { FastifyInstance } from 'fastify';
import { createStore, type Store } from '../../src/app/store.js';
import { LoginLimiter } from '../../src/auth/index.js';
import { buildApp } from '../../src/http/app.js';
import { ManualClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { createTestDatabase } from './database.js';

/** The whole HTTP application on a fresh test database, driven with `app.inject` (no socket). */
export async function createTestApp(options: { loginMaxAttempts?: number } = {}): Promise<{ app: FastifyInstance; store: Store; clock: ManualClock; close(): Promise<void> }> {
  const { database, cleanup } = await createTestDatabase();
  const store = createStore(database);
  const clock = new ManualClock('2026-11-21T10:00:00Z');
  const app = await buildApp(
    {
      store,
      clock,
      limiter: new LoginLimiter(options.loginMaxAttempts ?? 1000, 15 * 60_000),
      sessionPolicy: { idleMs: 12 * 3_600_000, maxMs: 7 * 24 * 3_600_000 },
      secureCookies: false,
      importMaxBytes: 5 * 1024 * 1024,
      health: { silentAfterMs: 30 * 60_000, unreachableAfterFailures: 3 },
    },
    createLogger('silent'),
  );
  return { app, store, clock, close: async () => { await app.close(); await cleanup(); } };
}
