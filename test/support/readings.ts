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
