import type { Store } from '../app/store.js';
import type { Principal } from '../auth/index.js';
import type { AuditRow } from '../db/schema.js';

/** The caller's dealer's audit log, newest first, a page at a time. */
export async function listAudit(store: Store, principal: Principal, options: { limit: number; beforeId?: number }): Promise<AuditRow[]> {
  return store.repos.audit.list(principal.dealerId, options);
}
