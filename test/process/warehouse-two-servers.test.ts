import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINE, serverDatabase } from '../support/database.js';
import { startServe, type Child } from '../support/process.js';

const PASSWORD = 'two servers warehouse password';

async function json(url: string, init: RequestInit = {}): Promise<any> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

async function login(url: string, email: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (!response.ok) throw new Error(`login ${email}: ${response.status}`);
  return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, 'content-type': 'application/json' };
}

// Two server processes can share only a PostgreSQL server.
describe.runIf(ENGINE === 'postgres')('the warehouse with two server processes on one PostgreSQL', () => {
  const dirs: string[] = [];
  const children: Child[] = [];
  afterAll(() => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  it('two operators packing at once on two servers never pack one unit twice or over-pack a line', async () => {
    const target = await serverDatabase();
    try {
      const start = async () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'tonerloop-wh-'));
        dirs.push(dataDir);
        const server = await startServe({ dataDir, databaseUrl: target.databaseUrl, env: { TONERLOOP_ADMIN_EMAIL: 'wh@example.test', TONERLOOP_ADMIN_PASSWORD: PASSWORD } });
        children.push(server);
        return server;
      };
      const [a, b] = await Promise.all([start(), start()]);
      const admin = await login(a.url, 'wh@example.test');
      const post = (server: { url: string }, headers: Record<string, string>, path: string, body: unknown) => json(`${server.url}/api/v1${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      await json(`${a.url}/api/v1/request-settings`, { method: 'PUT', headers: admin, body: JSON.stringify({ fulfilment: 'internal' }) });
      const customer = await post(a, admin, '/customers', { name: 'Race customer' });
      await post(a, admin, '/stock-items', { sku: 'HP-59A', description: 'HP 59A black toner', kind: 'toner', color: 'black', yieldPages: 3000, partNumbers: ['CF259A'], barcodes: [] });
      for (const who of ['one', 'two']) await post(a, admin, '/users', { email: `${who}@example.test`, name: `Operator ${who}`, password: PASSWORD, role: 'warehouse-operator' });
      const [one, two] = [await login(a.url, 'one@example.test'), await login(b.url, 'two@example.test')];

      const client = new pg.Client({ connectionString: target.databaseUrl! });
      await client.connect();
      try {
        // Eight printers with one black toner request each: eight jobs needing one HP-59A.
        const dealerId = (await client.query('select id from dealers')).rows[0].id;
        const now = new Date().toISOString();
        for (let i = 1; i <= 8; i++) {
          const device = await post(a, admin, '/devices', { customerId: customer.id, serial: `WHRACE-${i}`, model: 'HP LaserJet Pro M404dn' });
          await client.query(`insert into supplies (id, dealer_id, device_id, supply_index, kind, color, description, part_number, part_numbers, is_receptacle, remaining_percent, state, updated_at)
            values ($1, $2, $3, 1, 'toner', 'black', 'Black CF259A', 'CF259A', '{CF259A}', false, 6, 'low', $4)`, [randomUUID(), dealerId, device.id, now]);
          const entry = { at: now, from: null, to: 'outstanding', actor: { kind: 'system', id: 'tonerloop' }, comment: null, externalId: null, override: false };
          await client.query(`insert into consumable_requests (id, dealer_id, device_id, customer_id, supply_index, supply_indexes, origin, status, serial, status_changed_at, history, created_at)
            values ($1, $2, $3, $4, 1, '[1]', 'automatic', 'outstanding', $5, $6, $7, $6)`, [randomUUID(), dealerId, device.id, customer.id, device.serial, now, JSON.stringify([entry])]);
        }
        await post(a, admin, '/jobs/run', {});
        const jobs = (await json(`${a.url}/api/v1/jobs?limit=100`, { headers: admin })).items.sort((x: any, y: any) => x.number.localeCompare(y.number));
        expect(jobs).toHaveLength(8);
        const units: string[] = (await post(a, one, '/warehouse/receipts', { sku: 'HP-59A', serials: Array.from({ length: 16 }, (_, i) => `RACE-BOX-${i}`) })).units.map((u: any) => u.label);
        for (const job of jobs) await post(a, admin, `/jobs/${job.id}/status`, { status: 'ready' });

        const scan = (server: { url: string }, who: Record<string, string>, station: string, code: string) => post(server, who, '/warehouse/scans', { station, code });
        // Over-packing: each job needs one unit; both operators put a different unit into the same box at the same moment.
        for (let i = 0; i < 4; i++) {
          await Promise.all([scan(a, one, `one-${i}`, units[2 * i]!), scan(b, two, `two-${i}`, units[2 * i + 1]!)]);
          const answers = await Promise.all([scan(a, one, `one-${i}`, jobs[i].orderLabel), scan(b, two, `two-${i}`, jobs[i].orderLabel)]);
          expect(answers.filter((x) => x.accepted)).toHaveLength(1);
          expect(answers.find((x) => !x.accepted)!.reason).toBe('not-needed');
        }
        // One unit, two boxes: both operators hold the same unit and put it into different jobs at the same moment.
        for (let i = 4; i < 8; i += 2) {
          const unit = units[8 + i]!;
          await Promise.all([scan(a, one, `one-${i}`, unit), scan(b, two, `two-${i}`, unit)]);
          const answers = await Promise.all([scan(a, one, `one-${i}`, jobs[i].orderLabel), scan(b, two, `two-${i}`, jobs[i + 1].orderLabel)]);
          expect(answers.filter((x) => x.accepted)).toHaveLength(1);
          expect(answers.find((x) => !x.accepted)!.reason).toBe('already-packed');
        }
        const perJob = (await client.query(`select job_id, count(*)::int as n from stock_units where job_id is not null group by job_id`)).rows;
        expect(perJob.every((r) => r.n === 1)).toBe(true);
        expect(perJob).toHaveLength(6);
        const statuses = (await client.query(`select status, count(*)::int as n from supply_jobs group by status`)).rows;
        expect(Object.fromEntries(statuses.map((r) => [r.status, r.n]))).toEqual({ packed: 6, ready: 2 });
        const scans = (await client.query(`select count(*)::int as n, count(distinct user_id)::int as users from warehouse_scans`)).rows[0];
        expect(scans).toEqual({ n: 24, users: 2 });
      } finally {
        await client.end();
      }
      await Promise.all([a.stop(), b.stop()]);
    } finally {
      await target.cleanup();
    }
  });
});
