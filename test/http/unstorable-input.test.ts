import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorHandler } from '../../src/http/errors.js';
import { installInputGuard } from '../../src/http/input-guard.js';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';

interface Probe {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: (w: DealerWorld) => string;
  as: 'nobody' | 'admin' | 'collector';
  body?: (w: DealerWorld, bad: string) => unknown;
  /** The field the answer must name, e.g. body.email. */
  field: string;
  /** Query strings carry the bad text in the URL instead. */
  query?: (bad: string) => string;
}

const heartbeat = { agentVersion: '1.0.0', startedAt: '2026-11-21T09:00:00Z', queue: { readings: 0, bytes: 0, full: false }, lastPollAt: null, printers: 0, failingTargets: 0, lastError: null };

// A sample of routes: unauthenticated login, plain text columns, fields stored as JSON (collector
// configuration, heartbeats, the audit log's details), comments, query strings and a CSV upload.
const TEXT_PROBES: Probe[] = [
  { method: 'POST', url: () => '/api/v1/auth/login', as: 'nobody', body: (_, bad) => ({ email: `a${bad}@example.test`, password: 'long enough password' }), field: 'body.email' },
  { method: 'POST', url: () => '/api/v1/customers', as: 'admin', body: (_, bad) => ({ name: `Acme ${bad}` }), field: 'body.name' },
  { method: 'PATCH', url: (w) => `/api/v1/customers/${w.customer.id}`, as: 'admin', body: (_, bad) => ({ externalRef: `C-${bad}` }), field: 'body.externalRef' },
  { method: 'GET', url: () => '/api/v1/customers', as: 'admin', query: (bad) => `search=${encodeURIComponent(bad)}x`, field: 'querystring.search' },
  { method: 'GET', url: () => '/api/v1/devices', as: 'admin', query: (bad) => `q=SN${encodeURIComponent(bad)}`, field: 'querystring.q' },
  { method: 'PUT', url: () => '/api/v1/collector-defaults', as: 'admin', body: (_, bad) => ({ targets: ['10.0.0.5', `printer${bad}.local`] }), field: 'body.targets.1' },
  { method: 'PUT', url: (w) => `/api/v1/collectors/${w.collector.id}/config`, as: 'admin', body: (_, bad) => ({ snmp: { community: `pub${bad}lic` } }), field: 'body.snmp.community' },
  { method: 'POST', url: () => '/api/v1/collector/heartbeat', as: 'collector', body: (_, bad) => ({ ...heartbeat, lastError: `timeout${bad}` }), field: 'body.lastError' },
  { method: 'POST', url: (w) => `/api/v1/consumable-requests/${w.request.id}/comments`, as: 'admin', body: (_, bad) => ({ body: `Call ${bad} first` }), field: 'body.body' },
  { method: 'POST', url: (w) => `/api/v1/consumable-requests/${w.request.id}/action`, as: 'admin', body: (_, bad) => ({ externalId: 'SO-1', comment: `booked${bad}` }), field: 'body.comment' },
  { method: 'POST', url: () => '/api/v1/contracts', as: 'admin', body: (w, bad) => ({ customerId: w.customer.id, name: `Service ${bad}` }), field: 'body.name' },
  { method: 'POST', url: () => '/api/v1/integrations', as: 'admin', body: (_, bad) => ({ name: `ERP ${bad}` }), field: 'body.name' },
  { method: 'POST', url: () => '/api/v1/users', as: 'admin', body: (_, bad) => ({ email: 'new@example.test', name: `Ann ${bad}`, password: 'long enough password', role: 'dispatcher' }), field: 'body.name' },
];

const TIMESTAMP_PROBES: Probe[] = [
  { method: 'POST', url: () => '/api/v1/contracts', as: 'admin', body: (w, bad) => ({ customerId: w.customer.id, name: `C ${randomUUID().slice(0, 6)}`, validFrom: bad }), field: 'body.validFrom' },
  { method: 'PATCH', url: (w) => `/api/v1/contracts/${w.contract.id}`, as: 'admin', body: (_, bad) => ({ validUntil: bad }), field: 'body.validUntil' },
  { method: 'POST', url: () => '/api/v1/collector/heartbeat', as: 'collector', body: (_, bad) => ({ ...heartbeat, startedAt: bad }), field: 'body.startedAt' },
  { method: 'POST', url: () => '/api/v1/collector/heartbeat', as: 'collector', body: (_, bad) => ({ ...heartbeat, lastPollAt: bad }), field: 'body.lastPollAt' },
];

