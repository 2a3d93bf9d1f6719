import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/index.js';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { PASSWORD, buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';

describe(`authentication (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;

  beforeAll(async () => {
    ctx = await createTestApp({ loginMaxAttempts: 5 });
    world = await buildDealer(ctx.store, 'auth');
  });
  afterAll(() => ctx.close());

  it('sets an HttpOnly, SameSite session cookie whose value is stored only as a hash', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: world.dispatcher.email.toUpperCase(), password: PASSWORD } });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'tl_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(response.json().user.role).toBe('dispatcher');
    expect(response.body).not.toContain('password');
    const stored = await ctx.store.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).toContain(hashToken(cookie.value));
    expect(stored.map((s) => s.token_hash)).not.toContain(cookie.value);
  });

  it('says the same thing for a wrong password and an unknown e-mail address', async () => {
    const wrong = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: world.warehouse.email, password: 'not the password' } });
    const unknown = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@example.test', password: 'not the password' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
  });

  it('rate-limits repeated failed logins for one address with 429 and Retry-After, then lets the owner in after the window', async () => {
    const attempt = (password: string) => ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: world.keyUser.email, password }, remoteAddress: '10.9.8.7' });
    for (let i = 0; i < 5; i++) expect((await attempt('guess number ' + i)).statusCode).toBe(401);
    const limited = await attempt(PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    ctx.clock.advance(16 * 60_000);
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
  });

  it('ends a session at logout, and a logged-out cookie is refused', async () => {
    const cookie = await loginCookie(ctx.app, world.admin.email);
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    // The portal shows readings' times against the printers' clock, which the server gives it.
    expect(me.json().printerClock).toEqual({ now: ctx.clock.now().toISOString(), rate: 1 });
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })).statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('tells each person what they may do, the list the server enforces, so the portal does not restate the rules', async () => {
    const capabilities = async (email: string) => (await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: await loginCookie(ctx.app, email) } })).json().capabilities as string[];
    const admin = await capabilities(world.admin.email);
    expect(admin).toEqual(expect.arrayContaining(['users:manage', 'requests:action', 'requests:order', 'settings:write']));
    const keyUser = await capabilities(world.keyUser.email);
    expect(keyUser).toEqual(['customers:read', 'devices:read', 'devices:locate', 'devices:refresh', 'requests:read', 'requests:order', 'jobs:read']);
    const warehouse = await capabilities(world.warehouse.email);
    expect(warehouse).not.toContain('requests:action');
    expect(warehouse).not.toContain('requests:order');
    // What a list leaves out is refused by the server: a key user cannot action a request.
    const cookie = await loginCookie(ctx.app, world.keyUser.email);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/consumable-requests/${world.request.id}/action`, headers: { cookie }, payload: { externalId: 'X-1' } })).statusCode).toBe(403);
  });

  it('expires a session after the idle time and at the hard limit even when used', async () => {
    const idle = await loginCookie(ctx.app, world.admin.email);
    ctx.clock.advance(13 * 3_600_000);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: idle } })).statusCode).toBe(401);

    const busy = await loginCookie(ctx.app, world.admin.email);
    for (let hour = 0; hour < 7 * 24; hour += 6) {
      ctx.clock.advance(6 * 3_600_000);
      const status = (await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: busy } })).statusCode;
      if (hour + 6 < 7 * 24) expect(status, `after ${hour + 6} h`).toBe(200);
      else expect(status, 'after 7 days').toBe(401);
    }
  });

  it('shuts a disabled user out at once, sessions included', async () => {
    const victim = await ctx.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: await loginCookie(ctx.app, world.admin.email) }, payload: { email: 'leaver@example.test', name: 'Leaver', password: PASSWORD, role: 'dispatcher' } });
    const cookie = await loginCookie(ctx.app, 'leaver@example.test');
    const admin = await loginCookie(ctx.app, world.admin.email);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/users/${victim.json().id}/disable`, headers: { cookie: admin } })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'leaver@example.test', password: PASSWORD } })).statusCode).toBe(401);
  });

  it('refuses an admin disabling their own account', async () => {
    const admin = await loginCookie(ctx.app, world.admin.email);
    const response = await ctx.app.inject({ method: 'POST', url: `/api/v1/users/${world.admin.id}/disable`, headers: { cookie: admin } });
    expect(response.statusCode).toBe(409);
  });

  it('accepts collector and integration tokens only for their own jobs, and not once revoked', async () => {
    const collector = { authorization: `Bearer ${world.collectorToken}` };
    const erp = { authorization: `Bearer ${world.integrationToken}` };
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/collector/config', headers: collector })).json().customerId).toBe(world.customer.id);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/devices', headers: collector })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/collector/config', headers: erp })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/devices', headers: erp })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/customers', headers: erp, payload: { name: 'ERP made this' } })).statusCode).toBe(403);

    const admin = await loginCookie(ctx.app, world.admin.email);
    await ctx.app.inject({ method: 'POST', url: `/api/v1/collectors/${world.collector.id}/revoke`, headers: { cookie: admin } });
    await ctx.app.inject({ method: 'POST', url: `/api/v1/integrations/${world.integration.id}/revoke`, headers: { cookie: admin } });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/collector/config', headers: collector })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/devices', headers: erp })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/devices', headers: { authorization: 'Bearer tli_forged' } })).statusCode).toBe(401);
  });

  it('keeps roles to their jobs: dispatchers cannot manage users, key users cannot write', async () => {
    const dispatcher = await loginCookie(ctx.app, world.dispatcher.email);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: dispatcher } })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/integrations', headers: { cookie: dispatcher }, payload: { name: 'x' } })).statusCode).toBe(403);
    const keyUser = await loginCookie(ctx.app, world.otherKeyUser.email);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/customers', headers: { cookie: keyUser }, payload: { name: 'Mine' } })).statusCode).toBe(403);
    const warehouse = await loginCookie(ctx.app, world.warehouse.email);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/imports/csv', headers: { cookie: warehouse, 'content-type': 'text/csv' }, payload: 'customer\nX\n' })).statusCode).toBe(403);
  });
});
