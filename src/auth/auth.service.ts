import type { Store } from '../app/store.js';
import type { UserRow } from '../db/schema.js';
import { AppError } from '../platform/errors.js';
import { DECOY_HASH_PROMISE, verifyPassword } from './passwords.js';
import { throttleKeys, waitBeforeLogin, type ThrottlePolicy } from './login-throttle.js';
import type { Principal } from './principal.js';
import { hashToken, newToken, tokenKind } from './tokens.js';

/** How long sessions live: slide with use up to `idleMs`, end at `maxMs` after login whatever happens. */
export interface SessionPolicy {
  idleMs: number;
  maxMs: number;
}

function principalOfUser(user: UserRow): Principal {
  return { kind: 'user', id: user.id, dealerId: user.dealer_id, role: user.role, customerId: user.customer_id, email: user.email };
}

/** "12 seconds", "3 minutes": how long to wait, in words. */
function inWords(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 120 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minutes`;
}

/**
 * The enabled accounts a password opens among those with one e-mail address. Addresses are unique per
 * dealer only (so that adding a user never tells a dealer admin that another dealer has that address), so
 * there may be several: all are tried at once, so the time taken says little about how many there are, and
 * an unknown address costs one decoy hash like a wrong password.
 */
async function accountsOpenedBy(candidates: UserRow[], password: string): Promise<UserRow[]> {
  if (candidates.length === 0) {
    await verifyPassword(password, await DECOY_HASH_PROMISE);
    return [];
  }
  const opened = await Promise.all(candidates.map((user) => verifyPassword(password, user.password_hash)));
  return candidates.filter((user, i) => opened[i] && !user.disabled_at);
}

/**
 * Checks an e-mail address and password and opens a session. Failures say the same thing whether the
 * address exists or not, and slow down further attempts from the client's address, at that account, and
 * (only a little) at the account from anywhere: growing delays kept in the database, never a lockout.
 * When the password opens accounts at several dealers (one person, one password, two dealers), the answer
 * names those dealers (the caller has just proved to be their user) and `dealerId` picks one.
 */
export async function login(
  store: Store,
  throttle: ThrottlePolicy,
  policy: SessionPolicy,
  input: { email: string; password: string; dealerId?: string; clientAddress: string },
  now: Date,
): Promise<{ token: string; user: UserRow; expiresAt: Date }> {
  const keys = throttleKeys(input.email, input.clientAddress);
  const all = [keys.address, keys.pair, keys.account];
  // The attempt counts as a failure before its password is checked, while it holds its keys' rows: attempts sent at
  // once queue there and each is judged on those before it (read first and counted after the check, all of them were
  // judged on the counts before any had failed, so parallel guesses went unthrottled). A refused attempt rolls back:
  // it leaves no trace, so hammering at an account cannot keep its wait from ever running out.
  const counted = await store.transaction(async (repos) => {
    const before = await repos.loginThrottle.lock(all, now);
    const waitMs = waitBeforeLogin(keys, before, throttle, now);
    if (waitMs > 0) {
      throw new AppError('rate-limited', `Too many failed logins; try again in ${inWords(waitMs)}.`, { retryAfterSeconds: Math.ceil(waitMs / 1000) });
    }
    return { before, after: await repos.loginThrottle.recordFailure(all, now, throttle.windowMs) };
  });
  const candidates = (await store.repos.users.listByEmail(input.email)).filter((user) => !input.dealerId || user.dealer_id === input.dealerId);
  const opened = await accountsOpenedBy(candidates, input.password);
  const user = opened[0];
  if (!user) throw new AppError('unauthenticated', 'The e-mail address or password is wrong.');
  if (opened.length > 1) {
    await store.repos.loginThrottle.withdraw(all, counted);
    const names = await store.repos.dealers.names(opened.map((account) => account.dealer_id));
    const dealers = opened.map((account) => ({ id: account.dealer_id, name: names.get(account.dealer_id) ?? account.dealer_id }));
    throw new AppError('conflict', 'This e-mail address and password open accounts at several dealers; choose the dealer to log in to.', { dealers });
  }
  // The address keeps its count, less this attempt: one account's right password must not wash out a spray over many others.
  await store.repos.loginThrottle.forget([keys.pair, keys.account]);
  await store.repos.loginThrottle.withdraw([keys.address], counted);
  const token = newToken('session');
  const expiresAt = new Date(Math.min(now.getTime() + policy.idleMs, now.getTime() + policy.maxMs));
  await store.repos.sessions.insert({ tokenHash: hashToken(token), userId: user.id, dealerId: user.dealer_id, expiresAt }, now);
  return { token, user, expiresAt };
}

/** Ends the session behind a cookie value (unknown values are ignored: logging out twice is fine). */
export async function logout(store: Store, token: string): Promise<void> {
  await store.repos.sessions.delete(hashToken(token));
}

/** The user behind a session cookie value, sliding its expiry; null when missing, expired or disabled. */
export async function authenticateSession(store: Store, policy: SessionPolicy, token: string, now: Date): Promise<Principal | null> {
  if (tokenKind(token) !== 'session') return null;
  const tokenHash = hashToken(token);
  const found = await store.repos.sessions.findLive(tokenHash, now);
  if (!found) return null;
  const hardEnd = found.session.created_at.getTime() + policy.maxMs;
  if (isStale(found.session.last_seen_at, now)) {
    await store.repos.sessions.touch(tokenHash, now, new Date(Math.min(now.getTime() + policy.idleMs, hardEnd)));
  }
  return principalOfUser(found.user);
}

// Record "last seen" at most once a minute: a busy client should not turn every read into a write.
function isStale(lastSeen: Date | null, now: Date): boolean {
  return lastSeen === null || now.getTime() - lastSeen.getTime() > 60_000;
}

/** The collector or integration behind a bearer token, recording its last call; null when unknown or revoked. */
export async function authenticateBearer(store: Store, token: string, now: Date): Promise<Principal | null> {
  const kind = tokenKind(token);
  const tokenHash = hashToken(token);
  if (kind === 'collector') {
    const collector = await store.repos.collectors.findByTokenHash(tokenHash);
    if (!collector) return null;
    if (isStale(collector.last_seen_at, now)) await store.repos.collectors.touch(collector.id, now);
    return { kind: 'collector', id: collector.id, dealerId: collector.dealer_id, customerId: collector.customer_id };
  }
  if (kind === 'integration') {
    const integration = await store.repos.integrations.findByTokenHash(tokenHash);
    if (!integration) return null;
    if (isStale(integration.last_used_at, now)) await store.repos.integrations.touch(integration.id, now);
    return { kind: 'integration', id: integration.id, dealerId: integration.dealer_id };
  }
  return null;
}
