import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';

const CHECKED_IN = new URL('../../openapi/openapi.json', import.meta.url);

describe('the OpenAPI document', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('is served at /api/openapi.json and matches the checked-in copy (run with UPDATE_OPENAPI=1 to refresh it)', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const served = `${JSON.stringify(response.json(), null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI) writeFileSync(CHECKED_IN, served);
    expect(served).toBe(readFileSync(CHECKED_IN, 'utf8'));
  });
});
