import { describe, expect, it } from 'vitest';
import type { Principal } from './principal.js';
import { scopeOf } from './principal.js';
import { authorize, can } from './policy.js';

const user = (role: Extract<Principal, { kind: 'user' }>['role'], customerId: string | null = null): Principal => ({ kind: 'user', id: 'u', dealerId: 'd', role, customerId, email: 'x@y.z' });

describe('can', () => {
  it('lets only dealer admins manage users, collectors, integrations, imports and the audit log', () => {
    for (const capability of ['users:manage', 'collectors:manage', 'integrations:manage', 'imports:run', 'audit:read'] as const) {
      expect(can(user('dealer-admin'), capability)).toBe(true);
      expect(can(user('dispatcher'), capability)).toBe(false);
      expect(can(user('customer-key-user', 'c'), capability)).toBe(false);
    }
  });

  it('gives machines only their own job', () => {
    expect(can({ kind: 'collector', id: 'c', dealerId: 'd', customerId: 'x' }, 'collector:report')).toBe(true);
    expect(can({ kind: 'collector', id: 'c', dealerId: 'd', customerId: 'x' }, 'devices:read')).toBe(false);
    expect(can({ kind: 'integration', id: 'i', dealerId: 'd' }, 'collector:report')).toBe(false);
    expect(can({ kind: 'integration', id: 'i', dealerId: 'd' }, 'customers:write')).toBe(false);
  });

  it('refuses with a sentence naming the missing capability', () => {
    expect(() => authorize(user('warehouse-operator'), 'customers:write')).toThrow('A warehouse-operator may not do this (customers:write is required).');
  });
});

describe('scopeOf', () => {
  it('narrows a customer key user and a collector to their customer, and nobody else', () => {
    expect(scopeOf(user('customer-key-user', 'c1'))).toEqual({ dealerId: 'd', customerId: 'c1' });
    expect(scopeOf(user('dealer-admin'))).toEqual({ dealerId: 'd', customerId: null });
    expect(scopeOf({ kind: 'collector', id: 'c', dealerId: 'd', customerId: 'c2' })).toEqual({ dealerId: 'd', customerId: 'c2' });
    expect(scopeOf({ kind: 'integration', id: 'i', dealerId: 'd' })).toEqual({ dealerId: 'd', customerId: null });
  });
});
