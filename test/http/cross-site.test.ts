import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { PASSWORD, buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';

// What a page of another site makes the victim's browser send: a form posting text/plain with the cookie.
const FROM_ANOTHER_SITE = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' };
// The same from a browser too old to send Fetch metadata: only Origin tells.
const FROM_ANOTHER_SITE_OLD_BROWSER = { origin: 'https://evil.example', 'content-type': 'text/plain' };
// The portal's own fetch: Chromium sends both headers on a same-origin POST (app.inject's Host is localhost:80).
const FROM_THE_PORTAL = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };

describe(`cross-site requests (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let adminCookie: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'csrf');
    adminCookie = await loginCookie(ctx.app, world.admin.email);
  });
  afterAll(() => ctx.close());

  it('finding 4: refuses a cross-site text/plain form post carrying the session cookie with 403 and a sentence, changing nothing', async () => {
    const attacks = [
      `/api/v1/users/${world.dispatcher.id}/disable`,
      `/api/v1/integrations/${world.integration.id}/revoke`,
      `/api/v1/collectors/${world.collector.id}/revoke`,
      `/api/v1/devices/${world.device.id}/refresh`,
      '/api/v1/auth/logout',
    ];
    for (const headers of [FROM_ANOTHER_SITE, FROM_ANOTHER_SITE_OLD_BROWSER]) {
      for (const url of attacks) {
        const response = await ctx.app.inject({ method: 'POST', url, headers: { ...headers, cookie: adminCookie }, payload: 'x=1' });
        expect(response.statusCode, url).toBe(403);
        expect(response.json().error.message, url).toMatch(/another site.*\.$/);
      }
    }
    const dispatcher = await ctx.store.repos.users.get(world.dealer.id, world.dispatcher.id);
    expect(dispatcher!.disabled_at).toBeNull();
    // The session survived the forged logout, and the tokens the forged revocations aimed at still work.
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: adminCookie } })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/consumable-requests', headers: { authorization: `Bearer ${world.integrationToken}` } })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/collector/config', headers: { authorization: `Bearer ${world.collectorToken}` } })).statusCode).toBe(200);
  });

  it('finding 4: refuses a login sent from another site, so nobody can log a victim into their own account (login CSRF)', async () => {
    const response = await ctx.app.inject({
      method: 'POST', url: '/api/v1/auth/login', headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, payload: { email: world.admin.email, password: PASSWORD },
    });
    expect(response.statusCode).toBe(403);
    expect(response.cookies.find((c) => c.name === 'tl_session')).toBeUndefined();
  });

  it("finding 4: accepts the portal's own same-origin requests, by Fetch metadata or by Origin alone", async () => {
    const login = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: FROM_THE_PORTAL, payload: { email: world.admin.email, password: PASSWORD } });
    expect(login.statusCode).toBe(200);
    const cookie = `tl_session=${login.cookies.find((c) => c.name === 'tl_session')!.value}`;
    const refresh = await ctx.app.inject({ method: 'POST', url: `/api/v1/devices/${world.device.id}/refresh`, headers: { ...FROM_THE_PORTAL, cookie } });
    expect(refresh.statusCode).toBeLessThan(300);
    const byOrigin = await ctx.app.inject({ method: 'POST', url: `/api/v1/users/${world.warehouse.id}/disable`, headers: { origin: 'http://localhost', cookie } });
    expect(byOrigin.statusCode).toBe(200);
    expect(byOrigin.json().disabled).toBe(true);
    // A client that is not a browser page (no Origin, no Fetch metadata: curl, scripts) is not a forgery.
    const plain = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(plain.statusCode).toBe(204);
  });

  it('finding 4: leaves bearer-token clients (collectors, ERPs) unaffected, whatever Origin they send', async () => {
    const heartbeat = await ctx.app.inject({
      method: 'POST', url: '/api/v1/collector/heartbeat', headers: { authorization: `Bearer ${world.collectorToken}`, origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' },
      payload: { agentVersion: '1.0.0', startedAt: '2026-11-21T09:00:00Z', queue: { readings: 0, bytes: 0, full: false }, lastPollAt: null, printers: 0, failingTargets: 0, lastError: null },
    });
    expect(heartbeat.statusCode).toBe(204);
    const action = await ctx.app.inject({
      method: 'POST', url: `/api/v1/consumable-requests/${world.request.id}/action`, headers: { authorization: `Bearer ${world.integrationToken}`, origin: 'https://erp.example' },
      payload: { externalId: 'PO-1' },
    });
    expect(action.statusCode).toBe(200);
  });
});
