import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/app/store.js';
import { ImportRunner } from '../../src/imports/index.js';
import { createTestDatabase, ENGINE } from '../support/database.js';
import { csvOf, dealerWithAdmin, fleetCsv } from './factories.js';

const now = new Date('2025-02-03T10:00:00Z');
const later = new Date('2025-02-04T10:00:00Z');
let store: Store;
/** The test's one runner, as a server has one; the stop-and-recover test makes its own two. */
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

async function fleetOf(dealerId: string) {
  const customers = await store.db.selectFrom('customers').select(['id', 'name', 'external_ref', 'updated_at']).where('dealer_id', '=', dealerId).orderBy('name').execute();
  const sites = await store.db.selectFrom('sites').select(['id', 'customer_id', 'name', 'city', 'updated_at']).where('dealer_id', '=', dealerId).orderBy('name').execute();
  const devices = await store.db.selectFrom('devices').select(['id', 'customer_id', 'site_id', 'serial', 'model', 'updated_at']).where('dealer_id', '=', dealerId).orderBy('serial').execute();
  return { customers, sites, devices };
}

const journalRows = async () => Number((await sql<{ n: number }>`select count(*)::int as n from import_journal`.execute(store.db)).rows[0]!.n);

/** A dealer that already has Acme (ref C001) with a site and a printer, before the big file arrives. */
async function dealerWithFleet() {
  const { dealerId, principal } = await dealerWithAdmin(store, `Undo dealer ${++dealers}`);
  await runner.run(principal, csvOf([{ customer: 'Acme Ltd', customer_ref: 'C001', site: 'HQ', city: 'Leeds', serial: 'AAA-0001', model: 'M404' }]), { dryRun: false }, now);
  return { dealerId, principal, before: await fleetOf(dealerId) };
}

// The big file changes Acme's reference, moves its printer to another customer and adds a thousand more printers,
// so it is written in many chunks and undoing must both delete what it created and restore what it changed.
const bigFile = (extra: { serial: string }[] = []) =>
  csvOf([
    { customer: 'Acme Ltd', customer_ref: 'C009', site: 'HQ', city: 'York', serial: '', model: '' },
    { customer: 'Beta GmbH', customer_ref: '', site: '', city: '', serial: 'AAA-0001', model: 'M404' },
    ...Array.from({ length: 1000 }, (_, i) => ({ customer: `Customer ${i % 40}`, customer_ref: '', site: `Site ${i % 3}`, city: '', serial: `BBB-${String(i).padStart(4, '0')}`, model: 'M507' })),
    ...extra.map(({ serial }) => ({ customer: 'Beta GmbH', customer_ref: '', site: '', city: '', serial, model: '' })),
  ]);

describe(`finding 6: an import written in chunks stays all or nothing (${ENGINE})`, () => {
  it('finding 6: a failure in a late chunk undoes every chunk written before it: created rows go, changed rows come back', async () => {
    const { dealerId, principal, before } = await dealerWithFleet();
    // A printer the database refuses, sorted last, so the failure comes after most of the file is in.
    await sql.raw(`create or replace function refuse_poison() returns trigger language plpgsql as $$
      begin if new.serial like 'ZZZ-POISON%' then raise exception 'poisoned serial'; end if; return new; end $$`).execute(store.db);
    await sql.raw('create trigger refuse_poison before insert on devices for each row execute function refuse_poison()').execute(store.db);
    try {
      const failure = await runner.run(principal, bigFile([{ serial: 'ZZZ-POISON-1' }]), { dryRun: false }, later).then(() => null, (error: unknown) => error);
      expect(String(failure)).toMatch(/poisoned serial/);
    } finally {
      await sql.raw('drop trigger refuse_poison on devices').execute(store.db);
    }
    expect(await fleetOf(dealerId)).toEqual(before);
    expect(await journalRows()).toBe(0);
    const run = await store.db.selectFrom('imports').select(['status', 'error']).where('dealer_id', '=', dealerId).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    expect(run.status).toBe('failed');
    expect(String((run.error as { message: string }).message)).toMatch(/undone; nothing of it was kept/);
    expect(await store.db.selectFrom('audit_log').select('id').where('dealer_id', '=', dealerId).where('action', '=', 'import.csv').where('at', '=', later).execute()).toEqual([]);

    // The same file without the bad printer goes in whole afterwards.
    expect(await runner.run(principal, bigFile(), { dryRun: false }, later)).toMatchObject({ devices: { created: 1000, updated: 1, moved: 1 }, customers: { updated: 1 } });
  });

  it('finding 6: a run left unfinished by a stopped server is undone by the next one, and only one import of a dealer runs at a time', async () => {
    const { dealerId, principal, before } = await dealerWithFleet();
    const first = new ImportRunner(store);
    const started = await first.start(principal, fleetCsv(3000, { serialPrefix: 'STOP' }), { dryRun: false }, later);
    const outcome = started.finished.then(() => 'finished', (error: unknown) => String(error));
    await expect(runner.start(principal, bigFile(), { dryRun: false }, later)).rejects.toMatchObject({ code: 'conflict' });
    // Stop the server once some chunks are written.
    for (;;) {
      const run = await store.db.selectFrom('imports').select(['status', 'progress_done']).where('id', '=', started.id).executeTakeFirstOrThrow();
      if (run.status === 'applying' && run.progress_done > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await first.stop();
    expect(await outcome).toMatch(/server stopped before the import finished/);
    expect((await fleetOf(dealerId)).customers.length).toBeGreaterThan(before.customers.length);

    const next = new ImportRunner(store);
    expect(await next.recover(true)).toBe(1);
    expect(await fleetOf(dealerId)).toEqual(before);
    expect(await journalRows()).toBe(0);
    const run = await store.db.selectFrom('imports').select(['status', 'error']).where('id', '=', started.id).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/interrupted/) } });
    // The dealer may import again.
    expect(await runner.run(principal, bigFile(), { dryRun: false }, later)).toMatchObject({ devices: { created: 1000 } });
  });
});
