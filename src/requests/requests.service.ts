import type { Store } from '../app/store.js';
import { actorOf, scopeOf, type Principal } from '../auth/index.js';
import { AppError } from '../platform/errors.js';
import { transition, type RequestHistoryEntry } from './status.js';
import type { RequestActor, RequestStatus } from './types.js';

function requestActor(principal: Principal): RequestActor {
  if (principal.kind === 'user') return { kind: 'user', id: principal.id, role: principal.role };
  if (principal.kind === 'integration') return { kind: 'integration', id: principal.id };
  throw new AppError('forbidden', 'A collector cannot change consumable requests.');
}

/** A queue of requests the caller may see, oldest first. */
export async function requestQueue(store: Store, principal: Principal, status: RequestStatus, limit: number) {
  return store.repos.requests.queue(scopeOf(principal), status, limit);
}

/**
 * Moves a request to `to` (actioned with the ERP's externalId, ignored, queried, …) exactly once under
 * concurrency: the row is locked, the status machine decides, the change and its history are saved and
 * audited in one transaction. Repeating an action with the same externalId changes nothing.
 */
export async function changeRequestStatus(
  store: Store, principal: Principal, id: string, to: RequestStatus, options: { externalId?: string | null; comment?: string | null }, now: Date,
): Promise<{ status: RequestStatus; externalId: string | null; comment: string | null; changed: boolean }> {
  const actor = requestActor(principal);
  return store.transaction(async (repos) => {
    const row = await repos.requests.lockForUpdate(scopeOf(principal), id);
    if (!row) throw new AppError('not-found', `No consumable request with id ${id}.`);
    const current = { id: row.id, status: row.status as RequestStatus, externalId: row.external_id, comment: row.comment, statusChangedAt: row.status_changed_at.toISOString(), history: row.history as unknown as RequestHistoryEntry[] };
    const result = transition(current, to, actor, now, options);
    if (result.changed) {
      await repos.requests.saveStatus(id, { status: result.request.status, externalId: result.request.externalId, comment: result.request.comment, statusChangedAt: now, history: result.request.history as unknown as Record<string, unknown>[] });
      await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: `request.${to}`, entityType: 'consumable-request', entityId: id, details: { from: row.status, externalId: result.request.externalId } }, now);
    }
    return { status: result.request.status, externalId: result.request.externalId, comment: result.request.comment, changed: result.changed };
  });
}
