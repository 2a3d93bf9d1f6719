import { randomUUID } from 'node:crypto';
import { hashPassword } from '../auth/index.js';
import type { Store } from '../app/store.js';
import type { DealerRow, UserRow } from '../db/schema.js';
import { AppError } from '../platform/errors.js';

/** Creates a dealer (a tenant) with its first dealer admin, all or nothing. */
export async function createDealer(
  store: Store,
  input: { name: string; adminEmail: string; adminPassword: string; adminName?: string },
  now: Date,
): Promise<{ dealer: DealerRow; admin: UserRow }> {
  const created = await insertDealer(store, input, now, false);
  return created!;
}

/**
 * Creates the installation's first dealer and its admin, unless it has a user already (another process sharing
 * the database bootstrapped first): null then. Processes starting together take turns under one lock.
 */
export async function createFirstDealer(store: Store, input: { name: string; adminEmail: string; adminPassword: string }, now: Date): Promise<{ dealer: DealerRow; admin: UserRow } | null> {
  return insertDealer(store, input, now, true);
}

async function insertDealer(
  store: Store,
  input: { name: string; adminEmail: string; adminPassword: string; adminName?: string },
  now: Date,
  onlyIntoEmptyInstallation: boolean,
): Promise<{ dealer: DealerRow; admin: UserRow } | null> {
  const passwordHash = await hashPassword(input.adminPassword);
  return store.transaction(async (repos) => {
    if (onlyIntoEmptyInstallation) {
      await repos.dealers.lockFirstDealer();
      if ((await repos.users.countAll()) > 0) return null;
    }
    const dealer = await repos.dealers.insert({ id: randomUUID(), name: input.name }, now);
    const admin = await repos.users.insert(
      dealer.id,
      { id: randomUUID(), email: input.adminEmail, name: input.adminName ?? 'Dealer admin', passwordHash, role: 'dealer-admin', customerId: null },
      now,
    );
    if (!admin) throw new AppError('conflict', `A user with e-mail ${input.adminEmail} already exists.`);
    await repos.audit.record({ dealerId: dealer.id, actorType: 'system', actorId: null, action: 'dealer.created', entityType: 'dealer', entityId: dealer.id, details: { adminEmail: input.adminEmail } }, now);
    return { dealer, admin };
  });
}

/** True when the installation has no user yet, so start-up must create the first dealer admin. */
export async function isFreshInstallation(store: Store): Promise<boolean> {
  return (await store.repos.users.countAll()) === 0;
}
