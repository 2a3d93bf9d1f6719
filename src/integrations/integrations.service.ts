import { randomUUID } from 'node:crypto';
import type { Store } from '../app/store.js';
import { actorOf, hashToken, newToken, tokenHint, type Principal } from '../auth/index.js';
import type { IntegrationRow } from '../db/schema.js';
import { AppError } from '../platform/errors.js';

/** Registers an ERP integration and returns its token, which is shown only now. */
export async function registerIntegration(store: Store, principal: Principal, input: { name: string }, now: Date): Promise<{ integration: IntegrationRow; token: string }> {
  const token = newToken('integration');
  return store.transaction(async (repos) => {
    const integration = await repos.integrations.insert(principal.dealerId, { id: randomUUID(), name: input.name, tokenHash: hashToken(token), tokenHint: tokenHint(token) }, now);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'integration.registered', entityType: 'integration', entityId: integration.id, details: { name: input.name } }, now);
    return { integration, token };
  });
}

/** The dealer's integrations. */
export async function listIntegrations(store: Store, principal: Principal): Promise<IntegrationRow[]> {
  return store.repos.integrations.list(principal.dealerId);
}

/** Revokes an integration's token. */
export async function revokeIntegration(store: Store, principal: Principal, id: string, now: Date): Promise<IntegrationRow> {
  return store.transaction(async (repos) => {
    const integration = await repos.integrations.revoke(principal.dealerId, id, now);
    if (!integration) throw new AppError('not-found', `No active integration with id ${id}.`);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'integration.revoked', entityType: 'integration', entityId: id }, now);
    return integration;
  });
}
