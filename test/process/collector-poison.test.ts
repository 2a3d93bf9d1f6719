import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { QuarantinedReading } from '../../src/collection/agent/quarantine.js';
import { DurableQueue, type QueuedReading } from '../../src/collection/agent/queue.js';
import { openDatabase } from '../../src/db/index.js';
import { ENGINE, serverDatabase } from '../support/database.js';
import { processWorkspace, startCli, startServe } from '../support/process.js';

const PASSWORD = 'collector poison test password';
const SNMP_PORT = 20000 + Math.floor(Math.random() * 20000);
const PRINTERS = 2;

async function json(url: string, init: RequestInit = {}): Promise<any> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

/** A reading as the collector queues it, collected `minutesAgo` minutes ago. */
function queued(serial: string, minutesAgo: number, overrides: Partial<QueuedReading> = {}): QueuedReading {
  return {
    readingId: randomUUID(), collectedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(), target: '10.4.4.4:161', protocol: 'snmp', serial, mac: null, model: 'HP LaserJet Pro M404dn',
    meters: { total: 5000 - minutesAgo, mono: null, color: null },
    supplies: [{ index: 1, kind: 'toner', color: 'black', description: 'Black Cartridge HP CF259A', partNumber: 'CF259A', partNumbers: ['CF259A'], isReceptacle: false, remainingPercent: 50, state: 'ok', raw: { level: 50, max: 100, unit: 'percent' } }],
    error: null, ...overrides,
  };
}

/**
 * The poison is put into the agent's durable queue before it starts, as a collector built before a fix (or a disk
 * that flipped a byte) would have left it: readings the server cannot take, ahead of good ones. No simulated printer
 * can send one any more: a printer's NULs and broken UTF-16 are now cleaned on the server, so that reading is here too,
 * to be stored, not quarantined. The printers the agent polls afterwards give the readings that must follow.
 */
describe(`finding 2: a collector fed poison readings quarantines them and delivers every reading after them (${ENGINE})`, () => {
  const { dir, children, cleanupWith } = processWorkspace('tonerloop-collector-poison-');

  it('finding 2: real serve + real collect: the poison goes to quarantine.json, is shown on the collector, and every other reading is stored', async () => {
    const target = await serverDatabase();
    const databaseUrl = target.databaseUrl;
    cleanupWith(target.cleanup);
    const dataDir = join(dir, 'data');
    const server = await startServe({ dataDir, databaseUrl, env: { TONERLOOP_ADMIN_EMAIL: 'poison@example.test', TONERLOOP_ADMIN_PASSWORD: PASSWORD } });
    children.push(server);
    const base = server.url;
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'poison@example.test', password: PASSWORD }) });
    const admin = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'content-type': 'application/json', origin: base };
    const customer = await json(`${base}/api/v1/customers`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'Poison test customer' }) });
    const collector = await json(`${base}/api/v1/collectors`, { method: 'POST', headers: admin, body: JSON.stringify({ customerId: customer.id, name: 'DCA' }) });
    await json(`${base}/api/v1/collectors/${collector.id}/config`, {
      method: 'PUT', headers: admin,
      body: JSON.stringify({ targets: Array.from({ length: PRINTERS }, (_, i) => `127.0.44.${i + 1}:${SNMP_PORT}`), ipp: { enabled: false }, pollIntervalSeconds: 5, configRefreshSeconds: 5, snmp: { timeoutMs: 1000 } }),
    });

    const stateDir = join(dir, 'state');
    const impossibleTime = queued('POISON-P1', 30, { collectedAt: '0000-01-01T00:00:00Z' });
    const notAReading = { ...queued('POISON-P1', 29), supplies: [{ ...queued('X', 0).supplies[0]!, kind: 'glitter' }] } as unknown as QueuedReading;
    const dirtyPrinter = queued('POISON-P2\u0000\u0000', 28, { model: 'LaserJet \ud83d' });
    const after = [queued('POISON-P1', 20), queued('POISON-P1', 10)];
    new DurableQueue(stateDir, 10_000_000, () => {}).enqueue([queued('POISON-P1', 40), impossibleTime, notAReading, dirtyPrinter, ...after]);

    const simulator = startCli(['simulate', '--printers', String(PRINTERS), '--address', '127.0.44.1', '--snmp-port', String(SNMP_PORT), '--no-ipp', '--control-port', '0', '--speed', '3600']);
    children.push(simulator);
    await simulator.waitFor(/Simulating/);
    const agent = startCli(['collect', '--server', base, '--token', collector.token, '--state-dir', stateDir], { TONERLOOP_LOG_LEVEL: 'debug' });
    children.push(agent);
    // Two polls of the simulated printers uploaded after the poison: the queue moved on.
    await agent.waitFor(/(poll stored[\s\S]*"msg":"uploaded"[\s\S]*){2}/, 60_000);
    await agent.waitFor(/"left":0/, 30_000);

    const quarantinePath = join(stateDir, 'quarantine.json');
    expect(existsSync(quarantinePath)).toBe(true);
    const quarantine = JSON.parse(readFileSync(quarantinePath, 'utf8')) as QuarantinedReading[];
    expect(quarantine.map((q) => [q.reading.readingId, q.reason])).toEqual([
      [impossibleTime.readingId, 'collectedAt: must be between the years 1000 and 9999 (UTC).'],
      [notAReading.readingId, expect.stringMatching(/^supplies\.0\.kind: /)],
    ]);
    expect(agent.output()).toMatch(/a reading the server will not take is quarantined/);

    // The collector's status in the portal's list says so, from its heartbeat.
    const shown = async () => (await json(`${base}/api/v1/collectors`, { headers: admin })).items[0];
    const deadline = Date.now() + 70_000;
    while ((await shown()).quarantine?.readings !== 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await shown()).quarantine).toMatchObject({ readings: 2, lastReason: expect.stringMatching(/supplies\.0\.kind/) });

    agent.process.kill('SIGTERM');
    await agent.exited;
    await server.stop();
    simulator.process.kill('SIGTERM');

    const polled = [...agent.output().matchAll(/"readingIds":\[([^\]]*)\]/g)].flatMap((m) => m[1]!.split(',').filter(Boolean).map((s) => JSON.parse(s) as string));
    expect(polled.length).toBeGreaterThanOrEqual(PRINTERS * 2);
    const database = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir });
    try {
      const stored = (await sql<{ reading_id: string; notes: string[] | null }>`select reading_id, notes from readings`.execute(database.db)).rows;
      const ids = stored.map((r) => r.reading_id);
      // Every reading but the two poisons is stored, once: the one queued before them, the printer's dirty one, the two after, every poll.
      expect(ids).toHaveLength(new Set(ids).size);
      for (const poison of [impossibleTime, notAReading]) expect(ids).not.toContain(poison.readingId);
      expect(ids).toEqual(expect.arrayContaining([dirtyPrinter.readingId, ...after.map((r) => r.readingId), ...polled]));
      expect(ids).toHaveLength(4 + polled.length);
      expect(stored.find((r) => r.reading_id === dirtyPrinter.readingId)?.notes).toEqual([expect.stringMatching(/^Characters that cannot be stored were cleaned from serial, model/)]);
      const device = (await sql<{ serial: string }>`select serial from devices where serial like 'POISON-P2%'`.execute(database.db)).rows;
      expect(device).toEqual([{ serial: 'POISON-P2' }]);
    } finally {
      await database.close();
    }
  }, 180_000);
});