describe(`finding 3: input the database cannot store is a 400 naming the field, never a 500 (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let cookie: string;

  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'unstorable');
    cookie = await loginCookie(ctx.app, world.admin.email);
  });
  afterAll(() => ctx.close());

  async function send(probe: Probe, bad: string) {
    const headers: Record<string, string> = probe.as === 'admin' ? { cookie } : probe.as === 'collector' ? { authorization: `Bearer ${world.collectorToken}` } : {};
    const url = probe.query ? `${probe.url(world)}?${probe.query(bad)}` : probe.url(world);
    const body = probe.body?.(world, bad);
    return ctx.app.inject({ method: probe.method, url, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' }, payload: body === undefined ? undefined : JSON.stringify(body) });
  }

  function expectRefusal(response: { statusCode: number; body: string }, field: string, why: RegExp, where: string): void {
    expect(response.statusCode, `${where}: ${response.body}`).toBe(400);
    const { error } = JSON.parse(response.body) as { error: { code: string; message: string } };
    expect(error.code).toBe('bad-request');
    expect(error.message.startsWith(`${field}: `), `${where}: ${error.message}`).toBe(true);
    expect(error.message, where).toMatch(why);
    expect(error.message, where).toMatch(/\.$/);
    expect(error.message.split('\n'), where).toHaveLength(1);
  }

  const textProbes = TEXT_PROBES;
  it.each(textProbes.map((p) => [`${p.method} ${p.field}`, p] as const))('(a) a NUL character: %s', async (_, probe) => {
    expectRefusal(await send(probe, '\u0000'), probe.field, /NUL character/, `${probe.method} ${probe.url(world)}`);
  });

  it.each(textProbes.filter((p) => !p.query).map((p) => [`${p.method} ${p.field}`, p] as const))('(b) a lone UTF-16 surrogate: %s', async (_, probe) => {
    for (const lone of ['\ud800', '\udfff']) expectRefusal(await send(probe, lone), probe.field, /lone UTF-16 surrogate/, `${probe.method} ${probe.url(world)} ${JSON.stringify(lone)}`);
  });

  it('(b) a lone surrogate sent as a JSON escape, the way a hostile client writes it, on the unauthenticated login', async () => {
    const response = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email":"a@example.test","password":"x\\ud800y"}' });
    expectRefusal(response, 'body.password', /lone UTF-16 surrogate/, 'login');
  });

  it('keeps what is valid: astral characters, accents and a paired surrogate are stored and read back as sent', async () => {
    const name = `Büro 🖨️ ${randomUUID().slice(0, 6)}`;
    const created = await ctx.app.inject({ method: 'POST', url: '/api/v1/customers', headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify({ name }) });
    expect(created.statusCode, created.body).toBe(201);
    const read = await ctx.app.inject({ method: 'GET', url: `/api/v1/customers/${JSON.parse(created.body).id}`, headers: { cookie } });
    expect(JSON.parse(read.body).name).toBe(name);
  });

  const BAD_TIMESTAMPS: [string, RegExp][] = [
    ['0000-01-01T00:00:00Z', /between the years 1000 and 9999/],
    ['0001-01-01T00:00:00Z', /between the years 1000 and 9999/],
    ['9999-12-31T23:00:00-14:00', /between the years 1000 and 9999/],
    ['2027-01-01T00:00:00+23:59', /offset within ±14:00/],
    ['2027-01-01T00:00:00-15:00', /offset within ±14:00/],
    ['+275760-09-13T00:00:00Z', /ISO 8601 date-time/],
  ];
  it.each(TIMESTAMP_PROBES.map((p) => [`${p.method} ${p.field}`, p] as const))('(c) a timestamp the database cannot store or would read back differently: %s', async (_, probe) => {
    for (const [bad, why] of BAD_TIMESTAMPS) expectRefusal(await send(probe, bad), probe.field, why, `${probe.field} = ${bad}`);
  });

  it('(c) every timestamp the API accepts is stored and read back as the same instant', async () => {
    const instant = fc.oneof(
      fc.constantFrom(new Date('1000-01-01T00:00:00Z'), new Date('9999-12-31T23:59:59.999Z'), new Date('1970-01-01T00:00:00Z'), new Date('1582-10-10T12:00:00Z')),
      fc.date({ min: new Date('1000-01-01T14:00:00Z'), max: new Date('9999-12-31T10:00:00Z'), noInvalidDate: true }),
    );
    await fc.assert(fc.asyncProperty(instant, fc.integer({ min: -12 * 60, max: 14 * 60 }), async (at, minutes) => {
      // Written with an offset when the local time stays inside the years 1000–9999, as a client abroad would.
      const local = new Date(at.getTime() + minutes * 60_000);
      const usable = local.getUTCFullYear() >= 1000 && local.getUTCFullYear() <= 9999;
      const sign = minutes < 0 ? '-' : '+';
      const hhmm = `${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;
      const text = usable ? `${local.toISOString().slice(0, 23)}${sign}${hhmm}` : at.toISOString();
      const created = await ctx.app.inject({
        method: 'POST', url: '/api/v1/contracts', headers: { cookie, 'content-type': 'application/json' },
        payload: JSON.stringify({ customerId: world.customer.id, name: `Round trip ${randomUUID()}`, validFrom: text }),
      });
      expect(created.statusCode, `${text}: ${created.body}`).toBe(201);
      const read = await ctx.app.inject({ method: 'GET', url: `/api/v1/contracts/${JSON.parse(created.body).id}`, headers: { cookie } });
      expect(JSON.parse(read.body).validFrom, text).toBe(at.toISOString());
    }), { numRuns: 40 });
  });

  it('the input guard refuses what a route schema lets through (a z.unknown field, a record key), with the same kind of sentence', async () => {
    // A route as a future one might be written, with a schema that does not use Text.
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.setErrorHandler(errorHandler);
    installInputGuard(app);
    let reached = 0;
    app.withTypeProvider<ZodTypeProvider>().post('/loose', {
      schema: { querystring: z.object({ note: z.string().optional() }), body: z.object({ details: z.unknown(), tags: z.record(z.string(), z.number()).optional() }) },
      handler: async () => { reached++; return { ok: true }; },
    });
    const post = (url: string, payload: string) => app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });
    expectRefusal(await post('/loose', JSON.stringify({ details: { printers: [{ name: 'a\u0000' }] } })), 'body.details.printers.0.name', /NUL character/, 'unknown');
    expectRefusal(await post('/loose', '{"details":null,"tags":{"k\\udc00":1}}'), 'body.tags.k?', /field name that must be valid Unicode/, 'record key');
    expectRefusal(await post('/loose?note=%00', '{"details":1}'), 'querystring.note', /NUL character/, 'query');
    expect((await post('/loose?note=ok', JSON.stringify({ details: { name: 'Büro 🖨️' } }))).statusCode).toBe(200);
    expect(reached).toBe(1);
    await app.close();
  });
});
