import type { FastifyInstance } from 'fastify';
import { AppError } from '../platform/errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What a browser tells about where a request comes from. */
export interface RequestOrigin {
  method: string;
  /** The Host the request was sent to (host[:port]). */
  host: string | undefined;
  origin: string | undefined;
  /** Fetch metadata: same-origin, same-site, cross-site or none (typed by the user). */
  secFetchSite: string | undefined;
  /** Whether the request carries an Authorization header (bearer clients: collectors, ERPs). */
  authorization: boolean;
}

/**
 * Whether a state-changing request was sent by a page of another site (cross-site request forgery),
 * decided as Go's http.CrossOriginProtection does: Fetch metadata when the browser sends it (every current
 * browser), else the Origin header against Host; a request with neither is not from a browser's page
 * (curl, a collector) and passes. Bearer requests pass: a page of another site cannot add that header
 * without a CORS preflight, which this server never grants. Safe methods change nothing and pass.
 */
export function isCrossSite(request: RequestOrigin): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase()) || request.authorization) return false;
  if (request.secFetchSite !== undefined) return request.secFetchSite !== 'same-origin' && request.secFetchSite !== 'none';
  if (request.origin === undefined) return false;
  if (request.origin === 'null' || !request.host) return true;
  try {
    const origin = new URL(request.origin);
    // Read Host under the origin's scheme, so that "example.test:443" and "https://example.test" agree.
    return new URL(`${origin.protocol}//${request.host}`).host !== origin.host;
  } catch {
    return true;
  }
}

/**
 * Refuses every state-changing request a page of another site makes the browser send (403), before its
 * body is read: with the session cookie it would act as the logged-in user; to the login route it would log
 * the victim's browser into the attacker's account (login CSRF). The portal's own fetches are same-origin.
 */
export function refuseCrossSiteRequests(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const crossSite = isCrossSite({
      method: request.method,
      host: request.host,
      origin: header('origin'),
      secFetchSite: header('sec-fetch-site'),
      authorization: request.headers.authorization !== undefined,
    });
    if (crossSite) {
      throw new AppError('forbidden', 'This request came from a page of another site; TonerLoop accepts changes only from its own pages, or with a bearer token.');
    }
  });
}
