import { randomUUID } from 'node:crypto';
import type { Store } from '../app/store.js';
import { actorOf, authorize, type Principal } from '../auth/index.js';
import type { ImportStatus } from '../db/schema.js';
import { systemClock, type Clock } from '../platform/clock.js';
import { AppError, isAppError } from '../platform/errors.js';
import { SlicedWorkStopped } from '../platform/slices.js';
import type { ImportRunRow } from './import-runs.repository.js';
import { checkImport, type ImportOptions, type ImportReport } from './imports.service.js';
import { hold, LeaseLost, RunInterrupted, undoJournalled, writeJournalled, type HeldRun } from './journal.js';

// A run's lease: renewed by every chunk and every few seconds besides; a run whose lease has passed this
// long is taken as abandoned (its process was killed) and undone by whichever process looks next.
const LEASE_MS = 15_000;
const HEARTBEAT_MS = 3_000;
const SWEEP_MS = 5_000;

/** Where the runner says what happens to runs (a pino logger, or nothing). */
export interface RunnerLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** A run that has started: its id at once, its report when it is done. */
export interface StartedImport {
  id: string;
  finished: Promise<ImportReport>;
}

const SILENT: RunnerLog = { info() {}, warn() {} };

/**
 * Runs CSV imports in the background of a server process (imports.routes.ts answers 202 with the run's id;
 * GET /imports/{id} shows its status and progress from the `imports` table, from any process). A run is
 * checked in slices, then written in short journalled chunks under a lease; if anything fails it is undone
 * from its journal. Runs left unfinished by a killed process are undone by `recover`: at start-up, and every
 * few seconds for those whose lease has passed (another process of a PostgreSQL installation died).
 */
export class ImportRunner {
  private readonly running = new Map<string, Promise<unknown>>();
  private stoppingNow = false;
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  /** `leaseClock` is people's time (leases are about processes, not the printers' accelerated clock). */
  constructor(private readonly store: Store, private readonly leaseClock: Clock = systemClock, private readonly log: RunnerLog = SILENT) {}

  /**
   * Starts an import of the caller's dealer. `conflict` when the dealer already has a real import running
   * (one at a time, so two runs never write or undo the same rows); a dry run may run beside it.
   */
  async start(principal: Principal, csv: string, options: ImportOptions, now: Date): Promise<StartedImport> {
    authorize(principal, 'imports:run');
    if (this.stoppingNow) throw new AppError('unavailable', 'The server is shutting down; send the file again in a moment.');
    const id = randomUUID();
    const run = this.held(id, principal.dealerId, 'checking');
    const created = await this.store.repos.imports.runs.create({ id, dealerId: principal.dealerId, actorId: actorOf(principal).actorId, dryRun: options.dryRun, owner: run.owner, leaseUntil: run.leaseUntil(), now });
    if (!created) {
      const other = await this.store.repos.imports.runs.running(principal.dealerId);
      throw new AppError('conflict', 'An import is already running for this dealership; wait until it has finished, then send the file again.', { importId: other?.id ?? null });
    }
    const finished = this.track(id, this.execute(run, principal, csv, options, now));
    return { id, finished };
  }

  /**
   * Imports and answers when it is done (scripts and tests; the route answers 202 at once for a large file):
   * everything or nothing, and idempotent; a dry run reports the same counts without writing.
   */
  async run(principal: Principal, csv: string, options: ImportOptions, now: Date): Promise<ImportReport> {
    return (await this.start(principal, csv, options, now)).finished;
  }

  /**
   * Undoes runs left unfinished by a process that is gone: those whose lease has passed, or every unfinished
   * one when `all` (the embedded engine at start-up: only this process can have its data folder open).
   */
  async recover(all = false): Promise<number> {
    let recovered = 0;
    for (const found of await this.store.repos.imports.runs.abandoned(this.leaseClock.now(), all)) {
      if (this.running.has(found.id)) continue;
      const run = this.held(found.id, found.dealerId, found.status);
      if (!(await this.store.repos.imports.runs.takeOver(found, run.owner, run.leaseUntil()))) continue;
      this.log.warn({ importId: found.id, status: found.status }, 'csv import interrupted; undoing what it wrote');
      await this.track(found.id, this.abandon(run, found)).catch(() => {});
      recovered += 1;
    }
    return recovered;
  }

