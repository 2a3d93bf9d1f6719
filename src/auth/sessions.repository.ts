import type { Kysely } from 'kysely';
import type { DB, UserRow } from '../db/schema.js';

/** Server-side portal sessions, keyed by the hash of the cookie value. */
export function createSessionRepository(db: Kysely<DB>) {
  return {
    /** Stores a new session. */
    async insert(session: { tokenHash: string; userId: string; dealerId: string; expiresAt: Date }, now: Date): Promise<void> {
      await db
        .insertInto('sessions')
        .values({ token_hash: session.tokenHash, user_id: session.userId, dealer_id: session.dealerId, created_at: now, last_seen_at: now, expires_at: session.expiresAt })
        .execute();
    },

    /** The live session with this hash and its enabled user, or undefined. */
    async findLive(tokenHash: string, now: Date): Promise<{ session: { created_at: Date; last_seen_at: Date }; user: UserRow } | undefined> {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('users')
        .select(['sessions.created_at as session_created_at', 'sessions.last_seen_at as session_last_seen_at'])
        .where('sessions.token_hash', '=', tokenHash)
        .where('sessions.expires_at', '>', now)
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      const { session_created_at, session_last_seen_at, ...user } = row;
      return { session: { created_at: session_created_at, last_seen_at: session_last_seen_at }, user };
    },

    /** Slides a session's expiry forward after use. */
    async touch(tokenHash: string, now: Date, expiresAt: Date): Promise<void> {
      await db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute();
    },

    /** Ends one session. */
    async delete(tokenHash: string): Promise<void> {
      await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    },

    /** Ends every session of a user (password change, account disabled). */
    async deleteForUser(userId: string): Promise<void> {
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },

    /** Removes expired sessions; returns how many. */
    async deleteExpired(now: Date): Promise<number> {
      const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
