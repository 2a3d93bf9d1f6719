import { randomUUID } from 'node:crypto';
import type { Store } from '../app/store.js';
import { actorOf, hashPassword, type Principal } from '../auth/index.js';
import type { Role, UserRow } from '../db/schema.js';
import { AppError } from '../platform/errors.js';

/**
 * Adds a user to the caller's dealer; a customer key user must belong to one of the dealer's customers. An
 * address another dealer uses is added like any new one: the answer says nothing of other dealers.
 */
export async function createUser(
  store: Store,
  principal: Principal,
  input: { email: string; name: string; password: string; role: Role; customerId?: string | null },
  now: Date,
): Promise<UserRow> {
  const passwordHash = await hashPassword(input.password);
  return store.transaction(async (repos) => {
    if (input.customerId && !(await repos.customers.get({ dealerId: principal.dealerId, customerId: null }, input.customerId))) {
      throw new AppError('not-found', `No customer with id ${input.customerId}.`);
    }
    const user = await repos.users.insert(
      principal.dealerId,
      { id: randomUUID(), email: input.email, name: input.name, passwordHash, role: input.role, customerId: input.customerId ?? null },
      now,
    );
    // Addresses are unique per dealer: a clash can only be with the caller's own dealer, never tell of another.
    if (!user) throw new AppError('conflict', `Your dealer already has a user with e-mail ${input.email}.`);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'user.created', entityType: 'user', entityId: user.id, details: { email: user.email, role: user.role } }, now);
    return user;
  });
}

/** The users of the caller's dealer. */
export async function listUsers(store: Store, principal: Principal): Promise<UserRow[]> {
  return store.repos.users.list(principal.dealerId);
}

/** Disables a user and ends their sessions; an admin cannot lock themselves out this way. */
export async function disableUser(store: Store, principal: Principal, id: string, now: Date): Promise<UserRow> {
  if (principal.kind === 'user' && principal.id === id) throw new AppError('conflict', 'You cannot disable your own account; ask another dealer admin.');
  return store.transaction(async (repos) => {
    const user = await repos.users.disable(principal.dealerId, id, now);
    if (!user) throw new AppError('not-found', `No user with id ${id}.`);
    await repos.sessions.deleteForUser(id);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'user.disabled', entityType: 'user', entityId: id }, now);
    return user;
  });
}
