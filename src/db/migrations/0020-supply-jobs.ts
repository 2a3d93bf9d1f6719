import { sql, type Kysely } from 'kysely';

/**
 * Supply jobs (issue 17): TonerLoop's own job module, modelled on Jim2's automated toner job creation. A job
 * ships supplies to one device; its lines are the requests it took, one per request and supply, never two
 * (the unique key is the last guard of "exactly once"); a device has at most one job in status booked (the
 * partial unique index is the guard of consolidation under races). Job numbers are per dealer and gapless:
 * a counter row updated in the transaction that creates the job. Requests now remember the serial they were
 * raised for, so a printer whose serial changed since (or that was replaced) is an exception, not a guess.
 * Dealers that already have an ERP polling (a registered, unrevoked integration) keep it: their dealer-level
 * request settings get fulfilment 'external', so an upgrade does not hand their requests to the job module.
 */
const STATUSES = `('booked','ready','packed','dispatched','delivered','completed','cancelled')`;

const STATEMENTS = [
  `alter table consumable_requests add column serial text`,
  `update consumable_requests r set serial = d.serial from devices d where d.id = r.device_id`,
  `update dealers set request_settings = request_settings || '{"fulfilment":"external"}'::jsonb
    where not (request_settings ? 'fulfilment')
      and exists (select 1 from integrations i where i.dealer_id = dealers.id and i.revoked_at is null)`,
  // How often the job creator takes a dealer's requests (Jim2 polls hourly by default), and when it last did.
  `alter table dealers add column job_run_minutes integer not null default 60 check (job_run_minutes between 5 and 1440)`,
  `alter table dealers add column job_run_at timestamptz`,
  `create table supply_job_counters (
     dealer_id uuid primary key references dealers(id) on delete cascade,
     last_number integer not null)`,
  `create table supply_jobs (
     id uuid primary key,
     dealer_id uuid not null,
     number text not null,
     status text not null check (status in ${STATUSES}),
     device_id uuid not null,
     customer_id uuid not null,
     site_id uuid,
     history jsonb not null default '[]',
     excess jsonb,
     excess_confirmed_at timestamptz,
     excess_confirmed_by text,
     expected_at timestamptz,
     status_changed_at timestamptz not null,
     created_at timestamptz not null,
     updated_at timestamptz not null,
     unique (dealer_id, number),
     unique (dealer_id, id),
     foreign key (dealer_id, device_id) references devices(dealer_id, id) on delete cascade,
     foreign key (dealer_id, customer_id) references customers(dealer_id, id))`,
  `create unique index supply_jobs_one_booked on supply_jobs (device_id) where status = 'booked'`,
  `create index supply_jobs_board on supply_jobs (dealer_id, status, created_at)`,
  `create index supply_jobs_device on supply_jobs (device_id, created_at)`,
  `create index supply_jobs_customer on supply_jobs (dealer_id, customer_id, created_at)`,
  `create table supply_job_lines (
     id uuid primary key,
     dealer_id uuid not null,
     job_id uuid not null,
     request_id uuid not null references consumable_requests(id) on delete cascade,
     supply_index integer not null,
     stock_item_id uuid not null,
     sku text not null,
     description text not null,
     color text,
     kind text not null,
     quantity integer not null check (quantity > 0),
     backorder boolean not null default false,
     expected_at timestamptz,
     selected_by text not null check (selected_by in ('contract-default','related-stock','part-number','manual')),
     why text not null,
     substitute_of uuid,
     reserved_location text,
     completed_at timestamptz,
     created_at timestamptz not null,
     unique (request_id, supply_index),
     foreign key (dealer_id, job_id) references supply_jobs(dealer_id, id) on delete cascade,
     foreign key (dealer_id, stock_item_id) references stock_items(dealer_id, id))`,
  `create index supply_job_lines_job on supply_job_lines (job_id)`,
  `create table supply_job_comments (
     id uuid primary key,
     seq bigserial not null,
     dealer_id uuid not null,
     job_id uuid not null,
     author_kind text not null check (author_kind in ('user','integration','system')),
     author_id text not null,
     author_name text not null,
     body text not null,
     created_at timestamptz not null,
     foreign key (dealer_id, job_id) references supply_jobs(dealer_id, id) on delete cascade)`,
  `create index supply_job_comments_job on supply_job_comments (job_id, seq)`,
  `create table fulfilment_exceptions (
     id uuid primary key,
     dealer_id uuid not null,
     request_id uuid not null references consumable_requests(id) on delete cascade,
     customer_id uuid not null,
     device_id uuid not null,
     reason text not null check (reason in ('unknown-serial','no-sku')),
     message text not null,
     created_at timestamptz not null,
     updated_at timestamptz not null,
     resolved_at timestamptz,
     resolved_by text,
     job_id uuid)`,
  `create unique index fulfilment_exceptions_one_open on fulfilment_exceptions (request_id) where resolved_at is null`,
  `create index fulfilment_exceptions_board on fulfilment_exceptions (dealer_id, resolved_at, created_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
