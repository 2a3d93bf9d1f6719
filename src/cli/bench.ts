import { coreTable, runCoreBench } from '../bench/core.js';
import { formatTable, writeJson } from '../bench/report.js';
import { AppError } from '../platform/errors.js';

const BENCHES = ['core'] as const;

/** `tonerloop bench [NAME]`: runs a benchmark, prints a table, writes JSON. */
export async function benchCommand(name: string, options: { devices: string; seconds: string; concurrency: string; out?: string }, env: NodeJS.ProcessEnv): Promise<void> {
  if (!(BENCHES as readonly string[]).includes(name)) throw new AppError('bad-request', `Unknown benchmark "${name}"; choose one of: ${BENCHES.join(', ')}.`);
  const devices = Number(options.devices);
  const seconds = Number(options.seconds);
  const concurrency = Number(options.concurrency);
  if (!Number.isInteger(devices) || devices < 1000) throw new AppError('bad-request', '--devices must be a whole number of at least 1000.');
  if (!(seconds > 0 && seconds <= 600)) throw new AppError('bad-request', '--seconds must be between 0 and 600.');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new AppError('bad-request', '--concurrency must be a whole number from 1 to 256.');
  if (!env.DATABASE_URL) process.stderr.write('bench: DATABASE_URL is not set, so only the embedded engine is measured (npm run bench measures both).\n');
  const results = await runCoreBench({
    devices,
    durationMs: seconds * 1000,
    concurrency,
    databaseUrl: env.DATABASE_URL || undefined,
    progress: (message) => process.stderr.write(`bench: ${message}…\n`),
  });
  const table = coreTable(results);
  process.stdout.write(`\n${formatTable(table.header, table.rows)}\n`);
  const out = options.out ?? `bench-results/${name}.json`;
  writeJson(out, name, results);
  process.stdout.write(`\nResults written to ${out}\n`);
}
