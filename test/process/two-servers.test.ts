import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ENGINE } from '../support/database.js';
import { startServe } from '../support/process.js';

// Two server processes can share only a PostgreSQL server; the embedded engine belongs to one process.
describe.runIf(ENGINE === 'postgres')('two server processes on one PostgreSQL', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('migrate an empty database together, create one first admin, and run each scheduled slot once', async () => {
    const test = await createTestDatabase({ migrate: false });
    try {
      const start = () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'tonerloop-two-'));
        dirs.push(dataDir);
        return startServe({ dataDir, databaseUrl: test.url, env: { TONERLOOP_ADMIN_PASSWORD: 'shared admin password' } });
      };
      const [a, b] = await Promise.all([start(), start()]);
      try {
        const client = new pg.Client({ connectionString: test.url! });
        await client.connect();
        try {
          // Wait until the current hourly slot has run.
          let jobs: { dedupe_key: string; status: string; attempts: number }[] = [];
          for (let i = 0; i < 100 && !jobs.some((j) => j.status === 'done'); i++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            jobs = (await client.query("select dedupe_key, status, attempts from jobs where name = 'sessions.expire'")).rows;
          }
          expect(jobs).toHaveLength(1);
          expect(jobs[0]).toMatchObject({ status: 'done', attempts: 1 });
          expect(jobs[0]!.dedupe_key).toMatch(/^schedule:sessions\.expire\.hourly:/);
          const admins = (await client.query('select count(*)::int as n from users')).rows[0].n;
          expect(admins).toBe(1);
          const migrations = (await client.query('select count(*)::int as n from kysely_migration')).rows[0].n;
          expect(migrations).toBeGreaterThan(0);
        } finally {
          await client.end();
        }
        expect([a.output(), b.output()].filter((o) => o.includes('First dealer admin created'))).toHaveLength(1);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    } finally {
      await test.cleanup();
    }
  });
});
