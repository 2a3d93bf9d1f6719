import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the built portal is: next to the compiled server (dist/web), or dist/web when running from source. */
export function findPortalDir(): string | null {
  for (const candidate of [resolve(here, '../web'), resolve(here, '../../dist/web')]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return null;
}

/**
 * The web portal: hashed assets cached for a year, and index.html for every other path that is not
 * the API, so the single-page app's own routes (/devices/…, /requests) load on refresh. Files are sent
 * brotli- or gzip-compressed when the browser accepts it, from the .br and .gz the build wrote beside
 * them (web/vite.config.ts), and as they are otherwise. Hidden from the OpenAPI document; public because
 * the page itself asks the API who is logged in. Its security headers (CSP, framing) are set for every
 * answer in security-headers.ts.
 */
export function portalRoutes(dir: string): FastifyPluginAsync {
  return async (app) => {
    // Cache headers are ours (immutable hashed assets, revalidated index.html), not the plugin's default max-age=0.
    await app.register(fastifyStatic, { root: dir, serve: false, cacheControl: false, preCompressed: true });

    // Files go as the build wrote them (not compressed again per request by app.ts's compression), and the
    // answer depends on Accept-Encoding, which a shared cache must know; the plugin does not say so itself.
    const route = { config: { public: true }, schema: { hide: true }, compress: false as const };
    const send = (reply: FastifyReply, cacheControl: string, file: string, root?: string) =>
      reply.header('cache-control', cacheControl).header('vary', 'accept-encoding').sendFile(file, root ?? dir);

    app.get('/assets/*', route, async (request, reply) => {
      const file = (request.params as { '*': string })['*'];
      return send(reply, 'public, max-age=31536000, immutable', file, join(dir, 'assets'));
    });

    const page = async (_request: unknown, reply: FastifyReply) => send(reply, 'no-cache', 'index.html');
    app.get('/', route, page);
    app.get('/favicon.svg', route, async (_request, reply) => reply.header('vary', 'accept-encoding').sendFile('favicon.svg'));
    app.get('/*', route, async (request, reply) => {
      // Unknown API paths keep their JSON 404; everything else is a portal page.
      if (request.url.startsWith('/api/')) return reply.callNotFound();
      return page(request, reply);
    });
  };
}
