import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { ENGINE, serverDatabase } from '../support/database.js';
import { processWorkspace, startCli, startServe } from '../support/process.js';

const PASSWORD = 'collector kill test password';
const SNMP_PORT = 20000 + Math.floor(Math.random() * 20000);
const PRINTERS = 6;

async function json(url: string, init: RequestInit = {}): Promise<any> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

describe(`collector store-and-forward through server and agent kills (${ENGINE})`, () => {
  const { dir, children, cleanupWith } = processWorkspace('tonerloop-collector-kill-');

  it('keeps every reading through a server outage and an agent SIGKILL mid-upload, and the server holds each exactly once', async () => {
    const target = await serverDatabase();
    const databaseUrl = target.databaseUrl;
    cleanupWith(target.cleanup);
    const env = { TONERLOOP_ADMIN_EMAIL: 'kill@example.test', TONERLOOP_ADMIN_PASSWORD: PASSWORD };
    const dataDir = join(dir, 'data');
    const serve = async (port: number) => {
      const server = await startServe({ dataDir, databaseUrl, env, port });
      children.push(server);
      return server;
    };
    let server = await serve(0);
    const base = server.url;
    const port = Number(new URL(base).port);
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'kill@example.test', password: PASSWORD }) });
    const admin = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'content-type': 'application/json' };
    const customer = await json(`${base}/api/v1/customers`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'Kill test customer' }) });
    const collector = await json(`${base}/api/v1/collectors`, { method: 'POST', headers: admin, body: JSON.stringify({ customerId: customer.id, name: 'DCA' }) });
    await json(`${base}/api/v1/collectors/${collector.id}/config`, {
      method: 'PUT', headers: admin,
      body: JSON.stringify({ targets: Array.from({ length: PRINTERS }, (_, i) => `127.0.42.${i + 1}:${SNMP_PORT}`), ipp: { enabled: false }, pollIntervalSeconds: 5, configRefreshSeconds: 5, snmp: { timeoutMs: 1000 } }),
    });

    const simulator = startCli(['simulate', '--printers', String(PRINTERS), '--address', '127.0.42.1', '--snmp-port', String(SNMP_PORT), '--no-ipp', '--control-port', '0', '--speed', '3600']);
    children.push(simulator);
    await simulator.waitFor(/Simulating/);
    const stateDir = join(dir, 'state');
    const agentArgs = ['collect', '--server', base, '--token', collector.token, '--state-dir', stateDir];
    let agent = startCli(agentArgs, { TONERLOOP_LOG_LEVEL: 'debug' });
    children.push(agent);
    await agent.waitFor(/"accepted":\d+/);

    // The server goes away for a while: the agent keeps polling into its queue.
    server.process.kill('SIGKILL');
    await server.exited;
    const pollsBefore = (agent.output().match(/poll stored/g) ?? []).length;
    await agent.waitFor(new RegExp(`(poll stored[\\s\\S]*){${pollsBefore + 2}}`), 30_000);
    expect(agent.output()).toMatch(/upload failed; readings stay queued/);

    // The server returns; the agent is killed right as it starts uploading the backlog.
    const uploadsBefore = (agent.output().match(/"msg":"uploading"/g) ?? []).length;
    server = await serve(port);
    await agent.waitFor(new RegExp(`("msg":"uploading"[\\s\\S]*){${uploadsBefore + 1}}`), 60_000);
    agent.process.kill('SIGKILL');
    await agent.exited;
    const firstLife = agent.output();

    // A new agent on the same state directory uploads what is left.
    agent = startCli(agentArgs, { TONERLOOP_LOG_LEVEL: 'debug' });
    children.push(agent);
    await agent.waitFor(/"left":0/, 60_000);
    agent.process.kill('SIGTERM');
    await agent.exited;
    await server.stop();
    simulator.process.kill('SIGTERM');

    const produced = [...(firstLife + agent.output()).matchAll(/"readingIds":\[([^\]]*)\]/g)].flatMap((m) => m[1]!.split(',').filter(Boolean).map((s) => JSON.parse(s) as string));
    expect(produced.length).toBeGreaterThanOrEqual(PRINTERS * 4);
    const database = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir });
    try {
      const stored = (await sql<{ reading_id: string }>`select reading_id from readings`.execute(database.db)).rows.map((r) => r.reading_id);
      // Every reading the agent ever queued is there, and nothing else, once each.
      expect(new Set(stored).size).toBe(stored.length);
      expect([...stored].sort()).toEqual([...new Set(produced)].sort());
      // Each reading was used once: settled to its device, never processed twice.
      const settled = (await sql<{ n: number }>`select count(*)::int as n from readings where device_id is not null`.execute(database.db)).rows[0]!.n;
      expect(settled).toBe(produced.length);
    } finally {
      await database.close();
    }
  });
});
