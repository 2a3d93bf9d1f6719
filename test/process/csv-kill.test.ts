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

describe(`killing the server during a CSV import (${ENGINE})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tonerloop-kill-'));
  let cleanup = async () => {};
  afterAll(async () => {
    await cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves all of the import or none of it, and the next import completes', async () => {
    const target = await serverDatabase();
    const databaseUrl = target.databaseUrl;
    cleanup = target.cleanup;
    const env = { TONERLOOP_ADMIN_EMAIL: 'kill@example.test', TONERLOOP_ADMIN_PASSWORD: PASSWORD };
    const server = await startServe({ dataDir, databaseUrl, env });
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'kill@example.test', password: PASSWORD }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const body = fleetCsv();

    const upload = fetch(`${server.url}/api/v1/imports/csv`, { method: 'POST', headers: { 'content-type': 'text/csv', cookie }, body }).then(
      (response) => `answered ${response.status}`,
      () => 'connection lost',
    );
    await server.waitFor(/csv import applying/);
    server.process.kill('SIGKILL');
    await server.exited;
    // The kill came before the answer: the import was cut off while it was being written.
    expect(await upload).toBe('connection lost');

    const after = await countImported(dataDir, databaseUrl);
    expect([0, ROWS]).toContain(after.devices);
    if (after.devices === 0) expect(after).toEqual({ devices: 0, customers: 0, sites: 0 });
    else expect(after).toEqual({ devices: ROWS, customers: 500, sites: 1500 });

    // The database recovered and takes the same file in full.
    const again = await startServe({ dataDir, databaseUrl, env });
    try {
      const relogin = await fetch(`${again.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'kill@example.test', password: PASSWORD }) });
      const response = await fetch(`${again.url}/api/v1/imports/csv`, { method: 'POST', headers: { 'content-type': 'text/csv', cookie: relogin.headers.get('set-cookie')!.split(';')[0]! }, body });
      expect(response.status).toBe(200);
    } finally {
      await again.stop();
    }
    expect(await countImported(dataDir, databaseUrl)).toEqual({ devices: ROWS, customers: 500, sites: 1500 });
  });
});
