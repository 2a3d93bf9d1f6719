import { sql, type Kysely } from 'kysely';

/**
 * A printer swapped for another: when a device seen for the first time answers at the address where
 * the same collector last read another printer (collector_targets), and that one has not been read
 * since, the old one is marked replaced by the new one (and unmarked if it answers again, somewhere).
 */
const STATEMENTS = [
  `alter table devices add column replaced_by uuid references devices (id) on delete set null`,
  `alter table devices add column replaced_at timestamptz`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
