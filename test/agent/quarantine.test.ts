import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { CollectorAgent } from '../../src/collection/agent/agent.js';
import type { QuarantinedReading } from '../../src/collection/agent/quarantine.js';
import { DurableQueue, type QueuedReading } from '../../src/collection/agent/queue.js';
import { ServerClient } from '../../src/collection/agent/server-client.js';
import { effectiveSettings } from '../../src/collectors/settings.js';
import { systemClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';

/** Nothing to poll: these agents only upload what is in their queue. */
const config = effectiveSettings({}, { targets: [], ranges: [], ipp: { enabled: false }, pollIntervalSeconds: 3600 });

/** `count` queued readings of one printer, a minute apart, in queue order. */
function readings(count: number): QueuedReading[] {
  return Array.from({ length: count }, (_, i) => ({
    readingId: randomUUID(), collectedAt: new Date(Date.parse('2026-11-20T08:00:00Z') + i * 60_000).toISOString(), target: '10.3.3.3:161', protocol: 'snmp' as const,
    serial: 'QUAR-1', mac: null, model: 'M404', meters: { total: 1000 + i, mono: null, color: null }, supplies: [], error: null,
  }));
}

/** A state folder whose queue already holds `queued` (as after a poll), as files of up to 200 readings. */
function stateWith(queued: QueuedReading[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'tonerloop-quarantine-'));
  new DurableQueue(dir, 100_000_000, () => {}).enqueue(queued);
  return dir;
}

type Answer = { status: number; body?: unknown };

/**
 * A stand-in server: `upload` answers each batch; the readings it takes (202) are recorded in the order first taken,
 * with every batch it was sent, and the heartbeats it received.
 */
async function fakeServer(upload: (batch: { readingId: string }[]) => Answer, health: () => Answer = () => ({ status: 200, body: { status: 'ok', database: 'embedded' } })) {
  const taken: string[] = [];
  const batches: number[] = [];
  const heartbeats: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      let answer: Answer = { status: 204 };
      if (req.url === '/api/v1/collector/config') answer = { status: 200, body: { collectorId: 'c', customerId: 'c', config } };
      else if (req.url === '/api/health') answer = health();
      else if (req.url === '/api/v1/collector/heartbeat') heartbeats.push(JSON.parse(body) as Record<string, unknown>);
      else if (req.url === '/api/v1/collector/readings') {
        const batch = (JSON.parse(body) as { readings: { readingId: string }[] }).readings;
        batches.push(batch.length);
        answer = upload(batch);
        if (answer.status === 202) {
          const refused = new Set(((answer.body as { refused?: { readingId: string }[] }).refused ?? []).map((r) => r.readingId));
          for (const r of batch) if (!refused.has(r.readingId) && !taken.includes(r.readingId)) taken.push(r.readingId);
        }
      }
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, taken, batches, heartbeats, close: () => server.close() };
}

