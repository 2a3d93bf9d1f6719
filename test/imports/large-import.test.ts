import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/app/store.js';
import { ImportRunner } from '../../src/imports/index.js';
import { createTestDatabase, ENGINE } from '../support/database.js';
import { dealerWithAdmin, fleetCsv } from './factories.js';

const ROWS = 20_000;
const now = new Date('2025-02-03T10:00:00Z');
let store: Store;
let runner: ImportRunner;
let cleanup: () => Promise<void>;

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

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const start = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - start) / 1000 };
}

describe(`a ${ROWS.toLocaleString('en')}-row import (${ENGINE})`, () => {
  it('imports in seconds, and re-imports as a no-op in seconds', async () => {
    const { principal } = await dealerWithAdmin(store, 'Big Dealer');
    const csv = fleetCsv(ROWS, { customers: 1000, sitesPerCustomer: 3 });

    const first = await timed(() => runner.run(principal, csv, { dryRun: false }, now));
    expect(first.result).toMatchObject({ rows: ROWS, customers: { created: 1000 }, sites: { created: 3000 }, devices: { created: ROWS } });
    const again = await timed(() => runner.run(principal, csv, { dryRun: false }, now));
    expect(again.result).toMatchObject({ changed: false, devices: { unchanged: ROWS } });

    console.info(`[${ENGINE}] ${ROWS} rows (${(csv.length / 1e6).toFixed(1)} MB): first import ${first.seconds.toFixed(2)} s, re-import ${again.seconds.toFixed(2)} s`);
    expect(first.seconds).toBeLessThan(30);
    expect(again.seconds).toBeLessThan(30);
  });
});
