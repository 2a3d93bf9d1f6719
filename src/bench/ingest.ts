import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createStore, type Store } from '../app/store.js';
import type { Principal } from '../auth/index.js';
import { registerCollector } from '../collectors/index.js';
import { createCustomer } from '../customers/index.js';
import { createDealer } from '../dealers/index.js';
import { migrateDatabase, type Engine } from '../db/index.js';
import { ManualClock } from '../platform/clock.js';
import { ingestReadings, type TelemetryRepository } from '../telemetry/index.js';
import { throwawayDatabase } from './core.js';
import { percentile } from './load.js';
import { serveForBench } from './server.js';

export interface IngestBenchOptions {
  devices: number;
  /** Hourly rounds of readings after the first (which creates the devices). */
  rounds: number;
  concurrency: number;
  databaseUrl?: string;
  progress(message: string): void;
}

export interface IngestMeasurement {
  name: string;
  readings: number;
  supplyReadings: number;
  seconds: number;
  supplyReadingsPerSecond: number;
  medianBatchMs: number | null;
}

export interface IngestBenchResult {
  engine: Engine;
  devices: number;
  rounds: number;
  batchSize: number;
  measurements: IngestMeasurement[];
  storage: { table: string; bytes: number }[];
  /** History (receipts, level and meter runs, cycles) per device and day of hourly readings, after vacuum. */
  bytesPerDeviceDay: number;
  /** What a device holds however long it reports: its row and its supplies' current state and forecasts. */
  bytesPerDevice: number;
  /** The forecast worker after the measured rounds: devices still due when the uploads ended, and how long it took to recompute them. */
  forecasts: { devicesLeft: number; seconds: number; stillDue: number } | null;
  /** The ingest transaction's repository calls, mean milliseconds per batch, largest first. */
  perBatchMs: { step: string; ms: number }[];
}

const BATCH = 500;
const HOUR = 3_600_000;
const COLORS = ['black', 'cyan', 'magenta', 'yellow'] as const;
const START = Date.parse('2026-06-01T00:00:00Z');

/** A device's interface address, as collectors send it with every reading (a locally administered one). */
const macOf = (d: number) => `02:00:00:${[d >> 16, d >> 8, d].map((n) => (n & 255).toString(16).padStart(2, '0')).join(':')}`;

/** The readings of every device at one hourly round: four toners each, levels falling, meters rising. */
function round(devices: number, r: number, target = (d: number) => `10.${(d >> 16) & 255}.${(d >> 8) & 255}.${d & 255}:161`) {
  const at = new Date(START + r * HOUR).toISOString();
  return Array.from({ length: devices }, (_, d) => ({
    readingId: randomUUID(), collectedAt: at, target: target(d), protocol: 'snmp' as const, serial: `ING${String(d).padStart(7, '0')}`, mac: macOf(d), model: 'HP Color LaserJet Pro M454dw',
    meters: { total: 10_000 + d + r * 12, mono: null, color: null },
    supplies: COLORS.map((color, i) => {
      const level = Math.max(1, 100 - Math.floor(((d * 7 + i * 13) % 60) + r * (0.2 + i * 0.1)));
      return { index: i + 1, kind: 'toner' as const, color, description: `${color} toner`, partNumber: `W203${i}A`, isReceptacle: false, remainingPercent: level, state: level <= 10 ? 'low' as const : 'ok' as const, raw: { level, max: 100, unit: 'percent' } };
    }),
    error: null,
  }));
}

function batches<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<number>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) times.push(await work(items[next++]!));
  }));
  return times;
}

const median = (xs: number[]) => (xs.length === 0 ? null : percentile([...xs].sort((a, b) => a - b), 50));

/**
 * The store, with every telemetry repository call inside its transactions timed into `spent` (ms by
 * method): where an ingest transaction's time goes.
 */
function timedStore(store: Store, spent: Map<string, number>): Store {
  const timed = (telemetry: TelemetryRepository): TelemetryRepository => {
    const wrapped = { ...telemetry };
    for (const [name, method] of Object.entries(telemetry) as [keyof TelemetryRepository, (...args: unknown[]) => Promise<unknown>][]) {
      (wrapped as Record<string, unknown>)[name] = async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await method(...args);
        } finally {
          spent.set(name, (spent.get(name) ?? 0) + performance.now() - started);
        }
      };
    }
    return wrapped;
  };
  return { ...store, transaction: (work) => store.transaction((repos) => work({ ...repos, telemetry: timed(repos.telemetry) })) };
}

