import { sql, type Kysely } from 'kysely';

/** Forecasts: each supply keeps its latest forecast, recomputed when its device's readings arrive. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`alter table supplies add column forecast jsonb`).execute(db);
}
