import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE, serverDatabase } from '../support/database.js';
import { processWorkspace, runCli, startCli, startServe } from '../support/process.js';

const PASSWORD = 'other customer test password';
const SNMP_PORT = 20000 + Math.floor(Math.random() * 20000);
const PRINTER = `127.0.44.1:${SNMP_PORT}`;

async function json(url: string, init: RequestInit = {}): Promise<any> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe(`finding 1: a real collector of customer A reading customer B's printer (${ENGINE})`, () => {
  const { dir, children, cleanupWith } = processWorkspace('tonerloop-other-customer-');

  it("leaves B's device untouched and creates a move candidate; confirmed, the device moves to A with the held readings", async () => {
    const target = await serverDatabase();
    cleanupWith(target.cleanup);
    const server = await startServe({ dataDir: join(dir, 'data'), databaseUrl: target.databaseUrl, env: { TONERLOOP_ADMIN_EMAIL: 'moves@example.test', TONERLOOP_ADMIN_PASSWORD: PASSWORD } });
    children.push(server);
    const base = server.url;
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'moves@example.test', password: PASSWORD }) });
    const admin = { cookie: login.headers.get('set-cookie')!.split(';')[0]! };
    const post = (path: string, body?: unknown) => json(`${base}${path}`, { method: 'POST', headers: { ...admin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const get = (path: string) => json(`${base}${path}`, { headers: admin });
    const customerA = await post('/api/v1/customers', { name: 'Customer A' });
    const customerB = await post('/api/v1/customers', { name: 'Customer B' });
    const collectorA = await post('/api/v1/collectors', { customerId: customerA.id, name: 'Collector at A' });
    const collectorB = await post('/api/v1/collectors', { customerId: customerB.id, name: 'Collector at B' });

    const simulator = startCli(['simulate', '--printers', '1', '--address', '127.0.44.1', '--snmp-port', String(SNMP_PORT), '--no-ipp', '--control-port', '0']);
    children.push(simulator);
    await simulator.waitFor(/Simulating/);

    // B's collector read this printer yesterday, at B's address: it is B's device, with history.
    const polled = await runCli(['poll', PRINTER]);
    expect(polled.code, polled.output).toBe(0);
    const [printer] = JSON.parse(polled.output.slice(polled.output.indexOf('['))) as { serial: string; meters: { total: number } }[];
    expect(printer!.serial).toMatch(/\S/);
    const atB = { ...printer!, readingId: randomUUID(), collectedAt: new Date(Date.now() - 86_400_000).toISOString(), target: '192.168.77.7:161', meters: { ...printer!.meters, total: printer!.meters.total - 500 } };
    const uploaded = await json(`${base}/api/v1/collector/readings`, { method: 'POST', headers: { authorization: `Bearer ${collectorB.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ readings: [atB] }) });
    expect(uploaded).toMatchObject({ accepted: 1 });
    const [deviceB, ...none] = (await get(`/api/v1/devices?serial=${encodeURIComponent(printer!.serial)}`)).items;
    expect(none).toEqual([]);
    const before = { device: deviceB, history: await get(`/api/v1/devices/${deviceB.id}/history?days=30`) };
    expect(before.device).toMatchObject({ customerId: customerB.id, lastTarget: '192.168.77.7:161' });

    // A's real collector polls the printer and uploads; the server holds its readings.
    await json(`${base}/api/v1/collectors/${collectorA.id}/config`, {
      method: 'PUT', headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ targets: [PRINTER], ipp: { enabled: false }, pollIntervalSeconds: 5, configRefreshSeconds: 5, snmp: { timeoutMs: 1000 } }),
    });
    const agent = startCli(['collect', '--server', base, '--token', collectorA.token, '--state-dir', join(dir, 'state')], { TONERLOOP_LOG_LEVEL: 'debug' });
    children.push(agent);
    const move = await until('a move candidate', async () => (await get('/api/v1/device-moves')).items[0]);
    expect(move).toMatchObject({
      status: 'pending', device: { id: deviceB.id, serial: printer!.serial, customerId: customerB.id },
      from: { id: customerB.id, name: 'Customer B' }, to: { id: customerA.id, name: 'Customer A' }, collector: { id: collectorA.id, name: 'Collector at A' },
      evidence: { target: PRINTER, serial: printer!.serial },
    });
    expect(move.readingsHeld).toBeGreaterThanOrEqual(1);
    // The server takes held readings (202, listed as held): the agent lets them go, nothing refused or quarantined.
    await agent.waitFor(/("msg":"uploaded"[\s\S]*){2}/, 60_000);
    expect(agent.output()).not.toMatch(/"quarantined":[1-9]|"refused":[1-9]|quarantined a reading|"accepted":[1-9]/);
    expect((await get('/api/v1/device-moves')).items[0].readingsHeld).toBeGreaterThanOrEqual(2);

    // B's device is as it was: same last reading, address, customer and history; A has no device of its own for it.
    // (Its forecasts may have been computed meanwhile from B's own reading; what a reading sets must not have moved.)
    const seen = (d: any) => ({ customerId: d.customerId, siteId: d.siteId, firstSeenAt: d.firstSeenAt, lastSeenAt: d.lastSeenAt, lastTarget: d.lastTarget, mac: d.mac, model: d.model, supplies: d.supplies.map((x: any) => [x.index, x.remainingPercent, x.state]) });
    expect(seen(await get(`/api/v1/devices/${deviceB.id}`))).toEqual(seen(before.device));
    expect({ ...(await get(`/api/v1/devices/${deviceB.id}/history?days=30`)), since: null }).toEqual({ ...before.history, since: null });
    expect((await get(`/api/v1/devices?customerId=${customerA.id}`)).items).toEqual([]);

    // Confirmed by staff, the printer moves to A with what was held, and A's next readings land on it.
    const confirmed = await post(`/api/v1/device-moves/${move.id}/confirm`);
    expect(confirmed).toMatchObject({ status: 'confirmed', device: { id: deviceB.id, customerId: customerA.id } });
    const moved = await get(`/api/v1/devices/${deviceB.id}`);
    expect(moved).toMatchObject({ customerId: customerA.id, lastTarget: PRINTER });
    expect(Date.parse(moved.lastSeenAt)).toBeGreaterThan(Date.parse(atB.collectedAt));
    const history = await get(`/api/v1/devices/${deviceB.id}/history?days=30`);
    expect(history.meters.length).toBeGreaterThan(before.history.meters.length);

    agent.process.kill('SIGTERM');
    await agent.exited;
    simulator.process.kill('SIGTERM');
    await server.stop();
  }, 180_000);
});
