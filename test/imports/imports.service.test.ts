import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/app/store.js';
import type { Principal } from '../../src/auth/index.js';
import { ImportRunner, type ImportReport } from '../../src/imports/index.js';
import { AppError } from '../../src/platform/errors.js';
import { createTestDatabase, ENGINE } from '../support/database.js';
import { csvOf, dealerWithAdmin } from './factories.js';

const now = new Date('2025-02-03T10:00:00Z');
const later = new Date('2025-02-04T10:00:00Z');
let store: Store;
let runner: ImportRunner;
let cleanup: () => Promise<void>;
let dealers = 0;

beforeAll(async () => {
  const test = await createTestDatabase();
  store = createStore(test.database);
  runner = new ImportRunner(store);
  cleanup = test.cleanup;
});
afterAll(async () => {
  await runner.stop();
  await cleanup();
});

const newDealer = () => dealerWithAdmin(store, `Dealer ${++dealers}`);
const run = (principal: Principal, csv: string, at = now, dryRun = false) => runner.run(principal, csv, { dryRun }, at);
const failureOf = async (promise: Promise<unknown>): Promise<AppError> => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
};

const FLEET = csvOf([
  { customer: 'Acme Ltd', customer_ref: 'C001', site: 'HQ', address: '1 Main St', city: 'Leeds', postcode: 'LS1 1AA', country: 'GB', serial: 'CNB1234567', model: 'HP LaserJet M507' },
  { customer: 'Acme Ltd', customer_ref: '', site: 'HQ', address: '', city: '', postcode: '', country: '', serial: 'CNB7654321', model: '' },
  { customer: 'Acme Ltd', customer_ref: '', site: 'Depot', address: '', city: 'York', postcode: '', country: '', serial: '', model: '' },
  { customer: 'Beta GmbH', customer_ref: 'C002', site: '', address: '', city: '', postcode: '', country: '', serial: 'W1K9900', model: 'Kyocera TASKalfa 3253ci' },
  { customer: 'Gamma plc', customer_ref: '', site: '', address: '', city: '', postcode: '', country: '', serial: '', model: '' },
]);

async function fleetOf(dealerId: string) {
  const customers = await store.db.selectFrom('customers').select(['id', 'name', 'external_ref', 'updated_at']).where('dealer_id', '=', dealerId).orderBy('name').execute();
  const sites = await store.db.selectFrom('sites').select(['id', 'customer_id', 'name', 'city', 'updated_at']).where('dealer_id', '=', dealerId).orderBy('name').execute();
  const devices = await store.db.selectFrom('devices').select(['id', 'customer_id', 'site_id', 'serial', 'model', 'updated_at']).where('dealer_id', '=', dealerId).orderBy('serial').execute();
  return { customers, sites, devices };
}

