import type { Kysely } from 'kysely';
import type { AuditRow, DB } from '../db/schema.js';

/** One thing that happened, by whom, to what. */
export interface AuditEntry {
  dealerId: string;
  actorType: 'user' | 'collector' | 'integration' | 'system';
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  details?: Record<string, unknown>;
}

/** Append-only audit log; written inside the same transaction as the change it records. */
export function createAuditRepository(db: Kysely<DB>) {
  return {
    /** Appends one entry, or several in one statement, at `at`. */
    async record(entries: AuditEntry | readonly AuditEntry[], at: Date): Promise<void> {
      const list = Array.isArray(entries) ? entries : [entries as AuditEntry];
      if (list.length === 0) return;
      await db
        .insertInto('audit_log')
        .values(list.map((entry) => ({
          dealer_id: entry.dealerId,
          at,
          actor_type: entry.actorType,
          actor_id: entry.actorId,
          action: entry.action,
          entity_type: entry.entityType,
          entity_id: entry.entityId,
          details: JSON.stringify(entry.details ?? {}),
        })))
        .execute();
    },

    /** The newest entries of one dealer, newest first, before an optional id. */
    async list(dealerId: string, options: { limit: number; beforeId?: number }): Promise<AuditRow[]> {
      let query = db.selectFrom('audit_log').selectAll().where('dealer_id', '=', dealerId);
      if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
      return query.orderBy('id', 'desc').limit(options.limit).execute();
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
