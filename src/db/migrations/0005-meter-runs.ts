import { sql, type Kysely } from 'kysely';

/** Meter history as runs too: an unchanged counter (nights, weekends) moves `confirmed_at` instead of adding a row. */
const STATEMENTS = [
  `alter table meter_history add column confirmed_at timestamptz`,
  `update meter_history set confirmed_at = observed_at`,
  `alter table meter_history alter column confirmed_at set not null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
