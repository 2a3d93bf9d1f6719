import type { Repositories, Store } from '../app/store.js';
import type { ImportStatus } from '../db/schema.js';
import { giveWay } from '../platform/slices.js';
import { siteKey, type ImportChanges } from './reconcile.js';
import type { ChunkWrite, JournalEntity } from './imports.repository.js';
import { isForeignKeyViolation } from '../db/index.js';

// Records per chunk: each chunk is its own short transaction, so on the embedded engine (one connection, the
// server's own thread) other requests wait at most one chunk — tens of milliseconds — instead of the import.
export const CHUNK = 250;

/** A run as held by this process: its id, the lease owner it writes as, and the status it is in. */
export interface HeldRun {
  id: string;
  dealerId: string;
  owner: string;
  status: ImportStatus;
  /** When the lease should end if renewed now. */
  leaseUntil(): Date;
  /** True when the process is shutting down: stop at the next chunk. */
  stopping(): boolean;
}

/** The run is no longer this process's: its lease passed and another process took it over (and undoes it). */
export class LeaseLost extends Error {
  constructor(id: string) {
    super(`Import ${id} was taken over by another process after its lease passed.`);
  }
}

/** The server is shutting down; the run is left to be undone at the next start (or by another process). */
export class RunInterrupted extends Error {
  constructor() {
    super('The server stopped before the import finished.');
  }
}

/**
 * Writes an import's changes in chunks, each in its own short transaction that first renews the run's
 * lease (and proves it still holds the run) and journals what it did: the ids it created and the changed
 * rows as they were. Parents go before children; ids the database already had (someone inserted meanwhile)
 * replace the ones chosen. Returns how many records were written.
 */
export async function writeJournalled(store: Store, run: HeldRun, changes: ImportChanges, now: Date): Promise<number> {
  const { dealerId } = run;
  let seq = 0;
  let done = 0;
  const chunked = async <T>(entity: JournalEntity, items: T[], write: (repos: Repositories, chunk: T[]) => Promise<ChunkWrite<object>>): Promise<Map<string, string>> => {
    const ids = new Map<string, string>();
    for (let start = 0; start < items.length; start += CHUNK) {
      await giveWay();
      if (run.stopping()) throw new RunInterrupted();
      const chunk = items.slice(start, start + CHUNK);
      const written = await store.transaction(async (repos) => {
        await hold(repos, run, { progressDone: done + chunk.length });
        const result = await write(repos, chunk);
        await repos.imports.runs.journal(run.id, { seq: ++seq, entity, createdIds: result.created, previous: result.previous as unknown as Record<string, unknown>[] });
        return result;
      });
      done += chunk.length;
      for (const [key, id] of written.ids) ids.set(key, id);
    }
    return ids;
  };

  const storedCustomerIds = await chunked('customer', changes.customers, (repos, chunk) => repos.imports.upsertCustomers(dealerId, chunk, now));
  const customerId = remap(changes.customers.map((customer) => [customer.id, storedCustomerIds.get(customer.name)]));
  const sites = changes.sites.map((site) => ({ ...site, customerId: customerId(site.customerId) }));
  const storedSiteIds = await chunked('site', sites, (repos, chunk) => repos.imports.upsertSites(dealerId, chunk, now));
  const siteId = remap(sites.map((site) => [site.id, storedSiteIds.get(siteKey(site.customerId, site.name))]));
  const devices = changes.devices.map((device) => ({ ...device, customerId: customerId(device.customerId), siteId: device.siteId && siteId(device.siteId) }));
  await chunked('device', devices, (repos, chunk) => repos.imports.upsertDevices(dealerId, chunk, now));
  return done;
}

/**
 * Undoes a run from its journal, newest chunk first, each chunk in its own transaction that also forgets
 * it — so undoing is itself resumable after a kill. A created row that something written since refers to
 * (a site someone put another device in meanwhile) cannot go and is kept; returns how many were.
 */
export async function undoJournalled(store: Store, run: HeldRun): Promise<{ undone: number; kept: number }> {
  let undone = 0;
  let kept = 0;
  for (;;) {
    await giveWay();
    if (run.stopping()) throw new RunInterrupted();
    const entry = await store.repos.imports.runs.lastJournalled(run.id);
    if (!entry) return { undone, kept };
    const records = entry.createdIds.length + entry.previous.length;
    try {
      await store.transaction(async (repos) => {
        await hold(repos, run, { progressDone: undone + records });
        await repos.imports.undoChunk(run.dealerId, entry.entity, entry.createdIds, entry.previous);
        await repos.imports.runs.forget(run.id, entry.seq);
      });
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
      // Undoing is idempotent, so the chunk can be done again row by row, keeping the rows still referred to.
      await store.transaction(async (repos) => {
        await hold(repos, run, {});
        await repos.imports.undoChunk(run.dealerId, entry.entity, [], entry.previous);
      });
      for (const id of entry.createdIds) if (!(await store.repos.imports.deleteCreated(run.dealerId, entry.entity, id))) kept += 1;
      await store.transaction(async (repos) => {
        await hold(repos, run, { progressDone: undone + records });
        await repos.imports.runs.forget(run.id, entry.seq);
      });
    }
    undone += records;
  }
}

/** Renews the run's lease inside the caller's transaction, or throws LeaseLost when it is no longer ours. */
export async function hold(repos: Repositories, run: HeldRun, update: Parameters<Repositories['imports']['runs']['hold']>[4]): Promise<void> {
  if (!(await repos.imports.runs.hold(run.id, run.owner, run.status, run.leaseUntil(), update))) throw new LeaseLost(run.id);
}

function remap(pairs: [string, string | undefined][]): (id: string) => string {
  const actual = new Map(pairs.filter((pair): pair is [string, string] => pair[1] !== undefined));
  return (id) => actual.get(id) ?? id;
}

