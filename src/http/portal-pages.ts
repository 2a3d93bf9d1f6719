/**
 * Which portal page (web/src/pages/<name>.tsx) a path opens: the one table both sides read. The server
 * preloads that page's chunks with the page (portal.routes.ts); the app, as it starts, runs the page it is
 * opened on (web/src/app.tsx). No imports: the portal's build takes this file as it is.
 */
const ID = '[^/]+';
const PORTAL_PAGES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\/(login)?$/, 'dashboard'],
  [new RegExp(`^/devices/${ID}$`), 'device'],
  [new RegExp(`^/devices/${ID}/order$`), 'order'],
  [/^\/requests$/, 'requests'],
  [/^\/jobs$/, 'jobs'],
  [new RegExp(`^/jobs/${ID}$`), 'job'],
  [new RegExp(`^/customers(/${ID})?$`), 'customers'],
  [new RegExp(`^/customers/${ID}/sites/${ID}$`), 'site'],
  [/^\/stock$/, 'stock'],
  [/^\/scan$/, 'scan'],
  [/^\/warehouse\/receiving$/, 'receiving'],
  [/^\/reports$/, 'reports'],
  [/^\/settings$/, 'settings'],
  [/^\/admin$/, 'admin'],
];

/**
 * The page a path opens: the login form for a visitor without a session on any path, the portal's own
 * routes otherwise (/login is the fleet once logged in), and null for a path the portal does not know.
 */
export function portalPageOf(url: string, loggedIn: boolean): string | null {
  if (!loggedIn) return 'login';
  const path = url.split('?')[0]!;
  return PORTAL_PAGES.find(([pattern]) => pattern.test(path))?.[1] ?? null;
}
