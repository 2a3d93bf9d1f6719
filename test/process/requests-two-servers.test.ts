import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINE, serverDatabase } from '../support/database.js';
import { startServe, type Child } from '../support/process.js';

const PASSWORD = 'two servers requests password';
const DAY = 86_400_000;

async function json(url: string, init: RequestInit = {}): Promise<any> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** Six-hourly readings of one printer running low: about a week of toner left at the end. */
function readings(serial: string, days: number) {
  const end = Date.now();
  return Array.from({ length: days * 4 }, (_, i) => {
    const at = end - (days * 4 - 1 - i) * (DAY / 4);
    const day = i / 4;
    const level = Math.ceil(18 - day);
    return {
      readingId: randomUUID(), collectedAt: new Date(at).toISOString(), target: '10.6.6.6:161', protocol: 'snmp', serial, model: 'HP LaserJet Pro M404dn',
      meters: { total: Math.round(30_000 + day * 100), mono: null, color: null },
      supplies: [{ index: 1, kind: 'toner', color: 'black', description: 'Black Cartridge HP CF259A', partNumber: 'CF259A', isReceptacle: false, remainingPercent: level, state: level <= 10 ? 'low' : 'ok', raw: { level, max: 100, unit: 'percent' } }],
      error: null,
    };
  });
}

