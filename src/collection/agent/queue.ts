import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceReading } from '../reading.js';
import { fsyncDir, writeDurably } from './durable-file.js';

/** A reading waiting in the queue: it always has its readingId. */
export type QueuedReading = DeviceReading & { readingId: string };

/** A batch taken from the queue for upload: acknowledge it to remove it. */
export interface QueueBatch {
  files: string[];
  readings: QueuedReading[];
}

const FILE_READINGS = 200;

// Two readings of one target that say the same thing (levels, meters, identity): the older one adds nothing.
function sameContent(a: QueuedReading, b: QueuedReading): boolean {
  const strip = ({ readingId: _r, collectedAt: _c, ...rest }: QueuedReading) => JSON.stringify(rest);
  return a.target === b.target && strip(a) === strip(b);
}

/**
 * The collector's store-and-forward queue: readings are on disk (written, fsynced, renamed into place)
 * before any upload, and leave only when the server has acknowledged them. Bounded in bytes: when full,
 * the oldest readings that a later reading of the same printer repeats are compacted away first.
 */
export class DurableQueue {
  private readonly dir: string;
  private sequence = 0;
  /** Size and reading count of every queue file, so stats and acks do not re-read the disk. */
  private readonly index = new Map<string, { bytes: number; count: number }>();

  constructor(stateDir: string, private readonly maxBytes: number, private readonly warn: (message: string) => void) {
    this.dir = join(stateDir, 'queue');
    mkdirSync(this.dir, { recursive: true });
    for (const name of readdirSync(this.dir)) if (name.startsWith('.tmp-')) rmSync(join(this.dir, name), { force: true });
    for (const name of this.files()) {
      const bytes = statSync(join(this.dir, name)).size;
      const readings = this.read(name);
      if (readings.length > 0) this.index.set(name, { bytes, count: readings.length });
    }
  }

  /** How much is waiting, and whether the queue is full. */
  stats(): { readings: number; bytes: number; full: boolean } {
    const bytes = this.bytes();
    return { readings: [...this.index.values()].reduce((n, f) => n + f.count, 0), bytes, full: bytes >= this.maxBytes };
  }

  /** Stores readings durably; returns how many it could not store because the queue is full even after compaction. */
  enqueue(readings: QueuedReading[]): number {
    const chunks: QueuedReading[][] = [];
    for (let i = 0; i < readings.length; i += FILE_READINGS) chunks.push(readings.slice(i, i + FILE_READINGS));
    let refused = 0;
    for (const chunk of chunks) {
      const text = JSON.stringify(chunk);
      if (this.bytes() + text.length > this.maxBytes) this.compact();
      if (this.bytes() + text.length > this.maxBytes) {
        refused += chunk.length;
        continue;
      }
      this.writeFile(this.nextName(), text, chunk.length);
    }
    if (refused > 0) this.warn(`The collector's queue is full (${Math.round(this.maxBytes / 1_048_576)} MB): ${refused} readings could not be stored. Check the server connection, or raise --queue-max-mb.`);
    return refused;
  }

  /** The oldest readings, up to `max`, without removing them. */
  peek(max: number): QueueBatch {
    const batch: QueueBatch = { files: [], readings: [] };
    for (const name of this.files()) {
      const readings = this.read(name);
      if (batch.readings.length > 0 && batch.readings.length + readings.length > max) break;
      batch.files.push(name);
      batch.readings.push(...readings);
    }
    return batch;
  }

  /** Removes an uploaded batch after the server acknowledged it. */
  ack(batch: QueueBatch): void {
    for (const name of batch.files) {
      rmSync(join(this.dir, name), { force: true });
      this.index.delete(name);
    }
    fsyncDir(this.dir);
  }

  /** Drops, oldest first, readings whose content a later reading of the same target repeats. */
  private compact(): void {
    const names = this.files();
    const all = names.map((name) => ({ name, readings: this.read(name) }));
    const flat = all.flatMap((f) => f.readings);
    const latestIndex = new Map<string, number>();
    flat.forEach((r, i) => latestIndex.set(r.target, i));
    let position = 0;
    let dropped = 0;
    for (const file of all) {
      const kept = file.readings.filter((r) => {
        const i = position++;
        const next = flat.slice(i + 1, (latestIndex.get(r.target) ?? i) + 1).find((later) => later.target === r.target);
        const redundant = next !== undefined && sameContent(r, next);
        if (redundant) dropped++;
        return !redundant;
      });
      if (kept.length === file.readings.length) continue;
      if (kept.length === 0) {
        rmSync(join(this.dir, file.name), { force: true });
        this.index.delete(file.name);
      } else this.writeFile(file.name, JSON.stringify(kept), kept.length);
    }
    fsyncDir(this.dir);
    if (dropped > 0) this.warn(`The collector's queue is nearly full: compacted away ${dropped} old readings that later readings repeat.`);
  }

  private bytes(): number {
    let total = 0;
    for (const file of this.index.values()) total += file.bytes;
    return total;
  }

  private writeFile(name: string, text: string, count: number): void {
    writeDurably(join(this.dir, name), text, join(this.dir, `.tmp-${randomUUID()}`));
    this.index.set(name, { bytes: Buffer.byteLength(text), count });
  }

  private nextName(): string {
    return `${String(Date.now()).padStart(15, '0')}-${String(this.sequence++).padStart(6, '0')}-${randomUUID().slice(0, 8)}.json`;
  }

  private files(): string[] {
    return this.index.size > 0 ? [...this.index.keys()].sort() : readdirSync(this.dir).filter((n) => n.endsWith('.json')).sort();
  }

  private read(name: string): QueuedReading[] {
    try {
      return JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as QueuedReading[];
    } catch {
      // A file we cannot parse (disk trouble) is set aside, not retried forever.
      renameSync(join(this.dir, name), join(this.dir, `${name}.corrupt`));
      this.index.delete(name);
      this.warn(`Queue file ${name} could not be read and was set aside as ${name}.corrupt.`);
      return [];
    }
  }
}
