import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * Fills a dealer with `devices` printers spread over 200 customers, four supplies each, in a few
 * set-based statements (a benchmark fixture: generated inside the database so seeding 100,000 devices
 * takes seconds, not the minutes row-by-row inserts would).
 */
export async function seedFleet(db: Kysely<DB>, dealerId: string, devices: number, now: Date): Promise<void> {
  await sql`insert into customers (id, dealer_id, name, created_at, updated_at)
    select gen_random_uuid(), ${dealerId}, 'Bench customer ' || lpad(g::text, 4, '0'), ${now}, ${now}
    from generate_series(0, 199) g`.execute(db);
  await sql`insert into devices (id, dealer_id, customer_id, serial, model, first_seen_at, last_seen_at, created_at, updated_at)
    select gen_random_uuid(), ${dealerId}, c.id, 'BENCH' || lpad(g::text, 7, '0'), 'Model ' || (g % 20), ${now}, ${now}, ${now}, ${now}
    from generate_series(0, ${devices - 1}::int) g
    join (select id, (row_number() over (order by name) - 1)::int as n from customers where dealer_id = ${dealerId}) c on c.n = g % 200`.execute(db);
  await sql`insert into supplies (id, dealer_id, device_id, supply_index, kind, color, description, part_number, is_receptacle, remaining_percent, state, updated_at)
    select gen_random_uuid(), d.dealer_id, d.id, s, case when s = 4 then 'waste-toner' else 'toner' end,
      (array['black','cyan','magenta',null])[s], 'Supply ' || s, 'PN-' || s, s = 4, (hashtext(d.serial || s) & 100)::float8, 'ok', ${now}
    from devices d cross join generate_series(1, 4) s where d.dealer_id = ${dealerId}`.execute(db);
  await sql`analyze`.execute(db);
}
