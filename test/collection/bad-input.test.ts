/**
 * What the collector does with targets that cannot be read: every one becomes an entry with an
 * `error` sentence, within the timeout, never a crash (CONTRACT `tonerloop poll`); bad command lines
 * exit 2 with one sentence on stderr.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollTarget, type DeviceReading } from '../../src/collection/index.js';
import { INSTALL_TIMEOUT_MS, pollOptions, runTonerloop, target, V3 } from './factories.js';
import { fixture, freeTcpPort, freeUdpPort, startSnmpd, type Peer } from './peers.js';


/** One sentence: a single line that starts with a word and ends with a full stop. */
const SENTENCE = /^[^\n]*\S[^\n]*\.$/;

/** A failed reading: the target, no data, and why. */
function expectFailed(reading: DeviceReading, label: string, protocol: 'snmp' | 'ipp', why: RegExp): void {
  expect(reading).toMatchObject({ target: label, protocol, serial: null, model: null, meters: { total: null, mono: null, color: null }, supplies: [] });
  expect(reading.error).toMatch(SENTENCE);
  expect(reading.error).toMatch(why);
  expect(Number.isNaN(Date.parse(reading.collectedAt))).toBe(false);
}

const closers: (() => Promise<void>)[] = [];

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

/** Listens on a free port of `address`; `close` later destroys whatever connections are still open. */
function listen(server: HttpServer | TcpServer, address: string): Promise<number> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  closers.push(() => new Promise<void>((resolve) => {
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  }));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, () => resolve((server.address() as { port: number }).port));
  });
}

describe('targets that cannot be read', () => {
  let linux: Peer;
  let hp: Peer;
  let canon: Peer;
  let garbageHttp: number;
  let notFoundHttp: number;
  let silentHttp: number;
  let garbageTcp: number;

  beforeAll(async () => {
    [linux, hp, canon] = await Promise.all([
      startSnmpd({ address: '127.0.43.1', config: fixture('snmpd/linux-host.conf') }),
      startSnmpd({ address: '127.0.43.2', config: fixture('snmpd/hp-mono-percent.conf') }),
      startSnmpd({ address: '127.0.43.3', config: fixture('snmpd/canon-v3-authpriv.conf') }),
    ]);
    // An HTTP server on the IPP port that answers with a web page, one that answers 404, one that never answers.
    const garbage = createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Printer home page</body></html>'));
    const notFound = createHttpServer((_req, res) => res.writeHead(404).end('not here'));
    const silent = createHttpServer(() => {});
    // Not HTTP at all: bytes, then the connection closes.
    const tcp = createTcpServer((socket) => socket.end('\x00\x01garbage that is not HTTP\r\n\r\n'));
    [garbageHttp, notFoundHttp, silentHttp, garbageTcp] = await Promise.all([
      listen(garbage, '127.0.43.10'), listen(notFound, '127.0.43.11'), listen(silent, '127.0.43.12'), listen(tcp, '127.0.43.13'),
    ]);
  }, INSTALL_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([linux, hp, canon].filter(Boolean).map((peer) => peer.stop()));
    await Promise.all(closers.map((close) => close()));
  });

  it('an unused SNMP port gives an error entry within the timeout, not a crash', async () => {
    const port = await freeUdpPort('127.0.43.50');
    const label = `127.0.43.50:${port}`;
    const { value: reading, ms } = await timed(() => pollTarget(target(label), pollOptions({ snmp: { timeoutMs: 500, retries: 1 } })));
    expectFailed(reading, label, 'snmp', /No SNMP answer from 127\.0\.43\.50:\d+ within 500 ms/);
    // One request and one retry of 500 ms each, and some slack for a busy machine.
    expect(ms).toBeLessThan(500 * 2 + 2000);
  });

  it('an unused IPP port gives an error entry at once, not a crash', async () => {
    const port = await freeTcpPort('127.0.43.51');
    const uri = `ipp://127.0.43.51:${port}/ipp/print`;
    const { value: reading, ms } = await timed(() => pollTarget(target(uri), pollOptions({ snmp: { timeoutMs: 1000 } })));
    expectFailed(reading, uri, 'ipp', /Cannot reach the IPP printer at .*ECONNREFUSED/);
    expect(ms).toBeLessThan(1000 + 2000);
  });

  it('an SNMP agent that is not a printer (snmpd with no Printer MIB) gives an error saying so', async () => {
    const label = `${linux.address}:${linux.port}`;
    expectFailed(await pollTarget(target(label), pollOptions()), label, 'snmp', /is not a printer/);
  });

  it('a wrong community gives an error: the agent stays silent, so it is a timeout naming the community as a cause', async () => {
    const label = `${hp.address}:${hp.port}`;
    const { value: reading, ms } = await timed(() => pollTarget(target(label), pollOptions({ snmp: { community: 'private', timeoutMs: 500, retries: 0 } })));
    expectFailed(reading, label, 'snmp', /No SNMP answer .* within 500 ms \(wrong community/);
    expect(ms).toBeLessThan(500 + 2000);
  });

  it('a wrong SNMPv3 authentication password gives an error (snmpd reports a wrong digest)', async () => {
    const label = `${canon.address}:${canon.port}`;
    const reading = await pollTarget(target(label), pollOptions({ snmp: { version: '3', timeoutMs: 1000, retries: 0, v3: { ...V3, authKey: 'not-the-password' } } }));
    expectFailed(reading, label, 'snmp', /Wrong Digest|password/i);
  });

  it('a wrong SNMPv3 privacy password gives an error (snmpd drops what it cannot decrypt)', async () => {
    const label = `${canon.address}:${canon.port}`;
    const reading = await pollTarget(target(label), pollOptions({ snmp: { version: '3', timeoutMs: 500, retries: 0, v3: { ...V3, privKey: 'not-the-password' } } }));
    expectFailed(reading, label, 'snmp', /No SNMP answer|failed/);
  });

  it('an unknown SNMPv3 user gives an error', async () => {
    const label = `${canon.address}:${canon.port}`;
    const reading = await pollTarget(target(label), pollOptions({ snmp: { version: '3', timeoutMs: 1000, retries: 0, v3: { ...V3, user: 'nobody' } } }));
    expectFailed(reading, label, 'snmp', /Unknown User Name|No SNMP answer/i);
  });

  it('an HTTP server that answers a web page on the IPP port gives an error sentence', async () => {
    const uri = `ipp://127.0.43.10:${garbageHttp}/ipp/print`;
    expectFailed(await pollTarget(target(uri), pollOptions()), uri, 'ipp', /not IPP/);
  });

  it('an HTTP server that answers 404 on the IPP path gives an error sentence', async () => {
    const uri = `ipp://127.0.43.11:${notFoundHttp}/ipp/print`;
    expectFailed(await pollTarget(target(uri), pollOptions()), uri, 'ipp', /HTTP 404/);
  });

  it('an HTTP server that never answers gives an error within the timeout', async () => {
    const uri = `ipp://127.0.43.12:${silentHttp}/ipp/print`;
    const { value: reading, ms } = await timed(() => pollTarget(target(uri), pollOptions({ snmp: { timeoutMs: 500 } })));
    expectFailed(reading, uri, 'ipp', /no answer within 500 ms/);
    expect(ms).toBeLessThan(500 + 2000);
  });

  it('a server that sends bytes that are not HTTP gives an error sentence', async () => {
    const uri = `ipp://127.0.43.13:${garbageTcp}/ipp/print`;
    expectFailed(await pollTarget(target(uri), pollOptions()), uri, 'ipp', /IPP printer at/);
  });

  it('tonerloop poll keeps going past targets that cannot be read: one entry each, in order, the readable one read', async () => {
    const dead = `127.0.43.50:${await freeUdpPort('127.0.43.50')}`;
    const page = `ipp://127.0.43.10:${garbageHttp}/ipp/print`;
    const run = await runTonerloop(['poll', dead, `${hp.address}:${hp.port}`, `${linux.address}:${linux.port}`, page, '--timeout', '500', '--retries', '0']);
    expect([0, 1]).toContain(run.code);
    const readings = JSON.parse(run.stdout) as DeviceReading[];
    expect(readings.map((r) => r.target)).toEqual([dead, `${hp.address}:${hp.port}`, `${linux.address}:${linux.port}`, page]);
    expect(readings.map((r) => r.error === null)).toEqual([false, true, false, false]);
    for (const reading of readings.filter((r) => r.error !== null)) expect(reading.error).toMatch(SENTENCE);
    expect(readings[1]).toMatchObject({ serial: 'PHBQH12345', supplies: [{ remainingPercent: 37, state: 'ok' }] });
  });
});

