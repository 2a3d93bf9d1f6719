import { sql, type Kysely } from 'kysely';
import type { Engine } from '../db/index.js';
import type { DB } from '../db/schema.js';
import { runJobCreator, systemTaker } from '../fulfilment/index.js';
import { registerIntegration } from '../integrations/index.js';
import { ManualClock } from '../platform/clock.js';
import { writeSettings } from '../requests/index.js';
import { createStockItem, setRelatedStock } from '../stock/index.js';
import { benchDealer } from './dealer.js';
import { seedFleet } from './seed.js';
import { serveForBench } from './server.js';

export interface JobsBenchOptions {
  devices: number;
  requests: number;
  /** How many actions the external ERP has in flight at once (the baseline). */
  concurrency: number;
  databaseUrl?: string;
  progress(message: string): void;
}

/** One way of taking the outstanding queue: how many requests, how long, what came of them. */
export interface TakeMeasurement {
  method: string;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** What the taking left behind, counted afterwards: actioned requests, distinct B2B IDs, job lines, jobs. */
  actioned: number;
  distinctExternalIds: number;
  jobLines: number;
  jobs: number;
}

export interface JobsBenchResult {
  engine: Engine;
  devices: number;
  seedSeconds: number;
  baseline: TakeMeasurement & { concurrency: number };
  jobCreator: TakeMeasurement & { created: number; consolidated: number; exceptions: number; failed: number };
}

const NOW = new Date('2026-06-01T09:00:00Z');
const MODELS = 20;
// seedFleet's supplies: three toners (black, cyan, magenta) with part numbers PN-1…PN-3 and a waste box PN-4.
const CATALOGUE = [
  { sku: 'BENCH-K', description: 'Bench black toner', kind: 'toner', color: 'black', yieldPages: 3000, partNumbers: ['PN-1'] },
  { sku: 'BENCH-C', description: 'Bench cyan toner', kind: 'toner', color: 'cyan', yieldPages: 2500, partNumbers: ['PN-2'] },
  { sku: 'BENCH-M', description: 'Bench magenta toner', kind: 'toner', color: 'magenta', yieldPages: 2500, partNumbers: ['PN-3'] },
  { sku: 'BENCH-W', description: 'Bench waste box', kind: 'waste-toner', color: null, yieldPages: 30000, partNumbers: ['PN-4'] },
];

/**
 * `tonerloop bench jobs`: how fast outstanding requests become supply jobs (issue 17). On a fleet of `devices`
 * printers with a stock catalogue and related stock for every model, `requests` outstanding requests are taken twice,
 * on disjoint printers: first by an external ERP over HTTP (GET the outstanding queue, POST …/action for each, with
 * `concurrency` in flight) — the baseline, what a dealer's ERP does with the B2B queue; then by the job creator's
 * scheduled run (the hourly run's work, in-process), which also picks SKUs, consolidates and writes the jobs. A sixth of
 * the printers get two requests (black and cyan) so consolidation is part of the load. Afterwards the bench counts
 * what each left: one actioned state and one B2B ID per request, one job line per request.
 */
export async function runJobsBench(options: JobsBenchOptions): Promise<JobsBenchResult> {
  const { engine, database, store, dealer, principal, drop } = await benchDealer('Jobs bench', { databaseUrl: options.databaseUrl, now: NOW });
  try {
    const clock = new ManualClock(NOW);
    options.progress(`${engine}: seeding ${options.devices.toLocaleString('en')} devices, a stock catalogue and related stock for ${MODELS} models`);
    const seedStart = performance.now();
    await seedFleet(database.db, dealer.id, options.devices, NOW);
    for (const item of CATALOGUE) await createStockItem(store, principal, item, NOW);
    for (let m = 0; m < MODELS; m += 1) await setRelatedStock(store, principal, `Model ${m}`, CATALOGUE.map((i) => i.sku), NOW);
    const seedSeconds = (performance.now() - seedStart) / 1000;

    // The baseline: the dealer's ERP takes the queue over HTTP (fulfilment external).
    await writeSettings(store, principal, 'dealer', dealer.id, { fulfilment: 'external' }, NOW);
    const erpSet = await seedRequests(database.db, dealer.id, options.requests, 0);
    const { token } = await registerIntegration(store, principal, { name: 'Bench ERP' }, NOW);
    const { app, base } = await serveForBench(store, clock);
    let baseline: JobsBenchResult['baseline'];
    try {
      options.progress(`${engine}: an external ERP takes ${options.requests.toLocaleString('en')} requests over HTTP, ${options.concurrency} actions in flight`);
      const started = performance.now();
      const taken = await takeOverHttp(base, token, options.concurrency, (done) => options.progress(`${engine}: ERP ${done.toLocaleString('en')} of ${options.requests.toLocaleString('en')}`));
      const seconds = (performance.now() - started) / 1000;
      baseline = { method: 'B2B action endpoint, external ERP over HTTP', concurrency: options.concurrency, requests: taken, seconds, requestsPerSecond: taken / seconds, ...(await leftBehind(database.db, erpSet)) };
    } finally {
      await app.close();
    }

    // The job module: the same number of requests on other printers, taken by the scheduled run (fulfilment internal).
    await writeSettings(store, principal, 'dealer', dealer.id, { fulfilment: 'internal' }, NOW);
    const jobSet = await seedRequests(database.db, dealer.id, options.requests, 1);
    options.progress(`${engine}: the job creator's scheduled run takes ${options.requests.toLocaleString('en')} requests`);
    const started = performance.now();
    // The run says nothing until it is done: count what it has taken so far every ten seconds.
    const ticker = setInterval(() => void leftBehind(database.db, jobSet).then((n) => options.progress(`${engine}: job creator ${n.actioned.toLocaleString('en')} of ${options.requests.toLocaleString('en')}`), () => {}), 10_000);
    const run = await runJobCreator(store, systemTaker(dealer.id), NOW).finally(() => clearInterval(ticker));
    const seconds = (performance.now() - started) / 1000;
    const taken = run.created + run.consolidated;
    const jobCreator = { method: 'job creator, the scheduled run in-process', requests: taken, seconds, requestsPerSecond: taken / seconds, ...run, ...(await leftBehind(database.db, jobSet)) };
    for (const measured of [baseline, jobCreator]) {
      if (measured.requests !== options.requests || measured.actioned !== options.requests || measured.distinctExternalIds !== (measured === baseline ? options.requests : measured.jobs)) {
        throw new Error(`${measured.method} left ${JSON.stringify(measured)}, not ${options.requests} requests each actioned once.`);
      }
    }
    if (jobCreator.jobLines !== options.requests) throw new Error(`The job creator wrote ${jobCreator.jobLines} job lines for ${options.requests} requests.`);
    return { engine, devices: options.devices, seedSeconds, baseline, jobCreator };
  } finally {
    await drop();
  }
}

