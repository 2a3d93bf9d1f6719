import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './context.js';
import { portalPageOf } from './portal-pages.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the built portal is: next to the compiled server (dist/web), or dist/web when running from source. */
export function findPortalDir(): string | null {
  for (const candidate of [resolve(here, '../web'), resolve(here, '../../dist/web')]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return null;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * The API calls a page opened directly starts with, asked for by the browser beside the page's scripts
 * (Link: rel=preload) instead of a round trip after them — half a second each on a phone network. Only
 * for someone with a session cookie (a logged-out visitor gets the login form, which asks nothing) and
 * a page without filters, and only what its largest paint needs: each preload takes one of the browser's six
 * connections from the page's scripts. The URLs are exactly the portal's (web/src/pages/dashboard.tsx, device.tsx):
 * a preload the page does not ask for the same way is fetched twice, which `tonerloop bench portal`
 * would show as more requests.
 */
export function dataPreloads(path: string, loggedIn: boolean): string[] {
  if (!loggedIn) return [];
  if (path === '/') return ['/api/v1/fleet/overview', '/api/v1/devices?sort=soonest&limit=50'];
  const device = new RegExp(`^/devices/(${UUID})$`).exec(path)?.[1];
  if (device) {
    return [`/api/v1/devices/${device}`];
  }
  return [];
}

/** page-chunks.json as the build wrote it (web/vite.config.ts): each page's chunks beyond the entry and libraries. */
function readPageChunks(dir: string): Record<string, string[]> {
  const file = join(dir, 'page-chunks.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string[]>) : {};
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

    const pageChunks = readPageChunks(dir);
    const page = async (request: FastifyRequest, reply: FastifyReply) => {
      const loggedIn = !!request.cookies[SESSION_COOKIE];
      // The page's own chunks first (nothing draws without them), then the data it draws first.
      const links = [
        ...(pageChunks[portalPageOf(request.url, loggedIn) ?? ''] ?? []).map((url) => `<${url}>; rel=modulepreload; crossorigin`),
        ...dataPreloads(request.url, loggedIn).map((url) => `<${url}>; rel=preload; as=fetch; crossorigin`),
      ];
      if (links.length > 0) reply.header('link', links.join(', '));
      // The Link header depends on the session cookie too.
      return reply.header('cache-control', 'no-cache').header('vary', 'accept-encoding, cookie').sendFile('index.html', dir);
    };
    app.get('/', route, page);
    app.get('/favicon.svg', route, async (_request, reply) => reply.header('vary', 'accept-encoding').sendFile('favicon.svg'));
    app.get('/*', route, async (request, reply) => {
      // Unknown API paths keep their JSON 404; everything else is a portal page.
      if (request.url.startsWith('/api/')) return reply.callNotFound();
      return page(request, reply);
    });
  };
}
