import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';
import { ROUTES, badBodyJson, requestBody } from '../support/routes.js';

/** A 4xx with the CONTRACT error shape and one sentence, never a 500 or a stack trace. */
function expectClearRefusal(response: { statusCode: number; body: string }, where: string, status?: number): void {
  expect(response.statusCode, `${where}: ${response.body}`).toBeGreaterThanOrEqual(400);
  expect(response.statusCode, `${where}: ${response.body}`).toBeLessThan(500);
  if (status) expect(response.statusCode, `${where}: ${response.body}`).toBe(status);
  const body = JSON.parse(response.body) as { error: { code: string; message: string } };
  expect(body.error.code, where).toMatch(/^[a-z-]+$/);
  expect(body.error.message, where).toMatch(/^\S.*[.!?]$/s);
  expect(body.error.message.split('\n').length, where).toBe(1);
  expect(response.body, where).not.toMatch(/at .*\.(ts|js):\d+/);
}

describe(`bad input to every route (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let headers: Record<string, string>;

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'bad-input');
    headers = { cookie: await loginCookie(ctx.app, world.admin.email) };
  });
  afterAll(() => ctx.close());

  const withBody = ROUTES.filter((r) => r.body);
  it.each(withBody.map((r) => [`${r.method} ${r.route}`, r] as const))('%s refuses malformed, mistyped, oversized and missing bodies', async (_, route) => {
    const as = route.caller === 'collector' ? { authorization: `Bearer ${world.collectorToken}` } : headers;
    const send = (payload: string, contentType = route.contentType ?? 'application/json') =>
      ctx.app.inject({ method: route.method, url: route.url(world), headers: { ...as, 'content-type': contentType }, payload });
    if (!route.contentType) {
      expectClearRefusal(await send('{"name": '), 'malformed JSON', 400);
      expectClearRefusal(await send(''), 'empty body', 400);
      expectClearRefusal(await send('"just a string"'), 'body of the wrong type', 400);
      expectClearRefusal(await send(JSON.stringify({ name: 'x'.repeat(5 * 1024 * 1024) })), 'oversized body', 413);
    }
    expectClearRefusal(await send('name=x', 'application/x-www-form-urlencoded'), 'form-encoded body', 415);
    for (const [why, body] of route.badBodies ?? []) expectClearRefusal(await send(typeof body === 'string' && route.contentType ? body : badBodyJson(body, world)), why, 400);
  });

  const withId = ROUTES.filter((r) => r.route.includes('{id}'));
  it.each(withId.map((r) => [`${r.method} ${r.route}`, r] as const))('%s answers 404 for an unknown id and 400 for a malformed one', async (_, route) => {
    const body = route.body?.(world);
    const unknown = route.url(world).replace(/[0-9a-f-]{36}/, randomUUID());
    expectClearRefusal(await ctx.app.inject({ method: route.method, url: unknown, ...requestBody(route, body), headers: { ...headers, ...requestBody(route, body).headers } }), 'unknown id', 404);
    const malformed = route.url(world).replace(/[0-9a-f-]{36}/, 'not-an-id');
    expectClearRefusal(await ctx.app.inject({ method: route.method, url: malformed, ...requestBody(route, body), headers: { ...headers, ...requestBody(route, body).headers } }), 'malformed id', 400);
  });

  const withQuery = ROUTES.filter((r) => r.badQueries);
  it.each(withQuery.map((r) => [`${r.method} ${r.route}`, r] as const))('%s refuses bad query parameters', async (_, route) => {
    for (const query of route.badQueries!) {
      expectClearRefusal(await ctx.app.inject({ method: route.method, url: `${route.url(world)}?${query}`, headers }), query, 400);
    }
  });

  it('answers unknown paths with a 404 in the error shape', async () => {
    expectClearRefusal(await ctx.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers }), 'unknown path', 404);
  });

  it('refuses protected routes without credentials (401) and with a malformed Authorization header', async () => {
    for (const route of ROUTES.filter((r) => !['/api/health', '/api/v1/auth/login', '/api/v1/auth/logout'].includes(r.route))) {
      const body = route.body?.(world);
      expectClearRefusal(await ctx.app.inject({ method: route.method, url: route.url(world), ...requestBody(route, body) }), `${route.route} without credentials`, 401);
      expectClearRefusal(
        await ctx.app.inject({ method: route.method, url: route.url(world), ...requestBody(route, body), headers: { ...requestBody(route, body).headers, authorization: 'Basic abc' } }),
        `${route.route} with Basic auth`,
        401,
      );
    }
  });
});
