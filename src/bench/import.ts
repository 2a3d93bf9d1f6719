import { randomUUID } from 'node:crypto';
import { createStore } from '../app/store.js';
import { createDealer } from '../dealers/index.js';
import { migrateDatabase, type Engine } from '../db/index.js';
import { ManualClock } from '../platform/clock.js';
import { throwawayDatabase } from './core.js';
import { percentile } from './load.js';
import { serveForBench } from './server.js';

export interface ImportBenchOptions {
  rows: number;
  /** Seconds of polling with no import running: the baseline measured in the same run. */
  baselineSeconds: number;
  databaseUrl?: string;
  progress(message: string): void;
}

/** Latencies of one request while something (or nothing) runs beside it. */
export interface RequestLatency {
  phase: 'no import running' | 'during the import' | 'after it (whole fleet in)';
  request: string;
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface ImportBenchResult {
  engine: Engine;
  rows: number;
  megabytes: number;
  /** From the POST until GET /imports/{id} said done. */
  importSeconds: number;
  /** How long the POST took to answer 202 (the file uploaded and a run recorded). */
  acceptedMs: number;
  latencies: RequestLatency[];
}

// What a person watching the portal while the import runs asks for: health, and the dashboard's first calls.
const REQUESTS = ['/api/health', '/api/v1/devices?limit=50', '/api/v1/fleet/overview'];
const POLL_MS = 100;
const NOW = new Date('2026-06-01T09:00:00Z');

/** A dealer's whole fleet as their old tool exports it: `rows` printers over customers of 20 printers and 3 sites. */
export function fleetFile(rows: number): string {
  const lines = ['customer,customer_ref,site,city,postcode,serial,model'];
  const customers = Math.max(1, Math.ceil(rows / 20));
  for (let i = 0; i < rows; i += 1) {
    const c = i % customers;
    const s = Math.floor(i / customers) % 3;
    lines.push(`Customer ${c},C${c},Site ${s},Leeds,LS${s} 1AA,IMP${String(i).padStart(7, '0')},${i % 2 ? 'HP LaserJet M507' : 'Kyocera TASKalfa 3253ci'}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `tonerloop bench import`: other requests' latency while a large CSV import runs (issue 16, finding 6), per
 * engine: health, GET /devices (first page) and GET /fleet/overview, each polled by its own watcher every
 * 100 ms, first with no import running (the baseline), then during a 300,000-row import posted over HTTP
 * (202, then watched at GET /imports/{id} until done), then once more on the whole imported fleet. Latency is
 * counted from when each poll was due, so a blocked event loop (the poller shares it with the server) shows
 * as latency instead of as fewer polls.
 */
export async function runImportBench(options: ImportBenchOptions): Promise<ImportBenchResult[]> {
  const engines: Engine[] = options.databaseUrl ? ['embedded', 'postgres'] : ['embedded'];
  const results: ImportBenchResult[] = [];
  const csv = fleetFile(options.rows);
  for (const engine of engines) results.push(await benchEngine(engine, csv, options));
  return results;
}

async function benchEngine(engine: Engine, csv: string, options: ImportBenchOptions): Promise<ImportBenchResult> {
  const { database, drop } = await throwawayDatabase(engine, options.databaseUrl);
  try {
    await migrateDatabase(database.db);
    const store = createStore(database);
    const email = `import-${randomUUID().slice(0, 8)}@example.test`;
    const password = randomUUID();
    await createDealer(store, { name: 'Import bench', adminEmail: email, adminPassword: password }, NOW);
    const { app, base } = await serveForBench(store, new ManualClock(NOW), { importMaxBytes: Buffer.byteLength(csv) + 1024 });
    try {
      const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const get = async (path: string) => {
        const response = await fetch(`${base}${path}`, { headers: { cookie } });
        if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
        return response.json() as Promise<unknown>;
      };

      options.progress(`${engine}: ${options.baselineSeconds} s of requests with no import running`);
      const baselineEnd = performance.now() + options.baselineSeconds * 1000;
      const baseline = await poll(get, () => performance.now() >= baselineEnd);

      options.progress(`${engine}: ${csv.length.toLocaleString('en')} bytes, ${options.rows.toLocaleString('en')} rows imported while the same requests run`);
      const started = performance.now();
      const response = await fetch(`${base}/api/v1/imports/csv?wait=false`, { method: 'POST', headers: { cookie, 'content-type': 'text/csv' }, body: csv });
      if (response.status !== 202) throw new Error(`the import answered ${response.status}: ${await response.text()}`);
      const acceptedMs = performance.now() - started;
      const { id } = (await response.json()) as { id: string };
      let status = 'checking';
      let last = 0;
      const during = await poll(get, () => status === 'done' || status === 'failed', async () => {
        const run = (await get(`/api/v1/imports/${id}`)) as { status: string; progress: { done: number; total: number }; error: unknown };
        status = run.status;
        if (run.status === 'failed') throw new Error(`the import failed: ${JSON.stringify(run.error)}`);
        if (performance.now() - last > 10_000) {
          last = performance.now();
          options.progress(`${engine}: ${run.status} ${run.progress.done.toLocaleString('en')} of ${run.progress.total.toLocaleString('en')}`);
        }
      });
      const importSeconds = (performance.now() - started) / 1000;
      // The same requests on the dealer's whole new fleet: what the pages cost without an import beside them.
      options.progress(`${engine}: ${options.baselineSeconds} s of requests after the import`);
      const afterEnd = performance.now() + options.baselineSeconds * 1000;
      const after = await poll(get, () => performance.now() >= afterEnd);
      return {
        engine, rows: options.rows, megabytes: Buffer.byteLength(csv) / 1e6, importSeconds, acceptedMs,
        latencies: [...summarize('no import running', baseline), ...summarize('during the import', during), ...summarize('after it (whole fleet in)', after)],
      };
    } finally {
      await app.close();
    }
  } finally {
    await drop();
  }
}

/**
 * Polls each request in its own loop, one at a time as a portal page does, every POLL_MS until `done`;
 * `alongside` runs in a loop of its own (the import's progress). A request that takes longer than POLL_MS
 * delays that request's next poll, so the measurement never piles up more load than one watcher per request.
 */
async function poll(get: (path: string) => Promise<unknown>, done: () => boolean, alongside?: () => Promise<void>): Promise<Map<string, number[]>> {
  const latencies = new Map<string, number[]>(REQUESTS.map((path) => [path, []]));
  const loop = async (work: () => Promise<unknown>, record?: (ms: number) => void) => {
    for (let due = performance.now(); !done(); ) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      await work();
      record?.(performance.now() - due);
      due = Math.max(due + POLL_MS, performance.now());
    }
  };
  await Promise.all([
    ...REQUESTS.map((path) => loop(() => get(path), (ms) => latencies.get(path)!.push(ms))),
    ...(alongside ? [loop(alongside)] : []),
  ]);
  return latencies;
}

function summarize(phase: RequestLatency['phase'], latencies: Map<string, number[]>): RequestLatency[] {
  return [...latencies].map(([request, times]) => {
    const sorted = [...times].sort((a, b) => a - b);
    return { phase, request, count: sorted.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted.at(-1) ?? 0 };
  });
}

/** The bench's table: per engine and phase, each request's p50, p99 and slowest answer; the import's own time. */
export function importTable(results: ImportBenchResult[]): { header: string[]; rows: string[][] } {
  const ms = (value: number) => value.toFixed(0);
  const rows = results.flatMap((result) => [
    ...result.latencies.map((l) => [result.engine, l.phase, l.request, String(l.count), ms(l.p50Ms), ms(l.p99Ms), ms(l.maxMs)]),
    [result.engine, `import of ${result.rows.toLocaleString('en')} rows (${result.megabytes.toFixed(1)} MB)`, `202 after ${ms(result.acceptedMs)} ms, done after ${result.importSeconds.toFixed(1)} s`, '', '', '', ''],
  ]);
  return { header: ['engine', 'while', 'request', 'n', 'p50 ms', 'p99 ms', 'max ms'], rows };
}