/**
 * `count` outstanding requests on printers of one half of the fleet (`half` 0 or 1, so the two takers never share a
 * printer): each printer a black toner request, the first sixth of them a cyan one too. A bench fixture,
 * inserted set-based; returns their ids, so what became of them can be counted.
 */
async function seedRequests(db: Kysely<DB>, dealerId: string, count: number, half: 0 | 1): Promise<string[]> {
  const printers = Math.ceil(count / 1.2);
  const doubles = count - printers;
  const rows = await sql<{ id: string }>`insert into consumable_requests (id, dealer_id, device_id, customer_id, supply_index, supply_indexes, origin, trigger, status, status_changed_at, history, created_at, serial)
    select gen_random_uuid(), d.dealer_id, d.id, d.customer_id, s, jsonb_build_array(s), 'automatic', 'forecast', 'outstanding',
      ${NOW}::timestamptz - interval '1 hour', '[]', ${NOW}::timestamptz - interval '1 hour' + make_interval(secs => d.n), d.serial
    from (select id, dealer_id, customer_id, serial, (row_number() over (order by serial) - 1)::int as n from devices where dealer_id = ${dealerId}) d
    cross join generate_series(1, 2) s
    where d.n % 2 = ${half} and d.n / 2 < ${printers} and (s = 1 or d.n / 2 < ${doubles})
    returning id`.execute(db);
  await sql`analyze consumable_requests`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** What taking a set of requests left behind: actioned requests, distinct B2B IDs, job lines and jobs. */
async function leftBehind(db: Kysely<DB>, ids: readonly string[]) {
  const row = (await sql<{ actioned: string; ids: string; lines: string; jobs: string }>`
    with taken as (select id, status, external_id from consumable_requests where id = any(${[...ids]}::uuid[]))
    select (select count(*) from taken where status = 'actioned') as actioned, (select count(distinct external_id) from taken) as ids,
      (select count(*) from supply_job_lines where request_id in (select id from taken)) as lines,
      (select count(distinct job_id) from supply_job_lines where request_id in (select id from taken)) as jobs`.execute(db)).rows[0]!;
  return { actioned: Number(row.actioned), distinctExternalIds: Number(row.ids), jobLines: Number(row.lines), jobs: Number(row.jobs) };
}

/**
 * An external ERP's poll: GET the outstanding queue (a page of 1,000, as an ERP pages it), POST …/action with its own
 * B2B ID for each with `concurrency` in flight, and again until the queue is empty. Returns how many it actioned.
 */
async function takeOverHttp(base: string, token: string, concurrency: number, progress: (done: number) => void): Promise<number> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let done = 0;
  let reported = performance.now();
  for (;;) {
    const response = await fetch(`${base}/api/v1/consumable-requests?status=outstanding&limit=1000`, { headers: { authorization: headers.authorization } });
    if (response.status !== 200) throw new Error(`the queue answered ${response.status}: ${await response.text()}`);
    const { items } = (await response.json()) as { items: { id: string }[] };
    if (items.length === 0) return done;
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const { id } = items[next++]!;
        const action = await fetch(`${base}/api/v1/consumable-requests/${id}/action`, { method: 'POST', headers, body: JSON.stringify({ externalId: `ERP-${id}`, comment: 'Booked by the bench ERP.' }) });
        if (action.status !== 200) throw new Error(`the action answered ${action.status}: ${await action.text()}`);
        await action.arrayBuffer();
        done += 1;
      }
    }));
    if (performance.now() - reported > 10_000) {
      reported = performance.now();
      progress(done);
    }
  }
}

/** The bench's table: each way of taking the queue, its rate, and what it left behind. */
export function jobsTable(result: JobsBenchResult): { header: string[]; rows: string[][] } {
  const row = (m: TakeMeasurement, detail: string) => [result.engine, m.method, detail, m.requests.toLocaleString('en'), m.seconds.toFixed(1), m.requestsPerSecond.toFixed(0), m.jobLines.toLocaleString('en'), m.jobs.toLocaleString('en')];
  return {
    header: ['engine', 'taken by', 'detail', 'requests', 'seconds', 'requests/s', 'job lines', 'jobs'],
    rows: [
      row(result.baseline, `${result.baseline.concurrency} in flight (baseline)`),
      row(result.jobCreator, `${result.jobCreator.created.toLocaleString('en')} new, ${result.jobCreator.consolidated.toLocaleString('en')} consolidated`),
    ],
  };
}

