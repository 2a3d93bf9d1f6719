import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/app/store.js';
import { buildApp } from '../../src/http/app.js';
import { ManualClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { testHttpContext } from '../support/app.js';
import { ENGINE, createTestDatabase } from '../support/database.js';

// Short limits so that the test takes seconds; the defaults are the same mechanism with longer figures.
const LIMITS = { headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 1000, idleTimeoutMs: 2000, maxConnectionsPerAddress: 4 };

interface Client {
  socket: Socket;
  /** Everything the server sent. */
  received(): string;
  /** Resolves with the milliseconds from connecting until the server closed the connection. */
  closed: Promise<number>;
  /** Sends `text` one byte every `everyMs` until the connection closes. */
  dribble(text: string, everyMs: number): void;
}

function rawClient(port: number, localAddress = '127.0.0.1'): Promise<Client> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    let data = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (chunk) => { data += chunk.toString('latin1'); });
    socket.on('error', () => {}); // a reset by the server is what some tests wait for
    const closed = new Promise<number>((done) => socket.on('close', () => { clearInterval(timer); done(Date.now() - started); }));
    socket.once('connect', () => resolve({
      socket,
      received: () => data,
      closed,
      dribble(text, everyMs) {
        let next = 0;
        timer = setInterval(() => {
          if (socket.destroyed || next >= text.length) return clearInterval(timer);
          socket.write(text[next++]!);
        }, everyMs);
      },
    }));
    socket.once('error', reject);
  });
}

/** A normal request from a well-behaved client, timed. */
async function timedHealth(base: string): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  const response = await fetch(`${base}/api/health`);
  await response.text();
  return { status: response.status, ms: Date.now() - started };
}

/** The milliseconds `closed` resolves with, or Infinity when it has not within `limit`. */
const within = (closed: Promise<number>, limit: number) => Promise.race([closed, new Promise<number>((done) => setTimeout(() => done(Infinity), limit).unref())]);

describe(`slow clients (${ENGINE})`, () => {
  let app: FastifyInstance;
  let port: number;
  let base: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const db = await createTestDatabase();
    cleanup = db.cleanup;
    app = await buildApp(testHttpContext(createStore(db.database), new ManualClock('2026-11-21T10:00:00Z')), createLogger('silent'), { connections: LIMITS });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(base).port);
  });
  afterAll(async () => { await app.close(); await cleanup(); });

  it('finding 8: cuts off a client sending its headers a byte at a time, while others are served', async () => {
    const slow = await rawClient(port);
    slow.dribble(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(200)}\r\n\r\n`, 100);
    const served = await timedHealth(base);
    expect(served.status).toBe(200);
    expect(served.ms).toBeLessThan(1000);
    const cutOffAfter = await within(slow.closed, 10_000);
    expect(cutOffAfter).toBeGreaterThanOrEqual(LIMITS.headersTimeoutMs);
    expect(cutOffAfter).toBeLessThan(LIMITS.headersTimeoutMs + 1500);
    expect(slow.received()).not.toContain('"status":"ok"');
  });

  it('finding 8: cuts off a client sending its body a byte at a time, while others are served', async () => {
    const slow = await rawClient(port);
    const body = JSON.stringify({ email: 'someone@example.test', password: 'x'.repeat(100) });
    slow.socket.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    slow.dribble(body, 100);
    const served = await timedHealth(base);
    expect(served.status).toBe(200);
    expect(served.ms).toBeLessThan(1000);
    const cutOffAfter = await within(slow.closed, 10_000);
    expect(cutOffAfter).toBeGreaterThanOrEqual(LIMITS.requestTimeoutMs);
    expect(cutOffAfter).toBeLessThan(LIMITS.requestTimeoutMs + 1500);
    // Node answers 408 when it can; the login itself never ran.
    expect(slow.received()).not.toMatch(/HTTP\/1\.1 (200|401)/);
  });

  it('finding 8: closes a connection on which nothing is sent, and an idle keep-alive connection', async () => {
    const silent = await rawClient(port);
    expect(await within(silent.closed, 10_000)).toBeLessThan(LIMITS.idleTimeoutMs + 1500);

    const keptAlive = await rawClient(port);
    keptAlive.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const closedAfter = await within(keptAlive.closed, 10_000);
    expect(keptAlive.received()).toContain('"status":"ok"');
    expect(closedAfter).toBeLessThan(LIMITS.keepAliveTimeoutMs + 1500);
  });

  it('finding 8: caps the connections one address holds; another address is still served', async () => {
    const held = await Promise.all(Array.from({ length: LIMITS.maxConnectionsPerAddress }, () => rawClient(port)));
    const extra = await rawClient(port);
    expect(await within(extra.closed, 2000)).toBeLessThan(500);
    expect(extra.received()).toBe('');
    // Another client address (loopback has many) is served while the first is at its cap.
    const other = await rawClient(port, '127.0.0.2');
    other.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    await other.closed;
    expect(other.received()).toMatch(/^HTTP\/1\.1 200/);
    // A connection freed is a connection the first address may open again.
    held[0]!.socket.destroy();
    await held[0]!.closed;
    const again = await rawClient(port);
    again.socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    await again.closed;
    expect(again.received()).toMatch(/^HTTP\/1\.1 200/);
    for (const client of held) client.socket.destroy();
  });
});
