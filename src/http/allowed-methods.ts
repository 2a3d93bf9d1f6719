import type { FastifyInstance } from 'fastify';
import FindMyWay from 'find-my-way';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Which methods some route serves at a path, for the 405 answer's Allow. Every route's path is collected as it is
 * added; once the app is ready they go into one router (Fastify's own, find-my-way, as it matches paths), each
 * with the methods Fastify routes its paths to, asked once then: a 404 costs one lookup, not one per method.
 * An API path never counts the portal's catch-all page route (a wildcard), which answers a GET for every other path.
 */
export function allowedMethodsOf(app: FastifyInstance): (path: string) => string[] {
  const paths = new Set<string>();
  app.addHook('onRoute', (route) => {
    paths.add(route.url);
  });
  const router = FindMyWay();
  app.addHook('onReady', async () => {
    const patterns = new Map<string, string[]>();
    for (const url of paths) {
      // One entry per shape of path: routes of different methods may name their parameters differently.
      const pattern = url.replace(/:[^/]+/g, ':p');
      if (patterns.has(pattern)) continue;
      // A path of this shape (any value stands for a parameter): the methods Fastify routes it to, wildcards aside on the API.
      const example = url.replace(/:[^/]+/g, '~');
      const methods = METHODS.filter((method) => {
        const route = app.findRoute({ method, url: example });
        return route !== null && !(example.startsWith('/api/') && '*' in (route.params ?? {}));
      });
      patterns.set(pattern, methods);
      router.on('GET', pattern, () => {}, { methods, wildcard: pattern.endsWith('*') });
    }
  });
  return (path) => {
    let found: ReturnType<typeof router.find>;
    try {
      found = router.find('GET', path);
    } catch {
      return []; // a path the router cannot even parse is served by no method
    }
    if (!found) return [];
    const { methods, wildcard } = found.store as { methods: string[]; wildcard: boolean };
    return wildcard && path.startsWith('/api/') ? [] : methods;
  };
}
