import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DurableQueue, type QueuedReading } from '../../src/collection/agent/queue.js';

const stateDir = () => mkdtempSync(join(tmpdir(), 'tonerloop-queue-'));
const reading = (target: string, level: number, at = new Date().toISOString()): QueuedReading => ({
  readingId: randomUUID(), collectedAt: at, target, protocol: 'snmp', serial: `SN-${target}`, mac: null, model: 'M', meters: { total: 100, mono: null, color: null },
  supplies: [{ index: 1, kind: 'toner', color: 'black', description: null, partNumber: null, partNumbers: [], isReceptacle: false, remainingPercent: level, state: 'ok', raw: { level, max: 100, unit: 'percent' } }],
  error: null,
});

describe('DurableQueue', () => {
  it('gives readings back oldest first and forgets them only when acknowledged', () => {
    const queue = new DurableQueue(stateDir(), 10_000_000, () => {});
    const first = [reading('a', 50), reading('b', 40)];
    const second = [reading('a', 49)];
    queue.enqueue(first);
    queue.enqueue(second);
    const batch = queue.peek(500);
    expect(batch.readings.map((r) => r.readingId)).toEqual([...first, ...second].map((r) => r.readingId));
    expect(queue.peek(500).readings).toHaveLength(3);
    queue.ack(batch);
    expect(queue.stats()).toMatchObject({ readings: 0, bytes: 0 });
  });

  it('survives a restart: a new queue on the same folder holds what the old one had not sent', () => {
    const dir = stateDir();
    const readings = Array.from({ length: 450 }, (_, i) => reading(`t${i % 7}`, i % 100));
    new DurableQueue(dir, 10_000_000, () => {}).enqueue(readings);
    // A write cut off by a kill leaves a temporary file that must not count.
    writeFileSync(join(dir, 'queue', '.tmp-cut-off'), '[{"readingId":');
    const reopened = new DurableQueue(dir, 10_000_000, () => {});
    expect(reopened.stats().readings).toBe(450);
    expect(readdirSync(join(dir, 'queue')).some((n) => n.startsWith('.tmp-'))).toBe(false);
    const ids: string[] = [];
    for (let batch = reopened.peek(200); batch.readings.length > 0; batch = reopened.peek(200)) {
      expect(batch.readings.length).toBeLessThanOrEqual(200);
      ids.push(...batch.readings.map((r) => r.readingId));
      reopened.ack(batch);
    }
    expect(ids).toEqual(readings.map((r) => r.readingId));
  });

  it('when full, compacts away old readings that a later reading of the same printer repeats, and warns', () => {
    const warnings: string[] = [];
    const unchanged = Array.from({ length: 20 }, () => reading('same-printer', 42));
    const size = JSON.stringify(unchanged.slice(0, 1)).length;
    const queue = new DurableQueue(stateDir(), Math.floor(size * 5.5), (m) => warnings.push(m));
    for (const r of unchanged.slice(0, 5)) queue.enqueue([r]);
    queue.enqueue([reading('other', 10)]);
    const kept = queue.peek(500).readings;
    expect(kept.map((r) => r.target)).toEqual(['same-printer', 'other']);
    expect(kept[0]!.readingId).toBe(unchanged[4]!.readingId);
    expect(warnings.join('\n')).toMatch(/compacted away 4 old readings/);
  });

  it('refuses new readings with a clear warning when nothing can be compacted', () => {
    const warnings: string[] = [];
    const one = reading('p1', 1);
    const queue = new DurableQueue(stateDir(), JSON.stringify([one]).length * 2, (m) => warnings.push(m));
    expect(queue.enqueue([one])).toBe(0);
    expect(queue.enqueue([reading('p2', 2)])).toBe(0);
    expect(queue.enqueue([reading('p3', 3)])).toBe(1);
    expect(queue.stats().full).toBe(true);
    expect(warnings.at(-1)).toMatch(/queue is full .* 1 readings could not be stored/);
  });

  it('sets a corrupt queue file aside instead of retrying it forever', () => {
    const dir = stateDir();
    const queue = new DurableQueue(dir, 1_000_000, () => {});
    queue.enqueue([reading('x', 5)]);
    const [name] = readdirSync(join(dir, 'queue'));
    writeFileSync(join(dir, 'queue', name!), 'not json');
    const warnings: string[] = [];
    const reopened = new DurableQueue(dir, 1_000_000, (m) => warnings.push(m));
    expect(reopened.peek(10).readings).toEqual([]);
    expect(readdirSync(join(dir, 'queue'))).toContain(`${name}.corrupt`);
    expect(warnings[0]).toMatch(/could not be read and was set aside/);
  });
});
