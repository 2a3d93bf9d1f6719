import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CollectorSettings } from '../../collectors/settings.js';
import { realDelay, type Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import { cleanText } from '../../platform/text.js';
import { parseTarget, pollTargets, type Target } from '../poll.js';
import { snmpSettings, sweep } from './discovery.js';
import { Delivery } from './delivery.js';
import { Quarantine } from './quarantine.js';
import { DurableQueue } from './queue.js';
import { ServerError, type ServerClient } from './server-client.js';

export interface AgentOptions {
  server: ServerClient;
  stateDir: string;
  queueMaxBytes: number;
  clock: Clock;
  logger: Logger;
  agentVersion: string;
  /** Where to draw progress of long sweeps (a terminal), if anywhere. */
  progress?: (line: string) => void;
  /** Put the quarantined readings back into the queue at start, to be uploaded again (the cause was fixed). */
  requeueQuarantined?: boolean;
}

const UPLOAD_BATCH = 500;

/**
 * The data collection agent: fetches its configuration from the server, sweeps its ranges for
 * printers, polls them on schedule, stores every reading durably, uploads when the server is there,
 * and reports its health. One loop, one thing at a time, so it is easy to reason about when killed.
 */
export class CollectorAgent {
  private config: CollectorSettings | null = null;
  private discovered: string[] = [];
  private readonly queue: DurableQueue;
  private readonly quarantine: Quarantine;
  private readonly delivery: Delivery;
  private stopped = false;
  private wake: (() => void) | null = null;
  private readonly startedAt: Date;
  private next = { config: 0, discovery: 0, poll: 0, heartbeat: 0, upload: 0 };
  private uploadBackoffMs = 1000;
  private lastPollAt: Date | null = null;
  private lastError: string | null = null;
  private failingTargets = 0;
  /** Targets whose last poll failed, with why: a printer falling silent is said once, and once when it answers again. */
  private readonly silent = new Map<string, string>();
  /** The last trouble noted, so an outage that lasts is one warning, not one per retry. */
  private lastNoted: string | null = null;

  constructor(private readonly options: AgentOptions) {
    this.queue = new DurableQueue(options.stateDir, options.queueMaxBytes, (message) => options.logger.warn(message));
    this.quarantine = new Quarantine(options.stateDir, (message) => options.logger.warn(message));
    this.delivery = new Delivery({ server: options.server, quarantine: this.quarantine, clock: options.clock, logger: options.logger, stateDir: options.stateDir });
    if (options.requeueQuarantined) this.requeueQuarantined();
    this.startedAt = options.clock.now();
    const saved = this.load<{ config: CollectorSettings; discovered: string[] }>('state.json');
    if (saved) ({ config: this.config, discovered: this.discovered } = saved);
  }

  /** Runs until stop(). */
  async run(): Promise<void> {
    const { logger } = this.options;
    const quarantined = this.quarantine.stats().readings;
    logger.info({ queued: this.queue.stats().readings, quarantined }, 'collector started');
    if (quarantined > 0) logger.warn({ quarantined, notice: true }, `${quarantined} readings the server would not take are kept in ${this.options.stateDir}/quarantine.json (see docs/collector.md)`);
    while (!this.stopped) {
      const now = this.options.clock.now().getTime();
      if (now >= this.next.config) await this.refreshConfig();
      if (this.config && now >= this.next.discovery) await this.discover();
      if (this.config && now >= this.next.poll) await this.poll();
      if (now >= this.next.upload) await this.uploadQueued();
      if (now >= this.next.heartbeat) await this.heartbeat();
      const wakeAt = Math.min(...Object.values(this.next));
      await this.sleep(Math.max(20, Math.min(5_000, realDelay(this.options.clock, wakeAt - this.options.clock.now().getTime()))));
    }
    logger.info('collector stopped');
  }

  /** Ends the loop after the step in progress. */
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private async refreshConfig(): Promise<void> {
    try {
      const { config, refreshTargets = [] } = await this.options.server.fetchConfig();
      const changed = JSON.stringify(config) !== JSON.stringify(this.config);
      if (changed && this.config && JSON.stringify(config.ranges) !== JSON.stringify(this.config.ranges)) this.next.discovery = 0;
      if (changed) this.options.logger.info({ targets: config.targets.length, ranges: config.ranges, pollIntervalSeconds: config.pollIntervalSeconds }, 'configuration received');
      this.config = config;
      this.save();
      this.next.config = this.afterReal(config.configRefreshSeconds * 1000);
      if (refreshTargets.length > 0) {
        this.options.logger.info({ targets: refreshTargets.length }, 'fresh readings asked for');
        await this.poll(refreshTargets);
      }
    } catch (error) {
      this.note(error, this.config ? 'cannot fetch configuration; polling with the last one' : 'cannot fetch configuration yet');
      this.next.config = this.afterReal(error instanceof ServerError && error.kind === 'refused' ? 300_000 : 15_000);
    }
  }

  private async discover(): Promise<void> {
    const config = this.config!;
    this.next.discovery = this.options.clock.now().getTime() + config.discoveryIntervalSeconds * 1000;
    if (config.ranges.length === 0) return;
    this.discovered = await sweep(config, (done, total, found) => {
      if (done % 16 === 0 || done === total) this.options.progress?.(`sweeping ${config.ranges.join(', ')}: ${done}/${total} addresses, ${found} printers`);
    });
    this.options.logger.info({ printers: this.discovered.length, ranges: config.ranges }, 'sweep finished');
    this.save();
  }

  /** Polls every known printer on schedule, or just `only` when someone asked for fresh readings of them. */
  private async poll(only?: string[]): Promise<void> {
    const config = this.config!;
    if (!only) this.next.poll = this.options.clock.now().getTime() + config.pollIntervalSeconds * 1000;
    const targets = [...new Set(only ?? [...config.targets, ...this.discovered])].map(parseTarget).filter((t): t is Target => typeof t !== 'string');
    if (targets.length === 0) return;
    const readings = await pollTargets(
      targets.map((t) => (t.kind === 'snmp' && !/:\d+$/.test(t.label) ? { ...t, port: config.snmp.port } : t)),
      { snmp: snmpSettings(config), ipp: config.ipp.enabled, ippPort: config.ipp.port, ippPath: config.ipp.path },
      config.concurrency,
      undefined,
      () => this.options.clock.now(),
    );
    const queued = readings.map((reading) => ({ ...reading, readingId: randomUUID() }));
    this.reportSilence(queued);
    this.queue.enqueue(queued);
    // The heartbeat's failing count and last poll describe full polls; a "refresh now" of a few printers says nothing of the rest.
    if (!only) {
      this.failingTargets = queued.filter((r) => r.error !== null).length;
      this.lastPollAt = this.options.clock.now();
    }
    this.options.logger.info({ printers: targets.length, failed: queued.filter((r) => r.error !== null).length }, 'poll stored');
    this.options.logger.debug({ readingIds: queued.map((r) => r.readingId) }, 'poll readings');
    this.next.upload = 0;
  }

  /**
   * Uploads the queue oldest first until it is empty or the server cannot take more now. A reading the server refuses,
   * or keeps failing on while it takes the others, goes to the quarantine, so nothing behind it waits for ever.
   */
  private async uploadQueued(): Promise<void> {
    while (!this.stopped) {
      const batch = this.queue.peek(UPLOAD_BATCH);
      if (batch.readings.length === 0) return;
      try {
        this.options.logger.info({ readings: batch.readings.length }, 'uploading');
        const tally = await this.delivery.deliver(batch.readings);
        this.queue.ack(batch);
        this.options.logger.info({ ...tally, left: this.queue.stats().readings }, 'uploaded');
        this.uploadBackoffMs = 1000;
        if (this.lastNoted) this.options.logger.info({ notice: true }, 'the server takes readings again');
        this.lastNoted = null;
      } catch (error) {
        this.note(error, 'upload failed; readings stay queued');
        this.next.upload = this.afterReal(this.uploadBackoffMs);
        this.uploadBackoffMs = Math.min(60_000, this.uploadBackoffMs * 2);
        return;
      }
    }
  }

  /** Puts every quarantined reading back into the queue, then empties the quarantine (a kill between only repeats them). */
  private requeueQuarantined(): void {
    const readings = this.quarantine.list().map((e) => e.reading);
    if (readings.length === 0) return;
    const notStored = this.queue.enqueue(readings);
    if (notStored > 0) {
      this.options.logger.error({ readings: readings.length }, 'the queue is full: the quarantined readings stay quarantined');
      return;
    }
    this.quarantine.clear();
    this.options.logger.info({ readings: readings.length, notice: true }, 'quarantined readings put back into the queue');
  }

  private async heartbeat(): Promise<void> {
    this.next.heartbeat = this.afterReal(60_000);
    const quarantine = this.quarantine.stats();
    try {
      await this.options.server.heartbeat({
        agentVersion: this.options.agentVersion, startedAt: this.startedAt.toISOString(), queue: this.queue.stats(),
        lastPollAt: this.lastPollAt?.toISOString() ?? null, printers: new Set([...(this.config?.targets ?? []), ...this.discovered]).size,
        failingTargets: this.failingTargets, lastError: this.lastError && storableText(this.lastError, 1000),
        quarantine: { ...quarantine, lastReason: quarantine.lastReason && storableText(quarantine.lastReason, 1000) },
      });
    } catch (error) {
      this.note(error, 'heartbeat failed');
      this.next.heartbeat = this.afterReal(15_000);
    }
  }

  /**
   * The clock time `ms` real milliseconds from now. Polls and sweeps follow the printers' (possibly
   * accelerated) time; talking to the server — configuration, heartbeats, retries — follows real time.
   */
  private afterReal(ms: number): number {
    return this.options.clock.now().getTime() + ms * (this.options.clock.rate ?? 1);
  }

  private note(error: unknown, what: string): void {
    this.lastError = (error as Error).message;
    const said = `${what}: ${this.lastError}`;
    if (said === this.lastNoted) this.options.logger.debug({ err: this.lastError }, what);
    else this.options.logger.warn({ err: this.lastError }, what);
    this.lastNoted = said;
  }

  /**
   * Says when a printer stops answering and when it answers again, once each (`notice`: worth telling a
   * person watching); a printer that stays off is not repeated at every poll.
   */
  private reportSilence(readings: { target: string; serial: string | null; error: string | null }[]): void {
    for (const { target, serial, error } of readings) {
      if (error !== null && !this.silent.has(target)) this.options.logger.warn({ target, notice: true }, `${target} stopped answering: ${error}`);
      else if (error !== null) this.options.logger.debug({ target }, error);
      else if (this.silent.has(target)) this.options.logger.info({ target, serial, notice: true }, `${target}${serial ? ` (${serial})` : ''} answers again`);
      if (error !== null) this.silent.set(target, error);
      else this.silent.delete(target);
    }
  }

  // Written aside and renamed, so a kill mid-write leaves the previous state, never half a file.
  private save(): void {
    const path = join(this.options.stateDir, 'state.json');
    writeFileSync(`${path}.tmp`, JSON.stringify({ config: this.config, discovered: this.discovered }));
    renameSync(`${path}.tmp`, path);
  }

  private load<T>(name: string): T | null {
    const path = join(this.options.stateDir, name);
    try {
      return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : null;
    } catch {
      return null;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** Text the server stores as sent (a heartbeat must never be refused for a NUL a printer put in an error). */
function storableText(text: string, max: number): string {
  return cleanText(text.slice(0, max));
}
