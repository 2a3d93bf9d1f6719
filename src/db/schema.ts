import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable } from 'kysely';

/** A timestamp column: written as a Date, read as a Date on both engines. */
type Timestamp = ColumnType<Date, Date, Date>;
/** A JSON column: objects in and out. */
type Json<T = Record<string, unknown>> = ColumnType<T, T | string, T | string>;

export type Role = 'dealer-admin' | 'dispatcher' | 'warehouse-operator' | 'customer-key-user';
export const ROLES: readonly Role[] = ['dealer-admin', 'dispatcher', 'warehouse-operator', 'customer-key-user'];

export interface DealersTable {
  id: string;
  name: string;
  created_at: Timestamp;
  /** Dealer-wide collector configuration every collector inherits (collection/config.ts). */
  collector_defaults: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** Request-setting overrides at this level (requests/settings.ts); empty inherits everything. */
  request_settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** A printer another customer's collector reads moves there by itself, without staff confirming (moves/). */
  auto_apply_moves: ColumnType<boolean, boolean | undefined, boolean>;
  /** Minutes between runs of the supply-job creator (fulfilment/); 60 by default, as Jim2 polls hourly. */
  job_run_minutes: ColumnType<number, number | undefined, number>;
  /** When the scheduled job creator last took this dealer's requests; null before the first run. */
  job_run_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Days from a purchase order to its arrival, for items without their own (purchasing/); 7 by default. */
  supplier_lead_time_days: ColumnType<number, number | undefined, number>;
}

export interface UsersTable {
  id: string;
  dealer_id: string;
  email: string;
  name: string;
  password_hash: string;
  role: Role;
  /** Set only for customer key users: the one customer whose data they may see. */
  customer_id: string | null;
  created_at: Timestamp;
  disabled_at: Timestamp | null;
}

