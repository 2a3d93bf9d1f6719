import { collectorTable, runCollectorBench } from '../bench/collector.js';
import { coreTable, runCoreBench } from '../bench/core.js';
import { forecastTable, runForecastBench } from '../bench/forecast.js';
import { importTable, runImportBench } from '../bench/import.js';
import { ingestTable, runIngestBench } from '../bench/ingest.js';
import { jitTables, loadJitScenario, runJitBench, wasteAgainstStockoutsSvg } from '../bench/jit/index.js';
import { jobsTable, runJobsBench } from '../bench/jobs.js';
import { mobileTable, portalTable, runPortalBench } from '../bench/portal.js';
import { formatTable, writeJson } from '../bench/report.js';
import { runSimulatorBench, simulatorTable } from '../bench/simulator.js';
import { runWarehouseBench, warehouseTable } from '../bench/warehouse.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../platform/errors.js';
import { wholeNumber } from './options.js';

/** The command line's options, as given; each benchmark has its own defaults for what is not. */
export interface BenchFlags {
  devices?: string;
  printers?: string;
  seconds?: string;
  concurrency?: string;
  rounds?: string;
  runs?: string;
  rows?: string;
  requests?: string;
  seed?: string;
  days?: string;
  scenario?: string;
  out?: string;
}

const progress = (message: string) => process.stderr.write(`bench: ${message}…\n`);

/** The PostgreSQL server a bench runs against, or undefined for the embedded engine, saying so with what that means. */
function databaseUrlOf(env: NodeJS.ProcessEnv, withoutIt: string): string | undefined {
  if (!env.DATABASE_URL) process.stderr.write(`bench: DATABASE_URL is not set, so ${withoutIt}.\n`);
  return env.DATABASE_URL || undefined;
}

