import { randomUUID } from 'node:crypto';
import type { Store } from '../app/store.js';
import { actorOf, authorize, type Principal } from '../auth/index.js';
import { readCsv } from './csv.js';
import type { ImportRepository } from './imports.repository.js';
import { importRejected, planImport, type ImportPlan } from './plan.js';
import { reconcile, siteKey, type ImportChanges, type StoredState, type Tally } from './reconcile.js';

/** What an import did (or, for a dry run, would do). */
export interface ImportReport {
  dryRun: boolean;
  rows: number;
  /** False when the file matched what was stored already: importing it again changes nothing. */
  changed: boolean;
  customers: Tally;
  sites: Tally;
  devices: Tally & { moved: number };
}

/** How to run an import: for real or as a dry run, and where to say that writing starts. */
export interface ImportOptions {
  dryRun: boolean;
  /** Told once, just before the writing transaction starts. */
  log?: { info(fields: Record<string, unknown>, message: string): void };
}

/**
 * Imports a dealer's customers, sites and devices from CSV text (how dealers move over from their
 * old tool): everything or nothing, in one transaction, and idempotent. A file with any bad row is
 * rejected as a whole with every row error; a dry run reports the same counts without writing.
 */
export async function importCsv(store: Store, principal: Principal, csv: string, options: ImportOptions, now: Date): Promise<ImportReport> {
  authorize(principal, 'imports:run');
  const dealerId = principal.dealerId;
  const planned = planImport(readCsv(csv));
  if (!planned.ok) throw importRejected(planned.errors);
  const plan = planned.plan;

  if (!options.dryRun) options.log?.info({ rows: plan.rows }, 'csv import applying');
  return store.transaction(async (repos) => {
    const imports = repos.imports;
    const decided = reconcile(plan, await loadStoredState(imports, dealerId, plan), randomUUID);
    if (!decided.ok) throw importRejected(decided.errors);
    const report = reportOf(plan, decided.changes, options.dryRun);
    if (options.dryRun) return report;
    await write(imports, dealerId, decided.changes, now);
    const { dryRun: _, ...counts } = report;
    await repos.audit.record({ dealerId, ...actorOf(principal), action: 'import.csv', entityType: 'import', entityId: null, details: counts }, now);
    return report;
  });
}

async function loadStoredState(imports: ImportRepository, dealerId: string, plan: ImportPlan): Promise<StoredState> {
  const refs = plan.customers.flatMap((customer) => (customer.externalRef === null ? [] : [customer.externalRef]));
  const customers = await imports.customersNamed(dealerId, plan.customers.map((customer) => customer.name), refs);
  const planned = new Set(plan.customers.map((customer) => customer.name));
  const sites = await imports.sitesOf(dealerId, customers.filter((customer) => planned.has(customer.name)).map((customer) => customer.id));
  const devices = await imports.devicesWithSerials(dealerId, plan.devices.map((device) => device.serial));
  return { customers, sites, devices };
}

/** Writes parents before children; ids the database already had (someone inserted meanwhile) replace the ones we chose. */
async function write(imports: ImportRepository, dealerId: string, changes: ImportChanges, now: Date): Promise<void> {
  const storedCustomerIds = await imports.upsertCustomers(dealerId, changes.customers, now);
  const customerId = remap(changes.customers.map((customer) => [customer.id, storedCustomerIds.get(customer.name)]));
  const sites = changes.sites.map((site) => ({ ...site, customerId: customerId(site.customerId) }));
  const storedSiteIds = await imports.upsertSites(dealerId, sites, now);
  const siteId = remap(sites.map((site) => [site.id, storedSiteIds.get(siteKey(site.customerId, site.name))]));
  const devices = changes.devices.map((device) => ({ ...device, customerId: customerId(device.customerId), siteId: device.siteId && siteId(device.siteId) }));
  await imports.upsertDevices(dealerId, devices, now);
}

function remap(pairs: [string, string | undefined][]): (id: string) => string {
  const actual = new Map(pairs.filter((pair): pair is [string, string] => pair[1] !== undefined));
  return (id) => actual.get(id) ?? id;
}

function reportOf(plan: ImportPlan, changes: ImportChanges, dryRun: boolean): ImportReport {
  const { customers, sites, devices } = changes.tally;
  const changed = [customers, sites, devices].some((tally) => tally.created + tally.updated > 0);
  return { dryRun, rows: plan.rows, changed, customers, sites, devices };
}
