import { sql, type Kysely } from 'kysely';

/**
 * Forecasts leave the upload: an upload marks each device it touched as due (`forecast_due_at`) and
 * counts the sighting (`ingest_seq`); a worker claims due devices, recomputes them, and clears the mark
 * only if no reading arrived meanwhile. Readings also keep what the server corrected or noticed in them.
 * Tables whose rows uploads update keep free room per page (fillfactor) so those updates stay cheap, and
 * the reads the worker and the evaluations repeat get their indexes.
 */
const STATEMENTS = [
  `alter table devices add column forecast_due_at timestamptz`,
  `alter table devices add column ingest_seq bigint not null default 0`,
  `create index devices_forecast_due on devices (forecast_due_at) where forecast_due_at is not null`,
  `alter table readings add column notes jsonb`,
  // Rows every upload rewrites (a run's confirmation, a target's last attempt, a device's sighting) keep
  // room on their page, so the new version stays there and no index is touched (HOT updates).
  `alter table supply_level_history set (fillfactor = 85)`,
  `alter table meter_history set (fillfactor = 85)`,
  `alter table collector_targets set (fillfactor = 70)`,
  `alter table devices set (fillfactor = 80)`,
  `alter table supplies set (fillfactor = 80)`,
  // The fleet prior reads a part number's most recent finished cycles: ordered by the index, not sorted per device.
  `create index cartridge_cycles_by_part_recent on cartridge_cycles (dealer_id, part_number, installed_at desc)`,
  `drop index cartridge_cycles_by_part`,
  // Every evaluation reads all of a device's requests; only its open ones had an index.
  `create index consumable_requests_by_device on consumable_requests (device_id, created_at desc)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
