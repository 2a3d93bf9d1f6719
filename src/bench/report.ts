import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Formats rows as a fixed-width table for the terminal; the first `textColumns` columns align left, the rest right. */
export function formatTable(header: string[], rows: string[][], textColumns = 2): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < textColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Writes results as JSON, with when and where they were measured. */
export function writeJson(path: string, name: string, results: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ bench: name, measuredAt: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
}
