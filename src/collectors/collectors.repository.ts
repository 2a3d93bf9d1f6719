import type { Kysely } from 'kysely';
import type { TenantScope } from '../auth/index.js';
import type { CollectorRow, DB } from '../db/schema.js';

/** Collectors (data collection agents) of a dealer, one per customer network, each with a hashed token. */
export function createCollectorRepository(db: Kysely<DB>) {
  return {
    /** Registers a collector. */
    async insert(dealerId: string, collector: { id: string; customerId: string; siteId: string | null; name: string; tokenHash: string; tokenHint: string }, now: Date): Promise<CollectorRow> {
      return db
        .insertInto('collectors')
        .values({
          id: collector.id, dealer_id: dealerId, customer_id: collector.customerId, site_id: collector.siteId, name: collector.name,
          token_hash: collector.tokenHash, token_hint: collector.tokenHint, config: JSON.stringify({}), created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    /** A dealer's collectors, optionally of one customer, by name. */
    async list(scope: TenantScope): Promise<CollectorRow[]> {
      let query = db.selectFrom('collectors').selectAll().where('dealer_id', '=', scope.dealerId);
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      return query.orderBy('name').orderBy('id').execute();
    },

    /** One collector in the scope. */
    async get(scope: TenantScope, id: string): Promise<CollectorRow | undefined> {
      let query = db.selectFrom('collectors').selectAll().where('dealer_id', '=', scope.dealerId).where('id', '=', id);
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      return query.executeTakeFirst();
    },

    /** The unrevoked collector holding a token with this hash. */
    async findByTokenHash(tokenHash: string): Promise<CollectorRow | undefined> {
      return db.selectFrom('collectors').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
    },

    /** Records that the collector called in (its heartbeat). */
    async touch(id: string, now: Date): Promise<void> {
      await db.updateTable('collectors').set({ last_seen_at: now }).where('id', '=', id).execute();
    },

    /** Replaces the collector's own configuration overrides. */
    async setConfig(dealerId: string, id: string, config: Record<string, unknown>): Promise<CollectorRow | undefined> {
      return db.updateTable('collectors').set({ config: JSON.stringify(config) }).where('dealer_id', '=', dealerId).where('id', '=', id).returningAll().executeTakeFirst();
    },

    /** Sets (or, with null, clears) the site a collector of the dealer stands at; undefined when not found. */
    async setSite(dealerId: string, id: string, siteId: string | null): Promise<CollectorRow | undefined> {
      return db.updateTable('collectors').set({ site_id: siteId }).where('dealer_id', '=', dealerId).where('id', '=', id).returningAll().executeTakeFirst();
    },

    /** Stores what the collector last reported about itself. */
    async setHeartbeat(id: string, heartbeat: Record<string, unknown>, now: Date): Promise<void> {
      await db.updateTable('collectors').set({ heartbeat: JSON.stringify(heartbeat), last_seen_at: now }).where('id', '=', id).execute();
    },

    /** Revokes a collector's token; undefined when not found in the dealer. */
    async revoke(dealerId: string, id: string, now: Date): Promise<CollectorRow | undefined> {
      return db.updateTable('collectors').set({ revoked_at: now }).where('dealer_id', '=', dealerId).where('id', '=', id).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
    },
  };
}

export type CollectorRepository = ReturnType<typeof createCollectorRepository>;
