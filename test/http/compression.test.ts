import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/app/store.js';
import { buildApp } from '../../src/http/app.js';
import { ManualClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { testHttpContext } from '../support/app.js';
import { createTestDatabase } from '../support/database.js';

describe('compressed API answers', () => {
  let app: FastifyInstance;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const db = await createTestDatabase();
    cleanup = db.cleanup;
    app = await buildApp(testHttpContext(createStore(db.database), new ManualClock('2026-11-21T10:00:00Z')), createLogger('silent'));
  });
  afterAll(async () => { await app.close(); await cleanup(); });

  it('sends a large JSON answer brotli- or gzip-compressed as the client accepts, and as it is otherwise', async () => {
    const plain = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const decoders: Record<string, (body: Buffer) => Buffer> = { br: brotliDecompressSync, gzip: gunzipSync };
    for (const [acceptEncoding, encoding] of [['gzip, deflate, br, zstd', 'br'], ['gzip', 'gzip']] as const) {
      const response = await app.inject({ method: 'GET', url: '/api/openapi.json', headers: { 'accept-encoding': acceptEncoding } });
      expect(response.statusCode, acceptEncoding).toBe(200);
      expect(response.headers['content-encoding'], acceptEncoding).toBe(encoding);
      expect(String(response.headers.vary), acceptEncoding).toMatch(/accept-encoding/i);
      expect(response.rawPayload.length, acceptEncoding).toBeLessThan(plain.rawPayload.length / 3);
      expect(decoders[encoding]!(response.rawPayload).toString(), acceptEncoding).toBe(plain.body);
    }
  });

  it('does not inflate a compressed request body', async () => {
    const response = await app.inject({
      method: 'POST', url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify({ email: 'someone@example.test', password: 'a password' })),
    });
    expect(response.statusCode).toBe(400);
  });
});
