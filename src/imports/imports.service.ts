import { randomUUID } from 'node:crypto';
import type { Store } from '../app/store.js';
import { authorize, type Principal } from '../auth/index.js';
import { AppError } from '../platform/errors.js';
import { runInSlices } from '../platform/slices.js';
import { readCsvSliced } from './csv.js';
import type { ImportRepository } from './imports.repository.js';
import type { ImportRunRow } from './import-runs.repository.js';
import { importRejected, planImportSliced, type ImportPlan } from './plan.js';
import { reconcileSliced, type ImportChanges, type StoredState, type Tally } from './reconcile.js';

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
  /** Told once, just before the first chunk is written. */
  log?: { info(fields: Record<string, unknown>, message: string): void };
}

/** A checked file: what the import will report, and the records it will write. */
export interface CheckedImport {
  report: ImportReport;
  changes: ImportChanges;
}

/** How far checking has got, for the run's progress: rows checked of the rows in the file. */
export type CheckProgress = (rows: number, checked: number) => void;

/**
 * Checks a file against what the dealer has, without writing: parse, plan and reconcile, each in slices
 * that give the event loop back (a 300,000-row file is seconds of CPU). A file with any bad row is
 * rejected as a whole with every row error (`bad-request`).
 */
export async function checkImport(imports: ImportRepository, dealerId: string, csv: string, dryRun: boolean, progress: CheckProgress, stop: () => boolean): Promise<CheckedImport> {
  const slices = { stop };
  const table = await runInSlices(readCsvSliced(csv), slices);
  const rows = table.records.length;
  progress(rows, 0);
  const planned = await runInSlices(planImportSliced(table, (checked) => progress(rows, checked)), slices);
  if (!planned.ok) throw importRejected(planned.errors);
  const plan = planned.plan;
  const decided = await runInSlices(reconcileSliced(plan, await loadStoredState(imports, dealerId, plan), randomUUID), slices);
  if (!decided.ok) throw importRejected(decided.errors);
  progress(rows, rows);
  return { report: reportOf(plan, decided.changes, dryRun), changes: decided.changes };
}

/** One import run of the caller's dealer, as its watchers see it; `not-found` for another dealer's. */
export async function findImport(store: Store, principal: Principal, id: string): Promise<ImportRunRow> {
  authorize(principal, 'imports:run');
  const run = await store.repos.imports.runs.find(principal.dealerId, id);
  if (!run) throw new AppError('not-found', `No import with id ${id}.`);
  return run;
}

async function loadStoredState(imports: ImportRepository, dealerId: string, plan: ImportPlan): Promise<StoredState> {
  const refs = plan.customers.flatMap((customer) => (customer.externalRef === null ? [] : [customer.externalRef]));
  const customers = await imports.customersNamed(dealerId, plan.customers.map((customer) => customer.name), refs);
  const planned = new Set(plan.customers.map((customer) => customer.name));
  const sites = await imports.sitesOf(dealerId, customers.filter((customer) => planned.has(customer.name)).map((customer) => customer.id));
  const devices = await imports.devicesWithSerials(dealerId, plan.devices.map((device) => device.serial));
  return { customers, sites, devices };
}

function reportOf(plan: ImportPlan, changes: ImportChanges, dryRun: boolean): ImportReport {
  const { customers, sites, devices } = changes.tally;
  const changed = [customers, sites, devices].some((tally) => tally.created + tally.updated > 0);
  return { dryRun, rows: plan.rows, changed, customers, sites, devices };
}
