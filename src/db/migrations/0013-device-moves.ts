import { sql, type Kysely } from 'kysely';

/**
 * A collector writes only its own customer's devices. A printer (identity) that another customer's
 * collector reads becomes a move candidate (device_moves): which device, from which customer to which,
 * the collector, when it was seen first and last, the latest reading's evidence (target, model, serial,
 * MAC, page counter) and how many readings it held. Until staff confirm it (or the dealer lets moves
 * apply by themselves: dealers.auto_apply_moves), its readings wait in held_readings as uploaded — not
 * in the device's history — and are ingested when it is confirmed, discarded when it is rejected.
 * One pending candidate per device and receiving customer; decided ones stay as the record.
 */
const STATEMENTS = [
  `alter table dealers add column auto_apply_moves boolean not null default false`,
  `create table device_moves (
     id uuid primary key,
     dealer_id uuid not null references dealers(id),
     device_id uuid not null,
     identity text not null,
     from_customer_id uuid not null,
     to_customer_id uuid not null,
     collector_id uuid not null,
     status text not null check (status in ('pending','confirmed','rejected','applied')),
     first_seen_at timestamptz not null,
     last_seen_at timestamptz not null,
     evidence jsonb not null,
     readings_held integer not null default 0,
     readings_refused integer not null default 0,
     created_at timestamptz not null,
     decided_at timestamptz,
     decided_by uuid,
     unique (dealer_id, id),
     foreign key (dealer_id, device_id) references devices(dealer_id, id) on delete cascade,
     foreign key (dealer_id, from_customer_id) references customers(dealer_id, id),
     foreign key (dealer_id, to_customer_id) references customers(dealer_id, id),
     foreign key (dealer_id, collector_id) references collectors(dealer_id, id))`,
  `create unique index device_moves_one_pending on device_moves (device_id, to_customer_id) where status = 'pending'`,
  `create index device_moves_by_dealer on device_moves (dealer_id, status, last_seen_at desc)`,
  `create index device_moves_by_device on device_moves (device_id, to_customer_id, created_at desc)`,
  `create table held_readings (
     dealer_id uuid not null,
     reading_id uuid not null,
     move_id uuid not null,
     collected_at timestamptz not null,
     received_at timestamptz not null,
     reading jsonb not null,
     primary key (dealer_id, reading_id),
     foreign key (dealer_id, move_id) references device_moves(dealer_id, id) on delete cascade)`,
  `create index held_readings_by_move on held_readings (move_id, collected_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
