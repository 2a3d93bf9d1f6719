import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

const HOUR = 3_600_000;

/** One supply of a generated reading: what its gauge shows on a given day (null: the device gives no number). */
export interface SupplySpec {
  index: number;
  color: 'black' | 'cyan' | 'magenta' | 'yellow';
  partNumber: string;
  level(day: number): number | null;
  /** The state the device reports; by default low at or under 10 %, ok above, and for a null level "ok". */
  state?(day: number): 'ok' | 'low' | 'empty';
}

/** A printer's own address, the same for the same serial (two printers never answer at one address at once). */
export function addressOf(serial: string): string {
  let hash = 0;
  for (const ch of serial) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `10.7.${(hash >>> 8) % 250}.${(hash % 250) + 1}:161`;
}

/** Readings of one printer every six hours from `fromDay` to `toDay` (days after `start`), printing `pagesPerDay`. */
export function printerReadings(serial: string, start: number, fromDay: number, toDay: number, supplies: SupplySpec[], pagesPerDay = 100) {
  const out = [];
  for (let day = fromDay; day < toDay - 1e-9; day += 0.25) {
    out.push({
      readingId: randomUUID(), collectedAt: new Date(start + day * 24 * HOUR).toISOString(), target: addressOf(serial), protocol: 'snmp', serial, model: 'Generic Colour MFP',
      meters: { total: Math.round(30_000 + day * pagesPerDay), mono: null, color: null },
      supplies: supplies.map((s) => {
        const level = s.level(day);
        return {
          index: s.index, kind: 'toner', color: s.color, description: `${s.color} toner ${s.partNumber}`, partNumber: s.partNumber, isReceptacle: false,
          remainingPercent: level, state: s.state?.(day) ?? (level !== null && level <= 10 ? 'low' : 'ok'), raw: { level: level ?? -3, max: 100, unit: 'percent' },
        };
      }),
      error: null,
    });
  }
  return out;
}

/**
 * Uploads readings through the collector API in batches, expecting each to be accepted, then waits for
 * the forecast worker to recompute what they touched (as a collector would see a few seconds later).
 * Returns the server's answer to each batch.
 */
export async function uploadReadings(app: FastifyInstance, collectorToken: string, readings: unknown[], batchSize = 100): Promise<IngestAnswer[]> {
  const answers: IngestAnswer[] = [];
  for (let i = 0; i < readings.length; i += batchSize) {
    const response = await app.inject({ method: 'POST', url: '/api/v1/collector/readings', headers: { authorization: `Bearer ${collectorToken}` }, payload: { readings: readings.slice(i, i + batchSize) } });
    expect(response.statusCode, response.body).toBe(202);
    answers.push(response.json());
  }
  await app.tonerloop.forecasts.drain();
  return answers;
}

/** The answer to an accepted upload. */
export interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: { readingId: string; reason: string }[];
  corrected: { readingId: string; notes: string[] }[];
  refused: { readingId: string; reason: string }[];
}

/** A colour printer's four toners (HP W2030A–W2033A) as the browser tests draw them: cyan runs low first. */
export const COLOUR_TONERS: SupplySpec[] = [
  { index: 1, color: 'black', partNumber: 'W2030A', level: (d) => Math.ceil(80 - d * 2) },
  { index: 2, color: 'cyan', partNumber: 'W2031A', level: (d) => Math.max(1, Math.ceil(36 - d * 1.5)) },
  { index: 3, color: 'magenta', partNumber: 'W2033A', level: (d) => Math.ceil(90 - d) },
  { index: 4, color: 'yellow', partNumber: 'W2032A', level: (d) => Math.ceil(70 - d * 0.8) },
];

/** A mono printer's black toner (CF259A) from `start` %, `perDay` points a day, never below 1 %. */
export const monoToner = (start: number, perDay: number): SupplySpec[] => [{ index: 1, color: 'black', partNumber: 'CF259A', level: (d) => Math.max(1, Math.ceil(start - d * perDay)) }];
