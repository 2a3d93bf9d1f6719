import { sql, type Kysely } from 'kysely';

/**
 * Failed logins per throttle key (a hash of the client address, of the address with the account, or of
 * the account: see auth/login-throttle.ts), in the database so the limit holds across every server
 * process of an installation. One row per key; rows are pruned once their window has passed.
 */
const STATEMENTS = [
  `create table login_throttle (
     key text primary key,
     failures integer not null,
     last_failure_at timestamptz not null)`,
  `create index login_throttle_by_last_failure on login_throttle (last_failure_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
