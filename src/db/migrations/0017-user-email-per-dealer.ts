import { sql, type Kysely } from 'kysely';

/**
 * An e-mail address is unique within a dealer, no longer across dealers: a dealer admin adding a person
 * whose address another dealer already uses must get the same answer as for any new address, or the
 * answer tells them who works with or buys from another dealer (issue 16, finding 7). Login finds the
 * account among those with the address by the password (auth.service.ts); the plain index keeps that
 * lookup indexed.
 */
const STATEMENTS = [
  `drop index users_email`,
  `create unique index users_dealer_email on users (dealer_id, lower(email))`,
  `create index users_email on users (lower(email))`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
