import type { Kysely } from 'kysely';
import type { DB, IntegrationRow } from '../db/schema.js';

/** ERP integrations of a dealer, each with a hashed bearer token. */
export function createIntegrationRepository(db: Kysely<DB>) {
  return {
    /** Registers an integration. */
    async insert(dealerId: string, integration: { id: string; name: string; tokenHash: string; tokenHint: string }, now: Date): Promise<IntegrationRow> {
      return db
        .insertInto('integrations')
        .values({ id: integration.id, dealer_id: dealerId, name: integration.name, token_hash: integration.tokenHash, token_hint: integration.tokenHint, created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    /** A dealer's integrations by name. */
    async list(dealerId: string): Promise<IntegrationRow[]> {
      return db.selectFrom('integrations').selectAll().where('dealer_id', '=', dealerId).orderBy('name').orderBy('id').execute();
    },

    /** One integration of the dealer. */
    async get(dealerId: string, id: string): Promise<IntegrationRow | undefined> {
      return db.selectFrom('integrations').selectAll().where('dealer_id', '=', dealerId).where('id', '=', id).executeTakeFirst();
    },

    /** The unrevoked integration holding a token with this hash. */
    async findByTokenHash(tokenHash: string): Promise<IntegrationRow | undefined> {
      return db.selectFrom('integrations').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
    },

    /** Records the integration's last call. */
    async touch(id: string, now: Date): Promise<void> {
      await db.updateTable('integrations').set({ last_used_at: now }).where('id', '=', id).execute();
    },

    /** Revokes an integration's token; undefined when not found in the dealer. */
    async revoke(dealerId: string, id: string, now: Date): Promise<IntegrationRow | undefined> {
      return db.updateTable('integrations').set({ revoked_at: now }).where('dealer_id', '=', dealerId).where('id', '=', id).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
    },
  };
}

export type IntegrationRepository = ReturnType<typeof createIntegrationRepository>;
