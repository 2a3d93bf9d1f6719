import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { registerCollector } from '../../src/collectors/index.js';
import type { Role } from '../../src/db/schema.js';
import { registerIntegration } from '../../src/integrations/index.js';
import { createUser } from '../../src/users/index.js';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, loginCookie, PASSWORD, type DealerWorld } from '../support/factories.js';
import { describeRequest, operationsOf, requestsFor, type FuzzRequest, type FuzzWorld, type Operation } from '../support/openapi-fuzz.js';

/*
 * Every operation of the API's own OpenAPI document, fed requests generated from its schemas, as every kind
 * of caller: no answer may be a 5xx. FUZZ_RUNS requests per operation and caller (20 by default: about 5,600
 * requests, under a minute on either engine; `npm run fuzz` runs a long one on both), FUZZ_SEED replays a run.
 * The generator (test/support/openapi-fuzz.ts) mixes requests that fit the schemas, with real ids of the right
 * collection, with hostile ones: NUL and lone surrogates, huge numbers, extreme dates, wrong types, deep nesting.
 *
 * Callers keep their credentials for the whole run: the ids the fuzzer draws from are every row of both
 * dealers except the callers' own users, collector and integration (so "disable a user", "revoke a token"
 * hit other rows), and a caller whose session a request ended (logout) logs in again before the next one.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = process.env.FUZZ_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED);

interface Caller {
  name: string;
  headers: Record<string, string>;
  /** Gets fresh credentials when a fuzzed request ended the old ones; null for the caller without any. */
  renew: (() => Promise<void>) | null;
}

const NOW = new Date('2026-11-21T10:00:00Z');
const ctx = await createTestApp();
const a = await buildDealer(ctx.store, 'fuzz-a');
const b = await buildDealer(ctx.store, 'fuzz-b');
/** Ids of the callers' own credentials: never drawn, so no request disables or revokes a caller. */
const own = new Set<string>();

async function userCaller(name: string, world: DealerWorld, user: { id: string; email: string }, role: Role): Promise<Caller> {
  own.add(user.id);
  const caller: Caller = { name, headers: { cookie: await loginCookie(ctx.app, user.email) }, renew: null };
  let email = user.email;
  caller.renew = async () => {
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
    const cookie = again.cookies.find((c) => c.name === 'tl_session');
    if (again.statusCode === 200 && cookie) {
      caller.headers = { cookie: `tl_session=${cookie.value}` };
      return;
    }
    // Disabled after all (it should not be): a new user of the same role takes its place.
    const created = await createUser(ctx.store, world.adminPrincipal, { email: `${role}-${randomUUID().slice(0, 8)}@example.test`, name: role, password: PASSWORD, role, customerId: role === 'customer-key-user' ? world.customer.id : null }, NOW);
    own.add(created.id);
    email = created.email;
    caller.headers = { cookie: await loginCookie(ctx.app, email) };
  };
  return caller;
}

const callers: Caller[] = [
  await userCaller('dealer admin', a, a.admin, 'dealer-admin'),
  await userCaller('dispatcher', a, a.dispatcher, 'dispatcher'),
  await userCaller('warehouse operator', a, a.warehouse, 'warehouse-operator'),
  await userCaller('customer key user', a, a.keyUser, 'customer-key-user'),
  await userCaller("another dealer's admin", b, b.admin, 'dealer-admin'),
  { name: 'collector', headers: { authorization: `Bearer ${a.collectorToken}` }, renew: async () => {
    const { collector, token } = await registerCollector(ctx.store, a.adminPrincipal, { customerId: a.customer.id, name: `Collector ${randomUUID().slice(0, 6)}` }, NOW);
    own.add(collector.id);
    callers.find((c) => c.name === 'collector')!.headers = { authorization: `Bearer ${token}` };
  } },
  { name: 'integration', headers: { authorization: `Bearer ${a.integrationToken}` }, renew: async () => {
    const { integration, token } = await registerIntegration(ctx.store, a.adminPrincipal, { name: `ERP ${randomUUID().slice(0, 6)}` }, NOW);
    own.add(integration.id);
    callers.find((c) => c.name === 'integration')!.headers = { authorization: `Bearer ${token}` };
  } },
  { name: 'nobody', headers: {}, renew: null },
];
own.add(a.collector.id).add(a.integration.id);

/** Gives every caller working credentials again (a fuzzed request may have logged one out). */
async function renewCallers(only?: Caller): Promise<void> {
  for (const caller of only ? [only] : callers) {
    if (!caller.renew) continue;
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: caller.headers });
    if (me.statusCode === 401) await caller.renew();
  }
}

