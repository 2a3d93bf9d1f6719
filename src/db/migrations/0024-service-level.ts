import { sql, type Kysely } from 'kysely';

/**
 * The service-level trigger becomes the default for a new dealer (issue 19, CONTRACT "Just in time"). Dealers that
 * exist already keep the fixed-days rule they ran on: their dealer-level request settings get triggerMode 'both' (the
 * built-in default until now) unless they set a mode themselves, so an upgrade does not change when their printers
 * order. A request raised by the trigger records the stockout risk it was raised on (null for a manual order, and for
 * one raised without a forecast).
 */
const STATEMENTS = [
  `update dealers set request_settings = request_settings || '{"triggerMode":"both"}'::jsonb
    where not (request_settings ? 'triggerMode')`,
  `alter table consumable_requests add column stockout_risk jsonb`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
