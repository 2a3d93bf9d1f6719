import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Store } from '../app/store.js';
import type { Principal } from '../auth/index.js';
import type { Engine } from '../db/index.js';
import type { DB } from '../db/schema.js';
import { changeJobStatus, runJobCreator, systemTaker } from '../fulfilment/index.js';
import { ManualClock } from '../platform/clock.js';
import { writeSettings } from '../requests/index.js';
import { createStockItem, setRelatedStock } from '../stock/index.js';
import { createUser } from '../users/index.js';
import { receiveStock } from '../warehouse/index.js';
import { benchDealer } from './dealer.js';
import { seedFleet } from './seed.js';
import { serveForBench } from './server.js';

export interface WarehouseBenchOptions {
  /** Ready jobs packed by the stations, each two lines (black and cyan): four scans a job. */
  jobs: number;
  stations: number;
  /** The wave whose pick list and packing slips are timed. */
  wave: number;
  runs: number;
  databaseUrl?: string;
  progress(message: string): void;
}

/** A document's generation time over HTTP, in milliseconds. */
export interface DocumentTiming {
  document: string;
  runs: number;
  medianMs: number;
  maxMs: number;
  bytes: number;
}

export interface WarehouseBenchResult {
  engine: Engine;
  jobs: number;
  stations: number;
  seedSeconds: number;
  scans: { sent: number; accepted: number; refused: number; seconds: number; acceptedPerSecond: number; medianMs: number; p95Ms: number; jobsPacked: number };
  documents: DocumentTiming[];
}

const NOW = new Date('2026-06-01T09:00:00Z');
const MODELS = 20;
const CATALOGUE = [
  { sku: 'BENCH-K', description: 'Bench black toner', kind: 'toner', color: 'black', yieldPages: 3000, partNumbers: ['PN-1'] },
  { sku: 'BENCH-C', description: 'Bench cyan toner', kind: 'toner', color: 'cyan', yieldPages: 2500, partNumbers: ['PN-2'] },
];

/**
 * `tonerloop bench warehouse` (issue 18): `jobs` ready jobs of two lines each (made by the job creator from requests,
 * then moved ready, reserving stock registered by serial) are packed over HTTP by `stations` scan stations at once —
 * each a unit label, then the job's order label, as a keyboard-wedge scanner sends them, one scan in flight per
 * station — and the accepted scans per second are counted (every scan must be accepted and every job end packed).
 * Before the packing, the pick list of a `wave`-job wave (PDF) is timed; after it, the wave's packing slips.
 */
