import { sql, type Kysely } from 'kysely';

/**
 * The warehouse (issue 18): every unit on the shelf has its own label, so counts come from scans, never from a typed
 * quantity. A receipt of a quantity prints that many labels; its units are `labelled` and count nowhere until each is
 * scanned in at its bin (put-away), which adds it to stock_levels.on_hand. A receipt of serials registers boxes that
 * already carry a unique serial: the serials were scanned to make the receipt, so those units count at once.
 * stock_levels.on_hand at a location is the units there that are in stock or packed (packed units are on the bench
 * until they ship) — plus any count typed before labels existed. Reservations stay counts per job line (the job
 * module's); a unit is bound to a job only when it is packed into that job's box.
 * A scan station's state (what it expects next, the unit waiting for its box label, the job it is packing) is a row,
 * so two server processes see one station. Every scan is kept with the operator and the time. A shipment keeps the
 * carrier, the tracking number and the dispatch and delivery instants per site: the just-in-time issue learns lead
 * times from them.
 */
const STATEMENTS = [
  `create table stock_receipts (
     id uuid primary key,
     dealer_id uuid not null,
     stock_item_id uuid not null,
     location text not null,
     quantity integer not null check (quantity > 0),
     by_serial boolean not null,
     received_by uuid,
     created_at timestamptz not null,
     unique (dealer_id, id),
     foreign key (dealer_id, stock_item_id) references stock_items(dealer_id, id))`,
  `create index stock_receipts_dealer on stock_receipts (dealer_id, created_at)`,
  `create table stock_units (
     id uuid primary key,
     dealer_id uuid not null,
     stock_item_id uuid not null,
     label text not null,
     serial text,
     location text not null,
     status text not null check (status in ('labelled','in-stock','packed','dispatched')),
     job_id uuid,
     receipt_id uuid not null,
     received_at timestamptz,
     packed_at timestamptz,
     packed_by uuid,
     created_at timestamptz not null,
     unique (dealer_id, label),
     unique (dealer_id, serial),
     check ((status in ('packed','dispatched')) = (job_id is not null)),
     foreign key (dealer_id, stock_item_id) references stock_items(dealer_id, id),
     foreign key (dealer_id, receipt_id) references stock_receipts(dealer_id, id))`,
  `create index stock_units_job on stock_units (job_id) where job_id is not null`,
  `create index stock_units_receipt on stock_units (receipt_id)`,
  `create table scan_stations (
     dealer_id uuid not null references dealers(id) on delete cascade,
     station text not null,
     expecting text not null check (expecting in ('unit','order')),
     pending_unit_id uuid,
     job_id uuid,
     last_code text,
     updated_at timestamptz not null,
     primary key (dealer_id, station))`,
  `create table warehouse_scans (
     id uuid primary key,
     seq bigserial not null,
     dealer_id uuid not null,
     station text not null,
     mode text not null check (mode in ('pack','receive')),
     code text not null,
     accepted boolean not null,
     reason text,
     job_id uuid,
     unit_id uuid,
     user_id uuid not null,
     user_name text not null,
     at timestamptz not null)`,
  `create index warehouse_scans_station on warehouse_scans (dealer_id, station, seq)`,
  `create table shipments (
     job_id uuid primary key,
     dealer_id uuid not null,
     site_id uuid,
     carrier text not null,
     tracking_number text not null,
     dispatched_at timestamptz not null,
     dispatched_by uuid not null,
     delivered_at timestamptz,
     delivered_by uuid,
     foreign key (dealer_id, job_id) references supply_jobs(dealer_id, id) on delete cascade)`,
  `create index shipments_site on shipments (dealer_id, site_id, delivered_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