  /** Looks for abandoned runs every few seconds until `stop`. */
  startSweeping(): void {
    this.sweeper = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = this.recover(false)
        .then(() => {}, (error: unknown) => this.log.warn({ err: error }, 'csv import recovery failed; trying again shortly'))
        .finally(() => (this.sweeping = null));
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  /** Stops sweeping and lets running imports stop at their next chunk (they are undone at the next start). */
  async stop(): Promise<void> {
    this.stoppingNow = true;
    if (this.sweeper) clearInterval(this.sweeper);
    await this.sweeping;
    await Promise.allSettled([...this.running.values()]);
  }

  private async execute(run: HeldRun, principal: Principal, csv: string, options: ImportOptions, now: Date): Promise<ImportReport> {
    const runs = this.store.repos.imports.runs;
    let progress = { rows: 0, checked: 0 };
    const heartbeat = this.heartbeat(run, () => (run.status === 'checking' ? { rows: progress.rows, progressDone: progress.checked, progressTotal: progress.rows } : {}));
    try {
      let checked;
      try {
        checked = await checkImport(this.store.repos.imports, run.dealerId, csv, options.dryRun, (rows, done) => (progress = { rows, checked: done }), () => this.stoppingNow);
      } catch (error) {
        if (error instanceof SlicedWorkStopped) throw error;
        const why = isAppError(error) ? describe(error) : failure('The file could not be checked because of an error on the server; nothing was written. Send it again.');
        await runs.hold(run.id, run.owner, 'checking', this.leaseClock.now(), { status: 'failed', rows: progress.rows || undefined, error: why, finishedAt: this.leaseClock.now() });
        throw error;
      }
      const { report, changes } = checked;
      if (options.dryRun) {
        await this.finish(run, { rows: report.rows, progressDone: report.rows, progressTotal: report.rows, report: { ...report } });
        return report;
      }
      const toWrite = changes.customers.length + changes.sites.length + changes.devices.length;
      await this.moveTo(run, 'applying', { rows: report.rows, progressDone: 0, progressTotal: toWrite });
      options.log?.info({ rows: report.rows }, 'csv import applying');
      try {
        await writeJournalled(this.store, run, changes, now);
        await this.store.transaction(async (repos) => {
          const { dryRun: _, ...counts } = report;
          await hold(repos, run, { status: 'done', report: { ...report }, finishedAt: this.leaseClock.now() });
          await repos.audit.record({ dealerId: run.dealerId, ...actorOf(principal), action: 'import.csv', entityType: 'import', entityId: run.id, details: counts }, now);
          await repos.imports.runs.forget(run.id);
        });
      } catch (error) {
        if (error instanceof LeaseLost || error instanceof RunInterrupted || this.stoppingNow) throw error;
        this.log.warn({ importId: run.id, err: error }, 'csv import failed while writing; undoing what it wrote');
        await this.undo(run, toWrite, failure('The import failed while writing, so what it had written was undone; nothing of it was kept. Send the file again.'));
        throw error;
      }
      return report;
    } catch (error) {
      if (error instanceof RunInterrupted || error instanceof SlicedWorkStopped) {
        // Let another process (or the next start) undo it at once rather than after the lease.
        await runs.hold(run.id, run.owner, run.status, this.leaseClock.now()).catch(() => {});
        throw new AppError('unavailable', 'The server stopped before the import finished; nothing of it will be kept. Send the file again.');
      }
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Undoes a run this process took over from a process that is gone, and marks it failed. */
  private async abandon(run: HeldRun, found: ImportRunRow): Promise<void> {
    const interrupted = failure('The import was interrupted (its server stopped) before it finished; nothing of it was kept. Send the file again.');
    const heartbeat = this.heartbeat(run, () => ({}));
    try {
      if (found.status === 'checking') {
        await this.finish(run, { status: 'failed', error: interrupted });
        return;
      }
      await this.undo(run, found.status === 'undoing' ? found.progressTotal : await this.store.repos.imports.runs.journalledRecords(run.id), interrupted);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async undo(run: HeldRun, written: number, error: Record<string, unknown>): Promise<void> {
    if (run.status !== 'undoing') await this.moveTo(run, 'undoing', { progressDone: 0, progressTotal: written });
    const { kept } = await undoJournalled(this.store, run);
    const note = kept > 0 ? ` ${kept} created records were kept because other records now refer to them.` : '';
    await this.finish(run, { status: 'failed', error: { ...error, message: `${String(error.message)}${note}` } });
    this.log.info({ importId: run.id, kept }, 'csv import undone');
  }

  private async moveTo(run: HeldRun, status: ImportStatus, update: Parameters<typeof hold>[2]): Promise<void> {
    await this.store.transaction((repos) => hold(repos, run, { ...update, status }));
    run.status = status;
  }

  private async finish(run: HeldRun, update: Parameters<typeof hold>[2]): Promise<void> {
    await this.store.transaction((repos) => hold(repos, run, { status: 'done', ...update, finishedAt: this.leaseClock.now() }));
  }

  private heartbeat(run: HeldRun, progress: () => Parameters<typeof hold>[2]): NodeJS.Timeout {
    const timer = setInterval(() => {
      void this.store.repos.imports.runs.hold(run.id, run.owner, run.status, run.leaseUntil(), progress()).catch(() => {});
    }, HEARTBEAT_MS);
    timer.unref();
    return timer;
  }

  private held(id: string, dealerId: string, status: ImportStatus): HeldRun {
    return { id, dealerId, owner: randomUUID(), status, leaseUntil: () => new Date(this.leaseClock.now().getTime() + LEASE_MS), stopping: () => this.stoppingNow };
  }

  private track<T>(id: string, work: Promise<T>): Promise<T> {
    this.running.set(id, work);
    void work.then(() => this.running.delete(id), () => this.running.delete(id));
    return work;
  }
}

function describe(error: AppError): Record<string, unknown> {
  return { code: error.code, message: error.message, details: error.details ?? null };
}

function failure(message: string): Record<string, unknown> {
  return { code: 'internal', message, details: null };
}
