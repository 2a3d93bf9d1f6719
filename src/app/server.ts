import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/index.js';
import { migrateDatabase, openDatabase, type Database } from '../db/index.js';
import { buildApp } from '../http/app.js';
import { connectionLimits } from '../http/connections.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { bootstrapFirstAdmin } from './bootstrap.js';
import { createStore, type Store } from './store.js';
import { ImportRunner } from '../imports/index.js';
import { ForecastWorker } from '../telemetry/index.js';
import { createWorkers } from './workers.js';

/** A running TonerLoop server. */
export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  database: Database;
  url: string;
  /** Set when start-up created the first admin. */
  firstAdmin: { email: string; generatedPassword: string | null } | null;
  stop(): Promise<void>;
}

/** Opens and migrates the database, creates the first admin if needed, and starts listening. */
export async function startServer(config: Config, clock: Clock, logger: Logger, options: { peopleClock?: Clock } = {}): Promise<RunningServer> {
  const database = await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  try {
    const applied = await migrateDatabase(database.db);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
    const store = createStore(database);
    const firstAdmin = await bootstrapFirstAdmin(store, config, (options.peopleClock ?? clock).now());
    const forecasts = new ForecastWorker(store, clock, logger.child({ component: 'forecasts' }));
    const receiptRetentionMs = config.receiptRetentionDays * 86_400_000;
    const imports = new ImportRunner(store, options.peopleClock ?? clock, logger.child({ component: 'imports' }));
    const app = await buildApp(
      {
        store,
        clock,
        peopleClock: options.peopleClock,
        loginThrottle: { freeFailures: config.loginMaxAttempts, windowMs: config.loginWindowMinutes * 60_000 },
        sessionPolicy: { idleMs: config.sessionIdleHours * 3_600_000, maxMs: config.sessionMaxHours * 3_600_000 },
        secureCookies: config.secureCookies,
        trustedProxies: config.trustedProxies,
        importMaxBytes: config.importMaxMegabytes * 1024 * 1024,
        health: { silentAfterMs: config.collectorSilentMinutes * 60_000, unreachableAfterFailures: config.unreachableAfterFailures },
        receiptRetentionMs,
        forecasts,
      },
      logger,
      {
        hsts: config.hsts,
        connections: connectionLimits(config),
        imports,
      },
    );
    // Undo what an import killed mid-way left behind before anyone is served. On the embedded engine this
    // process is the only one with the data folder open, so every unfinished run is abandoned; on PostgreSQL
    // only those whose lease has passed (another server may be running one), and the sweep catches the rest.
    await imports.recover(store.engine === 'embedded');
    imports.startSweeping();
    const address = await app.listen({ port: config.port, host: config.host });
    logger.info({ address, database: database.engine }, 'TonerLoop is listening');
    const workers = config.workers ? createWorkers(store, clock, logger, { receiptRetentionMs, loginWindowMs: config.loginWindowMinutes * 60_000, peopleClock: options.peopleClock }) : null;
    workers?.start();
    // An upload wakes the worker of the process that took it (which claims whatever is due); a worker process
    // also looks every few seconds, for what others left behind (expired claims).
    if (config.workers) forecasts.start();
    return {
      app,
      store,
      database,
      url: address,
      firstAdmin,
      async stop() {
        await workers?.stop();
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
