import { sql, type Kysely } from 'kysely';
import type { DB, ImportStatus } from '../db/schema.js';
import type { JournalEntity } from './imports.repository.js';
import { isUniqueViolation } from '../db/index.js';

/** An import run as stored: what its watchers see, and its lease. */
export interface ImportRunRow {
  id: string;
  dealerId: string;
  actorId: string | null;
  dryRun: boolean;
  status: ImportStatus;
  rows: number | null;
  progressDone: number;
  progressTotal: number;
  report: Record<string, unknown> | null;
  error: Record<string, unknown> | null;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** One journalled chunk of an import. */
export interface JournalEntry {
  seq: number;
  entity: JournalEntity;
  createdIds: string[];
  previous: Record<string, unknown>[];
}

/** What a process holding a run may change about it, under its lease. */
export interface RunUpdate {
  status?: ImportStatus;
  rows?: number;
  progressDone?: number;
  progressTotal?: number;
  report?: Record<string, unknown>;
  error?: Record<string, unknown>;
  finishedAt?: Date;
}

const UNFINISHED: ImportStatus[] = ['checking', 'applying', 'undoing'];

/** The `imports` table (runs, leases, progress) and the journal that undoes a run. */
export function createImportRunRepository(db: Kysely<DB>) {
  const select = () =>
    db.selectFrom('imports').select([
      'id', 'dealer_id', 'actor_id', 'dry_run', 'status', 'rows', 'progress_done', 'progress_total', 'report', 'error',
      'lease_owner', 'lease_until', 'created_at', 'finished_at',
    ]);
  return {
    /**
     * Records a new run, leased to `owner` until `leaseUntil`. False when the dealer already has a real
     * import running (the partial unique index: one at a time, so two never undo each other's rows).
     */
    async create(run: { id: string; dealerId: string; actorId: string | null; dryRun: boolean; owner: string; leaseUntil: Date; now: Date }): Promise<boolean> {
      try {
        await db
          .insertInto('imports')
          .values({
            id: run.id, dealer_id: run.dealerId, actor_id: run.actorId, dry_run: run.dryRun, status: 'checking',
            lease_owner: run.owner, lease_until: run.leaseUntil, created_at: run.now,
          })
          .execute();
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    /** One run of the dealer, or undefined. */
    async find(dealerId: string, id: string): Promise<ImportRunRow | undefined> {
      const row = await select().where('dealer_id', '=', dealerId).where('id', '=', id).executeTakeFirst();
      return row && toRun(row);
    },

    /** The dealer's real import that is running now, if any. */
    async running(dealerId: string): Promise<ImportRunRow | undefined> {
      const row = await select().where('dealer_id', '=', dealerId).where('dry_run', '=', false).where('status', 'in', UNFINISHED).executeTakeFirst();
      return row && toRun(row);
    },

    /**
     * Renews the lease of a run still held by `owner` in `status`, and records what changed. Returns false
     * when the run is no longer this owner's (its lease passed and another process took it over): the
     * caller must stop. Taking the row lock, it also waits out a takeover in progress.
     */
    async hold(id: string, owner: string, status: ImportStatus, leaseUntil: Date, update: RunUpdate = {}): Promise<boolean> {
      const rows = await db
        .updateTable('imports')
        .set({
          lease_until: leaseUntil,
          ...(update.status !== undefined && { status: update.status }),
          ...(update.rows !== undefined && { rows: update.rows }),
          ...(update.progressDone !== undefined && { progress_done: update.progressDone }),
          ...(update.progressTotal !== undefined && { progress_total: update.progressTotal }),
          ...(update.report !== undefined && { report: JSON.stringify(update.report) }),
          ...(update.error !== undefined && { error: JSON.stringify(update.error) }),
          ...(update.finishedAt !== undefined && { finished_at: update.finishedAt, lease_owner: null, lease_until: null }),
        })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('status', '=', status)
        .returning('id')
        .execute();
      return rows.length === 1;
    },

    /** Unfinished runs whose lease has passed by `now` (every unfinished run when `all`): their process is gone. */
    async abandoned(now: Date, all: boolean): Promise<ImportRunRow[]> {
      let query = select().where('status', 'in', UNFINISHED);
      if (!all) query = query.where('lease_until', '<', now);
      return (await query.orderBy('created_at').execute()).map(toRun);
    },

    /** Takes over an abandoned run: only if it is still as it was seen (status and owner), so one process wins. */
    async takeOver(run: ImportRunRow, owner: string, leaseUntil: Date): Promise<boolean> {
      const rows = await db
        .updateTable('imports')
        .set({ lease_owner: owner, lease_until: leaseUntil })
        .where('id', '=', run.id)
        .where('status', '=', run.status)
        .where((eb) => (run.leaseOwner === null ? eb('lease_owner', 'is', null) : eb('lease_owner', '=', run.leaseOwner)))
        .returning('id')
        .execute();
      return rows.length === 1;
    },

    /** Journals one written chunk. */
    async journal(importId: string, entry: JournalEntry): Promise<void> {
      await db
        .insertInto('import_journal')
        .values({ import_id: importId, seq: entry.seq, entity: entry.entity, created_ids: entry.createdIds, previous: JSON.stringify(entry.previous) })
        .execute();
    },

    /** The last journalled chunk of a run (undo goes backwards), or undefined when nothing is left to undo. */
    async lastJournalled(importId: string): Promise<JournalEntry | undefined> {
      const row = await db
        .selectFrom('import_journal')
        .select(['seq', 'entity', 'created_ids', 'previous'])
        .where('import_id', '=', importId)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && { seq: row.seq, entity: row.entity, createdIds: row.created_ids, previous: row.previous };
    },

    /** How many records a run's journal still holds (created and changed). */
    async journalledRecords(importId: string): Promise<number> {
      const row = await sql<{ n: number }>`select coalesce(sum(cardinality(created_ids) + jsonb_array_length(previous)), 0)::int as n
        from import_journal where import_id = ${importId}`.execute(db);
      return row.rows[0]?.n ?? 0;
    },

    /** Forgets journalled chunks: one once undone, or all of a run once it is done. */
    async forget(importId: string, seq?: number): Promise<void> {
      let query = db.deleteFrom('import_journal').where('import_id', '=', importId);
      if (seq !== undefined) query = query.where('seq', '=', seq);
      await query.execute();
    },
  };
}

export type ImportRunRepository = ReturnType<typeof createImportRunRepository>;

function toRun(row: {
  id: string; dealer_id: string; actor_id: string | null; dry_run: boolean; status: ImportStatus; rows: number | null;
  progress_done: number; progress_total: number; report: Record<string, unknown> | null; error: Record<string, unknown> | null;
  lease_owner: string | null; lease_until: Date | null; created_at: Date; finished_at: Date | null;
}): ImportRunRow {
  return {
    id: row.id, dealerId: row.dealer_id, actorId: row.actor_id, dryRun: row.dry_run, status: row.status, rows: row.rows,
    progressDone: row.progress_done, progressTotal: row.progress_total, report: row.report, error: row.error,
    leaseOwner: row.lease_owner, leaseUntil: row.lease_until, createdAt: row.created_at, finishedAt: row.finished_at,
  };
}
