import { AppError } from '../platform/errors.js';
import { runAtOnce, type Sliced } from '../platform/slices.js';
import { mapHeader } from './columns.js';
import type { CsvTable } from './csv.js';
import { readRow, type ImportRow, type RowError } from './row.js';

/** A customer the file names; `refLine` is where its customer_ref was given, for errors found against the database. */
export interface PlannedCustomer {
  name: string;
  externalRef: string | null;
  line: number;
  refLine: number | null;
}

/** A delivery site the file names; a null detail is "not stated" and keeps what is stored. */
export interface PlannedSite {
  customer: string;
  name: string;
  address: string | null;
  city: string | null;
  postcode: string | null;
  country: string | null;
  line: number;
}

/** A printer the file places under a customer (and maybe a site). */
export interface PlannedDevice {
  serial: string;
  customer: string;
  site: string | null;
  model: string | null;
  location: string | null;
  line: number;
}

/** Everything a valid file says, each customer, site and device once, in order of first appearance. */
export interface ImportPlan {
  rows: number;
  customers: PlannedCustomer[];
  sites: PlannedSite[];
  devices: PlannedDevice[];
}

/** A plan, or every row error when the file cannot be imported. */
export type PlanResult = { ok: true; plan: ImportPlan } | { ok: false; errors: RowError[] };

const SITE_DETAILS = ['address', 'city', 'postcode', 'country'] as const;
const MAX_REPORTED_ERRORS = 100;
// Rows checked between two chances to pause (platform/slices.ts).
const ROWS_PER_STEP = 500;

/**
 * Turns a parsed file into an import plan, or every row error found (nothing partial: one bad row
 * rejects the file). Throws `bad-request` when the header itself is unusable or there are no rows.
 */
export function planImport(table: CsvTable): PlanResult {
  return runAtOnce(planImportSliced(table));
}

/** `planImport` as sliced work: it pauses every few hundred rows, and `onRows` hears how many are checked. */
export function* planImportSliced(table: CsvTable, onRows?: (checked: number) => void): Sliced<PlanResult> {
  const columns = mapHeader(table.header);
  if (table.records.length === 0) throw new AppError('bad-request', 'The file has a header row but no rows below it; there is nothing to import.');
  const customers = new Map<string, PlannedCustomer>();
  const refOwners = new Map<string, PlannedCustomer>();
  const sites = new Map<string, PlannedSite & { statedOn: Partial<Record<(typeof SITE_DETAILS)[number], number>> }>();
  const devices = new Map<string, PlannedDevice>();
  const errors: RowError[] = [];

  let checked = 0;
  for (const record of table.records) {
    if (++checked % ROWS_PER_STEP === 0) {
      onRows?.(checked);
      yield;
    }
    const { row, errors: rowErrors } = readRow(record, columns);
    // Cross-row checks on a row that is already wrong would only add noise.
    if (rowErrors.length > 0 || row.customer === null) {
      errors.push(...rowErrors);
      continue;
    }
    const line = row.line;
    const customerName = row.customer;
    let customer = customers.get(customerName);
    if (!customer) customers.set(customerName, (customer = { name: customerName, externalRef: null, line, refLine: null }));
    if (row.customerRef !== null && row.customerRef !== customer.externalRef) {
      const owner = refOwners.get(row.customerRef);
      if (customer.externalRef !== null) {
        errors.push({ line, column: 'customer_ref', message: `customer "${customer.name}" has customer_ref "${row.customerRef}" here but "${customer.externalRef}" on line ${customer.refLine}` });
      } else if (owner) {
        errors.push({ line, column: 'customer_ref', message: `customer_ref "${row.customerRef}" is already used for customer "${owner.name}" on line ${owner.refLine}` });
      } else {
        customer.externalRef = row.customerRef;
        customer.refLine = line;
        refOwners.set(row.customerRef, customer);
      }
    }

    if (row.site !== null) {
      const key = `${customerName}\u0000${row.site}`;
      let site = sites.get(key);
      if (!site) sites.set(key, (site = { customer: customerName, name: row.site, address: null, city: null, postcode: null, country: null, line, statedOn: {} }));
      for (const detail of SITE_DETAILS) {
        const value = row[detail];
        if (value === null || value === site[detail]) continue;
        if (site[detail] !== null) {
          errors.push({ line, column: detail, message: `site "${site.name}" of customer "${customerName}" has ${detail} "${value}" here but "${site[detail]}" on line ${site.statedOn[detail]}` });
        } else {
          site[detail] = value;
          site.statedOn[detail] = line;
        }
      }
    }

    if (row.serial !== null) errors.push(...placeDevice(devices, row, row.serial, customerName));
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    plan: {
      rows: table.records.length,
      customers: [...customers.values()],
      sites: [...sites.values()].map(({ statedOn: _, ...site }) => site),
      devices: [...devices.values()],
    },
  };
}

/** Records a device row; the same serial may repeat only if every stated field agrees (a printer is in one place). */
function placeDevice(devices: Map<string, PlannedDevice>, row: ImportRow, serial: string, customer: string): RowError[] {
  const line = row.line;
  const known = devices.get(serial);
  if (!known) {
    devices.set(serial, { serial, customer, site: row.site, model: row.model, location: row.location, line });
    return [];
  }
  const where = `serial "${serial}" is already listed on line ${known.line}`;
  if (known.customer !== customer) return [{ line, column: 'serial', message: `${where} for customer "${known.customer}"` }];
  if (row.site !== null && known.site !== null && row.site !== known.site) return [{ line, column: 'site', message: `${where} at site "${known.site}"` }];
  if (row.model !== null && known.model !== null && row.model !== known.model) return [{ line, column: 'model', message: `${where} as model "${known.model}"` }];
  if (row.location !== null && known.location !== null && row.location !== known.location) return [{ line, column: 'location', message: `${where} at location "${known.location}"` }];
  known.site ??= row.site;
  known.model ??= row.model;
  known.location ??= row.location;
  return [];
}

/** The one error for a rejected file: how many rows are wrong, and the first of their errors. */
export function importRejected(errors: readonly RowError[]): AppError {
  const rows = new Set(errors.map((error) => error.line)).size;
  const shown = errors.slice(0, MAX_REPORTED_ERRORS);
  return new AppError('bad-request', `${rows} ${rows === 1 ? 'row has' : 'rows have'} errors; nothing was imported.`, {
    errors: shown,
    moreErrors: errors.length - shown.length,
  });
}
