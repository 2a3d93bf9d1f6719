import type { FastifyInstance } from 'fastify';
import type { Store } from '../app/store.js';
import { buildApp } from '../http/app.js';
import { DEFAULT_CONNECTION_LIMITS } from '../http/connections.js';
import type { Clock } from '../platform/clock.js';
import { createLogger } from '../platform/logger.js';
import { ForecastWorker } from '../telemetry/index.js';

/** The HTTP application on a benchmark's store, listening on a free loopback port, with quiet logs. */
export async function serveForBench(store: Store, clock: Clock, options: { portalDir?: string | null; importMaxBytes?: number } = {}): Promise<{ app: FastifyInstance; base: string }> {
  const app = await buildApp({
    store, clock, loginThrottle: { freeFailures: 100, windowMs: 60_000 }, sessionPolicy: { idleMs: 3_600_000, maxMs: 3_600_000 }, secureCookies: false, importMaxBytes: options.importMaxBytes ?? 1,
    health: { silentAfterMs: 1_800_000, unreachableAfterFailures: 3 }, receiptRetentionMs: 90 * 86_400_000, portalDir: options.portalDir ?? null, forecasts: new ForecastWorker(store, clock, createLogger('silent')),
  }, createLogger('silent'), {
    // The load generator opens all its connections from loopback: a per-address cap would measure itself.
    connections: { ...DEFAULT_CONNECTION_LIMITS, maxConnectionsPerAddress: 0 },
  });
  return { app, base: await app.listen({ port: 0, host: '127.0.0.1' }) };
}