const accepted = (batch: unknown[], refused: { readingId: string; reason: string }[] = []) => ({ status: 202, body: { accepted: batch.length - refused.length, duplicates: 0, rejected: [], corrected: [], refused } });
const internal = { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on the server; it has been logged.', details: null } } };

const running: { agent: CollectorAgent; done: Promise<void> }[] = [];
afterEach(async () => {
  for (const { agent, done } of running.splice(0)) {
    agent.stop();
    await done;
  }
});

function startAgent(url: string, stateDir: string, options: { requeueQuarantined?: boolean } = {}) {
  const lines: string[] = [];
  const logger = createLogger('info', new Writable({ write: (chunk, _e, done) => { lines.push(String(chunk)); done(); } }));
  const agent = new CollectorAgent({ server: new ServerClient(url, 'tlc_test'), stateDir, queueMaxBytes: 100_000_000, clock: systemClock, logger, agentVersion: 'test', ...options });
  const run = { agent, done: agent.run() };
  running.push(run);
  return { lines, stop: async () => { agent.stop(); await run.done; } };
}

async function until(condition: () => boolean, seconds: number, what: string): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const quarantined = (stateDir: string): QuarantinedReading[] => {
  const path = join(stateDir, 'quarantine.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as QuarantinedReading[]) : [];
};

describe('the collector agent and readings the server will not take', () => {
  it('finding 2: isolates a reading the server answers 500 for by splitting its batch, quarantines it, and delivers every other reading in order', async () => {
    const queued = readings(700);
    const poison = queued[137]!.readingId;
    const server = await fakeServer((batch) => (batch.some((r) => r.readingId === poison) ? internal : accepted(batch)));
    const stateDir = stateWith(queued);
    const agent = startAgent(server.url, stateDir);
    await until(() => server.taken.length === 699, 40, 'every other reading to be delivered');
    await agent.stop();
    server.close();
    expect(server.taken).toEqual(queued.filter((r) => r.readingId !== poison).map((r) => r.readingId));
    expect(quarantined(stateDir)).toEqual([{ quarantinedAt: expect.any(String), reason: expect.stringMatching(/failed on this reading 3 times while taking others: The server answered HTTP 500.*Something went wrong on the server/), reading: queued[137] }]);
    // Split in halves: the batch of 400 (two queue files), then 200, 100, 50 … down to the one reading.
    expect(server.batches.slice(0, 4)).toEqual([400, 400, 200, 100]);
    expect(new DurableQueue(stateDir, 100_000_000, () => {}).stats().readings).toBe(0);
    expect(agent.lines.join('')).toMatch(/a reading the server will not take is quarantined in .*quarantine\.json/);
  }, 60_000);

  it('finding 2: a batch the server refuses with 400 no longer loses its good readings: it is split and only what the server refuses is quarantined', async () => {
    const queued = readings(300);
    const bad = new Set([queued[10]!.readingId, queued[250]!.readingId]);
    // An older server: one reading it cannot take refuses the whole batch.
    const server = await fakeServer((batch) => (batch.some((r) => bad.has(r.readingId))
      ? { status: 400, body: { error: { code: 'bad-request', message: 'body.readings.0.serial: Too big.', details: null } } }
      : accepted(batch)));
    const stateDir = stateWith(queued);
    const agent = startAgent(server.url, stateDir);
    await until(() => server.taken.length === 298 && quarantined(stateDir).length === 2, 20, 'the good readings to be delivered');
    await agent.stop();
    server.close();
    expect(server.taken).toEqual(queued.filter((r) => !bad.has(r.readingId)).map((r) => r.readingId));
    expect(quarantined(stateDir).map((q) => [q.reading.readingId, q.reason])).toEqual([...bad].map((id) => [id, 'The server refused the request (HTTP 400): body.readings.0.serial: Too big.']));
  }, 30_000);

  it("finding 2: quarantines the readings a server's answer refuses, goes on, and reports the count and last reason in its heartbeat", async () => {
    const queued = readings(5);
    const reason = 'supplies.0.kind: Invalid option: expected one of "toner"|"drum".';
    const server = await fakeServer((batch) => accepted(batch, batch.filter((r) => r.readingId === queued[2]!.readingId).map((r) => ({ readingId: r.readingId, reason }))));
    const stateDir = stateWith(queued);
    const agent = startAgent(server.url, stateDir);
    await until(() => server.heartbeats.length > 0 && server.taken.length === 4, 10, 'the upload and a heartbeat');
    await agent.stop();
    server.close();
    expect(quarantined(stateDir)).toEqual([{ quarantinedAt: expect.any(String), reason, reading: queued[2] }]);
    expect(server.batches).toEqual([5]);
    expect(server.heartbeats.at(-1)).toMatchObject({ quarantine: { readings: 1, lastReason: reason, lastAt: expect.any(String) } });
  });

  it('finding 2: the quarantine survives a restart, is reported after it, and --requeue-quarantined sends it again once the server takes it', async () => {
    const queued = readings(3);
    let fixed = false;
    const reason = 'collectedAt: must be between the years 1000 and 9999 (UTC).';
    const server = await fakeServer((batch) => accepted(batch, fixed ? [] : batch.filter((r) => r.readingId === queued[0]!.readingId).map((r) => ({ readingId: r.readingId, reason }))));
    const stateDir = stateWith(queued);
    const first = startAgent(server.url, stateDir);
    await until(() => quarantined(stateDir).length === 1, 10, 'the quarantine');
    await first.stop();

    // Restarted (as after a kill or a reboot): the quarantine is still there and reported.
    const second = startAgent(server.url, stateDir);
    await until(() => server.heartbeats.length >= 2, 10, 'a heartbeat after the restart');
    await second.stop();
    expect(server.heartbeats.at(-1)).toMatchObject({ quarantine: { readings: 1, lastReason: reason } });
    expect(second.lines.join('')).toMatch(/1 readings the server would not take are kept in .*quarantine\.json/);

    fixed = true;
    const third = startAgent(server.url, stateDir, { requeueQuarantined: true });
    await until(() => server.taken.includes(queued[0]!.readingId), 10, 'the quarantined reading to be sent again');
    await until(() => server.heartbeats.length >= 3, 10, 'a heartbeat after the requeue');
    await third.stop();
    server.close();
    expect(quarantined(stateDir)).toEqual([]);
    expect(server.heartbeats.at(-1)).toMatchObject({ quarantine: { readings: 0, lastReason: null } });
  }, 40_000);

  it('finding 2: quarantines nothing while the server fails every upload and its health check: the readings wait', async () => {
    const queued = readings(4);
    let healthChecks = 0;
    const server = await fakeServer(() => internal, () => { healthChecks += 1; return { status: 503, body: { error: { code: 'unavailable', message: 'down' } } }; });
    const stateDir = stateWith(queued);
    const agent = startAgent(server.url, stateDir);
    // The gate is reached once one reading has failed three times (after 1 + 2 + 4 s of backoff): wait until the
    // agent has asked for health, then a little longer, so the test cannot pass without ever reaching it.
    await until(() => healthChecks > 0, 15, 'the health check before quarantining');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await agent.stop();
    server.close();
    expect(quarantined(stateDir)).toEqual([]);
    expect(new DurableQueue(stateDir, 100_000_000, () => {}).stats().readings).toBe(4);
    expect(agent.lines.join('')).toMatch(/upload failed; readings stay queued/);
  }, 30_000);
});