export async function runWarehouseBench(options: WarehouseBenchOptions): Promise<WarehouseBenchResult> {
  const { engine, database, store, dealer, principal, drop } = await benchDealer('Warehouse bench', { databaseUrl: options.databaseUrl, now: NOW });
  try {
    const clock = new ManualClock(NOW);
    options.progress(`${engine}: seeding ${options.jobs.toLocaleString('en')} printers, requests, stock by serial, and ready jobs`);
    const seedStart = performance.now();
    await seedFleet(database.db, dealer.id, options.jobs, NOW);
    await seedSites(database.db, dealer.id);
    for (const item of CATALOGUE) await createStockItem(store, principal, item, NOW);
    for (let m = 0; m < MODELS; m += 1) await setRelatedStock(store, principal, `Model ${m}`, CATALOGUE.map((i) => i.sku), NOW);
    await writeSettings(store, principal, 'dealer', dealer.id, { fulfilment: 'internal' }, NOW);
    await seedRequests(database.db, dealer.id);
    const run = await runJobCreator(store, systemTaker(dealer.id), NOW);
    if (run.created !== options.jobs) throw new Error(`the job creator made ${run.created} jobs, not ${options.jobs}: ${JSON.stringify(run)}`);
    const units: Record<string, string[]> = {};
    for (const item of CATALOGUE) units[item.sku] = await stockBySerial(store, principal, item.sku, options.jobs);
    const jobs = await database.db.selectFrom('supply_jobs').select(['id', 'number']).where('dealer_id', '=', dealer.id).orderBy('number').execute();
    for (const job of jobs) await changeJobStatus(store, principal, job.id, 'ready', null, NOW);
    const password = randomBytes(12).toString('hex');
    const operator = await createUser(store, principal, { email: `operator-${randomBytes(4).toString('hex')}@example.test`, name: 'Bench operator', password, role: 'warehouse-operator' }, NOW);
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const { app, base } = await serveForBench(store, clock);
    try {
      const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: operator.email, password }) });
      if (!login.ok) throw new Error(`bench login failed: ${login.status}`);
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const wave = jobs.slice(0, options.wave).map((j) => j.id).join(',');
      const documents: DocumentTiming[] = [];
      options.progress(`${engine}: the pick list of a ${options.wave}-job wave, ${options.runs} runs`);
      documents.push(await timeDocument(`pick list PDF, ${options.wave}-job wave`, options.runs, () => [`${base}/api/v1/warehouse/pick-list.pdf?jobIds=${wave}`], cookie));
      documents.push(await timeDocument(`pick list JSON, ${options.wave}-job wave`, options.runs, () => [`${base}/api/v1/warehouse/pick-list?jobIds=${wave}`], cookie));

      options.progress(`${engine}: ${options.stations} stations pack ${options.jobs.toLocaleString('en')} jobs (${(options.jobs * 4).toLocaleString('en')} scans)`);
      const scans = await packAll(base, cookie, jobs, units, options.stations);
      const packed = await database.db.selectFrom('supply_jobs').select(sql<string>`count(*)`.as('n')).where('dealer_id', '=', dealer.id).where('status', '=', 'packed').executeTakeFirstOrThrow();
      const jobsPacked = Number(packed.n);
      if (scans.refused > 0 || jobsPacked !== options.jobs) throw new Error(`${scans.refused} scans were refused and ${jobsPacked} of ${options.jobs} jobs ended packed: the bench's scans must all be good.`);

      options.progress(`${engine}: the ${options.wave} packing slips of the wave, ${options.runs} runs`);
      documents.push(await timeDocument(`packing slips, ${options.wave} jobs one after another`, options.runs, () => jobs.slice(0, options.wave).map((j) => `${base}/api/v1/jobs/${j.id}/packing-slip.pdf`), cookie));
      documents.push(await timeDocument('packing slip PDF, one job', options.runs, () => [`${base}/api/v1/jobs/${jobs[0]!.id}/packing-slip.pdf`], cookie));
      return { engine, jobs: options.jobs, stations: options.stations, seedSeconds, scans: { ...scans, jobsPacked }, documents };
    } finally {
      await app.close();
    }
  } finally {
    await drop();
  }
}

/** A site per bench customer, with an address, and each printer at its customer's site (the pick list shows them). */
async function seedSites(db: Kysely<DB>, dealerId: string): Promise<void> {
  await sql`insert into sites (id, dealer_id, customer_id, name, address, postcode, city, country, created_at, updated_at)
    select gen_random_uuid(), dealer_id, id, 'Head office', (row_number() over (order by name)) || ' High Street', 'LS1 4DL', 'Leeds', 'United Kingdom', ${NOW}, ${NOW}
    from customers where dealer_id = ${dealerId}`.execute(db);
  await sql`update devices d set site_id = s.id from sites s where s.customer_id = d.customer_id and d.dealer_id = ${dealerId}`.execute(db);
}

/** A black and a cyan request outstanding for every printer: one job of two lines each. */
async function seedRequests(db: Kysely<DB>, dealerId: string): Promise<void> {
  await sql`insert into consumable_requests (id, dealer_id, device_id, customer_id, supply_index, supply_indexes, origin, trigger, status, status_changed_at, history, created_at, serial)
    select gen_random_uuid(), d.dealer_id, d.id, d.customer_id, s, jsonb_build_array(s), 'automatic', 'forecast', 'outstanding', ${NOW}::timestamptz - interval '1 hour', '[]', ${NOW}::timestamptz - interval '1 hour', d.serial
    from devices d cross join generate_series(1, 2) s where d.dealer_id = ${dealerId}`.execute(db);
}

