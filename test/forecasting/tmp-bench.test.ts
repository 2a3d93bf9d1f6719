import { it } from 'vitest';
import { forecastTable, runForecastBench } from '../../src/bench/forecast.js';
import { formatTable } from '../../src/bench/report.js';

it('bench', () => {
  const r = runForecastBench({ printers: Number(process.env.P ?? 180), days: 365, seed: process.env.SEED ?? 'tune', widening: process.env.W ? Number(process.env.W) : undefined, progress: () => {} });
  const t = forecastTable(r);
  console.log(formatTable(t.header, t.rows, 1));
  console.log(JSON.stringify(r.seconds));
}, 600_000);
