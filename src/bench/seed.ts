import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * Fills a dealer with `devices` printers spread over 200 customers, four supplies each (three toners with
 * forecasts, mostly, and a waste container), each with a location, in a few
 * set-based statements (a benchmark fixture: generated inside the database so seeding 100,000 devices
 * takes seconds, not the minutes row-by-row inserts would).
 */
export async function seedFleet(db: Kysely<DB>, dealerId: string, devices: number, now: Date): Promise<void> {
  await sql`insert into customers (id, dealer_id, name, created_at, updated_at)
    select gen_random_uuid(), ${dealerId}, 'Bench customer ' || lpad(g::text, 4, '0'), ${now}, ${now}
    from generate_series(0, 199) g`.execute(db);
  await sql`insert into devices (id, dealer_id, customer_id, serial, model, location, first_seen_at, last_seen_at, created_at, updated_at)
    select gen_random_uuid(), ${dealerId}, c.id, 'BENCH' || lpad(g::text, 7, '0'), 'Model ' || (g % 20), 'Floor ' || (g % 6) || ', room ' || (g % 40), ${now}, ${now}, ${now}, ${now}
    from generate_series(0, ${devices - 1}::int) g
    join (select id, (row_number() over (order by name) - 1)::int as n from customers where dealer_id = ${dealerId}) c on c.n = g % 200`.execute(db);
  await sql`insert into supplies (id, dealer_id, device_id, supply_index, kind, color, description, part_number, is_receptacle, remaining_percent, state, updated_at)
    select gen_random_uuid(), d.dealer_id, d.id, s, case when s = 4 then 'waste-toner' else 'toner' end,
      (array['black','cyan','magenta',null])[s], 'Supply ' || s, 'PN-' || s, s = 4, (hashtext(d.serial || s) & 100)::float8, 'ok', ${now}
    from devices d cross join generate_series(1, 4) s where d.dealer_id = ${dealerId}`.execute(db);
  // Forecasts for seven in eight toners (0–102 days left), and each device's soonest run-out date from them, as
  // the forecast worker keeps it (devices.runs_out_at), so the fleet sorted soonest first is measured at size.
  await sql`update supplies s set forecast = jsonb_build_object('daysRemaining', f.days, 'daysRemainingLow', round(f.days * 0.8, 1), 'daysRemainingHigh', round(f.days * 1.2, 1),
      'pagesRemaining', round(f.days * 120), 'basis', 'Bench fixture.', 'asOf', ${now.toISOString()}::text,
      'depletionDate', to_char((${now}::timestamptz + make_interval(secs => (f.days * 86400)::float8)) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    from (select id, round(((hashtext(id::text) & 1023) / 10.0)::numeric, 1) as days from supplies where dealer_id = ${dealerId} and not is_receptacle) f
    where s.id = f.id and hashtext(s.id::text || 'forecast') & 7 <> 0`.execute(db);
  await sql`update devices d set runs_out_at = f.at
    from (select device_id, min((forecast->>'depletionDate')::timestamptz) as at from supplies
          where dealer_id = ${dealerId} and not is_receptacle and kind <> 'other' and forecast->>'depletionDate' is not null group by device_id) f
    where d.dealer_id = ${dealerId} and d.id = f.device_id`.execute(db);
  await sql`analyze`.execute(db);
}
