import { sql, type Kysely } from 'kysely';

/**
 * Purchasing (issue 18): purchase orders to suppliers, receipts against them, and the lead times purchase suggestions
 * subtract from the date stock is needed. A purchase order's lines say what is expected per item; what was received is
 * never typed: it is the units of the receipts that name the order, once counted in (scanned in at their bin, or
 * registered by serial) — so a line's received count, the order's status (open, partly received, received) and the
 * stock's "on order" (what open orders still expect) all follow from scans. A cancelled order expects nothing more.
 * stock_levels.on_order and next_expected_at stay the job module's interface (a back order's expected date): they are
 * rewritten from the open orders whenever an order or its receipts change. Lead time: a supplier's days from order to
 * arrival, per item where it differs, else the dealer's (7 days by default: Happen EKM's default lead time).
 * Deliveries are looked up by tracking number (a carrier's report names only that), hence the index on shipments.
 */
const STATEMENTS = [
  `alter table dealers add column supplier_lead_time_days integer not null default 7 check (supplier_lead_time_days between 0 and 365)`,
  `alter table stock_items add column lead_time_days integer check (lead_time_days between 0 and 365)`,
  `create table purchase_orders (
     id uuid primary key,
     dealer_id uuid not null references dealers(id),
     supplier text not null check (char_length(supplier) between 1 and 200),
     reference text not null check (char_length(reference) between 1 and 100),
     location text not null,
     expected_at timestamptz,
     cancelled_at timestamptz,
     created_by uuid,
     created_at timestamptz not null,
     unique (dealer_id, reference),
     unique (dealer_id, id))`,
  `create index purchase_orders_dealer on purchase_orders (dealer_id, created_at)`,
  `create table purchase_order_lines (
     dealer_id uuid not null,
     purchase_order_id uuid not null,
     stock_item_id uuid not null,
     quantity integer not null check (quantity > 0),
     position integer not null,
     primary key (purchase_order_id, stock_item_id),
     foreign key (dealer_id, purchase_order_id) references purchase_orders(dealer_id, id) on delete cascade,
     foreign key (dealer_id, stock_item_id) references stock_items(dealer_id, id))`,
  `create index purchase_order_lines_item on purchase_order_lines (dealer_id, stock_item_id)`,
  `alter table stock_receipts add column purchase_order_id uuid`,
  `alter table stock_receipts add constraint stock_receipts_purchase_order foreign key (dealer_id, purchase_order_id) references purchase_orders(dealer_id, id)`,
  `create index stock_receipts_purchase_order on stock_receipts (purchase_order_id) where purchase_order_id is not null`,
  `create index shipments_tracking on shipments (dealer_id, tracking_number)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
