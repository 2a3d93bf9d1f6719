import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** HSTS: a year, for this host only (the dealer's other hosts may not all speak HTTPS). */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 3600;

/**
 * Security headers on every answer, by helmet: the portal loads only its own scripts and styles (inline
 * styles are React's style attributes), talks only to its own server, and nothing may frame it;
 * Strict-Transport-Security only when the server is said to be reached over HTTPS (TONERLOOP_HSTS), since a
 * browser that saw it refuses plain HTTP to this host for a year. API answers are never stored by a cache:
 * they carry tenants' data and are read with the session cookie.
 */
export async function installSecurityHeaders(app: FastifyInstance, options: { hsts: boolean }): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      // helmet's defaults would add upgrade-insecure-requests, which breaks a portal served over plain HTTP on a LAN.
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: options.hsts ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false } : false,
  });

  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });
}
