import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ROUTES } from '../support/routes.js';

describe('the route catalogue used by the isolation and bad-input tests', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('lists every route the API serves, so no new route escapes those tests', async () => {
    const document = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    const catalogued = ROUTES.map((r) => `${r.method} ${r.route}`);
    expect([...catalogued].sort()).toEqual([...served].sort());
  });
});
