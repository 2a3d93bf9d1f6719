import { sql, type Kysely } from 'kysely';
import type { DB, DealerRow } from '../db/schema.js';

/** Dealers: the tenants of a TonerLoop installation. */
export function createDealerRepository(db: Kysely<DB>) {
  return {
    /**
     * Holds, until the transaction ends, the lock every process takes before creating the installation's first
     * dealer: with e-mail addresses unique only within a dealer, nothing else stops two processes starting on an
     * empty database from each creating one.
     */
    async lockFirstDealer(): Promise<void> {
      await sql`select pg_advisory_xact_lock(hashtextextended('installation/first-dealer', 0))`.execute(db);
    },

    /** Creates a dealer. */
    async insert(dealer: { id: string; name: string }, now: Date): Promise<DealerRow> {
      return db.insertInto('dealers').values({ id: dealer.id, name: dealer.name, created_at: now }).returningAll().executeTakeFirstOrThrow();
    },

    /** Replaces the dealer-wide collector configuration. */
    async setCollectorDefaults(id: string, defaults: Record<string, unknown>): Promise<void> {
      await db.updateTable('dealers').set({ collector_defaults: JSON.stringify(defaults) }).where('id', '=', id).execute();
    },

    /** One dealer. */
    async get(id: string): Promise<DealerRow | undefined> {
      return db.selectFrom('dealers').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** The names of these dealers, by id (one query). */
    async names(ids: string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('dealers').select(['id', 'name']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    },
  };
}

export type DealerRepository = ReturnType<typeof createDealerRepository>;
