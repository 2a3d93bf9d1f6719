import { sql, type Kysely } from 'kysely';

/**
 * Consumable requests. At most one open request (outstanding, queried, actioned) per device supply,
 * enforced by a partial unique index: however many evaluations race, one depletion raises one request.
 */
const STATEMENTS = [
  `create table consumable_requests (
     id uuid primary key,
     dealer_id uuid not null,
     device_id uuid not null,
     customer_id uuid not null,
     supply_index integer not null,
     supply_indexes jsonb not null,
     origin text not null check (origin in ('automatic','manual')),
     trigger text,
     rapid_use boolean not null default false,
     status text not null check (status in ('outstanding','actioned','ignored','queried','deleted','rejected','completed')),
     external_id text,
     comment text,
     authorization_results jsonb not null default '[]',
     pages_at_order bigint,
     percent_at_order double precision,
     status_changed_at timestamptz not null,
     history jsonb not null default '[]',
     created_at timestamptz not null,
     foreign key (dealer_id, device_id) references devices(dealer_id, id) on delete cascade)`,
  `create unique index consumable_requests_one_open on consumable_requests (device_id, supply_index) where status in ('outstanding','queried','actioned')`,
  `create index consumable_requests_queue on consumable_requests (dealer_id, status, created_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
