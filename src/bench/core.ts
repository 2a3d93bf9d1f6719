import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createStore } from '../app/store.js';
import { createDealer } from '../dealers/index.js';
import { migrateDatabase, openDatabase, type Database, type Engine } from '../db/index.js';
import { registerIntegration } from '../integrations/index.js';
import { encodeCursor } from '../platform/pagination.js';
import { systemClock } from '../platform/clock.js';
import { measure, type Measurement } from './load.js';
import { seedFleet } from './seed.js';
import { serveForBench } from './server.js';

export interface CoreBenchOptions {
  devices: number;
  durationMs: number;
  concurrency: number;
  databaseUrl?: string;
  progress(message: string): void;
}

export interface EngineResult {
  engine: Engine;
  devices: number;
  seedSeconds: number;
  measurements: Measurement[];
}

/** Opens a throwaway database on the engine and a function that removes it afterwards. */
export async function throwawayDatabase(engine: Engine, serverUrl?: string): Promise<{ database: Database; drop(): Promise<void> }> {
  if (engine === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'tonerloop-bench-'));
    const database = await openDatabase({ dataDir: dir });
    return { database, drop: async () => { await database.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const name = `tl_bench_${randomBytes(5).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() }, { poolSize: 20 });
  return { database, drop: async () => { await database.close(); await admin(`drop database ${name} with (force)`); } };
}

/** Seeds one engine with the fleet, serves it over HTTP on loopback and measures the core reads. */
async function benchEngine(engine: Engine, options: CoreBenchOptions): Promise<EngineResult> {
  const { database, drop } = await throwawayDatabase(engine, options.databaseUrl);
  try {
    await migrateDatabase(database.db);
    const store = createStore(database);
    const now = systemClock.now();
    const { dealer, admin } = await createDealer(store, { name: 'Bench dealer', adminEmail: `bench-${randomBytes(4).toString('hex')}@example.test`, adminPassword: randomBytes(12).toString('hex') }, now);
    const principal = { kind: 'user' as const, id: admin.id, dealerId: dealer.id, role: 'dealer-admin' as const, customerId: null, email: admin.email };
    const { token } = await registerIntegration(store, principal, { name: 'bench' }, now);
    options.progress(`${engine}: seeding ${options.devices.toLocaleString('en')} devices`);
    const seedStart = Date.now();
    await seedFleet(database.db, dealer.id, options.devices, now);
    const seedSeconds = (Date.now() - seedStart) / 1000;

    const { app, base } = await serveForBench(store, systemClock);
    const headers = { authorization: `Bearer ${token}` };
    const scope = { dealerId: dealer.id, customerId: null };
    const serialAt = (share: number) => `BENCH${String(Math.floor(options.devices * share)).padStart(7, '0')}`;
    const sample = await store.repos.devices.list(scope, {}, { limit: 1000, afterIdentity: serialAt(0.5) });
    const ids = sample.map((d) => d.id);
    const deepSerial = serialAt(0.9);
    const get = async (path: string) => {
      const response = await fetch(base + path, { headers });
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    };
    const load = { concurrency: options.concurrency, durationMs: options.durationMs, maxRequests: 200_000 };
    const measurements: Measurement[] = [];
    const run = async (name: string, op: (i: number) => Promise<void>, opts = load) => {
      options.progress(`${engine}: ${name}`);
      measurements.push(await measure(name, op, opts));
    };
    try {
      await run('HTTP device read by id (bearer)', (i) => get(`/api/v1/devices/${ids[i % ids.length]}`));
      await run('HTTP device list, first page of 50', () => get('/api/v1/devices?limit=50'));
      await run('HTTP device list, page of 50 at 90 % (keyset)', () => get(`/api/v1/devices?limit=50&cursor=${encodeCursor(deepSerial)}`));
      const single = { ...load, concurrency: 1 };
      await run('HTTP device list, page of 50 at 90 %, one client', () => get(`/api/v1/devices?limit=50&cursor=${encodeCursor(deepSerial)}`), single);
      await run('SQL page of 50 at 90 %, keyset (ours)', async () => { await store.repos.devices.list(scope, {}, { limit: 50, afterIdentity: deepSerial }); }, single);
      await run('SQL page of 50 at 90 %, OFFSET (baseline)', async () => { await store.repos.devices.listByOffset(scope, { limit: 50, offset: Math.floor(options.devices * 0.9) }); }, single);
    } finally {
      await app.close();
    }
    return { engine, devices: options.devices, seedSeconds, measurements };
  } finally {
    await drop();
  }
}

/** The core results as table rows. */
export function coreTable(results: EngineResult[]): { header: string[]; rows: string[][] } {
  return {
    header: ['engine', 'operation', 'requests', 'req/s', 'median ms', 'p95 ms', 'max ms'],
    rows: results.flatMap((r) =>
      r.measurements.map((m) => [r.engine, m.name, String(m.requests), m.perSecond.toFixed(0), m.medianMs.toFixed(2), m.p95Ms.toFixed(2), m.maxMs.toFixed(1)]),
    ),
  };
}

/** `tonerloop bench core`: device read and list throughput on the embedded engine and, when DATABASE_URL is set, PostgreSQL. */
export async function runCoreBench(options: CoreBenchOptions): Promise<EngineResult[]> {
  const engines: Engine[] = options.databaseUrl ? ['embedded', 'postgres'] : ['embedded'];
  const results: EngineResult[] = [];
  for (const engine of engines) results.push(await benchEngine(engine, options));
  return results;
}