// The fuzzer's ids: every row of both worlds, and the ids every list answers with, by the collection the
// API names them by in its paths, but the callers' own.
const COLLECTION_OF: Record<string, string> = {
  customer: 'customers', otherCustomer: 'customers', site: 'sites', device: 'devices', otherDevice: 'devices', request: 'consumable-requests', contract: 'contracts',
  collector: 'collectors', integration: 'integrations', admin: 'users', dispatcher: 'users', warehouse: 'users', keyUser: 'users', otherKeyUser: 'users', move: 'device-moves', importRun: 'imports', dealer: 'dealers', stockItem: 'stock-items',
};
const ids = new Map<string, Set<string>>();
const collect = (collection: string, value: unknown) => {
  const id = value && typeof value === 'object' ? (value as { id?: unknown }).id : undefined;
  if (typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id) && !own.has(id)) ids.set(collection, (ids.get(collection) ?? new Set()).add(id));
};
for (const world of [a, b]) for (const [key, value] of Object.entries(world)) if (COLLECTION_OF[key]) collect(COLLECTION_OF[key], value);
const document = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
const operations = operationsOf(document);
for (const caller of [callers[0]!, callers[4]!]) {
  for (const list of operations.filter((o) => o.method === 'GET' && !o.path.includes('{'))) {
    const response = await ctx.app.inject({ method: 'GET', url: list.path, headers: caller.headers });
    // A document (a PDF) lists no ids.
    if (response.statusCode === 200 && String(response.headers['content-type']).startsWith('application/json')) for (const item of (response.json() as { items?: unknown[] }).items ?? []) collect(list.path.split('/').at(-1)!, item);
  }
}
const world: FuzzWorld = {
  ids: Object.fromEntries([...ids].map(([collection, set]) => [collection, [...set]])),
  examples: {
    email: [a.admin.email, a.dispatcher.email, a.keyUser.email, b.admin.email],
    password: [PASSWORD],
    serial: [a.device.serial, a.otherDevice.serial, b.device.serial],
    name: [a.customer.name, b.customer.name],
  },
};

// How the answers fell, printed at the end: a fuzzer that only ever hears 400 or 401 tests little.
const tally = new Map<string, number>();
const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);

afterAll(async () => {
  const byStatus = [...tally].filter(([k]) => /^\d+$/.test(k)).sort().map(([k, n]) => `${k}: ${n}`).join(', ');
  const reached = operationsReached.size;
  const unreached = operations.map((o) => `${o.method} ${o.path}`).filter((o) => !operationsReached.has(o));
  console.log(`fuzz (${ENGINE}, seed ${SEED}): ${tally.get('requests') ?? 0} requests; ${byStatus}; ${reached} of ${operations.length} operations answered 2xx at least once${unreached.length ? ` (not: ${unreached.join(', ')})` : ''}`);
  console.log(`slowest: ${slowest.map((s) => `\n  ${Math.round(s.ms)} ms  ${s.line.slice(0, 400)}`).join('')}`);
  await ctx.close();
});
const operationsReached = new Set<string>();
/** The five slowest requests: a request that holds the server for seconds is a finding too. */
const slowest: { ms: number; line: string }[] = [];

// Requests that end the caller's own session: the caller logs in again after each.
const endsSession = (operation: Operation) => /logout/.test(operation.path);

describe(`fuzz: every operation of the OpenAPI document, as every caller, never answers 5xx (${ENGINE}, ${RUNS} runs per operation and caller, seed ${SEED})`, () => {
  it('reads the operations from the served document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(50);
    expect(Object.keys(world.ids).length).toBeGreaterThanOrEqual(8);
  });

  it.each(operations.map((o, i) => [`${o.method} ${o.path}`, o, i] as const))('%s', async (_, operation, index) => {
    const failures: string[] = [];
    for (const [nth, caller] of callers.entries()) {
      const send = async (request: FuzzRequest, address: string) => {
        const started = performance.now();
        const response = await ctx.app.inject({
          method: request.method as 'GET', url: request.url, remoteAddress: address, payload: request.payload,
          headers: { ...caller.headers, ...(request.contentType ? { 'content-type': request.contentType } : {}) },
        });
        const ms = performance.now() - started;
        if (ms > (slowest.at(-1)?.ms ?? 0) || slowest.length < 5) slowest.splice(0, slowest.length, ...[...slowest, { ms, line: `${caller.name}: ${describeRequest(request)} → ${response.statusCode}` }].sort((x, y) => y.ms - x.ms).slice(0, 5));
        count('requests');
        count(String(response.statusCode));
        if (response.statusCode < 300) operationsReached.add(`${operation.method} ${operation.path}`);
        if (endsSession(operation)) await renewCallers(caller);
        return response;
      };
      // A caller the route refuses at the door gets two requests; the budget goes to the callers whose requests
      // reach validation and the handler. The door is asked with no body and no query: authentication runs
      // before validation, so only a caller without the capability hears 401 or 403 to that (login hears 400).
      const requests = requestsFor(operation, world);
      const bare = operation.path.replaceAll(/\{\w+\}/g, randomUUID());
      const refused = [401, 403].includes((await send({ method: operation.method, url: bare }, '127.0.0.2')).statusCode);
      const property = fc.asyncProperty(requests, fc.ipV4(), async (request, address) => {
        const response = await send(request, address);
        if (response.statusCode >= 500) throw new Error(`${response.statusCode} ${response.body.slice(0, 300)}`);
      });
      const seed = (SEED + index * 101 + nth) % 2 ** 31;
      // Ending the caller's session costs a new login (a slow password hash) after each request: fewer of those.
      const runs = refused ? 2 : endsSession(operation) ? Math.min(RUNS, 5) : RUNS;
      const result = await fc.check(property, { numRuns: runs, seed });
      if (result.failed) {
        const [request] = result.counterexample as [FuzzRequest, string];
        failures.push(`as ${caller.name}: ${describeRequest(request)}\n  → ${(result.errorInstance as Error | undefined)?.message}\n  (replay: FUZZ_SEED=${SEED}; this operation and caller ran with seed ${seed}, counterexample path ${result.counterexamplePath})`);
      }
      await renewCallers();
    }
    expect(failures, failures.join('\n')).toEqual([]);
  }, Math.max(60_000, RUNS * 8 * 2_000));
});
