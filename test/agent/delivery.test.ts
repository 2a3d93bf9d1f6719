import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Delivery, MAX_QUARANTINED_WITHOUT_DELIVERY } from '../../src/collection/agent/delivery.js';
import { Quarantine } from '../../src/collection/agent/quarantine.js';
import type { QueuedReading } from '../../src/collection/agent/queue.js';
import { ServerError, type UploadResult } from '../../src/collection/agent/server-client.js';
import { ManualClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';

/** `count` readings of one printer, a minute apart. */
function readings(count: number): QueuedReading[] {
  return Array.from({ length: count }, (_, i) => ({
    readingId: randomUUID(), collectedAt: new Date(Date.parse('2026-11-20T08:00:00Z') + i * 60_000).toISOString(), target: '10.3.3.3:161', protocol: 'snmp' as const,
    serial: 'DELIVER-1', mac: null, model: 'M404', meters: { total: 1000 + i, mono: null, color: null }, supplies: [], error: null,
  }));
}

/** A Delivery to a stand-in server whose upload answer the test sets; its health check passes. */
function deliveryTo(upload: (batch: QueuedReading[]) => UploadResult) {
  const stateDir = mkdtempSync(join(tmpdir(), 'tonerloop-delivery-'));
  const quarantine = new Quarantine(stateDir, () => {});
  let healthChecks = 0;
  const server = { upload: async (batch: QueuedReading[]) => upload(batch), healthy: async () => { healthChecks += 1; return true; } };
  const delivery = new Delivery({ server, quarantine, clock: new ManualClock('2026-11-21T10:00:00Z'), logger: createLogger('silent'), stateDir });
  /** One try of the agent's upload loop: what was quarantined by the end, or the error that kept the batch queued. */
  const attempt = async (batch: QueuedReading[]) => delivery.deliver(batch).catch((error: unknown) => error);
  return { quarantine, attempt, healthChecks: () => healthChecks };
}

const failing = (): never => {
  throw new ServerError('The server answered HTTP 500; retrying later.', 'retry', 500);
};

describe('Delivery', () => {
  it(`quarantines at most ${MAX_QUARANTINED_WITHOUT_DELIVERY} readings for 5xx answers while the server takes nothing, then waits; a delivery lets it go on`, async () => {
    let takes = false;
    const { quarantine, attempt, healthChecks } = deliveryTo((batch) => (takes ? { accepted: batch.length, duplicates: 0, rejected: [], corrected: [], refused: [] } : failing()));
    // The server fails everything while its health check passes: each reading, failed on three times, looks like the
    // fault, until the cap says the server is failing everything. (Readings one at a time, as the queue's last ones.)
    const queued = readings(MAX_QUARANTINED_WITHOUT_DELIVERY + 1);
    const triesOf = async (reading: QueuedReading) => {
      for (let tries = 1; tries <= 10; tries++) if (!((await attempt([reading])) instanceof ServerError)) return tries;
      return null;
    };
    for (const reading of queued.slice(0, -1)) expect(await triesOf(reading)).toBe(3);
    const checksAtCap = healthChecks();
    expect(await triesOf(queued.at(-1)!)).toBeNull();
    expect(healthChecks()).toBe(checksAtCap);
    expect(quarantine.list().map((q) => q.reading.readingId)).toEqual(queued.slice(0, -1).map((r) => r.readingId));
    expect(quarantine.list()[0]!.reason).toMatch(/^The server failed on this reading 3 times while taking others: The server answered HTTP 500/);

    // The server takes a reading again: the counts start over, and the reading it then fails on three times is set aside.
    takes = true;
    expect(await attempt(readings(1))).toMatchObject({ accepted: 1, quarantined: 0 });
    takes = false;
    expect(await triesOf(queued.at(-1)!)).toBe(3);
    expect(quarantine.list()).toHaveLength(queued.length);
  });

  it('splits a batch the server refuses with 400 and quarantines only the reading it refuses, at once', async () => {
    const queued = readings(5);
    const bad = queued[3]!.readingId;
    const { quarantine, attempt } = deliveryTo((batch) => {
      if (batch.some((r) => r.readingId === bad)) throw new ServerError('The server refused the request (HTTP 400): serial: Too big.', 'bad-batch', 400);
      return { accepted: batch.length, duplicates: 0, rejected: [], corrected: [], refused: [] };
    });
    expect(await attempt(queued)).toMatchObject({ accepted: 4, quarantined: 1 });
    expect(quarantine.list().map((q) => [q.reading.readingId, q.reason])).toEqual([[bad, 'The server refused the request (HTTP 400): serial: Too big.']]);
  });

  it('keeps a batch queued, quarantining nothing, when the request went astray (404, 405)', async () => {
    const { quarantine, attempt } = deliveryTo(() => {
      throw new ServerError('The server refused the request (HTTP 404): Not Found', 'misdirected', 404);
    });
    for (let i = 0; i < 5; i++) expect(await attempt(readings(3))).toMatchObject({ kind: 'misdirected' });
    expect(quarantine.list()).toEqual([]);
  });
});