describe(`ImportRunner.run (${ENGINE})`, () => {
  it('creates the customers, sites and devices a file names, and reports the counts', async () => {
    const { dealerId, principal } = await newDealer();
    const report = await run(principal, FLEET);
    expect(report).toEqual<ImportReport>({
      dryRun: false, rows: 5, changed: true,
      customers: { created: 3, updated: 0, unchanged: 0 },
      sites: { created: 2, updated: 0, unchanged: 0 },
      devices: { created: 3, updated: 0, unchanged: 0, moved: 0 },
    });
    const { customers, sites, devices } = await fleetOf(dealerId);
    expect(customers.map((c) => [c.name, c.external_ref])).toEqual([['Acme Ltd', 'C001'], ['Beta GmbH', 'C002'], ['Gamma plc', null]]);
    const acme = customers[0]!;
    expect(sites.map((s) => [s.name, s.customer_id, s.city])).toEqual([['Depot', acme.id, 'York'], ['HQ', acme.id, 'Leeds']]);
    const hq = sites.find((s) => s.name === 'HQ')!;
    expect(devices.map((d) => [d.serial, d.customer_id, d.site_id, d.model])).toEqual([
      ['CNB1234567', acme.id, hq.id, 'HP LaserJet M507'],
      ['CNB7654321', acme.id, hq.id, null],
      ['W1K9900', customers[1]!.id, null, 'Kyocera TASKalfa 3253ci'],
    ]);
  });

  it('changes nothing when the same file is imported again, and says so', async () => {
    const { dealerId, principal } = await newDealer();
    await run(principal, FLEET);
    const before = await fleetOf(dealerId);
    const again = await run(principal, FLEET, later);
    expect(again).toMatchObject({ changed: false, customers: { created: 0, updated: 0, unchanged: 3 }, sites: { unchanged: 2 }, devices: { created: 0, updated: 0, unchanged: 3 } });
    expect(await fleetOf(dealerId)).toEqual(before);
  });

  it('reports in a dry run exactly what the import will do, without writing anything', async () => {
    const { dealerId, principal } = await newDealer();
    const dry = await run(principal, FLEET, now, true);
    expect(await fleetOf(dealerId)).toEqual({ customers: [], sites: [], devices: [] });
    const real = await run(principal, FLEET);
    expect({ ...dry, dryRun: false }).toEqual(real);
    expect(dry.dryRun).toBe(true);
  });

  it('updates what a later file changes and moves a device listed under another customer', async () => {
    const { dealerId, principal } = await newDealer();
    await run(principal, FLEET);
    const report = await run(principal, 'customer,customer_ref,site,city,serial,model\nAcme Ltd,C009,HQ,Bradford,CNB1234567,\nGamma plc,,,,W1K9900,\nAcme Ltd,,,,CNB7654321,HP LaserJet M404\n', later);
    expect(report).toMatchObject({
      changed: true,
      customers: { created: 0, updated: 1, unchanged: 1 },
      sites: { created: 0, updated: 1, unchanged: 0 },
      devices: { created: 0, updated: 2, unchanged: 1, moved: 1 },
    });
    const { customers, sites, devices } = await fleetOf(dealerId);
    expect(customers.find((c) => c.name === 'Acme Ltd')!.external_ref).toBe('C009');
    expect(sites.find((s) => s.name === 'HQ')!.city).toBe('Bradford');
    const gamma = customers.find((c) => c.name === 'Gamma plc')!;
    expect(devices.find((d) => d.serial === 'W1K9900')).toMatchObject({ customer_id: gamma.id, site_id: null, model: 'Kyocera TASKalfa 3253ci' });
    expect(devices.find((d) => d.serial === 'CNB7654321')).toMatchObject({ model: 'HP LaserJet M404', site_id: sites.find((s) => s.name === 'HQ')!.id });
    expect(devices.find((d) => d.serial === 'CNB1234567')!.updated_at).toEqual(now);
  });

  it('sets where each printer stands from a location column, keeps it where the cell is empty, and drops it when the printer moves', async () => {
    const { dealerId, principal } = await newDealer();
    const locations = async () => Object.fromEntries((await store.db.selectFrom('devices').select(['serial', 'location']).where('dealer_id', '=', dealerId).execute()).map((d) => [d.serial, d.location]));
    await run(principal, 'customer,site,serial,location\nAcme Ltd,HQ,CNB1,"2nd floor, by reception"\nAcme Ltd,HQ,CNB2,\n');
    expect(await locations()).toEqual({ CNB1: '2nd floor, by reception', CNB2: null });
    const again = await run(principal, 'customer,serial,location\nAcme Ltd,CNB1,\nAcme Ltd,CNB2,Basement\n', later);
    expect(again.devices).toMatchObject({ updated: 1, unchanged: 1 });
    expect(await locations()).toEqual({ CNB1: '2nd floor, by reception', CNB2: 'Basement' });
    await run(principal, 'customer,serial\nBeta GmbH,CNB1\n', later);
    expect(await locations()).toEqual({ CNB1: null, CNB2: 'Basement' });
  });

  it('writes nothing when any row has an error', async () => {
    const { dealerId, principal } = await newDealer();
    const error = await failureOf(run(principal, 'customer,serial\nAcme Ltd,SN1\n,SN2\nBeta GmbH,SN 3\n'));
    expect(error.code).toBe('bad-request');
    expect(error.message).toBe('2 rows have errors; nothing was imported.');
    expect(error.details).toMatchObject({ errors: [{ line: 3, column: 'customer' }, { line: 4, column: 'serial' }], moreErrors: 0 });
    expect(await fleetOf(dealerId)).toEqual({ customers: [], sites: [], devices: [] });
  });

  it('writes nothing when a customer_ref already belongs to another stored customer', async () => {
    const { dealerId, principal } = await newDealer();
    await run(principal, FLEET);
    const before = await fleetOf(dealerId);
    const error = await failureOf(run(principal, 'customer,customer_ref,serial\nDelta AG,,SN-NEW\nGamma plc,C001,\n', later));
    expect(error.details).toMatchObject({ errors: [{ line: 3, column: 'customer_ref', message: expect.stringContaining('"Acme Ltd"') }] });
    expect(await fleetOf(dealerId)).toEqual(before);
  });

  it('records one audit entry with the counts, by the admin who imported', async () => {
    const { dealerId, principal } = await newDealer();
    await run(principal, FLEET);
    await run(principal, FLEET, now, true);
    const entries = await store.db.selectFrom('audit_log').selectAll().where('dealer_id', '=', dealerId).where('action', '=', 'import.csv').execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_type: 'user', actor_id: principal.id, entity_type: 'import' });
    expect(entries[0]!.details).toMatchObject({ rows: 5, changed: true, devices: { created: 3 } });
  });

  it("never reads or touches another dealer's rows, even with the same names and serials", async () => {
    const first = await newDealer();
    const second = await newDealer();
    await run(first.principal, FLEET);
    const before = await fleetOf(first.dealerId);
    const report = await run(second.principal, FLEET.replace('Leeds', 'Hull'), later);
    expect(report).toMatchObject({ customers: { created: 3 }, sites: { created: 2 }, devices: { created: 3 } });
    expect(await fleetOf(first.dealerId)).toEqual(before);
    const theirs = await fleetOf(second.dealerId);
    expect(theirs.devices.map((d) => d.serial)).toEqual(before.devices.map((d) => d.serial));
    expect(theirs.customers.some((c) => before.customers.some((b) => b.id === c.id))).toBe(false);
  });

  it('refuses callers who may not run imports', async () => {
    const { dealerId } = await newDealer();
    const dispatcher: Principal = { kind: 'user', id: crypto.randomUUID(), dealerId, role: 'dispatcher', customerId: null, email: 'd@example.com' };
    expect((await failureOf(run(dispatcher, FLEET))).code).toBe('forbidden');
  });

  it('logs the row count once, just before writing, and not for a dry run', async () => {
    const { principal } = await newDealer();
    const lines: [Record<string, unknown>, string][] = [];
    const log = { info: (fields: Record<string, unknown>, message: string) => void lines.push([fields, message]) };
    await runner.run(principal, FLEET, { dryRun: true, log }, now);
    await runner.run(principal, FLEET, { dryRun: false, log }, now);
    expect(lines).toEqual([[{ rows: 5 }, 'csv import applying']]);
  });
});
