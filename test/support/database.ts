import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateDatabase, openDatabase, type Database } from '../../src/db/index.js';

/**
 * A fresh, migrated database for one test file. With DATABASE_URL set (the test script starts a
 * throwaway PostgreSQL) it is a new database on that server; otherwise an in-memory PGlite.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<{ database: Database; url: string | null; cleanup(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ memory: true });
    if (options.migrate !== false) await migrateDatabase(database.db);
    return { database, url: null, cleanup: () => database.close() };
  }
  const name = `tl_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  if (options.migrate !== false) await migrateDatabase(database.db);
  return {
    database,
    url: url.toString(),
    async cleanup() {
      await database.close();
      await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** The engine the tests run on, for test names. */
export const ENGINE = process.env.DATABASE_URL ? 'postgres' : 'embedded';

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Where a server process under test keeps its data: on PostgreSQL a fresh, empty database (the server
 * migrates it), on the embedded engine null (the server uses its --data-dir).
 */
export async function serverDatabase(): Promise<{ databaseUrl: string | null; cleanup(): Promise<void> }> {
  if (ENGINE !== 'postgres') return { databaseUrl: null, cleanup: async () => {} };
  const test = await createTestDatabase({ migrate: false });
  return { databaseUrl: test.url, cleanup: test.cleanup };
}