// Two server processes can share only a PostgreSQL server.
describe.runIf(ENGINE === 'postgres')('consumable requests with two server processes on one PostgreSQL', () => {
  const dirs: string[] = [];
  const children: Child[] = [];
  afterAll(() => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  it('gives one request per depletion and one actioned state per request, whatever races', async () => {
    const target = await serverDatabase();
    try {
      const start = async () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'tonerloop-req-'));
        dirs.push(dataDir);
        const server = await startServe({ dataDir, databaseUrl: target.databaseUrl, env: { TONERLOOP_ADMIN_EMAIL: 'two@example.test', TONERLOOP_ADMIN_PASSWORD: PASSWORD } });
        children.push(server);
        return server;
      };
      const [a, b] = await Promise.all([start(), start()]);
      const login = await fetch(`${a.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'two@example.test', password: PASSWORD }) });
      const admin = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'content-type': 'application/json' };
      const customer = await json(`${a.url}/api/v1/customers`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'Race customer' }) });
      const collector = await json(`${a.url}/api/v1/collectors`, { method: 'POST', headers: admin, body: JSON.stringify({ customerId: customer.id, name: 'DCA' }) });
      const erp = await json(`${a.url}/api/v1/integrations`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'ERP' }) });
      // The ERP takes this dealer's requests, not the supply-job module.
      await json(`${a.url}/api/v1/request-settings`, { method: 'PUT', headers: admin, body: JSON.stringify({ fulfilment: 'external' }) });

      // The history first, then the same latest batches uploaded to both servers at once, several times:
      // every upload re-evaluates the device on one process or the other.
      const all = readings('RACE-1', 10);
      const upload = (server: { url: string }, batch: unknown[]) =>
        fetch(`${server.url}/api/v1/collector/readings`, { method: 'POST', headers: { authorization: `Bearer ${collector.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ readings: batch }) });
      for (let i = 0; i < all.length - 8; i += 16) expect((await upload(a, all.slice(i, i + 16))).status).toBe(202);
      const tail = all.slice(-8);
      const answers = await Promise.all([a, b, a, b, a, b].map((server, i) => upload(server, i < 2 ? tail : tail.slice(i))));
      expect(answers.every((r) => r.status === 202)).toBe(true);

      // Forecasts and requests follow the uploads on each server's forecast worker: wait until no device is due any more.
      const watcher = new pg.Client({ connectionString: target.databaseUrl! });
      await watcher.connect();
      try {
        const due = async () => Number((await watcher.query('select count(*) from devices where forecast_due_at is not null')).rows[0].count);
        await expect.poll(due, { timeout: 30_000, interval: 200 }).toBe(0);
      } finally {
        await watcher.end();
      }
      const queue = await json(`${b.url}/api/v1/consumable-requests?status=outstanding`, { headers: { authorization: `Bearer ${erp.token}` } });
      expect(queue.items).toHaveLength(1);
      const id = queue.items[0].id;
      const actions = await Promise.all(Array.from({ length: 16 }, (_, i) =>
        fetch(`${(i % 2 ? a : b).url}/api/v1/consumable-requests/${id}/action`, { method: 'POST', headers: { authorization: `Bearer ${erp.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ externalId: `ERP-${i % 4}` }) })));
      const bodies = await Promise.all(actions.map(async (r) => ({ status: r.status, body: await r.json() })));
      const winners = bodies.filter((r) => r.status === 200 && r.body.changed);
      expect(winners).toHaveLength(1);
      // Everyone else either repeated the winner's externalId (a no-op) or was refused.
      for (const other of bodies.filter((r) => r !== winners[0])) {
        if (other.status === 200) expect(other.body).toMatchObject({ changed: false, externalId: winners[0]!.body.externalId });
        else expect(other.status).toBe(409);
      }
      const client = new pg.Client({ connectionString: target.databaseUrl! });
      await client.connect();
      try {
        const rows = (await client.query('select status, history from consumable_requests')).rows;
        expect(rows).toHaveLength(1);
        expect(rows[0].status).toBe('actioned');
        expect(rows[0].history.filter((h: { to: string }) => h.to === 'actioned')).toHaveLength(1);
      } finally {
        await client.end();
      }
      await Promise.all([a.stop(), b.stop()]);
    } finally {
      await target.cleanup();
    }
  });

  it('takes each internal request into a supply job once, and gives it one B2B ID, when both servers run the job creator and someone clicks "take requests now" at the same moment', async () => {
    const target = await serverDatabase();
    try {
      const start = async () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'tonerloop-jobs-'));
        dirs.push(dataDir);
        const server = await startServe({ dataDir, databaseUrl: target.databaseUrl, env: { TONERLOOP_ADMIN_EMAIL: 'jobs@example.test', TONERLOOP_ADMIN_PASSWORD: PASSWORD } });
        children.push(server);
        return server;
      };
      const [a, b] = await Promise.all([start(), start()]);
      const login = await fetch(`${a.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'jobs@example.test', password: PASSWORD }) });
      const admin = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'content-type': 'application/json' };
      const customer = await json(`${a.url}/api/v1/customers`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'Race customer' }) });
      await json(`${a.url}/api/v1/stock-items`, { method: 'POST', headers: admin, body: JSON.stringify({ sku: 'HP-59A', description: 'HP 59A black toner', kind: 'toner', color: 'black', yieldPages: 3000, partNumbers: ['CF259A'], barcodes: [] }) });
      await json(`${a.url}/api/v1/stock-items`, { method: 'POST', headers: admin, body: JSON.stringify({ sku: 'HP-207A-C', description: 'HP 207A cyan toner', kind: 'toner', color: 'cyan', yieldPages: 1250, partNumbers: ['W2211A'], barcodes: [] }) });
      const client = new pg.Client({ connectionString: target.databaseUrl! });
      await client.connect();
      try {
        // Six printers with two outstanding requests each (black and cyan): twelve requests, held back until every runner is ready.
        const devices = [];
        for (let i = 1; i <= 6; i += 1) devices.push(await json(`${a.url}/api/v1/devices`, { method: 'POST', headers: admin, body: JSON.stringify({ customerId: customer.id, serial: `JOBRACE-${i}`, model: 'HP Color LaserJet M282' }) }));
        const dealerId = (await client.query('select id from dealers')).rows[0].id;
        const now = new Date().toISOString();
        for (const device of devices) {
          for (const [index, color, part] of [[1, 'black', 'CF259A'], [3, 'cyan', 'W2211A']] as const) {
            await client.query(`insert into supplies (id, dealer_id, device_id, supply_index, kind, color, description, part_number, part_numbers, is_receptacle, remaining_percent, state, updated_at)
              values ($1, $2, $3, $4, 'toner', $5, $6, $7, $8, false, 6, 'low', $9)`, [randomUUID(), dealerId, device.id, index, color, `${color} ${part}`, part, [part], now]);
            const entry = { at: now, from: null, to: 'outstanding', actor: { kind: 'system', id: 'tonerloop' }, comment: null, externalId: null, override: false };
            await client.query(`insert into consumable_requests (id, dealer_id, device_id, customer_id, supply_index, supply_indexes, origin, status, serial, status_changed_at, history, created_at)
              values ($1, $2, $3, $4, $5, $6, 'automatic', 'outstanding', $7, $8, $9, $8)`, [randomUUID(), dealerId, device.id, customer.id, index, JSON.stringify([index]), device.serial, now, JSON.stringify([entry])]);
          }
        }
        // Both processes' scheduled creators are due at once (a new dealer's first run), beside four "take requests now" clicks on both.
        const runs = await Promise.all([a, b, a, b].map((server) => json(`${server.url}/api/v1/jobs/run`, { method: 'POST', headers: { cookie: admin.cookie } })));
        await expect.poll(async () => Number((await client.query(`select count(*) from consumable_requests where status = 'outstanding'`)).rows[0].count), { timeout: 30_000, interval: 200 }).toBe(0);
        expect(runs.reduce((n, r) => n + r.exceptions + r.failed, 0)).toBe(0);

        const requests = (await client.query('select id, status, external_id, history from consumable_requests')).rows;
        expect(requests).toHaveLength(12);
        for (const request of requests) {
          expect(request.status).toBe('actioned');
          expect(request.history.filter((h: { to: string }) => h.to === 'actioned')).toHaveLength(1);
        }
        const lines = (await client.query('select l.request_id, j.number, j.device_id, j.status from supply_job_lines l join supply_jobs j on j.id = l.job_id')).rows;
        expect(lines).toHaveLength(12);
        expect(new Set(lines.map((l) => l.request_id)).size).toBe(12);
        // One B2B ID per request: the number of the job its one line is on.
        for (const line of lines) expect(requests.find((r) => r.id === line.request_id)!.external_id).toBe(line.number);
        // One booked job per printer, both colours consolidated on it, numbered without gaps.
        const jobs = (await client.query('select number, device_id, status from supply_jobs order by number')).rows;
        expect(jobs.map((j) => j.number)).toEqual(['J-000001', 'J-000002', 'J-000003', 'J-000004', 'J-000005', 'J-000006']);
        expect(new Set(jobs.map((j) => j.device_id)).size).toBe(6);
        expect(jobs.every((j) => j.status === 'booked')).toBe(true);
      } finally {
        await client.end();
      }
      await Promise.all([a.stop(), b.stop()]);
    } finally {
      await target.cleanup();
    }
  });
});
