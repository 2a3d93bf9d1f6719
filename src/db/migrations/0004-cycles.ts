import { sql, type Kysely } from 'kysely';

/** Cartridge cycles per supply (install → depletion or swap), kept current from the readings. */
const STATEMENTS = [
  `create table cartridge_cycles (
     dealer_id uuid not null,
     device_id uuid not null,
     supply_index integer not null,
     seq integer not null,
     part_number text,
     start_kind text not null,
     installed_at timestamptz not null,
     end_kind text not null,
     ended_at timestamptz,
     pages_printed integer not null,
     toner_used_percent double precision,
     realized_yield double precision,
     residual_percent double precision,
     shakes integer not null,
     primary key (device_id, supply_index, seq),
     foreign key (dealer_id, device_id) references devices(dealer_id, id) on delete cascade)`,
  `create index cartridge_cycles_by_part on cartridge_cycles (dealer_id, part_number)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
