import { sql, type Kysely } from 'kysely';

/**
 * Urgency first (issue 20). `location` says where in its site a printer stands ("2nd floor, by reception"),
 * so a key user can tell which printer is which. `runs_out_at` is the soonest forecast depletion date of the
 * device's consumables (not receptacles, not kind 'other'), null when none has one or the printer is replaced;
 * it is kept beside the forecasts (telemetry.repository.ts) so the fleet can be listed soonest first, a keyset
 * page at a time, over 100,000 devices without reading their supplies.
 */
const STATEMENTS = [
  `alter table devices add column location text check (char_length(location) <= 200)`,
  `alter table devices add column runs_out_at timestamptz`,
  // Only well-formed four-digit-year dates are read: an extended year would make the cast fail the migration.
  `update devices d set runs_out_at = f.at
     from (select s.device_id, min((s.forecast->>'depletionDate')::timestamptz) as at
             from supplies s
            where not s.is_receptacle and s.kind <> 'other' and s.forecast->>'depletionDate' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T'
            group by s.device_id) f
    where d.id = f.device_id and d.replaced_by is null`,
  // Dealer-wide and per-customer lists by (runs_out_at, identity): ascending puts the nulls last, as the list does.
  `create index devices_by_runs_out on devices (dealer_id, runs_out_at, identity)`,
  `create index devices_by_customer_runs_out on devices (dealer_id, customer_id, runs_out_at, identity)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
