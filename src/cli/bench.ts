import { collectorTable, runCollectorBench } from '../bench/collector.js';
import { coreTable, runCoreBench } from '../bench/core.js';
import { forecastTable, runForecastBench } from '../bench/forecast.js';
import { ingestTable, runIngestBench } from '../bench/ingest.js';
import { portalTable, runPortalBench } from '../bench/portal.js';
import { formatTable, writeJson } from '../bench/report.js';
import { runSimulatorBench, simulatorTable } from '../bench/simulator.js';
import { AppError } from '../platform/errors.js';

export interface BenchFlags {
  devices: string;
  printers: string;
  seconds: string;
  concurrency: string;
  out?: string;
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new AppError('bad-request', `${flag} must be a whole number from ${min} to ${max}.`);
  return n;
}

const progress = (message: string) => process.stderr.write(`bench: ${message}…\n`);

/** Every benchmark: what it measures, and how to run it into a table and JSON results. */
const BENCHES: Record<string, (flags: BenchFlags, env: NodeJS.ProcessEnv) => Promise<{ header: string[]; rows: string[][]; results: unknown }>> = {
  async core(flags, env) {
    if (!env.DATABASE_URL) process.stderr.write('bench: DATABASE_URL is not set, so only the embedded engine is measured (npm run bench measures both).\n');
    const results = await runCoreBench({
      devices: wholeNumber('--devices', flags.devices, 1000, 10_000_000),
      durationMs: wholeNumber('--seconds', flags.seconds, 1, 600) * 1000,
      concurrency: wholeNumber('--concurrency', flags.concurrency, 1, 256),
      databaseUrl: env.DATABASE_URL || undefined,
      progress,
    });
    return { ...coreTable(results), results };
  },
  async simulator(flags) {
    const results = await runSimulatorBench({
      printers: wholeNumber('--printers', flags.printers, 1, 60_000),
      concurrency: wholeNumber('--concurrency', flags.concurrency, 1, 1024),
      progress,
    });
    return { ...simulatorTable(results), results };
  },
  async collector(flags) {
    const printers = wholeNumber('--printers', flags.printers, 1, 60_000);
    const results = await runCollectorBench({ printers, concurrency: wholeNumber('--concurrency', flags.concurrency, 1, 1024), baselineSample: Math.min(printers, 200), progress });
    return { ...collectorTable(results), results };
  },
  async portal(flags, env) {
    if (!env.DATABASE_URL) process.stderr.write('bench: DATABASE_URL is not set, so the embedded engine is used (npm run bench:portal uses PostgreSQL).\n');
    const results = await runPortalBench({
      devices: wholeNumber('--devices', flags.devices, 1000, 10_000_000),
      runs: wholeNumber('--seconds', flags.seconds, 1, 100) * 2,
      databaseUrl: env.DATABASE_URL || undefined,
      progress,
    });
    return { ...portalTable(results), results };
  },
  async ingest(flags, env) {
    if (!env.DATABASE_URL) process.stderr.write('bench: DATABASE_URL is not set, so the embedded engine is used (npm run bench:ingest uses PostgreSQL).\n');
    const results = await runIngestBench({
      devices: flags.devices === '100000' ? 2000 : wholeNumber('--devices', flags.devices, 500, 100_000),
      rounds: wholeNumber('--seconds', flags.seconds, 1, 200),
      concurrency: flags.concurrency === '8' ? 2 : wholeNumber('--concurrency', flags.concurrency, 1, 64),
      databaseUrl: env.DATABASE_URL || undefined,
      progress,
    });
    return { ...ingestTable(results), results };
  },
  async forecast(flags) {
    // A fleet-year of 1,000 printers is the measured workload; the shared --printers default (2,000) is for the network benches.
    const printers = flags.printers === '2000' ? 1000 : wholeNumber('--printers', flags.printers, 9, 60_000);
    const results = runForecastBench({ printers, progress });
    return { ...forecastTable(results), results };
  },
};

/** `tonerloop bench [NAME]`: runs a benchmark, prints a table, writes JSON. */
export async function benchCommand(name: string, flags: BenchFlags, env: NodeJS.ProcessEnv): Promise<void> {
  const bench = BENCHES[name];
  if (!bench) throw new AppError('bad-request', `Unknown benchmark "${name}"; choose one of: ${Object.keys(BENCHES).join(', ')}.`);
  const { header, rows, results } = await bench(flags, env);
  process.stdout.write(`\n${formatTable(header, rows, header.length === 3 ? 1 : 2)}\n`);
  const out = flags.out ?? `bench-results/${name}.json`;
  writeJson(out, name, results);
  process.stdout.write(`\nResults written to ${out}\n`);
}
