import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { ENGINE, serverDatabase } from '../support/database.js';
import { startServe } from '../support/process.js';

const ROWS = 30_000;
const PASSWORD = 'kill test admin password';

/** A dealer's whole fleet as their old tool exports it. */
function fleetCsv(): string {
  const lines = ['customer,customer_ref,site,city,serial,model'];
  for (let i = 0; i < ROWS; i++) lines.push(`Customer ${i % 500},REF-${i % 500},Site ${i % 3},Leeds,KILL${String(i).padStart(6, '0')},Model ${i % 7}`);
  return `${lines.join('\n')}\n`;
}

async function countImported(dataDir: string, databaseUrl: string | null): Promise<{ devices: number; customers: number; sites: number }> {
  const database = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir });
  try {
    const count = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(database.db)).rows[0]!.n);
    return {
      devices: Number((await sql<{ n: number }>`select count(*)::int as n from devices where serial like 'KILL%'`.execute(database.db)).rows[0]!.n),
      customers: (await count('customers')),
      sites: await count('sites'),
    };
  } finally {
    await database.close();
  }
}

async function signIn(url: string): Promise<string> {
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'kill@example.test', password: PASSWORD }) });
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

interface Run {
  status: string;
  progress: { done: number; total: number };
  error: { message: string } | null;
}

async function importRun(url: string, cookie: string, id: string): Promise<Run> {
  return (await (await fetch(`${url}/api/v1/imports/${id}`, { headers: { cookie } })).json()) as Run;
}

async function journalLeft(dataDir: string, databaseUrl: string | null): Promise<number> {
  const database = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir });
  try {
    return Number((await sql<{ n: number }>`select count(*)::int as n from import_journal`.execute(database.db)).rows[0]!.n);
  } finally {
    await database.close();
  }
}

describe(`killing the server during a CSV import (${ENGINE})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tonerloop-kill-'));
  let cleanup = async () => {};
  afterAll(async () => {
    await cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // An import is written in short journalled chunks (so other requests are served meanwhile), which means a
  // kill can leave part of it in the tables. All or nothing is restored by the journal: the next start (or,
  // on PostgreSQL, any server once the run's lease has passed) undoes what the killed run wrote.
  it('leaves all of the import or none of it once a server is back, and the next import completes', async () => {
    const target = await serverDatabase();
    const databaseUrl = target.databaseUrl;
    cleanup = target.cleanup;
    const env = { TONERLOOP_ADMIN_EMAIL: 'kill@example.test', TONERLOOP_ADMIN_PASSWORD: PASSWORD };
    const server = await startServe({ dataDir, databaseUrl, env });
    const cookie = await signIn(server.url);
    const body = fleetCsv();

    const response = await fetch(`${server.url}/api/v1/imports/csv`, { method: 'POST', headers: { 'content-type': 'text/csv', cookie }, body });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    await server.waitFor(/csv import applying/);
    // Kill it mid-write: some chunks are in, most are not.
    for (let run = await importRun(server.url, cookie, id); run.progress.done === 0; run = await importRun(server.url, cookie, id)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    server.process.kill('SIGKILL');
    await server.exited;

    // Part of it was in the tables when the server died (customers are written first).
    const cut = await countImported(dataDir, databaseUrl);
    expect(cut.customers).toBeGreaterThan(0);
    expect(cut.devices).toBeLessThan(ROWS);

    // The server comes back and undoes the interrupted run; nothing of it is left, journal included.
    const again = await startServe({ dataDir, databaseUrl, env });
    try {
      const relogin = await signIn(again.url);
      let run = await importRun(again.url, relogin, id);
      for (const deadline = Date.now() + 90_000; !['done', 'failed'].includes(run.status) && Date.now() < deadline; run = await importRun(again.url, relogin, id)) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(run.status).toBe('failed');
      expect(run.error?.message).toMatch(/interrupted.*nothing of it was kept/);
      expect(await countImported(dataDir, databaseUrl)).toEqual({ devices: 0, customers: 0, sites: 0 });

      // The same file in full, and once more as a no-op.
      const full = await fetch(`${again.url}/api/v1/imports/csv?wait=true`, { method: 'POST', headers: { 'content-type': 'text/csv', cookie: relogin }, body });
      expect(full.status).toBe(200);
      const repeat = await fetch(`${again.url}/api/v1/imports/csv?wait=true`, { method: 'POST', headers: { 'content-type': 'text/csv', cookie: relogin }, body });
      expect(await repeat.json()).toMatchObject({ changed: false, devices: { unchanged: ROWS } });
    } finally {
      await again.stop();
    }
    expect(await countImported(dataDir, databaseUrl)).toEqual({ devices: ROWS, customers: 500, sites: 1500 });
    expect(await journalLeft(dataDir, databaseUrl)).toBe(0);
  }, 240_000);
});
