import { sql, type Kysely } from 'kysely';

/**
 * Request settings at every level (dealer, customer, contract, device: a JSON object of overrides, empty
 * means "inherit everything"), contracts and the devices they name, manual-order details on requests,
 * and request comments.
 */
const STATEMENTS = [
  `alter table dealers add column request_settings jsonb not null default '{}'`,
  `alter table customers add column request_settings jsonb not null default '{}'`,
  `alter table devices add column request_settings jsonb not null default '{}'`,
  `alter table devices add column refresh_requested_at timestamptz`,
  `create table contracts (
     id uuid primary key,
     dealer_id uuid not null,
     customer_id uuid not null,
     name text not null,
     auto_replenish boolean not null default true,
     valid_from timestamptz,
     valid_until timestamptz,
     covers_all_devices boolean not null default true,
     request_settings jsonb not null default '{}',
     created_at timestamptz not null,
     updated_at timestamptz not null,
     unique (dealer_id, id),
     unique (dealer_id, customer_id, name),
     check (valid_until is null or valid_from is null or valid_from <= valid_until),
     foreign key (dealer_id, customer_id) references customers(dealer_id, id) on delete cascade)`,
  `create table contract_devices (
     dealer_id uuid not null,
     contract_id uuid not null,
     device_id uuid not null,
     primary key (contract_id, device_id),
     foreign key (dealer_id, contract_id) references contracts(dealer_id, id) on delete cascade,
     foreign key (dealer_id, device_id) references devices(dealer_id, id) on delete cascade)`,
  `create index contract_devices_device on contract_devices (device_id)`,
  `alter table consumable_requests add column quantity integer not null default 1 check (quantity between 1 and 100)`,
  `alter table consumable_requests add column conflict text`,
  `create table request_comments (
     id uuid primary key,
     seq bigserial not null,
     dealer_id uuid not null,
     request_id uuid not null references consumable_requests(id) on delete cascade,
     author_kind text not null check (author_kind in ('user','integration','system')),
     author_id text not null,
     author_name text not null,
     body text not null,
     created_at timestamptz not null)`,
  `create index request_comments_request on request_comments (request_id, seq)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
