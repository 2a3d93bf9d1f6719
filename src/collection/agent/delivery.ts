import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import type { Quarantine } from './quarantine.js';
import type { QueuedReading } from './queue.js';
import { ServerError, type ServerClient } from './server-client.js';

/** A batch the server answered 5xx this many times in a row is split in halves to find the reading at fault. */
const SPLIT_AFTER_FAILURES = 2;
/** A single reading the server answered 5xx this many times in a row, while its health check passes, is quarantined. */
const POISON_TRIES = 3;
/**
 * Readings quarantined for 5xx answers with no upload taken in between: beyond this the server is failing everything
 * (a bug, a full disk), not one reading, and the agent waits instead of quarantining the whole queue.
 */
export const MAX_QUARANTINED_WITHOUT_DELIVERY = 3;

/** What became of a batch from the queue, over every request it took (a split batch takes several). */
export interface UploadTally {
  accepted: number;
  duplicates: number;
  rejected: number;
  corrected: number;
  refused: number;
  quarantined: number;
}

export interface DeliveryOptions {
  server: Pick<ServerClient, 'upload' | 'healthy'>;
  quarantine: Quarantine;
  clock: Clock;
  logger: Logger;
  /** Named in the warning for each reading quarantined. */
  stateDir: string;
}

/**
 * Delivers batches from the queue: each reading is taken by the server or set aside in the quarantine. A batch the
 * server refuses as a whole (ServerError 'bad-batch'), or answers 5xx again and again, is split in halves, recursively,
 * to find the readings at fault; a single one is quarantined with the server's answer. Remembers the server's
 * failures across tries, so a reading is judged over several uploads, not one.
 */
export class Delivery {
  /** 5xx answers in a row per batch (first readingId and size) or single reading, while isolating a poison reading. */
  private readonly serverFailures = new Map<string, number>();
  private quarantinedWithoutDelivery = 0;

  constructor(private readonly options: DeliveryOptions) {}

  /**
   * Delivers a batch, returning what became of it. Throws when the server cannot take it now (unreachable, busy,
   * down, or the request went astray): the readings stay queued and are sent again later (the server dedupes what
   * it already took).
   */
  async deliver(readings: QueuedReading[]): Promise<UploadTally> {
    const tally: UploadTally = { accepted: 0, duplicates: 0, rejected: 0, corrected: 0, refused: 0, quarantined: 0 };
    await this.deliverPart(readings, false, tally);
    this.serverFailures.clear();
    return tally;
  }

  private async deliverPart(readings: QueuedReading[], splitting: boolean, tally: UploadTally): Promise<void> {
    const { server, logger } = this.options;
    try {
      const result = await server.upload(readings);
      if (result.accepted + result.duplicates > 0) this.quarantinedWithoutDelivery = 0;
      this.serverFailures.delete(failureKey(readings));
      tally.accepted += result.accepted;
      tally.duplicates += result.duplicates;
      tally.rejected += result.rejected.length;
      tally.corrected += result.corrected.length;
      tally.refused += result.refused.length;
      for (const r of result.rejected) logger.warn({ readingId: r.readingId }, `the server kept a reading but could not use it: ${r.reason}`);
      for (const r of result.corrected) logger.warn({ readingId: r.readingId }, `the server corrected a reading: ${r.notes.join(' ')}`);
      const byId = new Map(readings.map((r) => [r.readingId, r]));
      tally.quarantined += this.setAside(result.refused.flatMap(({ readingId, reason }) => (byId.has(readingId) ? [{ reading: byId.get(readingId)!, reason }] : [])));
    } catch (error) {
      if (!(error instanceof ServerError) || error.status === null) throw error;
      if (error.kind === 'bad-batch') {
        // The server will never take this batch as it is: find what it refuses instead of dropping the rest with it.
        if (readings.length === 1) tally.quarantined += this.setAside([{ reading: readings[0]!, reason: error.message }]);
        else await this.split(readings, tally);
        return;
      }
      // A request gone astray (a wrong URL's 404, a proxy's 405) or a 429 says nothing of the readings: they wait.
      if (error.status < 500) throw error;
      const key = failureKey(readings);
      const failures = (this.serverFailures.get(key) ?? 0) + 1;
      this.serverFailures.set(key, failures);
      if (readings.length > 1) {
        if (!splitting && failures < SPLIT_AFTER_FAILURES) throw error;
        logger.warn({ readings: readings.length, failures }, 'the server keeps failing on this batch; splitting it to find the reading at fault');
        return this.split(readings, tally);
      }
      // One reading the server fails on while it answers its health check (and took other readings) is the fault.
      if (failures < POISON_TRIES || this.quarantinedWithoutDelivery >= MAX_QUARANTINED_WITHOUT_DELIVERY || !(await server.healthy())) throw error;
      this.serverFailures.delete(key);
      this.quarantinedWithoutDelivery++;
      tally.quarantined += this.setAside([{ reading: readings[0]!, reason: `The server failed on this reading ${failures} times while taking others: ${error.message}` }]);
    }
  }

  private async split(readings: QueuedReading[], tally: UploadTally): Promise<void> {
    const half = Math.ceil(readings.length / 2);
    await this.deliverPart(readings.slice(0, half), true, tally);
    await this.deliverPart(readings.slice(half), true, tally);
  }

  /** Quarantines readings, saying so for each; returns how many. */
  private setAside(refused: { reading: QueuedReading; reason: string }[]): number {
    if (refused.length === 0) return 0;
    this.options.quarantine.add(refused, this.options.clock.now());
    for (const { reading, reason } of refused) {
      this.options.logger.warn({ readingId: reading.readingId, target: reading.target, notice: true }, `a reading the server will not take is quarantined in ${this.options.stateDir}/quarantine.json: ${reason}`);
    }
    return refused.length;
  }
}

/** What identifies a batch (or one reading) while the agent counts the server's failures on it. */
function failureKey(readings: QueuedReading[]): string {
  return `${readings[0]?.readingId}/${readings.length}`;
}
