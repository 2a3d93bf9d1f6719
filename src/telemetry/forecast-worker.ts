import type { Store } from '../app/store.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { evaluateDeviceRequests } from '../requests/index.js';
import { refreshDeviceForecasts } from './forecast-refresh.js';
import type { PriorCache } from '../forecasting/index.js';

export interface ForecastWorkerOptions {
  /** Devices claimed per round; 20 unless told. */
  batchSize?: number;
  /** Real time a claimed device stays with this worker before another may take it (this one presumed dead); 5 minutes unless told. */
  leaseMs?: number;
  /** Pause between looks for due devices when nobody wakes the worker; 5 seconds unless told. */
  pollMs?: number;
  /** Longest the worker waits before each device while uploads are being taken in; 1 second unless told. */
  giveWayMs?: number;
}

// A device that keeps failing is tried again after its lease, then twice as long each time, up to six hours.
const MAX_RETRY_MS = 6 * 3_600_000;
// Uploads count as still coming in this long after the last one ended (the next is usually on its way).
const UPLOAD_QUIET_MS = 20;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Recomputes cycles, forecasts and requests of devices whose readings changed, after their upload. An
 * upload marks what it touched as due in the database, in its own transaction, and wakes the worker;
 * the worker claims due devices with a lease, so several server processes share the work, a crashed one
 * loses nothing (the lease runs out and the device is due again), and a device read many times while
 * the worker was busy is recomputed once (uploads coalesce, which is the debounce). A failing device is
 * logged and tried again when its lease runs out, then after twice as long each time it fails again (up
 * to six hours; a new upload of it makes it due at once); it never holds up the others. Uploads come first: while
 * this process is taking one in, the worker waits before each device (at most `giveWayMs`), so readings
 * are stored as fast as collectors send them and the forecasts follow; deferring costs nothing, as a
 * device read again meanwhile is still computed once. Under uploads that never pause (a server taking in
 * all it can) forecasts therefore slow to about one device per `giveWayMs` until the traffic eases: the
 * readings are what must not be lost.
 */
export class ForecastWorker {
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private current: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly giveWayMs: number;
  private uploadsInFlight = 0;
  /** Devices that failed in a row, by id, and when last, for the retry's backoff (this process's; a restart starts over). */
  private readonly failures = new Map<string, { count: number; at: number }>();
  private lastUploadEnded = 0;

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly logger: Logger, options: ForecastWorkerOptions = {}) {
    this.batchSize = options.batchSize ?? 20;
    this.leaseMs = options.leaseMs ?? 300_000;
    this.pollMs = options.pollMs ?? 5_000;
    this.giveWayMs = options.giveWayMs ?? 1_000;
  }

  /** An upload is being taken in by this process until the returned function is called (see the class comment). */
  uploadStarted(): () => void {
    this.uploadsInFlight++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.uploadsInFlight--;
      this.lastUploadEnded = performance.now();
    };
  }

  /**
   * Counts a device's failures in a row: a failure long after the last one (the device came right in
   * between, here or in another process) starts the count again, and such old entries are dropped.
   */
  private noteFailure(deviceId: string, now: number): number {
    const stale = (at: number) => now - at > 2 * MAX_RETRY_MS * (this.clock.rate ?? 1);
    const last = this.failures.get(deviceId);
    const count = last && !stale(last.at) ? last.count + 1 : 1;
    this.failures.set(deviceId, { count, at: now });
    if (this.failures.size > 1_000) for (const [id, entry] of this.failures) if (stale(entry.at)) this.failures.delete(id);
    return count;
  }

  /** Waits while uploads are coming in, at most giveWayMs (real time: uploads are real requests). */
  private async giveWay(): Promise<void> {
    const started = performance.now();
    const busy = () => this.uploadsInFlight > 0 || performance.now() - this.lastUploadEnded < UPLOAD_QUIET_MS;
    while (!this.stopped && busy() && performance.now() - started < this.giveWayMs) await pause(UPLOAD_QUIET_MS);
  }

  /** Looks for due devices every `pollMs` (work left by other processes, expired leases) until `stop()`. */
  start(): void {
    this.stopped = false;
    const tick = () => {
      this.wake();
      this.timer = setTimeout(tick, this.pollMs);
      this.timer.unref();
    };
    tick();
  }

  /** Starts a round now, or another one right after the round under way. */
  wake(): void {
    if (this.stopped) return;
    if (this.current) {
      this.again = true;
      return;
    }
    this.current = this.rounds().finally(() => {
      this.current = null;
    });
  }

  /** Resolves once nothing due is left that this worker can claim now (tests, the benchmark, shutdown). */
  async drain(): Promise<void> {
    this.wake();
    while (this.current) await this.current;
  }

  /** Stops looking and waits for the round under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.current) await this.current;
  }

  private async rounds(): Promise<void> {
    do {
      this.again = false;
      // Devices that failed in this pass: once a round brings back nothing else, the pass ends (their claims
      // run out and they are tried again later, instead of being retried in a tight loop).
      const failed = new Set<string>();
      try {
        while (!this.stopped && (await this.round(failed)));
      } catch (error) {
        // The database went away mid-claim: the next wake or poll tries again.
        this.logger.error({ err: error }, 'could not claim devices due for forecasts');
      }
    } while (this.again && !this.stopped);
  }

  /** Claims a batch of due devices and recomputes each; false when it claimed nothing new to try. */
  private async round(failed: Set<string>): Promise<boolean> {
    const now = this.clock.now();
    // The lease is real time: on an accelerated clock, clock time would run out mid-round.
    const leaseUntil = new Date(now.getTime() + this.leaseMs * (this.clock.rate ?? 1));
    const claimed = await this.store.repos.telemetry.claimDueForecasts(now, leaseUntil, this.batchSize);
    // A fleet prior (what a part number yields across the dealer's printers) moves slowly: read once per round.
    const priors: PriorCache = new Map();
    for (const device of claimed) {
      await this.giveWay();
      try {
        await this.store.transaction(async (repos) => {
          await repos.telemetry.lockForecast(device.id);
          await refreshDeviceForecasts(repos, device.dealer_id, device.id, now, priors);
        });
        await evaluateDeviceRequests(this.store, device.dealer_id, device.id, now, priors);
        await this.store.repos.telemetry.settleForecast(device.id, device.ingest_seq);
        this.failures.delete(device.id);
      } catch (error) {
        failed.add(device.id);
        const failures = this.noteFailure(device.id, now.getTime());
        const retryMs = Math.min(MAX_RETRY_MS, this.leaseMs * 2 ** (failures - 1));
        this.logger.error({ err: error, deviceId: device.id, failures, retryInSeconds: Math.round(retryMs / 1000) }, 'forecast or requests could not be evaluated; tried again later');
        try {
          await this.store.repos.telemetry.retryForecastAt(device.id, device.ingest_seq, new Date(now.getTime() + retryMs * (this.clock.rate ?? 1)));
        } catch {
          // The claim's lease stands: the device is due again when it runs out.
        }
      }
    }
    return claimed.some((device) => !failed.has(device.id));
  }
}
