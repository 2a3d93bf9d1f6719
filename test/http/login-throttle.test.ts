import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createStore, type Store } from '../../src/app/store.js';
import { throttleKeys } from '../../src/auth/login-throttle.js';
import { buildApp } from '../../src/http/app.js';
import { ManualClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { testHttpContext } from '../support/app.js';
import { createTestDatabase, ENGINE } from '../support/database.js';
import { PASSWORD, buildDealer, type DealerWorld } from '../support/factories.js';

// Finding 5 of the hardening review: the login limiter locked out the wrong people.
describe(`finding 5: the login limiter slows attackers down without locking anyone else out (${ENGINE})`, () => {
  let store: Store;
  let world: DealerWorld;
  let cleanup: () => Promise<void>;
  const clock = new ManualClock('2026-12-06T10:00:00Z');
  const apps: FastifyInstance[] = [];
  const policy = { freeFailures: 5, windowMs: 15 * 60_000 };
  const start = async (trustedProxies?: string[], loginThrottle = policy) => {
    const app = await buildApp(testHttpContext(store, clock, { loginThrottle, trustedProxies }), createLogger('silent'));
    apps.push(app);
    return app;
  };
  const login = (app: FastifyInstance, email: string, password: string, remoteAddress: string, forwardedFor?: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });
  const tally = (statuses: number[]) => Object.fromEntries([...new Set(statuses)].map((status) => [status, statuses.filter((s) => s === status).length]));

  beforeAll(async () => {
    const test = await createTestDatabase();
    cleanup = test.cleanup;
    store = createStore(test.database);
    world = await buildDealer(store, 'throttle');
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await cleanup();
  });

  it('keeps the person who knows the password, at another address, out for at most 30 seconds however often an attacker fails at their account', async () => {
    const app = await start();
    // A spread-out attack: one wrong password from each of 40 addresses, waiting out each delay, so only the account's
    // own count grows, far past the point where its delay reaches the cap.
    for (let i = 0; i < 40; i++) {
      const guess = () => login(app, world.keyUser.email, `guess ${i}`, `203.0.113.${100 + i}`);
      let answer = await guess();
      while (answer.statusCode === 429) {
        clock.advance(Number(answer.headers['retry-after']) * 1000);
        answer = await guess();
      }
      expect(answer.statusCode).toBe(401);
    }
    const victim = await login(app, world.keyUser.email, PASSWORD, '198.51.100.4');
    expect(victim.statusCode, 'the account is slowed down').toBe(429);
    expect(Number(victim.headers['retry-after'])).toBe(30);
    clock.advance(30_000);
    expect((await login(app, world.keyUser.email, PASSWORD, '198.51.100.4')).statusCode).toBe(200);
    clock.advance(policy.windowMs);
  });

  it('slows an address down more with every failure instead of locking the account', async () => {
    const app = await start();
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      const response = await login(app, world.dispatcher.email, `wrong ${i}`, '203.0.113.20');
      if (response.statusCode === 429) {
        waits.push(Number(response.headers['retry-after']));
        clock.advance(Number(response.headers['retry-after']) * 1000);
      }
    }
    expect(waits.length).toBeGreaterThan(1);
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    expect(waits.at(-1)!).toBeGreaterThan(waits[0]!);
    clock.advance(policy.windowMs);
  });

  it('behind a trusted proxy, limits each client by the address the proxy names, so one attacker does not lock everyone out', async () => {
    const app = await start(['10.0.0.2']);
    for (let i = 0; i < 60; i++) await login(app, world.admin.email, `guess ${i}`, '10.0.0.2', '203.0.113.30');
    expect((await login(app, world.admin.email, PASSWORD, '10.0.0.2', '203.0.113.30')).statusCode).toBe(429);
    // Another person behind the same proxy logs in to another account at once.
    expect((await login(app, world.dispatcher.email, PASSWORD, '10.0.0.2', '198.51.100.77')).statusCode).toBe(200);
    clock.advance(policy.windowMs);
  });

  it('ignores X-Forwarded-For from an address that is not a trusted proxy, so a forged header does not dodge the limit', async () => {
    const app = await start();
    // Guesses at 60 different accounts from one address, each claiming another client: only the address's count can grow.
    for (let i = 0; i < 60; i++) await login(app, `nobody-${i}@example.test`, 'guess', '203.0.113.40', `198.51.100.${i}`);
    // Believed, the header would make this a fresh client (200); ignored, the address waits.
    expect((await login(app, world.warehouse.email, PASSWORD, '203.0.113.40', '198.51.100.200')).statusCode).toBe(429);
    clock.advance(policy.windowMs);
  });

  it('holds across server processes: failures counted by one are waited out at another', async () => {
    const [first, second] = [await start(), await start()];
    for (let i = 0; i < 6; i++) await login(first, world.otherKeyUser.email, `guess ${i}`, '203.0.113.50');
    const elsewhere = await login(second, world.otherKeyUser.email, PASSWORD, '203.0.113.50');
    expect(elsewhere.statusCode).toBe(429);
    expect(elsewhere.json().error.message).toMatch(/^Too many failed logins; try again in \d+ seconds?\.$/);
    clock.advance(policy.windowMs);
  });

  // Each attempt is counted before its password is checked, in one locked step per attempt: guesses sent at once used to
  // read the counts together before any of them had failed, and all went through.
  it('checks only the free number of guesses at one account that one address sends at once; the rest wait', async () => {
    const app = await start();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(app, world.dispatcher.email, `parallel ${i}`, '203.0.113.60')));
    expect(tally(answers.map((a) => a.statusCode))).toEqual({ 401: policy.freeFailures, 429: 40 - policy.freeFailures });
    clock.advance(policy.windowMs);
  });

  it('checks only the free number of guesses over many accounts that one address sends at once; the rest wait', async () => {
    // One free failure per account makes ten for the address: fewer wrong passwords to hash than under the usual policy.
    const app = await start(undefined, { ...policy, freeFailures: 1 });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => login(app, `spray-${i}@example.test`, 'guess', '203.0.113.61')));
    expect(tally(answers.map((a) => a.statusCode))).toEqual({ 401: 10, 429: 20 });
    clock.advance(policy.windowMs);
  });

  it('takes back the failure a right password counted against its address before the check, leaving the address as it was', async () => {
    const app = await start();
    for (let i = 0; i < 3; i++) await login(app, `someone-${i}@example.test`, 'guess', '203.0.113.70');
    const lastFailureAt = clock.now();
    clock.advance(5000);
    expect((await login(app, world.warehouse.email, PASSWORD, '203.0.113.70')).statusCode).toBe(200);
    const address = await store.db.selectFrom('login_throttle').select(['failures', 'last_failure_at']).where('key', '=', throttleKeys('', '203.0.113.70').address).executeTakeFirst();
    expect(address).toEqual({ failures: 3, last_failure_at: lastFailureAt });
    clock.advance(policy.windowMs);
  });

  it('keeps no e-mail address in the table it counts failures in', async () => {
    const rows = await store.db.selectFrom('login_throttle').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toMatch(/@|203\.0\.113/);
  });

  it('prunes the counts whose window has passed', async () => {
    const fresh = throttleKeys('fresh@example.test', '203.0.113.80');
    await store.repos.loginThrottle.recordFailure([fresh.address], clock.now(), policy.windowMs);
    expect(await store.repos.loginThrottle.prune(new Date(clock.now().getTime() - policy.windowMs))).toBeGreaterThan(0);
    expect(await store.db.selectFrom('login_throttle').select('key').execute()).toEqual([{ key: fresh.address }]);
  });
});
