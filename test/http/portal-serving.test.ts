import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/app/store.js';
import { buildApp } from '../../src/http/app.js';
import { portalPageOf } from '../../src/http/portal-pages.js';
import { ManualClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { testHttpContext } from '../support/app.js';
import { createTestDatabase } from '../support/database.js';

const SECRET = 'the-secret-next-to-the-portal';
const SCRIPT = 'console.log("a script the build compressed");\n'.repeat(100);

describe('serving the portal next to the API', () => {
  let app: FastifyInstance;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    // The portal folder sits next to a secret: a path that climbs out of it would reach the secret.
    const parent = mkdtempSync(join(tmpdir(), 'tonerloop-portal-'));
    writeFileSync(join(parent, 'secret.txt'), SECRET);
    const dir = join(parent, 'portal');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
    // As the build leaves them: the file, and beside it its brotli and gzip forms (web/vite.config.ts).
    writeFileSync(join(dir, 'assets', 'big-5678.js'), SCRIPT);
    writeFileSync(join(dir, 'assets', 'big-5678.js.br'), brotliCompressSync(SCRIPT));
    writeFileSync(join(dir, 'assets', 'big-5678.js.gz'), gzipSync(SCRIPT));
    writeFileSync(join(dir, 'index.html.gz'), gzipSync('<!doctype html><div id="root"></div>'));
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    // As the build writes it: each page's chunks beyond the entry and the libraries.
    writeFileSync(join(dir, 'page-chunks.json'), JSON.stringify({ login: ['/assets/login-1.js'], dashboard: ['/assets/dashboard-1.js'], device: ['/assets/device-1.js'], job: ['/assets/job-1.js', '/assets/jobs-1.js'] }));
    const db = await createTestDatabase();
    cleanup = db.cleanup;
    app = await buildApp(testHttpContext(createStore(db.database), new ManualClock('2026-11-21T10:00:00Z'), { portalDir: dir }), createLogger('silent'));
  });
  afterAll(async () => { await app.close(); await cleanup(); });

  it("answers the app's own paths with index.html, not cached, framed by nobody, scripts only from itself", async () => {
    for (const url of ['/', '/devices/8c0c9f1e-1111-4111-8111-111111111111', '/requests?status=queried']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('<div id="root">');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
  });

  it("asks the browser to fetch the page's own chunks and the data it starts with beside its scripts, the data only for someone logged in", async () => {
    const id = '8c0c9f1e-1111-4111-8111-111111111111';
    const cookie = 'tl_session=anything';
    const links = async (url: string, headers: Record<string, string> = { cookie }) => (await app.inject({ method: 'GET', url, headers })).headers.link;
    const chunk = (file: string) => `<${file}>; rel=modulepreload; crossorigin`;
    const data = (url: string) => `<${url}>; rel=preload; as=fetch; crossorigin`;
    expect(await links('/')).toBe([chunk('/assets/dashboard-1.js'), data('/api/v1/fleet/overview'), data('/api/v1/devices?sort=soonest&limit=50')].join(', '));
    // Only the device itself: its supplies are the page's largest paint, and each preload takes one of the browser's six
    // connections from the page's scripts (four made the device page's paint later, not sooner).
    expect(await links(`/devices/${id}`)).toBe([chunk('/assets/device-1.js'), data(`/api/v1/devices/${id}`)].join(', '));
    // Logged out, every path shows the login form (which asks for no data); logged in, /login is the fleet.
    expect(await links('/', {})).toBe(chunk('/assets/login-1.js'));
    expect(await links(`/devices/${id}`, {})).toBe(chunk('/assets/login-1.js'));
    expect(await links('/login')).toBe(chunk('/assets/dashboard-1.js'));
    // A filtered page: its chunk, not data asked for differently; a page with two chunks gets both.
    expect(await links('/?status=low')).toBe(chunk('/assets/dashboard-1.js'));
    expect(await links(`/jobs/${id}`)).toBe([chunk('/assets/job-1.js'), chunk('/assets/jobs-1.js')].join(', '));
    // A page whose chunk the build did not list, and a path the portal does not know: nothing.
    expect(await links('/requests')).toBeUndefined();
    expect(await links('/no/such/page')).toBeUndefined();
    expect(await links('/devices/not-an-id')).toBe(chunk('/assets/device-1.js'));
    const page = await app.inject({ method: 'GET', url: '/', headers: { cookie } });
    expect(page.headers.vary).toBe('accept-encoding, cookie');
  });

  it('names the page each of the portal\'s paths opens (web/src/app.tsx routes)', () => {
    const id = '8c0c9f1e-1111-4111-8111-111111111111';
    const cases: Array<[string, string | null]> = [
      ['/', 'dashboard'], ['/login', 'dashboard'], [`/devices/${id}`, 'device'], [`/devices/${id}/order`, 'order'], ['/requests?status=queried', 'requests'],
      ['/jobs', 'jobs'], [`/jobs/${id}`, 'job'], ['/customers', 'customers'], [`/customers/${id}`, 'customers'], [`/customers/${id}/sites/${id}`, 'site'], [`/customers/${id}/sites`, null], ['/stock', 'stock'], ['/scan', 'scan'],
      ['/warehouse/receiving', 'receiving'], ['/reports', 'reports'], ['/settings', 'settings'], ['/admin', 'admin'],
      ['/devices', null], [`/devices/${id}/history`, null], ['/warehouse', null], ['/adminx', null],
    ];
    for (const [url, page] of cases) expect(portalPageOf(url, true), url).toBe(page);
    for (const [url] of cases) expect(portalPageOf(url, false), url).toBe('login');
  });

  it('serves hashed assets for a year, a missing one as 404, and nothing outside the portal folder', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/app-1234.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
    // A path climbing out of the portal folder never reads the file it names.
    for (const url of ['/assets/../../secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.body, url).not.toContain(SECRET);
    }
  });

  it('sends a script brotli- or gzip-compressed as the browser accepts, and as it is to one that accepts neither', async () => {
    const decoders: Record<string, (body: Buffer) => Buffer> = { br: brotliDecompressSync, gzip: gunzipSync, identity: (body) => body };
    for (const [acceptEncoding, encoding] of [['gzip, deflate, br, zstd', 'br'], ['gzip', 'gzip'], ['br;q=0, gzip', 'gzip'], ['identity', 'identity'], [undefined, 'identity']] as const) {
      const response = await app.inject({ method: 'GET', url: '/assets/big-5678.js', headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });
      expect(response.statusCode, acceptEncoding).toBe(200);
      expect(response.headers['content-encoding'] ?? 'identity', acceptEncoding).toBe(encoding);
      expect(response.headers.vary, acceptEncoding).toBe('accept-encoding');
      expect(response.headers['content-type'], acceptEncoding).toMatch(/^(text|application)\/javascript/);
      expect(response.headers['cache-control'], acceptEncoding).toBe('public, max-age=31536000, immutable');
      expect(response.headers['content-security-policy'], acceptEncoding).toMatch(/default-src 'self'/);
      expect(decoders[encoding]!(response.rawPayload).toString(), acceptEncoding).toBe(SCRIPT);
    }
  });

  it("sends the app's own paths the compressed index.html, still not cached and under the same policy", async () => {
    for (const url of ['/', '/devices/8c0c9f1e-1111-4111-8111-111111111111']) {
      const response = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-encoding'], url).toBe('gzip');
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.headers.vary, url).toBe('accept-encoding, cookie');
      expect(response.headers['content-security-policy'], url).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(gunzipSync(response.rawPayload).toString(), url).toContain('<div id="root">');
    }
  });

  it('sends a file the build did not compress as it is, to a browser that accepts compression', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/app-1234.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body).toBe('console.log(1)');
  });

  it('keeps unknown API paths a JSON 404 in the error shape', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not-found');
  });
});