/**
 * `tonerloop bench ingest`: collectors' batches of 500 readings through `POST /api/v1/collector/readings`
 * with the forecast worker recomputing touched devices' cycles, forecasts and requests alongside, as in
 * production, then the time the worker needs to catch up with what the uploads left it; the ingest
 * transaction alone on the same kind of rows; and a raw COPY of the supply rows into the level-history
 * table as the ceiling. Storage per device-day from the table sizes.
 */
export async function runIngestBench(options: IngestBenchOptions): Promise<IngestBenchResult> {
  const engine: Engine = options.databaseUrl ? 'postgres' : 'embedded';
  const { database, drop } = await throwawayDatabase(engine, options.databaseUrl);
  try {
    await migrateDatabase(database.db);
    const store = createStore(database);
    const clock = new ManualClock(new Date(START));
    const now = clock.now();
    const { dealer, admin } = await createDealer(store, { name: 'Ingest bench', adminEmail: `ingest-${randomUUID().slice(0, 8)}@example.test`, adminPassword: randomUUID() }, now);
    const principal: Principal = { kind: 'user', id: admin.id, dealerId: dealer.id, role: 'dealer-admin', customerId: null, email: admin.email };
    const customer = await createCustomer(store, principal, { name: 'Bench customer' }, now);
    const { collector, token } = await registerCollector(store, principal, { customerId: customer.id, name: 'Bench collector' }, now);
    const { app, base } = await serveForBench(store, clock);
    let forecasts: IngestBenchResult['forecasts'] = null;
    let perBatchMs: IngestBenchResult['perBatchMs'] = [];
    const upload = async (batch: unknown[]) => {
      const started = performance.now();
      const response = await fetch(`${base}/api/v1/collector/readings`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ readings: batch }) });
      if (response.status !== 202) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
      return performance.now() - started;
    };
    const measurements: IngestMeasurement[] = [];
    const timed = async (name: string, rounds: ReturnType<typeof round>[], send: (batch: ReturnType<typeof round>) => Promise<number>) => {
      options.progress(`${engine}: ${name}`);
      const all = rounds.flatMap((r) => batches(r));
      const started = performance.now();
      const times: number[] = [];
      for (const r of rounds) {
        clock.set(new Date(Date.parse(r[0]!.collectedAt) + 60_000));
        times.push(...await inParallel(batches(r), options.concurrency, send));
      }
      const seconds = (performance.now() - started) / 1000;
      const readings = all.reduce((n, b) => n + b.length, 0);
      const supplyReadings = readings * COLORS.length;
      measurements.push({ name, readings, supplyReadings, seconds, supplyReadingsPerSecond: supplyReadings / seconds, medianBatchMs: median(times) });
    };
    try {
      await timed('HTTP upload, first sight (devices created)', [round(options.devices, 0)], upload);
      await app.tonerloop.forecasts.drain();
      await timed('HTTP upload, forecast worker running alongside (production path)', Array.from({ length: options.rounds }, (_, r) => round(options.devices, r + 1)), upload);
      // What the uploads left to the forecast worker: each device's rounds coalesce into one recompute.
      options.progress(`${engine}: forecast worker catching up`);
      const due = async () => Number((await sql<{ n: string }>`select count(*)::text as n from devices where forecast_due_at is not null`.execute(database.db)).rows[0]!.n);
      const left = await due();
      const caughtUpFrom = performance.now();
      await app.tonerloop.forecasts.drain();
      forecasts = { devicesLeft: left, seconds: (performance.now() - caughtUpFrom) / 1000, stillDue: await due() };
      // The same kind of batches through the ingest transaction alone, in-process: where the time goes.
      const collectorPrincipal: Principal = { kind: 'collector', id: collector.id, dealerId: dealer.id, customerId: customer.id };
      const spent = new Map<string, number>();
      const timedBatches = timedStore(store, spent);
      let batchCount = 0;
      await timed('ingest transaction alone, in-process (no HTTP)', Array.from({ length: options.rounds }, (_, r) => round(options.devices, options.rounds + r + 1)), async (batch) => {
        const started = performance.now();
        await ingestReadings(timedBatches, collectorPrincipal, batch, clock.now(), { unreachableAfter: 3, maxAgeMs: 90 * 86_400_000 });
        batchCount += 1;
        return performance.now() - started;
      });
      // With uploads side by side, statements wait for each other: these are times inside the transaction, summed.
      perBatchMs = [...spent].map(([step, ms]) => ({ step, ms: ms / batchCount })).sort((a, b) => b.ms - a.ms);
    } finally {
      await app.close();
    }

    // Live data only: the dead row versions updates leave behind are vacuum's to reclaim, not storage.
    const history = ['readings', 'supply_level_history', 'meter_history', 'cartridge_cycles'];
    const perDevice = ['supplies', 'devices'];
    const storage: { table: string; bytes: number }[] = [];
    for (const table of [...history, ...perDevice]) {
      await sql.raw(`vacuum full ${table}`).execute(database.db);
      const row = await sql<{ bytes: string }>`select pg_total_relation_size(${table}::regclass)::text as bytes`.execute(database.db);
      storage.push({ table, bytes: Number(row.rows[0]!.bytes) });
    }
    const deviceDays = (options.devices * (2 * options.rounds + 1)) / 24;
    const bytesPerDeviceDay = storage.filter((s) => history.includes(s.table)).reduce((n, s) => n + s.bytes, 0) / deviceDays;
    const bytesPerDevice = storage.filter((s) => perDevice.includes(s.table)).reduce((n, s) => n + s.bytes, 0) / options.devices;

    if (engine === 'postgres') {
      // The ceiling: the same supply rows COPYed straight into the level-history table by the server.
      options.progress('postgres: raw COPY of the same supply rows');
      const devices = await database.db.selectFrom('devices').select(['id']).where('dealer_id', '=', dealer.id).orderBy('serial').execute();
      const dir = mkdtempSync(join(tmpdir(), 'tonerloop-copy-'));
      chmodSync(dir, 0o755);
      const file = join(dir, 'rows.csv');
      const lines: string[] = [];
      for (let r = 0; r < options.rounds; r++) {
        const at = new Date(START + (1000 + r) * HOUR).toISOString();
        for (const device of devices) for (let i = 1; i <= COLORS.length; i++) lines.push(`${dealer.id},${device.id},${i},${at},${at},${50 + i},ok`);
      }
      writeFileSync(file, `${lines.join('\n')}\n`);
      chmodSync(file, 0o644);
      try {
        const started = performance.now();
        await sql.raw(`copy supply_level_history (dealer_id, device_id, supply_index, observed_at, confirmed_at, remaining_percent, state) from '${file}' with (format csv)`).execute(database.db);
        const seconds = (performance.now() - started) / 1000;
        measurements.push({ name: 'raw COPY of the same supply rows (ceiling)', readings: lines.length / COLORS.length, supplyReadings: lines.length, seconds, supplyReadingsPerSecond: lines.length / seconds, medianBatchMs: null });
      } catch (error) {
        options.progress(`the COPY ceiling needs a server that can read ${file} (a superuser on this machine): ${(error as Error).message}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    return { engine, devices: options.devices, rounds: options.rounds, batchSize: BATCH, measurements, storage, bytesPerDeviceDay, bytesPerDevice, forecasts, perBatchMs };
  } finally {
    await drop();
  }
}

/** The ingest results as table rows. */
export function ingestTable(result: IngestBenchResult): { header: string[]; rows: string[][] } {
  const rows = result.measurements.map((m) => [result.engine, m.name, m.readings.toLocaleString('en'), m.supplyReadingsPerSecond.toFixed(0), m.medianBatchMs === null ? '—' : m.medianBatchMs.toFixed(0)]);
  if (result.perBatchMs.length > 0) {
    rows.push([result.engine, `a batch's time in the transaction: ${result.perBatchMs.map((s) => `${s.step} ${s.ms.toFixed(1)} ms`).join(', ')}`, '', '', '']);
  }
  if (result.forecasts) {
    const f = result.forecasts;
    rows.push([result.engine, `forecast worker after the rounds: ${f.devicesLeft.toLocaleString('en')} devices still due, recomputed in ${f.seconds.toFixed(1)} s (${(f.devicesLeft / Math.max(f.seconds, 1e-3)).toFixed(0)} devices/s)`, '', '', '']);
  }
  rows.push([result.engine, `storage per device-day of history (hourly readings, 4 toners): ${(result.bytesPerDeviceDay / 1024).toFixed(1)} kB, plus ${(result.bytesPerDevice / 1024).toFixed(1)} kB per device`, '', '', '']);
  return { header: ['engine', 'what', 'readings', 'supply readings/s', 'median batch ms'], rows };
}
