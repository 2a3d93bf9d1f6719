import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticateBearer, authenticateSession, authorize, type Principal } from '../auth/index.js';
import { AppError } from '../platform/errors.js';
import { SESSION_COOKIE } from './context.js';

async function identify(app: FastifyInstance, request: FastifyRequest): Promise<Principal | null> {
  const { store, clock, sessionPolicy } = app.tonerloop;
  const people = app.tonerloop.peopleClock ?? clock;
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError('unauthenticated', 'The Authorization header must be "Bearer <token>".');
    return authenticateBearer(store, match[1]!, clock.now());
  }
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie ? authenticateSession(store, sessionPolicy, cookie, people.now()) : null;
}

/**
 * Identifies the caller of every request and enforces the capability its route declares. A route
 * that declares neither a capability nor `public` fails at start-up, so no route is open by accident.
 */
export function installAuth(app: FastifyInstance): void {
  app.decorateRequest('principal', null);

  app.addHook('onRoute', (route) => {
    const config = route.config as { capability?: string; public?: boolean } | undefined;
    if (route.method === 'HEAD') return;
    if (!config?.capability && !config?.public) throw new Error(`Route ${route.method} ${route.url} declares no capability and is not public.`);
  });

  app.addHook('preValidation', async (request) => {
    const config = request.routeOptions.config;
    // The not-found handler has no route config; every real route declared one (checked in onRoute).
    if (config.public || !config.capability) return;
    const principal = await identify(app, request);
    if (!principal) throw new AppError('unauthenticated', 'Log in first, or send a valid bearer token.');
    authorize(principal, config.capability);
    request.principal = principal;
  });
}

/** The authenticated caller of a route that declared a capability. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthenticated', 'Log in first, or send a valid bearer token.');
  return request.principal;
}
