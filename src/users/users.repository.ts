import { sql, type Kysely } from 'kysely';
import type { DB, Role, UserRow } from '../db/schema.js';

export interface NewUser {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  role: Role;
  customerId: string | null;
}

/**
 * Portal users. An e-mail address is unique within a dealer, compared without case; several dealers may
 * each have a user with the same address (one person working with two dealers, or a clash nobody may learn of).
 */
export function createUserRepository(db: Kysely<DB>) {
  return {
    /** The users with this e-mail address at every dealer (login needs them before it knows the dealer), oldest first. */
    async listByEmail(email: string): Promise<UserRow[]> {
      return db.selectFrom('users').selectAll().where(sql`lower(email)`, '=', email.toLowerCase()).orderBy('created_at').orderBy('id').execute();
    },

    /** One user of a dealer. */
    async get(dealerId: string, id: string): Promise<UserRow | undefined> {
      return db.selectFrom('users').selectAll().where('dealer_id', '=', dealerId).where('id', '=', id).executeTakeFirst();
    },

    /** A dealer's users by e-mail address. */
    async list(dealerId: string): Promise<UserRow[]> {
      return db.selectFrom('users').selectAll().where('dealer_id', '=', dealerId).orderBy('email').execute();
    },

    /** Inserts a user; undefined when the e-mail address is taken at this dealer. */
    async insert(dealerId: string, user: NewUser, now: Date): Promise<UserRow | undefined> {
      return db
        .insertInto('users')
        .values({
          id: user.id, dealer_id: dealerId, email: user.email, name: user.name, password_hash: user.passwordHash,
          role: user.role, customer_id: user.customerId, created_at: now, disabled_at: null,
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
    },

    /** Disables a user (they can no longer log in); undefined when not found in the dealer. */
    async disable(dealerId: string, id: string, now: Date): Promise<UserRow | undefined> {
      return db.updateTable('users').set({ disabled_at: now }).where('dealer_id', '=', dealerId).where('id', '=', id).returningAll().executeTakeFirst();
    },

    /** How many users exist at all: zero means a fresh installation. */
    async countAll(): Promise<number> {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
