import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeDurably } from './durable-file.js';
import type { QueuedReading } from './queue.js';

/** A reading the server will not take, kept with why and when it was set aside. */
export interface QuarantinedReading {
  quarantinedAt: string;
  /** The server's answer: the reason it refused the reading, or the error it kept failing with. */
  reason: string;
  reading: QueuedReading;
}

/** The file in the collector's state folder, beside the queue; one JSON array a person can read with jq. */
export const QUARANTINE_FILE = 'quarantine.json';

/** Readings kept at most; beyond, the oldest are dropped (with a warning): the file must not fill the disk. */
const MAX_READINGS = 10_000;

/**
 * Readings the server refused, or failed on every time while it took the others, set aside so they never block the
 * queue and never vanish: kept on disk (written aside, fsynced, renamed into place, like the queue) until someone
 * puts them back into the queue (`tonerloop collect --requeue-quarantined`) once the cause is fixed.
 */
export class Quarantine {
  private readonly path: string;
  private entries: QuarantinedReading[];

  constructor(stateDir: string, private readonly warn: (message: string) => void) {
    this.path = join(stateDir, QUARANTINE_FILE);
    // A write a kill cut short left its temporary file; the file in place is the last complete one.
    for (const name of readdirSync(stateDir)) if (name.startsWith(`${QUARANTINE_FILE}.tmp-`)) rmSync(join(stateDir, name), { force: true });
    this.entries = this.load();
  }

  /** How many readings are set aside, and the latest reason and time. */
  stats(): { readings: number; lastReason: string | null; lastAt: string | null } {
    const last = this.entries[this.entries.length - 1];
    return { readings: this.entries.length, lastReason: last?.reason ?? null, lastAt: last?.quarantinedAt ?? null };
  }

  /** Sets readings aside durably; a reading already there keeps one entry, with the newest reason. */
  add(readings: { reading: QueuedReading; reason: string }[], now: Date): void {
    if (readings.length === 0) return;
    const ids = new Set(readings.map((r) => r.reading.readingId));
    const kept = this.entries.filter((e) => !ids.has(e.reading.readingId));
    const next = [...kept, ...readings.map(({ reading, reason }) => ({ quarantinedAt: now.toISOString(), reason, reading }))];
    const dropped = Math.max(0, next.length - MAX_READINGS);
    if (dropped > 0) this.warn(`The collector's quarantine holds ${MAX_READINGS} readings: the ${dropped} oldest were dropped.`);
    this.write(next.slice(dropped));
  }

  /** Every reading set aside, oldest first. */
  list(): QuarantinedReading[] {
    return [...this.entries];
  }

  /** Empties the quarantine (after its readings were put back into the queue). */
  clear(): void {
    this.write([]);
  }

  private write(entries: QuarantinedReading[]): void {
    writeDurably(this.path, JSON.stringify(entries, null, 1), `${this.path}.tmp-${randomUUID().slice(0, 8)}`);
    this.entries = entries;
  }

  private load(): QuarantinedReading[] {
    if (!existsSync(this.path)) return [];
    try {
      const entries = JSON.parse(readFileSync(this.path, 'utf8')) as unknown;
      if (Array.isArray(entries)) return entries as QuarantinedReading[];
    } catch {
      // fall through: kept aside below
    }
    const aside = `${this.path}.corrupt-${Date.now()}`;
    renameSync(this.path, aside);
    this.warn(`The quarantine file could not be read and was set aside as ${aside}.`);
    return [];
  }
}
