import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { AppError } from '../platform/errors.js';
import { endSentence } from '../platform/text.js';
import { MIGRATIONS } from './migrations/index.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { DB } from './schema.js';

export type Engine = 'embedded' | 'postgres';

/** An open database: the Kysely handle, which engine serves it, and how to close it. */
export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  close(): Promise<void>;
}

/** Where the data lives: a PostgreSQL URL, an embedded data folder, or memory (tests). */
export type DatabaseTarget = { databaseUrl: string } | { dataDir: string } | { memory: true };

// int8 (bigint) columns come back as JS numbers on both engines: ids and page counters stay far below 2^53.
const INT8 = 20;

/** Opens the database (without migrating it). */
export async function openDatabase(target: DatabaseTarget, options: { poolSize?: number } = {}): Promise<Database> {
  if ('databaseUrl' in target) {
    const pool = new pg.Pool({
      connectionString: target.databaseUrl,
      max: options.poolSize ?? 10,
      types: { getTypeParser: (oid, format) => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format)) } as pg.CustomTypesConfig,
    });
    // An idle connection ended by the server (restart, failover, dropped database) must not crash the
    // process: the pool discards it and the next query opens a new one.
    pool.on('error', () => {});
    try {
      const client = await pool.connect();
      client.release();
    } catch (error) {
      await pool.end();
      throw new AppError('unavailable', endSentence(`Cannot connect to PostgreSQL at DATABASE_URL: ${(error as Error).message}`));
    }
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const dataDir = 'dataDir' in target ? target.dataDir : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = new PGlite(dataDir, { parsers: { [INT8]: Number } });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return { db, engine: 'embedded', close: () => db.destroy() };
}

/** Brings the schema up to date. Safe to run twice and from two processes at once (Kysely takes an advisory lock). */
export async function migrateDatabase(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new AppError('internal', endSentence(`Database migration failed: ${(error as Error).message}`));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
