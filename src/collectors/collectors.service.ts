import { randomUUID } from 'node:crypto';
import type { Store } from '../app/store.js';
import { actorOf, hashToken, newToken, scopeOf, tokenHint, type Principal } from '../auth/index.js';
import type { CollectorRow } from '../db/schema.js';
import { AppError } from '../platform/errors.js';

/** Registers a collector for one of the dealer's customers and returns its token, which is shown only now. */
export async function registerCollector(store: Store, principal: Principal, input: { customerId: string; name: string }, now: Date): Promise<{ collector: CollectorRow; token: string }> {
  const token = newToken('collector');
  return store.transaction(async (repos) => {
    if (!(await repos.customers.get(scopeOf(principal), input.customerId))) throw new AppError('not-found', `No customer with id ${input.customerId}.`);
    const collector = await repos.collectors.insert(principal.dealerId, { id: randomUUID(), customerId: input.customerId, name: input.name, tokenHash: hashToken(token), tokenHint: tokenHint(token) }, now);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'collector.registered', entityType: 'collector', entityId: collector.id, details: { customerId: input.customerId, name: input.name } }, now);
    return { collector, token };
  });
}

/** The dealer's collectors. */
export async function listCollectors(store: Store, principal: Principal): Promise<CollectorRow[]> {
  return store.repos.collectors.list(scopeOf(principal));
}

/** Revokes a collector's token: its next call is refused. */
export async function revokeCollector(store: Store, principal: Principal, id: string, now: Date): Promise<CollectorRow> {
  return store.transaction(async (repos) => {
    const collector = await repos.collectors.revoke(principal.dealerId, id, now);
    if (!collector) throw new AppError('not-found', `No active collector with id ${id}.`);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'collector.revoked', entityType: 'collector', entityId: id }, now);
    return collector;
  });
}

/** The configuration a collector fetches for itself. */
export async function collectorConfig(store: Store, principal: Principal): Promise<CollectorRow> {
  if (principal.kind !== 'collector') throw new AppError('forbidden', 'Only a collector token can fetch collector configuration.');
  const collector = await store.repos.collectors.get(scopeOf(principal), principal.id);
  if (!collector) throw new AppError('not-found', 'This collector no longer exists.');
  return collector;
}
