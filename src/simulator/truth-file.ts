import { closeSync, openSync, writeSync } from 'node:fs';
import type { TruthEvent, TruthSink } from './truth.js';

/** Appends every truth event as one JSON line to a file, written at once so a killed run keeps what it recorded. */
export class TruthFile implements TruthSink {
  private readonly fd: number;

  constructor(path: string) {
    this.fd = openSync(path, 'a');
  }

  /** Writes one event. */
  record(event: TruthEvent): void {
    writeSync(this.fd, `${JSON.stringify(event)}\n`);
  }

  /** Closes the file. */
  close(): void {
    closeSync(this.fd);
  }
}