/** `count` units of a SKU registered by serial (counted at once), in receipts of at most 500; their unit labels. */
async function stockBySerial(store: Store, principal: Principal, sku: string, count: number): Promise<string[]> {
  const labels: string[] = [];
  for (let from = 0; from < count; from += 500) {
    const serials = Array.from({ length: Math.min(500, count - from) }, (_, i) => `${sku}-SER-${String(from + i).padStart(7, '0')}`);
    labels.push(...(await receiveStock(store, principal, { sku, serials }, NOW)).units.map((u) => u.label));
  }
  return labels;
}

/** Every job packed by `stations` stations at once, one scan in flight each: a black unit, the order label, a cyan unit, the order label. */
async function packAll(base: string, cookie: string, jobs: readonly { number: string }[], units: Record<string, string[]>, stations: number) {
  const headers = { cookie, 'content-type': 'application/json' };
  const latencies: number[] = [];
  let accepted = 0;
  let refused = 0;
  let next = 0;
  const black = [...units['BENCH-K']!];
  const cyan = [...units['BENCH-C']!];
  const started = performance.now();
  await Promise.all(Array.from({ length: stations }, async (_, s) => {
    const scan = async (code: string) => {
      const t = performance.now();
      const response = await fetch(`${base}/api/v1/warehouse/scans`, { method: 'POST', headers, body: JSON.stringify({ station: `bench-${s + 1}`, code }) });
      if (response.status !== 200) throw new Error(`the scan answered ${response.status}: ${await response.text()}`);
      const answer = (await response.json()) as { accepted: boolean };
      latencies.push(performance.now() - t);
      if (answer.accepted) accepted += 1;
      else refused += 1;
    };
    while (next < jobs.length) {
      const job = jobs[next++]!;
      for (const unit of [black.pop()!, cyan.pop()!]) {
        await scan(unit);
        await scan(job.number);
      }
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { sent: latencies.length, accepted, refused, seconds, acceptedPerSecond: accepted / seconds, medianMs: at(0.5), p95Ms: at(0.95) };
}

/** Times fetching documents `runs` times (each run fetches every URL `urls` gives, one after another): median and worst run. */
async function timeDocument(document: string, runs: number, urls: () => string[], cookie: string): Promise<DocumentTiming> {
  const times: number[] = [];
  let bytes = 0;
  for (let r = 0; r < runs; r += 1) {
    const t = performance.now();
    bytes = 0;
    for (const url of urls()) {
      const response = await fetch(url, { headers: { cookie } });
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
      bytes += (await response.arrayBuffer()).byteLength;
    }
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { document, runs, medianMs: times[Math.floor(times.length / 2)]!, maxMs: times.at(-1)!, bytes };
}

/** The bench's tables: the scan rate, and the documents' generation times. */
export function warehouseTable(result: WarehouseBenchResult): { header: string[]; rows: string[][]; more: { header: string[]; rows: string[][] }[] } {
  const s = result.scans;
  return {
    header: ['engine', 'stations', 'scans', 'accepted/s', 'median ms', 'p95 ms', 'jobs packed'],
    rows: [[result.engine, String(result.stations), s.sent.toLocaleString('en'), s.acceptedPerSecond.toFixed(0), s.medianMs.toFixed(1), s.p95Ms.toFixed(1), s.jobsPacked.toLocaleString('en')]],
    more: [{
      header: ['engine', 'document', 'runs', 'median ms', 'max ms', 'bytes'],
      rows: result.documents.map((d) => [result.engine, d.document, String(d.runs), d.medianMs.toFixed(0), d.maxMs.toFixed(0), d.bytes.toLocaleString('en')]),
    }],
  };
}
