import { sql, type Kysely } from 'kysely';

/**
 * Forecasts leave the upload: an upload marks each device it touched as due (`forecast_due_at`) and
 * counts the sighting (`ingest_seq`); a worker claims due devices, recomputes them, and clears the mark
 * only if no reading arrived meanwhile. Readings also keep what the server corrected or noticed in them.
 */
const STATEMENTS = [
  `alter table devices add column forecast_due_at timestamptz`,
  `alter table devices add column ingest_seq bigint not null default 0`,
  `create index devices_forecast_due on devices (forecast_due_at) where forecast_due_at is not null`,
  `alter table readings add column notes jsonb`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
