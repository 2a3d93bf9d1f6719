import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EngineResult } from './core.js';

/** Formats benchmark results as a fixed-width table for the terminal. */
export function formatTable(results: EngineResult[]): string {
  const header = ['engine', 'operation', 'requests', 'req/s', 'median ms', 'p95 ms', 'max ms'];
  const rows = results.flatMap((r) =>
    r.measurements.map((m) => [r.engine, m.name, String(m.requests), m.perSecond.toFixed(0), m.medianMs.toFixed(2), m.p95Ms.toFixed(2), m.maxMs.toFixed(1)]),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Writes results as JSON, with when and where they were measured. */
export function writeJson(path: string, name: string, results: EngineResult[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ bench: name, measuredAt: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
}
