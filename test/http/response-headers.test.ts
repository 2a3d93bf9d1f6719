import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/app/store.js';
import { buildApp } from '../../src/http/app.js';
import { ManualClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { testHttpContext } from '../support/app.js';
import { ENGINE, createTestDatabase } from '../support/database.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';
import { ROUTES } from '../support/routes.js';

describe(`response headers and methods (${ENGINE})`, () => {
  let app: FastifyInstance;
  let withHsts: FastifyInstance;
  let world: DealerWorld;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tonerloop-headers-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)');
    const db = await createTestDatabase();
    cleanup = db.cleanup;
    const store = createStore(db.database);
    const clock = new ManualClock('2026-11-21T10:00:00Z');
    app = await buildApp(testHttpContext(store, clock, { portalDir: dir }), createLogger('silent'));
    withHsts = await buildApp(testHttpContext(store, clock, { portalDir: dir }), createLogger('silent'), { hsts: true });
    world = await buildDealer(store, 'headers');
  });
  afterAll(async () => { await app.close(); await withHsts.close(); await cleanup(); });

  it('finding 9: answers a wrong method on a known path with 405 and the methods it serves in Allow', async () => {
    const cookie = await loginCookie(app, world.admin.email);
    const cases: [string, string, string[]][] = [
      ['DELETE', '/api/v1/users', ['GET', 'POST']],
      ['GET', '/api/v1/auth/login', ['POST']],
      ['PUT', `/api/v1/users/${world.dispatcher.id}/disable`, ['POST']],
      ['POST', '/api/health', ['GET']],
      ['PATCH', `/api/v1/devices/${world.device.id}`, ['GET']],
    ];
    for (const [method, url, expected] of cases) {
      const response = await app.inject({ method: method as 'GET', url, headers: { cookie } });
      expect(response.statusCode, `${method} ${url}`).toBe(405);
      const allow = String(response.headers.allow).split(', ');
      expect(allow, `${method} ${url}`).toEqual(expect.arrayContaining(expected));
      expect(allow).not.toContain(method);
      expect(response.json().error.message).toMatch(/is not allowed on .*; use .*\.$/);
    }
    // A path nobody serves stays a 404, API or not; so does a missing asset.
    expect((await app.inject({ method: 'DELETE', url: '/api/v1/nothing-here' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v1/nothing-here' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
  });

  it("finding 9: the 405's Allow, found in one lookup, is what Fastify's router serves at every route's path, method by method", async () => {
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
    const paths = [...new Set(ROUTES.map((r) => r.url(world).split('?')[0]!)), '/', '/fleet', '/assets/app-1.js'];
    for (const path of paths) {
      // The portal's catch-all page route (a wildcard) serves no API path.
      const served = methods.filter((method) => {
        const route = app.findRoute({ method, url: path });
        return route !== null && !(path.startsWith('/api/') && '*' in (route.params ?? {}));
      });
      const other = methods.find((method) => !served.includes(method))!;
      const response = await app.inject({ method: other, url: path });
      expect(response.statusCode, `${other} ${path}`).toBe(405);
      expect(String(response.headers.allow).split(', ').sort(), path).toEqual([...served].sort());
    }
  });

  it('finding 9: marks every API answer Cache-Control: no-store, errors included', async () => {
    const cookie = await loginCookie(app, world.admin.email);
    const answers = [
      await app.inject({ method: 'GET', url: '/api/health' }),
      await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } }),
      await app.inject({ method: 'GET', url: `/api/v1/devices/${world.device.id}`, headers: { cookie } }),
      await app.inject({ method: 'GET', url: '/api/v1/auth/me' }),
      await app.inject({ method: 'GET', url: '/api/v1/nothing-here' }),
      await app.inject({ method: 'DELETE', url: '/api/v1/users' }),
      await app.inject({ method: 'POST', url: '/api/v1/customers', headers: { cookie }, payload: {} }),
    ];
    for (const response of answers) expect(response.headers['cache-control'], response.raw.req.url).toBe('no-store');
    // The portal keeps its own caching: pages revalidated, hashed assets for a year.
    expect((await app.inject({ method: 'GET', url: '/' })).headers['cache-control']).toBe('no-cache');
    expect((await app.inject({ method: 'GET', url: '/assets/app-1.js' })).headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('finding 9: sends Strict-Transport-Security only when the HSTS setting is on', async () => {
    for (const url of ['/', '/api/health']) {
      expect((await app.inject({ method: 'GET', url })).headers['strict-transport-security'], url).toBeUndefined();
      expect((await withHsts.inject({ method: 'GET', url })).headers['strict-transport-security'], url).toBe('max-age=31536000');
    }
  });

  it('finding 9: serves portal pages and API answers with the security headers (helmet), the portal policy unchanged', async () => {
    for (const url of ['/', '/devices/8c0c9f1e-1111-4111-8111-111111111111', '/api/health']) {
      const headers = (await app.inject({ method: 'GET', url })).headers;
      expect(headers['content-security-policy'], url).toBe(
        "default-src 'self';img-src 'self' data:;style-src 'self' 'unsafe-inline';connect-src 'self';frame-ancestors 'none';base-uri 'none';form-action 'self'",
      );
      expect(headers['x-frame-options'], url).toBe('DENY');
      expect(headers['x-content-type-options'], url).toBe('nosniff');
      expect(headers['referrer-policy'], url).toBe('same-origin');
      expect(headers['cross-origin-opener-policy'], url).toBe('same-origin');
      expect(headers['x-powered-by'], url).toBeUndefined();
    }
  });
});
