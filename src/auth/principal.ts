import type { Role } from '../db/schema.js';

/** Who is calling: a portal user, a collector agent or an ERP integration. Every one belongs to exactly one dealer. */
export type Principal =
  | { kind: 'user'; id: string; dealerId: string; role: Role; customerId: string | null; email: string }
  | { kind: 'collector'; id: string; dealerId: string; customerId: string }
  | { kind: 'integration'; id: string; dealerId: string };

/**
 * The rows a caller may touch: always one dealer; for a customer key user (and a collector) also one
 * customer. Repositories take a scope on every query, so no query can forget the tenant.
 */
export interface TenantScope {
  dealerId: string;
  customerId: string | null;
}

/** The tenant scope of a principal. */
export function scopeOf(principal: Principal): TenantScope {
  switch (principal.kind) {
    case 'user':
      return { dealerId: principal.dealerId, customerId: principal.role === 'customer-key-user' ? principal.customerId : null };
    case 'collector':
      return { dealerId: principal.dealerId, customerId: principal.customerId };
    case 'integration':
      return { dealerId: principal.dealerId, customerId: null };
  }
}

/** The actor recorded in the audit log for a principal. */
export function actorOf(principal: Principal): { actorType: Principal['kind']; actorId: string } {
  return { actorType: principal.kind, actorId: principal.id };
}