describe('tonerloop poll with a bad command line', () => {
  /** Exit code 2, nothing on stdout, one sentence on stderr. */
  async function expectUsageError(args: string[], why: RegExp): Promise<void> {
    const run = await runTonerloop(['poll', ...args]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    const stderr = run.stderr.trimEnd();
    expect(stderr.split('\n'), stderr).toHaveLength(1);
    expect(stderr).toMatch(SENTENCE);
    expect(stderr).toMatch(why);
  }

  it('a target that is neither host[:port] nor an ipp:// URI', async () => {
    await expectUsageError(['printer one!'], /printer one! is not host\[:port\] or an ipp:\/\/ URI\./);
  });

  it('a target with a port outside 1–65535', async () => {
    await expectUsageError(['127.0.43.60:70000'], /port outside 1–65535/);
  });

  it('an ipp:// target that is not a URI', async () => {
    await expectUsageError(['ipp://[not-a-host/ipp/print'], /not a valid ipp:\/\/ URI/);
  });

  it('--snmp-version 4', async () => {
    await expectUsageError(['127.0.43.60', '--snmp-version', '4'], /--snmp-version must be 1, 2c or 3\./);
  });

  it('--snmp-version 3 without --v3-user', async () => {
    await expectUsageError(['127.0.43.60', '--snmp-version', '3'], /SNMPv3 needs --v3-user\./);
  });

  it('--timeout that is not milliseconds', async () => {
    await expectUsageError(['127.0.43.60', '--timeout', 'soon'], /--timeout must be milliseconds/);
  });

  it('no target at all exits 2', async () => {
    const run = await runTonerloop(['poll']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/target/);
  });
});
