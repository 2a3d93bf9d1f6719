import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorAgent } from '../../src/collection/agent/agent.js';
import { ServerClient } from '../../src/collection/agent/server-client.js';
import { effectiveSettings } from '../../src/collectors/settings.js';
import { ScaledClock, systemClock, type Clock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { parseScenario } from '../../src/simulator/scenario.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';

const SNMP_PORT = 20000 + Math.floor(Math.random() * 20000);

/** A stand-in TonerLoop server whose answers each test scripts: the misbehaving real peer a collector must survive. */
function fakeServer(answer: (path: string, body: string) => { status: number; body?: unknown }) {
  const uploads: unknown[][] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { status, body: out } = answer(req.url ?? '', body);
      if (req.url === '/api/v1/collector/readings' && status === 202) uploads.push((JSON.parse(body) as { readings: unknown[] }).readings);
      res.writeHead(status, { 'content-type': 'application/json' }).end(out === undefined ? '' : JSON.stringify(out));
    });
  });
  return { server, uploads };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function runAgent(url: string, seconds: number, clock: Clock = systemClock) {
  const lines: string[] = [];
  const logger = createLogger('info', new Writable({ write: (chunk, _e, done) => { lines.push(String(chunk)); done(); } }));
  const agent = new CollectorAgent({ server: new ServerClient(url, 'tlc_test'), stateDir: mkdtempSync(join(tmpdir(), 'tonerloop-agent-')), queueMaxBytes: 10_000_000, clock, logger, agentVersion: 'test' });
  const done = agent.run();
  return { lines, agent, finished: new Promise<void>((resolve) => setTimeout(() => { agent.stop(); void done.then(resolve); }, seconds * 1000)) };
}

