import { sql, type Kysely } from 'kysely';

/**
 * The core data model of the whole loop. Every row that belongs to a dealer carries dealer_id, and
 * child tables reference their parent through (dealer_id, id) so a row can never point across tenants.
 */
const STATEMENTS = [
  `create table dealers (
     id uuid primary key,
     name text not null,
     created_at timestamptz not null)`,

  `create table customers (
     id uuid primary key,
     dealer_id uuid not null references dealers(id),
     name text not null,
     external_ref text,
     created_at timestamptz not null,
     updated_at timestamptz not null,
     unique (dealer_id, id),
     unique (dealer_id, name))`,
  `create unique index customers_external_ref on customers (dealer_id, external_ref) where external_ref is not null`,

  `create table users (
     id uuid primary key,
     dealer_id uuid not null references dealers(id),
     email text not null,
     name text not null,
     password_hash text not null,
     role text not null check (role in ('dealer-admin','dispatcher','warehouse-operator','customer-key-user')),
     customer_id uuid,
     created_at timestamptz not null,
     disabled_at timestamptz,
     foreign key (dealer_id, customer_id) references customers(dealer_id, id),
     check ((role = 'customer-key-user') = (customer_id is not null)))`,
  `create unique index users_email on users (lower(email))`,

  `create table sessions (
     token_hash text primary key,
     user_id uuid not null references users(id) on delete cascade,
     dealer_id uuid not null references dealers(id),
     created_at timestamptz not null,
     last_seen_at timestamptz not null,
     expires_at timestamptz not null)`,
  `create index sessions_expiry on sessions (expires_at)`,

  `create table sites (
     id uuid primary key,
     dealer_id uuid not null,
     customer_id uuid not null,
     name text not null,
     address text, city text, postcode text, country text,
     created_at timestamptz not null,
     updated_at timestamptz not null,
     foreign key (dealer_id, customer_id) references customers(dealer_id, id),
     unique (dealer_id, id),
     unique (customer_id, name))`,

  `create table devices (
     id uuid primary key,
     dealer_id uuid not null,
     customer_id uuid not null,
     site_id uuid,
     serial text not null,
     model text,
     first_seen_at timestamptz,
     last_seen_at timestamptz,
     created_at timestamptz not null,
     updated_at timestamptz not null,
     foreign key (dealer_id, customer_id) references customers(dealer_id, id),
     foreign key (dealer_id, site_id) references sites(dealer_id, id),
     unique (dealer_id, id),
     unique (dealer_id, serial))`,
  `create index devices_by_customer on devices (dealer_id, customer_id, serial)`,

  `create table supplies (
     id uuid primary key,
     dealer_id uuid not null,
     device_id uuid not null,
     supply_index integer not null,
     kind text not null,
     color text,
     description text,
     part_number text,
     is_receptacle boolean not null default false,
     remaining_percent double precision,
     state text not null,
     raw jsonb,
     updated_at timestamptz not null,
     foreign key (dealer_id, device_id) references devices(dealer_id, id) on delete cascade,
     unique (device_id, supply_index))`,

  `create table supply_level_history (
     id bigserial primary key,
     dealer_id uuid not null,
     device_id uuid not null,
     supply_index integer not null,
     observed_at timestamptz not null,
     confirmed_at timestamptz not null,
     remaining_percent double precision,
     state text not null,
     raw_level double precision,
     raw_max double precision,
     foreign key (dealer_id, device_id) references devices(dealer_id, id) on delete cascade)`,
  `create index supply_level_history_by_supply on supply_level_history (device_id, supply_index, observed_at)`,

  `create table meter_history (
     id bigserial primary key,
     dealer_id uuid not null,
     device_id uuid not null,
     observed_at timestamptz not null,
     total bigint, mono bigint, color bigint,
     foreign key (dealer_id, device_id) references devices(dealer_id, id) on delete cascade,
     unique (device_id, observed_at))`,

  `create table collectors (
     id uuid primary key,
     dealer_id uuid not null,
     customer_id uuid not null,
     name text not null,
     token_hash text not null unique,
     token_hint text not null,
     config jsonb not null default '{}',
     created_at timestamptz not null,
     last_seen_at timestamptz,
     revoked_at timestamptz,
     foreign key (dealer_id, customer_id) references customers(dealer_id, id),
     unique (dealer_id, id))`,

  `create table readings (
     dealer_id uuid not null references dealers(id),
     reading_id uuid not null,
     collector_id uuid,
     device_id uuid,
     collected_at timestamptz not null,
     received_at timestamptz not null,
     primary key (dealer_id, reading_id))`,

  `create table integrations (
     id uuid primary key,
     dealer_id uuid not null references dealers(id),
     name text not null,
     token_hash text not null unique,
     token_hint text not null,
     created_at timestamptz not null,
     last_used_at timestamptz,
     revoked_at timestamptz)`,

  `create table audit_log (
     id bigserial primary key,
     dealer_id uuid not null references dealers(id),
     at timestamptz not null,
     actor_type text not null,
     actor_id uuid,
     action text not null,
     entity_type text not null,
     entity_id text,
     details jsonb not null default '{}')`,
  `create index audit_log_by_dealer on audit_log (dealer_id, id desc)`,

  `create table jobs (
     id uuid primary key,
     name text not null,
     payload jsonb not null default '{}',
     dedupe_key text unique,
     status text not null check (status in ('queued','running','done','failed')),
     attempts integer not null default 0,
     max_attempts integer not null,
     run_at timestamptz not null,
     locked_by text,
     locked_until timestamptz,
     last_error text,
     created_at timestamptz not null,
     finished_at timestamptz)`,
  `create index jobs_due on jobs (run_at) where status in ('queued','running')`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
