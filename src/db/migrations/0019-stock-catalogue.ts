import { sql, type Kysely } from 'kysely';

/**
 * The stock catalogue (issue 17): what a dealer ships, the printer part numbers each item fits, its barcodes,
 * its substitutes, the related stock of each printer model, each contract's default stock, and simple per-SKU
 * stock levels the supply-job module reserves from. The job module (src/fulfilment) reads these tables with its
 * own SQL, so their names and columns are a fixed interface. Every child row carries dealer_id and references
 * the item by (dealer_id, id), so no row can ever point at another dealer's item.
 */
const KINDS = `('toner','waste-toner','drum','fuser','developer','ink','waste-ink','transfer','staples','other')`;

const STATEMENTS = [
  `create table stock_items (
     id uuid primary key,
     dealer_id uuid not null references dealers(id),
     sku text not null check (char_length(sku) between 1 and 100),
     description text not null check (char_length(description) between 1 and 500),
     kind text not null check (kind in ${KINDS}),
     color text check (color = lower(color) and char_length(color) between 1 and 40),
     yield_pages integer check (yield_pages > 0),
     created_at timestamptz not null,
     updated_at timestamptz not null,
     unique (dealer_id, sku),
     unique (dealer_id, id))`,
  // Upper case without spaces, as the collector stores supplies' part numbers (collection/normalize/part-number.ts).
  `create table stock_part_numbers (
     dealer_id uuid not null,
     part_number text not null check (part_number = upper(part_number) and part_number !~ '\\s' and part_number <> ''),
     stock_item_id uuid not null,
     primary key (dealer_id, part_number, stock_item_id),
     foreign key (dealer_id, stock_item_id) references stock_items(dealer_id, id) on delete cascade)`,
  `create index stock_part_numbers_item on stock_part_numbers (stock_item_id)`,
  // One item per code and dealer: a scanned barcode must name exactly one thing.
  `create table stock_barcodes (
     dealer_id uuid not null,
     code text not null check (code <> ''),
     stock_item_id uuid not null,
     kind text not null check (kind in ('gtin','dealer')),
     primary key (dealer_id, code),
     foreign key (dealer_id, stock_item_id) references stock_items(dealer_id, id) on delete cascade)`,
  `create index stock_barcodes_item on stock_barcodes (stock_item_id)`,
  `create table stock_substitutes (
     dealer_id uuid not null,
     stock_item_id uuid not null,
     substitute_id uuid not null,
     without_asking boolean not null default false,
     position integer not null,
     primary key (stock_item_id, substitute_id),
     check (stock_item_id <> substitute_id),
     foreign key (dealer_id, stock_item_id) references stock_items(dealer_id, id) on delete cascade,
     foreign key (dealer_id, substitute_id) references stock_items(dealer_id, id) on delete cascade)`,
  `create index stock_substitutes_substitute on stock_substitutes (substitute_id)`,
  `create table related_stock (
     dealer_id uuid not null,
     model text not null,
     stock_item_id uuid not null,
     position integer not null,
     primary key (dealer_id, model, stock_item_id),
     foreign key (dealer_id, stock_item_id) references stock_items(dealer_id, id) on delete cascade)`,
  `create index related_stock_item on related_stock (stock_item_id)`,
  `create table contract_default_stock (
     dealer_id uuid not null,
     contract_id uuid not null,
     stock_item_id uuid not null,
     position integer not null,
     primary key (contract_id, stock_item_id),
     foreign key (dealer_id, contract_id) references contracts(dealer_id, id) on delete cascade,
     foreign key (dealer_id, stock_item_id) references stock_items(dealer_id, id) on delete cascade)`,
  `create index contract_default_stock_item on contract_default_stock (stock_item_id)`,
  `create table stock_levels (
     dealer_id uuid not null,
     stock_item_id uuid not null,
     location text not null default 'MAIN',
     on_hand integer not null default 0 check (on_hand >= 0),
     reserved integer not null default 0 check (reserved >= 0),
     on_order integer not null default 0,
     next_expected_at timestamptz,
     primary key (dealer_id, stock_item_id, location),
     foreign key (dealer_id, stock_item_id) references stock_items(dealer_id, id) on delete cascade)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
