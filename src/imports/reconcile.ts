import { runAtOnce, type Sliced } from '../platform/slices.js';
import type { ImportPlan, PlannedCustomer, PlannedDevice, PlannedSite } from './plan.js';
import type { RowError } from './row.js';

/** A customer as stored (or as it will be written). */
export interface StoredCustomer {
  id: string;
  name: string;
  externalRef: string | null;
}

/** A site as stored (or as it will be written). */
export interface StoredSite {
  id: string;
  customerId: string;
  name: string;
  address: string | null;
  city: string | null;
  postcode: string | null;
  country: string | null;
}

/** A device as stored (or as it will be written). */
export interface StoredDevice {
  id: string;
  customerId: string;
  siteId: string | null;
  serial: string;
  model: string | null;
  location: string | null;
}

/** What the dealer already has that the file talks about. */
export interface StoredState {
  customers: StoredCustomer[];
  sites: StoredSite[];
  devices: StoredDevice[];
}

/** How many records of one kind an import creates, changes or finds already as the file says. */
export interface Tally {
  created: number;
  updated: number;
  unchanged: number;
}

/** The rows to write (new or changed only) and the honest counts of what the import does. */
export interface ImportChanges {
  customers: StoredCustomer[];
  sites: StoredSite[];
  devices: StoredDevice[];
  tally: { customers: Tally; sites: Tally; devices: Tally & { moved: number } };
}

// Records decided between two chances to pause (platform/slices.ts).
const RECORDS_PER_STEP = 500;

/** The lookup key of a site: sites are unique by name within their customer. */
export function siteKey(customerId: string, siteName: string): string {
  return `${customerId}\u0000${siteName}`;
}

/**
 * Compares the plan with what is stored and decides every write: customers by name, sites by
 * (customer, name), devices by serial. An empty cell keeps what is stored; a device listed under
 * another customer moves there, and loses its site unless the file names one. Errors are conflicts
 * the file alone could not show (a customer_ref already held by another customer).
 */
export function reconcile(plan: ImportPlan, stored: StoredState, newId: () => string): Reconciled {
  return runAtOnce(reconcileSliced(plan, stored, newId));
}

/** The decision of `reconcile`: the changes, or the conflicts found against what is stored. */
export type Reconciled = { ok: true; changes: ImportChanges } | { ok: false; errors: RowError[] };

/** `reconcile` as sliced work (platform/slices.ts): it pauses every few hundred records. */
export function* reconcileSliced(plan: ImportPlan, stored: StoredState, newId: () => string): Sliced<Reconciled> {
  const customers = yield* reconcileCustomers(plan.customers, stored.customers, newId);
  if (customers.errors.length > 0) return { ok: false, errors: customers.errors };
  const sites = yield* reconcileSites(plan.sites, stored.sites, customers.idByName, newId);
  const devices = yield* reconcileDevices(plan.devices, stored.devices, customers.idByName, sites.idByKey, newId);
  return {
    ok: true,
    changes: {
      customers: customers.writes,
      sites: sites.writes,
      devices: devices.writes,
      tally: { customers: customers.tally, sites: sites.tally, devices: devices.tally },
    },
  };
}

function* reconcileCustomers(planned: PlannedCustomer[], stored: StoredCustomer[], newId: () => string) {
  const byName = new Map(stored.map((customer) => [customer.name, customer]));
  const byRef = new Map(stored.filter((c) => c.externalRef !== null).map((customer) => [customer.externalRef!, customer]));
  const writes: StoredCustomer[] = [];
  const idByName = new Map<string, string>();
  const errors: RowError[] = [];
  const tally = emptyTally();
  for (const [index, customer] of planned.entries()) {
    if (index % RECORDS_PER_STEP === 0) yield;
    const holder = customer.externalRef === null ? undefined : byRef.get(customer.externalRef);
    if (holder && holder.name !== customer.name) {
      errors.push({
        line: customer.refLine ?? customer.line,
        column: 'customer_ref',
        message: `customer_ref "${customer.externalRef}" already belongs to customer "${holder.name}"; a reference identifies one customer`,
      });
      continue;
    }
    const existing = byName.get(customer.name);
    if (!existing) {
      const created = { id: newId(), name: customer.name, externalRef: customer.externalRef };
      writes.push(created);
      idByName.set(customer.name, created.id);
      tally.created += 1;
      continue;
    }
    idByName.set(customer.name, existing.id);
    const externalRef = customer.externalRef ?? existing.externalRef;
    if (externalRef === existing.externalRef) tally.unchanged += 1;
    else {
      writes.push({ ...existing, externalRef });
      tally.updated += 1;
    }
  }
  return { writes, idByName, errors, tally };
}

function* reconcileSites(planned: PlannedSite[], stored: StoredSite[], customerIds: Map<string, string>, newId: () => string) {
  const byKey = new Map(stored.map((site) => [siteKey(site.customerId, site.name), site]));
  const writes: StoredSite[] = [];
  const idByKey = new Map<string, string>();
  const tally = emptyTally();
  for (const [index, site] of planned.entries()) {
    if (index % RECORDS_PER_STEP === 0) yield;
    const customerId = customerIds.get(site.customer)!;
    const key = siteKey(customerId, site.name);
    const existing = byKey.get(key);
    const merged: StoredSite = {
      id: existing?.id ?? newId(),
      customerId,
      name: site.name,
      address: site.address ?? existing?.address ?? null,
      city: site.city ?? existing?.city ?? null,
      postcode: site.postcode ?? existing?.postcode ?? null,
      country: site.country ?? existing?.country ?? null,
    };
    idByKey.set(key, merged.id);
    if (!existing) tally.created += 1;
    else if (sameFields(merged, existing, ['address', 'city', 'postcode', 'country'])) {
      tally.unchanged += 1;
      continue;
    } else tally.updated += 1;
    writes.push(merged);
  }
  return { writes, idByKey, tally };
}

function* reconcileDevices(planned: PlannedDevice[], stored: StoredDevice[], customerIds: Map<string, string>, siteIds: Map<string, string>, newId: () => string) {
  const bySerial = new Map(stored.map((device) => [device.serial, device]));
  const writes: StoredDevice[] = [];
  const tally = { ...emptyTally(), moved: 0 };
  for (const [index, device] of planned.entries()) {
    if (index % RECORDS_PER_STEP === 0) yield;
    const customerId = customerIds.get(device.customer)!;
    const existing = bySerial.get(device.serial);
    const stays = existing?.customerId === customerId;
    // A site belongs to one customer: a device that moves without a named site has no site any more.
    const siteId = device.site !== null ? siteIds.get(siteKey(customerId, device.site))! : stays ? existing!.siteId : null;
    // Its location is within its site, so it goes with it: kept while it stays unless the file states another.
    const location = device.location ?? (stays ? existing!.location : null);
    const merged: StoredDevice = { id: existing?.id ?? newId(), customerId, siteId, serial: device.serial, model: device.model ?? existing?.model ?? null, location };
    if (!existing) tally.created += 1;
    else if (sameFields(merged, existing, ['customerId', 'siteId', 'model', 'location'])) {
      tally.unchanged += 1;
      continue;
    } else {
      tally.updated += 1;
      if (!stays) tally.moved += 1;
    }
    writes.push(merged);
  }
  return { writes, tally };
}

function sameFields<T>(a: T, b: T, fields: (keyof T)[]): boolean {
  return fields.every((field) => a[field] === b[field]);
}

function emptyTally(): Tally {
  return { created: 0, updated: 0, unchanged: 0 };
}