/** Failed logins per throttle key (a hash; see auth/login-throttle.ts), shared by every server process. */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_failure_at: Timestamp;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value; the value itself is never stored. */
  token_hash: string;
  user_id: string;
  dealer_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface CustomersTable {
  id: string;
  dealer_id: string;
  name: string;
  external_ref: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Request-setting overrides at this level (requests/settings.ts); empty inherits everything. */
  request_settings: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface SitesTable {
  id: string;
  dealer_id: string;
  customer_id: string;
  name: string;
  address: string | null;
  city: string | null;
  postcode: string | null;
  country: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DevicesTable {
  id: string;
  dealer_id: string;
  customer_id: string;
  site_id: string | null;
  /** Null while the printer tells none and nobody entered one; unique per dealer otherwise. */
  serial: ColumnType<string | null, string | null | undefined, string | null>;
  /** Its interface address (ifPhysAddress, lower-case "00:1b:78:12:34:56"), when a collector read one. */
  mac: ColumnType<string | null, string | null | undefined, string | null>;
  /** The serial was entered by hand for a printer that tells none: shown, but readings still match it by MAC. */
  serial_by_hand: ColumnType<boolean, boolean | undefined, boolean>;
  /** What readings are matched on, unique per dealer; the database derives it: the told serial, else `mac:<mac>`. */
  identity: GeneratedAlways<string>;
  model: string | null;
  first_seen_at: Timestamp | null;
  last_seen_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Where a collector last read it (host:port or ipp:// URI). */
  last_target: ColumnType<string | null, string | null | undefined, string | null>;
  /** Set when its collector failed to read it several times in a row; cleared by the next good reading. */
  unreachable_since: ColumnType<Date | null, Date | null | undefined, Date | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  /** Someone asked for a fresh reading ("refresh now"); the collector is told until a reading newer than this arrives. */
  refresh_requested_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Request-setting overrides at this level (requests/settings.ts); empty inherits everything. */
  request_settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** Readings arrived since its forecasts were last recomputed (or a claim's lease runs out then); null when up to date. */
  forecast_due_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Counts uploads that touched it: a forecast worker clears `forecast_due_at` only if this did not move meanwhile. */
  ingest_seq: ColumnType<number, number | undefined, number>;
  /** The printer that took its place: first seen at its address after it was last read (telemetry marks it). */
  replaced_by: ColumnType<string | null, string | null | undefined, string | null>;
  replaced_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Where in its site the printer stands ("2nd floor, by reception"), as staff or a key user entered it. */
  location: ColumnType<string | null, string | null | undefined, string | null>;
  /** The soonest forecast depletion date of its consumables; null when none has one, or it is replaced (kept by telemetry). */
  runs_out_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface SuppliesTable {
  id: string;
  dealer_id: string;
  device_id: string;
  supply_index: number;
  kind: string;
  color: string | null;
  description: string | null;
  part_number: string | null;
  /** Every orderable part number the description names (voltage variants of a kit); the one part number otherwise. */
  part_numbers: ColumnType<string[], string[] | undefined, string[]>;
  is_receptacle: boolean;
  remaining_percent: number | null;
  state: string;
  raw: Json | null;
  /** When the current value was first read (an unchanged supply is not rewritten); historic readings never roll it back. */
  updated_at: Timestamp;
  /** The latest forecast (CONTRACT shape), or null before the first one. */
  forecast: ColumnType<StoredForecast | null, string | null | undefined, string | null>;
}

/** A supply's forecast as stored and served (CONTRACT): null estimates with a reason in `basis` when there is none. */
export interface StoredForecast {
  daysRemaining: number | null;
  daysRemainingLow: number | null;
  daysRemainingHigh: number | null;
  pagesRemaining: number | null;
  depletionDate: string | null;
  basis: string;
  /** Other colour supplies of the device expected to run out within the shipping window of this one. */
  consolidateWith?: number[];
  /** When it was computed (the time of the device's latest reading). */
  asOf: string;
}

/** Level history stored as changes: one row per distinct state, `confirmed_at` moves while it holds. */
export interface SupplyLevelHistoryTable {
  id: Generated<number>;
  dealer_id: string;
  device_id: string;
  supply_index: number;
  observed_at: Timestamp;
  confirmed_at: Timestamp;
  remaining_percent: number | null;
  state: string;
  raw_level: number | null;
  raw_max: number | null;
}

/** Page-meter history stored as runs: a counter that did not move keeps one row whose `confirmed_at` moves. */
export interface MeterHistoryTable {
  id: Generated<number>;
  dealer_id: string;
  device_id: string;
  observed_at: Timestamp;
  confirmed_at: Timestamp;
  total: number | null;
  mono: number | null;
  color: number | null;
}

/** Receipt of every uploaded reading, by its readingId: what makes uploads idempotent. */
export interface ReadingsTable {
  dealer_id: string;
  reading_id: string;
  collector_id: string | null;
  device_id: string | null;
  collected_at: Timestamp;
  received_at: Timestamp;
  /** Why a reading was not used (e.g. no serial), so nothing is dropped silently. */
  rejected_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** What the server corrected or noticed in a reading it kept (a level above 100 %, a meter gone back), one sentence each. */
  notes: ColumnType<string[] | null, string | null | undefined, string | null>;
}

/** What a move candidate was seen with: the latest reading of the printer at the receiving customer. */
export interface MoveEvidence {
  readingId: string;
  collectedAt: string;
  target: string;
  protocol: string;
  serial: string | null;
  mac: string | null;
  model: string | null;
  pageCounter: number | null;
}

/** A printer of one customer read by another customer's collector: moved there only when staff confirm (or the dealer lets moves apply). */
export interface DeviceMovesTable {
  id: string;
  dealer_id: string;
  device_id: string;
  /** The device's identity when it was seen (its serial, else `mac:<mac>`). */
  identity: string;
  from_customer_id: string;
  to_customer_id: string;
  /** The collector that read it (the latest one, when several of the receiving customer's did). */
  collector_id: string;
  status: 'pending' | 'confirmed' | 'rejected' | 'applied';
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  evidence: ColumnType<MoveEvidence, string, string>;
  /** Readings held for it (kept while pending, ingested on confirm, discarded on reject). */
  readings_held: ColumnType<number, number | undefined, number>;
  /** Readings refused after it was rejected. */
  readings_refused: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  decided_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The user who decided; null while pending and when the dealer's setting applied it. */
  decided_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A reading held for a pending move candidate, as uploaded. */
export interface HeldReadingsTable {
  dealer_id: string;
  reading_id: string;
  move_id: string;
  collected_at: Timestamp;
  received_at: Timestamp;
  reading: ColumnType<Record<string, unknown>, string, string>;
}

/** Health of each target a collector polls: consecutive failures make a device "unreachable". */
export interface CollectorTargetsTable {
  dealer_id: string;
  collector_id: string;
  target: string;
  device_id: string | null;
  consecutive_failures: number;
  last_error: string | null;
  last_attempt_at: Timestamp;
  last_success_at: Timestamp | null;
}

export interface CollectorsTable {
  id: string;
  dealer_id: string;
  customer_id: string;
  name: string;
  token_hash: string;
  token_hint: string;
  config: Json;
  created_at: Timestamp;
  last_seen_at: Timestamp | null;
  revoked_at: Timestamp | null;
  /** The customer's site it stands at: the printers it finds are given it when they have none. */
  site_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** What the collector last reported about itself (version, queue depth, errors). */
  heartbeat: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}

export interface IntegrationsTable {
  id: string;
  dealer_id: string;
  name: string;
  token_hash: string;
  token_hint: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  dealer_id: string;
  at: Timestamp;
  actor_type: 'user' | 'collector' | 'integration' | 'system';
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details: Json;
}

export type ImportStatus = 'checking' | 'applying' | 'undoing' | 'done' | 'failed';

/** A CSV import run: its status and progress for whoever watches it, and the lease of the process running it. */
export interface ImportsTable {
  id: string;
  dealer_id: string;
  actor_id: string | null;
  dry_run: boolean;
  status: ImportStatus;
  /** Data rows in the file, once it has been read. */
  rows: number | null;
  progress_done: ColumnType<number, number | undefined, number>;
  progress_total: ColumnType<number, number | undefined, number>;
  report: Json | null;
  /** Why it failed: the row errors of a rejected file, or the error that made it undo what it wrote. */
  error: Json | null;
  lease_owner: string | null;
  lease_until: Date | null;
  created_at: Timestamp;
  finished_at: Date | null;
}

/** One written chunk of an import: the ids it created and the rows it changed as they were before, to undo it. */
export interface ImportJournalTable {
  import_id: string;
  seq: number;
  entity: 'customer' | 'site' | 'device';
  created_ids: string[];
  previous: Json<Record<string, unknown>[]>;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: string;
  name: string;
  payload: Json;
  /** Unique when set: a scheduled slot or an idempotent request enqueues once, however many processes try. */
  dedupe_key: string | null;
  status: JobStatus;
  attempts: number;
  max_attempts: number;
  run_at: Timestamp;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

/** One cartridge's life in one printer, as detected from the readings. */
export interface CartridgeCyclesTable {
  dealer_id: string;
  device_id: string;
  supply_index: number;
  seq: number;
  part_number: string | null;
  start_kind: 'new' | 'moved-in' | 'already-in';
  installed_at: Timestamp;
  end_kind: 'depleted' | 'swapped' | 'open';
  ended_at: Timestamp | null;
  pages_printed: number;
  toner_used_percent: number | null;
  realized_yield: number | null;
  residual_percent: number | null;
  shakes: number;
}

/** A consumable request: toner to send to a device's supply (and colours consolidated with it). */
export interface ConsumableRequestsTable {
  id: string;
  dealer_id: string;
  device_id: string;
  customer_id: string;
  supply_index: number;
  supply_indexes: ColumnType<number[], string, string>;
  origin: 'automatic' | 'manual';
  trigger: 'forecast' | 'level' | null;
  rapid_use: boolean;
  status: 'outstanding' | 'actioned' | 'ignored' | 'queried' | 'deleted' | 'rejected' | 'completed';
  external_id: string | null;
  comment: string | null;
  authorization_results: ColumnType<{ rule: string; passed: boolean; reason: string }[], string, string>;
  pages_at_order: number | null;
  percent_at_order: number | null;
  status_changed_at: Timestamp;
  history: ColumnType<Record<string, unknown>[], string, string>;
  created_at: Timestamp;
  /** Cartridges ordered (manual orders choose; automatic requests order one per supply). */
  quantity: ColumnType<number, number | undefined, number>;
  /** The warning a manual order on an auto-replenished device was placed under, kept so authorization and staff see it. */
  conflict: ColumnType<string | null, string | null | undefined, string | null>;
  /** The device's serial when the request was raised: the job module matches it against the device again (fulfilment/). */
  serial: ColumnType<string | null, string | null | undefined, string | null>;
  /** The chance of running out before the replacement arrives, as the trigger saw it when it raised (or reopened) the request; null without a forecast. */
  stockout_risk: ColumnType<StoredStockoutRisk | null, string | null | undefined, string | null>;
}

/** A request's stockout risk as stored (requests/stockout-risk.ts StockoutRisk, and when it was assessed). */
export interface StoredStockoutRisk {
  probabilityPercent: number;
  probabilityIfOrderedNowPercent: number;
  depletionDate: string;
  bandLow: string | null;
  bandHigh: string | null;
  expectedArrival: string;
  unavoidable: boolean;
  leadTimeDays: { min: number; max: number };
  assessedAt: string;
}

export interface ContractsTable {
  id: string;
  dealer_id: string;
  customer_id: string;
  name: string;
  auto_replenish: boolean;
  valid_from: Timestamp | null;
  valid_until: Timestamp | null;
  /** True: every device of the customer; false: only the devices in contract_devices. */
  covers_all_devices: boolean;
  request_settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContractDevicesTable {
  dealer_id: string;
  contract_id: string;
  device_id: string;
}

export interface RequestCommentsTable {
  id: string;
  /** Insertion order: comments made in the same millisecond still read in the order they were made. */
  seq: Generated<string>;
  dealer_id: string;
  request_id: string;
  author_kind: 'user' | 'integration' | 'system';
  author_id: string;
  author_name: string;
  body: string;
  created_at: Timestamp;
}

/** A dealer's stock item (migration 0019): what it ships, matched to printers by part number. */
export interface StockItemsTable {
  id: string;
  dealer_id: string;
  sku: string;
  description: string;
  /** One of the supply kinds of a reading (collection/reading.ts SupplyKind). */
  kind: string;
  /** Lower case (black, cyan, …); null for a kind without a colour. */
  color: string | null;
  yield_pages: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The supplier's days from order to arrival for this item; null takes the dealer's. */
  lead_time_days: ColumnType<number | null, number | null | undefined, number | null>;
}

/** The printer part numbers a stock item fits, upper case without spaces like supplies.part_number. */
export interface StockPartNumbersTable {
  dealer_id: string;
  part_number: string;
  stock_item_id: string;
}

/** A barcode names one stock item per dealer: a valid GTIN/EAN, or the dealer's own code. */
export interface StockBarcodesTable {
  dealer_id: string;
  code: string;
  stock_item_id: string;
  kind: 'gtin' | 'dealer';
}

/** Items that may ship in place of another, in order of preference. */
export interface StockSubstitutesTable {
  dealer_id: string;
  stock_item_id: string;
  substitute_id: string;
  /** May ship in place of the item without asking the customer. */
  without_asking: ColumnType<boolean, boolean | undefined, boolean>;
  position: number;
}

/** The related stock of a printer model, named exactly as devices report it in devices.model. */
export interface RelatedStockTable {
  dealer_id: string;
  model: string;
  stock_item_id: string;
  position: number;
}

/** A contract's default stock: a customer-specific override of the model's related stock. */
export interface ContractDefaultStockTable {
  dealer_id: string;
  contract_id: string;
  stock_item_id: string;
  position: number;
}

/** Per-SKU counts per location; the job module reserves from them, warehouse receipts will feed them. */
export interface StockLevelsTable {
  dealer_id: string;
  stock_item_id: string;
  location: ColumnType<string, string | undefined, string>;
  on_hand: ColumnType<number, number | undefined, number>;
  reserved: ColumnType<number, number | undefined, number>;
  on_order: ColumnType<number, number | undefined, number>;
  next_expected_at: Timestamp | null;
}

export type SupplyJobStatus = 'booked' | 'ready' | 'packed' | 'dispatched' | 'delivered' | 'completed' | 'cancelled';
export type LineSelectedBy = 'contract-default' | 'related-stock' | 'part-number' | 'manual';

/** A supply job (migration 0020): supplies shipped to one device; at most one booked per device. */
export interface SupplyJobsTable {
  id: string;
  dealer_id: string;
  /** Human-readable and gapless per dealer, e.g. J-000123: the B2B ID written on the requests it took. */
  number: string;
  status: SupplyJobStatus;
  device_id: string;
  customer_id: string;
  site_id: string | null;
  history: ColumnType<Record<string, unknown>[], string, string>;
  /** The excess-supply figures when a line would ship more than the device could have used; null otherwise. */
  excess: ColumnType<Record<string, unknown>[] | null, string | null | undefined, string | null>;
  excess_confirmed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  excess_confirmed_by: ColumnType<string | null, string | null | undefined, string | null>;
  /** Expected delivery, as promised to the customer: the latest expected date of its lines. */
  expected_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  status_changed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One request's supply on a job: the SKU chosen and why. */
export interface SupplyJobLinesTable {
  id: string;
  dealer_id: string;
  job_id: string;
  request_id: string;
  supply_index: number;
  stock_item_id: string;
  sku: string;
  description: string;
  color: string | null;
  kind: string;
  quantity: number;
  backorder: ColumnType<boolean, boolean | undefined, boolean>;
  expected_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  selected_by: LineSelectedBy;
  why: string;
  /** The stock item this line was meant to ship when a substitute fills it. */
  substitute_of: ColumnType<string | null, string | null | undefined, string | null>;
  /** Where its quantity is reserved (stock_levels.location) once the job is ready; null while not reserved. */
  reserved_location: ColumnType<string | null, string | null | undefined, string | null>;
  completed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Timestamp;
}

export interface SupplyJobCommentsTable {
  id: string;
  seq: Generated<string>;
  dealer_id: string;
  job_id: string;
  author_kind: 'user' | 'integration' | 'system';
  author_id: string;
  author_name: string;
  body: string;
  created_at: Timestamp;
}

/** A request the job creator could not turn into a job line: why, and whether someone fixed it. One open per request. */
export interface FulfilmentExceptionsTable {
  id: string;
  dealer_id: string;
  request_id: string;
  customer_id: string;
  device_id: string;
  reason: 'unknown-serial' | 'no-sku';
  message: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  resolved_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  resolved_by: ColumnType<string | null, string | null | undefined, string | null>;
  job_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** The whole database as Kysely sees it. Later migrations add their tables here. */
/** A goods receipt: a quantity that got labels printed, or boxes registered by their own serials (0021). */
export interface StockReceiptsTable {
  id: string;
  dealer_id: string;
  stock_item_id: string;
  location: string;
  quantity: number;
  by_serial: boolean;
  received_by: string | null;
  created_at: Timestamp;
  /** The purchase order this receipt was received against; null for a free receipt. */
  purchase_order_id: ColumnType<string | null, string | null | undefined, string | null>;
}
export type StockUnitStatus = 'labelled' | 'in-stock' | 'packed' | 'dispatched';
/** One unit on the shelf with its own label (and its box's serial when it has one); counted only once scanned in. */
export interface StockUnitsTable {
  id: string;
  dealer_id: string;
  stock_item_id: string;
  label: string;
  serial: string | null;
  location: string;
  status: StockUnitStatus;
  job_id: ColumnType<string | null, string | null | undefined, string | null>;
  receipt_id: string;
  received_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  packed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  packed_by: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}
/** A scan station's state: what it expects next, the unit waiting for its box label, the job it is packing. */
export interface ScanStationsTable {
  dealer_id: string;
  station: string;
  expecting: 'unit' | 'order';
  pending_unit_id: string | null;
  job_id: string | null;
  last_code: string | null;
  updated_at: Timestamp;
}
/** Every scan, accepted or refused, with the operator and the time. */
export interface WarehouseScansTable {
  id: string;
  seq: Generated<string>;
  dealer_id: string;
  station: string;
  mode: 'pack' | 'receive';
  code: string;
  accepted: boolean;
  reason: string | null;
  job_id: string | null;
  unit_id: string | null;
  user_id: string;
  user_name: string;
  at: Timestamp;
}
/** A job handed to a carrier, and when it was delivered (per site: lead times are learned from it). */
export interface ShipmentsTable {
  job_id: string;
  dealer_id: string;
  site_id: string | null;
  carrier: string;
  tracking_number: string;
  dispatched_at: Timestamp;
  dispatched_by: string;
  delivered_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  delivered_by: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A purchase order to a supplier; its status follows from what its receipts counted in (purchasing/). */
export interface PurchaseOrdersTable {
  id: string;
  dealer_id: string;
  supplier: string;
  reference: string;
  /** The bin its goods are expected at (what is on order shows there). */
  location: string;
  expected_at: Timestamp | null;
  cancelled_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface PurchaseOrderLinesTable {
  dealer_id: string;
  purchase_order_id: string;
  stock_item_id: string;
  quantity: number;
  position: number;
}

export interface DB {
  dealers: DealersTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  customers: CustomersTable;
  sites: SitesTable;
  devices: DevicesTable;
  supplies: SuppliesTable;
  supply_level_history: SupplyLevelHistoryTable;
  meter_history: MeterHistoryTable;
  readings: ReadingsTable;
  device_moves: DeviceMovesTable;
  held_readings: HeldReadingsTable;
  collectors: CollectorsTable;
  integrations: IntegrationsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  collector_targets: CollectorTargetsTable;
  cartridge_cycles: CartridgeCyclesTable;
  consumable_requests: ConsumableRequestsTable;
  contracts: ContractsTable;
  contract_devices: ContractDevicesTable;
  request_comments: RequestCommentsTable;
  imports: ImportsTable;
  import_journal: ImportJournalTable;
  stock_items: StockItemsTable;
  stock_part_numbers: StockPartNumbersTable;
  stock_barcodes: StockBarcodesTable;
  stock_substitutes: StockSubstitutesTable;
  related_stock: RelatedStockTable;
  contract_default_stock: ContractDefaultStockTable;
  stock_levels: StockLevelsTable;
  supply_job_counters: { dealer_id: string; last_number: number };
  supply_jobs: SupplyJobsTable;
  supply_job_lines: SupplyJobLinesTable;
  supply_job_comments: SupplyJobCommentsTable;
  fulfilment_exceptions: FulfilmentExceptionsTable;
  stock_receipts: StockReceiptsTable;
  stock_units: StockUnitsTable;
  scan_stations: ScanStationsTable;
  warehouse_scans: WarehouseScansTable;
  shipments: ShipmentsTable;
  purchase_orders: PurchaseOrdersTable;
  purchase_order_lines: PurchaseOrderLinesTable;
}

export type DealerRow = Selectable<DealersTable>;
export type UserRow = Selectable<UsersTable>;
export type CustomerRow = Selectable<CustomersTable>;
export type SiteRow = Selectable<SitesTable>;
export type DeviceRow = Selectable<DevicesTable>;
export type ContractRow = Selectable<ContractsTable>;
export type ConsumableRequestRow = Selectable<ConsumableRequestsTable>;
export type RequestCommentRow = Selectable<RequestCommentsTable>;
export type SupplyRow = Selectable<SuppliesTable>;
export type CollectorRow = Selectable<CollectorsTable>;
export type DeviceMoveRow = Selectable<DeviceMovesTable>;
export type IntegrationRow = Selectable<IntegrationsTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type StockItemRow = Selectable<StockItemsTable>;
export type StockLevelRow = Selectable<StockLevelsTable>;
export type SupplyJobRow = Selectable<SupplyJobsTable>;
export type SupplyJobLineRow = Selectable<SupplyJobLinesTable>;
export type SupplyJobCommentRow = Selectable<SupplyJobCommentsTable>;
export type FulfilmentExceptionRow = Selectable<FulfilmentExceptionsTable>;
export type StockUnitRow = Selectable<StockUnitsTable>;
export type ScanStationRow = Selectable<ScanStationsTable>;
export type JobRow = Selectable<JobsTable>;
export type NewJob = Insertable<JobsTable>;
