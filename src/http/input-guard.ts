import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../platform/errors.js';
import { unstorableText } from '../platform/text.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route stores text a printer sent and cleans NUL characters and broken encodings itself, with a
     * note, instead of refusing them (the readings upload); the input guard leaves its body alone.
     */
    cleansOwnText?: boolean;
  }
}

/** The first string (or object key) in a value that the database cannot store as sent: its path and why. */
export function findUnstorable(value: unknown): { path: string[]; why: string } | null {
  // Iterative, and each entry points at its parent instead of copying its path, so a body nested a
  // hundred thousand levels deep costs time and memory in proportion to its size, not the stack or its square.
  interface Entry { value: unknown; key: string | null; parent: Entry | null }
  const pathOf = (entry: Entry | null, last?: string): string[] => {
    const path = last === undefined ? [] : [last];
    for (let at = entry; at && at.key !== null; at = at.parent) path.push(at.key);
    return path.reverse();
  };
  const pending: Entry[] = [{ value, key: null, parent: null }];
  while (pending.length > 0) {
    const entry = pending.pop()!;
    const item = entry.value;
    if (typeof item === 'string') {
      const why = unstorableText(item);
      if (why) return { path: pathOf(entry), why };
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) pending.push({ value: item[i], key: String(i), parent: entry });
    } else if (item !== null && typeof item === 'object') {
      const entries = Object.entries(item);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const why = unstorableText(key);
        if (why) return { path: pathOf(entry, key.replace(/[\u0000\ud800-\udfff]/g, '?')), why: `has a field name that ${why}` };
        pending.push({ value: child, key, parent: entry });
      }
    }
  }
  return null;
}

/**
 * The second of two layers that keep text the database cannot store (NUL, lone UTF-16 surrogates) from
 * reaching it as a 500. The first is the schemas: every input string of every route is a `Text` (or a
 * Timestamp, UUID, enum…) from http/schemas.ts, so the caller hears which field is wrong, in the same
 * words as any other validation error. This hook is the root: a preHandler, so it runs after
 * authentication (a stranger still hears 401) and after validation (the schema's sentence comes first),
 * on what the handler will get (query, path parameters and body, trimmed and defaulted). It refuses
 * anything a schema let through — a z.unknown() detail, a record's key, a string field a future route
 * forgets to make Text — with the same kind of sentence, so no route can regress into a 500. Routes that
 * clean printer text themselves declare `cleansOwnText` and keep their body.
 */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request: FastifyRequest) => {
    const parts: [string, unknown][] = [['querystring', request.query], ['params', request.params]];
    if (!request.routeOptions.config.cleansOwnText) parts.push(['body', request.body]);
    for (const [part, value] of parts) {
      const found = findUnstorable(value);
      if (found) throw new AppError('bad-request', `${[part, ...found.path].join('.')}: ${found.why}.`, { field: [part, ...found.path].join('.') });
    }
  });
}
