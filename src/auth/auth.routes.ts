import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { SESSION_COOKIE } from '../http/context.js';
import { ERRORS, Text } from '../http/schemas.js';
import { User, presentUser } from '../users/users.schemas.js';
import { login, logout } from './auth.service.js';
import { CAPABILITIES, capabilitiesOf } from './policy.js';

const Me = z.object({
  kind: z.enum(['user', 'collector', 'integration']),
  id: z.uuid(),
  dealerId: z.uuid(),
  role: z.string().nullable(),
  customerId: z.uuid().nullable(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  capabilities: z.array(z.enum(CAPABILITIES)).describe('What this caller may do (the server enforces it on every route; the portal shows only what is allowed)'),
  printerClock: z.object({ now: z.iso.datetime(), rate: z.number().positive() })
    .describe("The printers' clock (accelerated in the demo): the portal shows readings' times against it, not against the browser's clock"),
});

/** Portal login and logout with a server-side session cookie. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, loginThrottle, sessionPolicy, secureCookies } = app.tonerloop;
  const clock = app.tonerloop.peopleClock ?? app.tonerloop.clock;

  app.post('/auth/login', {
    config: { public: true },
    schema: {
      summary: 'Log in; sets the session cookie',
      tags: ['auth'],
      body: z.object({
        email: Text.min(1).max(254),
        password: Text.min(1).max(200),
        dealerId: z.uuid('must be a UUID').optional()
          .describe('Only when the e-mail address and password open accounts at several dealers: the 409 answer lists them (details.dealers)'),
      }),
      response: { 200: z.object({ user: User, expiresAt: z.iso.datetime() }), ...ERRORS },
    },
    handler: async (request, reply) => {
      const { token, user, expiresAt } = await login(store, loginThrottle, sessionPolicy, { ...request.body, clientAddress: request.ip }, clock.now());
      reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies, expires: expiresAt });
      return { user: presentUser(user), expiresAt: expiresAt.toISOString() };
    },
  });

  app.post('/auth/logout', {
    config: { public: true },
    schema: { summary: 'Log out; ends the session', tags: ['auth'], response: { 204: z.null(), ...ERRORS } },
    handler: async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await logout(store, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  });

  app.get('/auth/me', {
    config: { capability: 'devices:read' },
    schema: { summary: 'Who am I', tags: ['auth'], response: { 200: Me, ...ERRORS } },
    handler: async (request) => {
      const p = principalOf(request);
      const user = p.kind === 'user' ? await store.repos.users.get(p.dealerId, p.id) : undefined;
      const printers = app.tonerloop.clock;
      return {
        kind: p.kind, id: p.id, dealerId: p.dealerId, role: p.kind === 'user' ? p.role : null, customerId: p.kind === 'user' ? p.customerId : null, email: user?.email ?? null, name: user?.name ?? null,
        capabilities: capabilitiesOf(p),
        printerClock: { now: printers.now().toISOString(), rate: printers.rate ?? 1 },
      };
    },
  });
};
