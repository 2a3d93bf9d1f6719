import { sql, type Kysely } from 'kysely';

/**
 * A printer swapped for another: when a device seen for the first time answers at the address where
 * another printer of the same customer was last read, and that one has not been read since, the old
 * one is marked replaced by the new one (and unmarked if it answers again, somewhere). The index finds
 * a customer's printer by where it was last read.
 */
const STATEMENTS = [
  `alter table devices add column replaced_by uuid references devices (id) on delete set null`,
  `alter table devices add column replaced_at timestamptz`,
  `create index devices_by_target on devices (dealer_id, customer_id, last_target) where last_target is not null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