describe('the collector agent against a misbehaving server and dead printers', () => {
  let simulator: RunningSimulator;
  const config = effectiveSettings({}, { targets: [`127.0.43.1:${SNMP_PORT}`, `127.0.43.200:${SNMP_PORT}`], ipp: { enabled: false }, pollIntervalSeconds: 5, snmp: { timeoutMs: 300, retries: 0 } });

  beforeAll(async () => {
    simulator = await startSimulator({ scenario: parseScenario({ printers: 1, behaviour: { offlinePerDayProbability: 0 } }), firstAddress: '127.0.43.1', snmpPort: SNMP_PORT, ippPort: null, controlPort: null, community: 'public', v3Users: [], logger: createLogger('silent') });
  });
  afterAll(() => simulator?.stop());

  it('keeps readings queued while the server answers 500, says so in one line, and uploads once it recovers', async () => {
    let healthy = false;
    const { server, uploads } = fakeServer((path) => {
      if (path === '/api/v1/collector/config') return { status: 200, body: { collectorId: 'c', customerId: 'c', config } };
      if (!healthy) return { status: 500, body: { error: { code: 'internal', message: 'down' } } };
      return path === '/api/v1/collector/readings' ? { status: 202, body: { accepted: 1, duplicates: 0, rejected: [] } } : { status: 204 };
    });
    const url = await listen(server);
    const run = runAgent(url, 4);
    setTimeout(() => (healthy = true), 1500);
    await run.finished;
    server.close();
    const log = run.lines.join('');
    expect(log).toMatch(/The server answered HTTP 500; retrying later.*upload failed; readings stay queued/);
    // Both targets were read once; the dead one is a reading with an error, not a gap.
    const uploaded = uploads.flat() as { target: string; error: string | null }[];
    expect(uploaded.map((r) => r.target).sort()).toEqual(config.targets.slice().sort());
    expect(uploaded.find((r) => r.target.startsWith('127.0.43.200'))?.error).toMatch(/No SNMP answer from 127\.0\.43\.200/);
    expect(log).toMatch(/"target":"127\.0\.43\.200:\d+".*No SNMP answer/);
  });

  it('reads a printer again at once when the server passes on a "refresh now", between its scheduled polls', async () => {
    const daily = effectiveSettings({}, { targets: [`127.0.43.1:${SNMP_PORT}`], ipp: { enabled: false }, pollIntervalSeconds: 86_400, configRefreshSeconds: 5, snmp: { timeoutMs: 300, retries: 0 } });
    let fetches = 0;
    const { server, uploads } = fakeServer((path) => {
      if (path === '/api/v1/collector/config') {
        fetches += 1;
        // The first fetch starts the day's poll; the second carries a refresh someone asked for in the portal.
        return { status: 200, body: { collectorId: 'c', customerId: 'c', config: daily, refreshTargets: fetches === 2 ? [`127.0.43.1:${SNMP_PORT}`] : [] } };
      }
      return path === '/api/v1/collector/readings' ? { status: 202, body: { accepted: 1, duplicates: 0, rejected: [] } } : { status: 204 };
    });
    const url = await listen(server);
    const run = runAgent(url, 7.5);
    await run.finished;
    server.close();
    expect(fetches).toBeGreaterThanOrEqual(2);
    expect(uploads.flat()).toHaveLength(2);
    expect(run.lines.join('')).toMatch(/fresh readings asked for/);
  });

  it('tells the operator plainly when the server refuses its token, and keeps running', async () => {
    const { server } = fakeServer(() => ({ status: 401, body: { error: { code: 'unauthenticated', message: 'Log in first.' } } }));
    const url = await listen(server);
    const run = runAgent(url, 1.5);
    await run.finished;
    server.close();
    expect(run.lines.join('')).toMatch(/refused this collector's token \(HTTP 401\); ask the dealer admin for a new token/);
  });

  it('finding 2: quarantines what a server refusing every batch with 400 refuses, one reading at a time, instead of dropping the batch', async () => {
    let refused = 0;
    const { server } = fakeServer((path) => {
      if (path === '/api/v1/collector/config') return { status: 200, body: { collectorId: 'c', customerId: 'c', config } };
      if (path === '/api/v1/collector/readings') {
        refused++;
        return { status: 400, body: { error: { code: 'bad-request', message: 'body.readings.0.serial: Too big.' } } };
      }
      return { status: 204 };
    });
    const url = await listen(server);
    const run = runAgent(url, 2);
    await run.finished;
    server.close();
    // The batch of both targets' readings, then each half on its own: both quarantined, none dropped.
    expect(refused).toBe(3);
    expect(run.lines.join('')).toMatch(/quarantined in .*quarantine\.json: The server refused the request \(HTTP 400\): body\.readings\.0\.serial: Too big\./);
  });

  it('says once that a printer stopped answering and once that it answers again, however many polls it stays off', async () => {
    const address = '127.0.43.60';
    const quiet = { ...config, targets: [`${address}:${SNMP_PORT}`], pollIntervalSeconds: 5 };
    const { server, uploads } = fakeServer((path) => (path === '/api/v1/collector/config'
      ? { status: 200, body: { collectorId: 'c', customerId: 'c', config: quiet } }
      : path === '/api/v1/collector/readings' ? { status: 202, body: { accepted: 1, duplicates: 0, rejected: [] } } : { status: 204 }));
    const url = await listen(server);
    // Ten times real time: a poll every half second, so the printer is found off at several polls before it is switched on.
    const run = runAgent(url, 5, new ScaledClock(Date.now(), 10));
    let late: RunningSimulator | undefined;
    setTimeout(() => void startSimulator({ scenario: parseScenario({ printers: 1, behaviour: { offlinePerDayProbability: 0 } }), firstAddress: address, snmpPort: SNMP_PORT, ippPort: null, controlPort: null, community: 'public', v3Users: [], logger: createLogger('silent') }).then((s) => (late = s)), 2500);
    await run.finished;
    server.close();
    await late?.stop();
    const records = run.lines.map((line) => JSON.parse(line) as { msg: string; level: number; notice?: boolean; target?: string });
    const about = records.filter((r) => r.target === quiet.targets[0]);
    const polls = uploads.flat() as { error: string | null }[];
    expect(polls.filter((r) => r.error !== null).length, 'polls that found it off').toBeGreaterThanOrEqual(2);
    expect(polls.filter((r) => r.error === null).length, 'polls that found it on').toBeGreaterThanOrEqual(1);
    expect(about.filter((r) => /stopped answering: No SNMP answer/.test(r.msg)).map((r) => [r.level, r.notice])).toEqual([[40, true]]);
    expect(about.filter((r) => /answers again/.test(r.msg)).map((r) => [r.level, r.notice])).toEqual([[30, true]]);
  });

  it('answers the server being unreachable with a log line and no crash', async () => {
    const closed = createServer();
    const url = await listen(closed);
    closed.close();
    const run = runAgent(url, 1.5);
    await run.finished;
    expect(run.lines.join('')).toMatch(/Cannot reach the server at http:\/\/127\.0\.0\.1:\d+\/?: ECONNREFUSED/);
  });
});
