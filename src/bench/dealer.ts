import { randomBytes } from 'node:crypto';
import { createStore, type Store } from '../app/store.js';
import type { Principal } from '../auth/index.js';
import { createDealer } from '../dealers/index.js';
import { migrateDatabase, type Database, type Engine } from '../db/index.js';
import { throwawayDatabase } from './core.js';

/** A benchmark's dealer: a throwaway database of its own (migrated), its store, the dealer and its admin as the principal. */
export interface BenchDealer {
  engine: Engine;
  database: Database;
  store: Store;
  dealer: { id: string };
  principal: Principal;
  /** Closes and removes the database. */
  drop(): Promise<void>;
}

/**
 * The preamble the workflow benches share: a throwaway database on PostgreSQL (`databaseUrl`) or the embedded engine,
 * migrated, and a dealer named `name` with a dealer admin of a random address and password. On a failure here the
 * database is removed at once; otherwise the caller drops it when done.
 */
export async function benchDealer(name: string, options: { databaseUrl?: string | undefined; now: Date }): Promise<BenchDealer> {
  const engine: Engine = options.databaseUrl ? 'postgres' : 'embedded';
  const { database, drop } = await throwawayDatabase(engine, options.databaseUrl);
  try {
    await migrateDatabase(database.db);
    const store = createStore(database);
    const { dealer, admin } = await createDealer(store, { name, adminEmail: `bench-${randomBytes(4).toString('hex')}@example.test`, adminPassword: randomBytes(12).toString('hex') }, options.now);
    const principal: Principal = { kind: 'user', id: admin.id, dealerId: dealer.id, role: 'dealer-admin', customerId: null, email: admin.email };
    return { engine, database, store, dealer, principal, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}
