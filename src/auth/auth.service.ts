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
 * Checks an e-mail address and password and opens a session. Failures say the same thing whether the
 * address exists or not, and slow down further attempts from the client's address, at that account, and
 * (only a little) at the account from anywhere: growing delays kept in the database, never a lockout.
 */
export async function login(
  store: Store,
  throttle: ThrottlePolicy,
  policy: SessionPolicy,
  input: { email: string; password: string; clientAddress: string },
  now: Date,
): Promise<{ token: string; user: UserRow; expiresAt: Date }> {
  const keys = throttleKeys(input.email, input.clientAddress);
  const all = [keys.address, keys.pair, keys.account];
  const waitMs = waitBeforeLogin(keys, await store.repos.loginThrottle.counts(all), throttle, now);
  if (waitMs > 0) {
    throw new AppError('rate-limited', `Too many failed logins; try again in ${inWords(waitMs)}.`, { retryAfterSeconds: Math.ceil(waitMs / 1000) });
  }
  const user = await store.repos.users.findByEmail(input.email);
  const valid = await verifyPassword(input.password, user?.password_hash ?? (await DECOY_HASH_PROMISE));
  if (!user || !valid || user.disabled_at) {
    await store.repos.loginThrottle.recordFailure(all, now, throttle.windowMs);
    throw new AppError('unauthenticated', 'The e-mail address or password is wrong.');
  }
  // The address keeps its count: one account's right password must not wash out a spray over many others.
  await store.repos.loginThrottle.forget([keys.pair, keys.account]);
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