/** Every benchmark: what it measures, and how to run it into a table and JSON results. */
const BENCHES: Record<string, (flags: BenchFlags, env: NodeJS.ProcessEnv) => Promise<{ header: string[]; rows: string[][]; more?: { header: string[]; rows: string[][] }[]; results: unknown }>> = {
  async core(flags, env) {
    const databaseUrl = databaseUrlOf(env, 'only the embedded engine is measured (npm run bench measures both)');
    const results = await runCoreBench({
      devices: wholeNumber('--devices', flags.devices, { fallback: 100_000, min: 1000, max: 10_000_000 }),
      durationMs: wholeNumber('--seconds', flags.seconds, { fallback: 5, min: 1, max: 600 }) * 1000,
      concurrency: wholeNumber('--concurrency', flags.concurrency, { fallback: 8, min: 1, max: 256 }),
      databaseUrl,
      progress,
    });
    return { ...coreTable(results), results };
  },
  async simulator(flags) {
    const results = await runSimulatorBench({
      printers: wholeNumber('--printers', flags.printers, { fallback: 2000, min: 1, max: 60_000 }),
      concurrency: wholeNumber('--concurrency', flags.concurrency, { fallback: 8, min: 1, max: 1024 }),
      progress,
    });
    return { ...simulatorTable(results), results };
  },
  async collector(flags) {
    const printers = wholeNumber('--printers', flags.printers, { fallback: 2000, min: 1, max: 60_000 });
    const results = await runCollectorBench({ printers, concurrency: wholeNumber('--concurrency', flags.concurrency, { fallback: 8, min: 1, max: 1024 }), baselineSample: Math.min(printers, 200), progress });
    return { ...collectorTable(results), results };
  },
  async portal(flags, env) {
    const databaseUrl = databaseUrlOf(env, 'the embedded engine is used (npm run bench:portal uses PostgreSQL)');
    const results = await runPortalBench({
      devices: wholeNumber('--devices', flags.devices, { fallback: 100_000, min: 1000, max: 10_000_000 }),
      runs: wholeNumber('--runs', flags.runs, { fallback: 10, min: 1, max: 200 }),
      databaseUrl,
      progress,
    });
    return { ...portalTable(results), more: [mobileTable(results)], results };
  },
  async ingest(flags, env) {
    const databaseUrl = databaseUrlOf(env, 'the embedded engine is used (npm run bench:ingest uses PostgreSQL)');
    const results = await runIngestBench({
      devices: wholeNumber('--devices', flags.devices, { fallback: 2000, min: 500, max: 100_000 }),
      rounds: wholeNumber('--rounds', flags.rounds, { fallback: 24, min: 1, max: 200 }),
      concurrency: wholeNumber('--concurrency', flags.concurrency, { fallback: 2, min: 1, max: 64 }),
      databaseUrl,
      progress,
    });
    return { ...ingestTable(results), results };
  },
  async import(flags, env) {
    const databaseUrl = databaseUrlOf(env, 'only the embedded engine is measured (npm run bench:import measures both)');
    const results = await runImportBench({
      rows: wholeNumber('--rows', flags.rows, { fallback: 300_000, min: 1000, max: 2_000_000 }),
      baselineSeconds: wholeNumber('--seconds', flags.seconds, { fallback: 5, min: 1, max: 600 }),
      databaseUrl,
      progress,
    });
    return { ...importTable(results), results };
  },
  async jobs(flags, env) {
    const databaseUrl = databaseUrlOf(env, 'the embedded engine is used (npm run bench:jobs uses PostgreSQL)');
    const devices = wholeNumber('--devices', flags.devices, { fallback: 100_000, min: 1000, max: 10_000_000 });
    const results = await runJobsBench({
      devices,
      // Each taker gets its own half of the fleet, five printers in six with one request, one in six with two.
      requests: wholeNumber('--requests', flags.requests, { fallback: 10_000, min: 10, max: Math.floor(devices / 2.4), what: 'a number of outstanding requests' }),
      // An ERP's import works a few requests at a time, not hundreds.
      concurrency: wholeNumber('--concurrency', flags.concurrency, { fallback: 4, min: 1, max: 64 }),
      databaseUrl,
      progress,
    });
    return { ...jobsTable(results), results };
  },
  async forecast(flags) {
    // A fleet-year of 1,000 printers is the measured workload.
    const printers = wholeNumber('--printers', flags.printers, { fallback: 1000, min: 9, max: 60_000 });
    const results = runForecastBench({ printers, seed: flags.seed ?? 'bench', progress });
    return { ...forecastTable(results), results };
  },
  async warehouse(flags, env) {
    const databaseUrl = databaseUrlOf(env, 'the embedded engine is used (npm run bench:warehouse uses PostgreSQL)');
    const results = await runWarehouseBench({
      // One ready job of two lines per printer: four scans each.
      jobs: wholeNumber('--printers', flags.printers, { fallback: 1000, min: 50, max: 20_000 }),
      // Twenty stations scanning at once is the measured load (issue 18).
      stations: wholeNumber('--concurrency', flags.concurrency, { fallback: 20, min: 1, max: 200 }),
      wave: 50,
      runs: wholeNumber('--runs', flags.runs, { fallback: 5, min: 1, max: 100 }),
      databaseUrl,
      progress,
    });
    return { ...warehouseTable(results), results };
  },
  async jit(flags) {
    const scenario = flags.scenario === undefined ? undefined : loadJitScenario(flags.scenario);
    const results = await runJitBench({
      scenario,
      // A fleet-year of 1,000 printers is the measured workload (issue 19); the scenario's own size gives way to the flags.
      printers: flags.printers === undefined ? undefined : wholeNumber('--printers', flags.printers, { min: 9, max: 20_000 }),
      days: flags.days === undefined ? undefined : wholeNumber('--days', flags.days, { min: 30, max: 730 }),
      seed: flags.seed,
      progress,
    });
    const chart = `${(flags.out ?? 'bench-results/jit.json').replace(/\.json$/i, '')}.svg`;
    mkdirSync(dirname(chart), { recursive: true });
    writeFileSync(chart, wasteAgainstStockoutsSvg(results.policies, `Waste against stockouts: ${results.printers} printers, ${results.days} days, seed "${results.seed}"`));
    progress(`chart written to ${chart}; ${results.seconds.toFixed(0)} s, peak memory (RSS) ${results.peakRssMb.toFixed(0)} MB`);
    return { ...jitTables(results), results };
  },
};

/** `tonerloop bench [NAME]`: runs a benchmark, prints a table, writes JSON. */
export async function benchCommand(name: string, flags: BenchFlags, env: NodeJS.ProcessEnv): Promise<void> {
  const bench = BENCHES[name];
  if (!bench) throw new AppError('bad-request', `Unknown benchmark "${name}"; choose one of: ${Object.keys(BENCHES).join(', ')}.`);
  const { header, rows, more = [], results } = await bench(flags, env);
  process.stdout.write(`\n${formatTable(header, rows, header.length === 3 ? 1 : 2)}\n`);
  for (const table of more) process.stdout.write(`\n${formatTable(table.header, table.rows)}\n`);
  const out = flags.out ?? `bench-results/${name}.json`;
  writeJson(out, name, results);
  process.stdout.write(`\nResults written to ${out}\n`);
}
