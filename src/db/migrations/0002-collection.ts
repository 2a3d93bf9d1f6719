import { sql, type Kysely } from 'kysely';

/** Collection: central collector configuration, heartbeats, per-target health and rejected readings. */
const STATEMENTS = [
  `alter table dealers add column collector_defaults jsonb not null default '{}'`,
  `alter table collectors add column heartbeat jsonb`,
  `alter table readings add column rejected_reason text`,
  `alter table devices add column last_target text`,
  `alter table devices add column unreachable_since timestamptz`,
  `alter table devices add column last_error text`,
  `create table collector_targets (
     dealer_id uuid not null,
     collector_id uuid not null,
     target text not null,
     device_id uuid,
     consecutive_failures integer not null default 0,
     last_error text,
     last_attempt_at timestamptz not null,
     last_success_at timestamptz,
     primary key (collector_id, target),
     foreign key (dealer_id, collector_id) references collectors(dealer_id, id) on delete cascade)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
