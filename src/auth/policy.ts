import type { Role } from '../db/schema.js';
import { AppError } from '../platform/errors.js';
import type { Principal } from './principal.js';

/**
 * Things a caller can be allowed to do. Routes name one; `authorize` decides; the portal reads a
 * person's list from `GET /auth/me` instead of restating the rules. `devices:refresh` (ask a collector
 * to read a printer now) is for people who look at a device, not machines; `devices:locate` (say where in
 * its site a printer stands) also for a key user, who stands next to it.
 */
export const CAPABILITIES = [
  'customers:read', 'customers:write', 'devices:read', 'devices:write', 'devices:locate', 'devices:refresh', 'collectors:manage', 'integrations:manage',
  'users:manage', 'imports:run', 'audit:read', 'collector:report', 'requests:read', 'requests:action', 'requests:order', 'settings:read',
  'settings:write', 'contracts:manage', 'moves:read', 'moves:decide', 'stock:read', 'stock:write', 'jobs:read', 'jobs:work', 'jobs:pack',
  'warehouse:receive', 'warehouse:scan',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

type Holder = Role | 'collector' | 'integration';

// Who may do what (BRIEF "Who uses it"): admins run the dealership's set-up, dispatchers and the
// warehouse work with customers and devices, key users only read their own fleet, machines do their one job.
const GRANTS: Record<Holder, readonly Capability[]> = {
  'dealer-admin': [
    'customers:read', 'customers:write', 'devices:read', 'devices:write', 'devices:locate', 'devices:refresh', 'collectors:manage',
    'integrations:manage', 'users:manage', 'imports:run', 'audit:read', 'requests:read', 'requests:action', 'requests:order',
    'settings:read', 'settings:write', 'contracts:manage', 'moves:read', 'moves:decide', 'stock:read', 'stock:write', 'jobs:read', 'jobs:work', 'jobs:pack',
    'warehouse:receive', 'warehouse:scan',
  ],
  // Moves between customers (a printer read by another customer's collector) are the dealer's to see and decide, never a customer's.
  dispatcher: ['customers:read', 'customers:write', 'devices:read', 'devices:write', 'devices:locate', 'devices:refresh', 'requests:read', 'requests:action', 'requests:order', 'settings:read', 'moves:read', 'moves:decide', 'stock:read', 'stock:write', 'jobs:read', 'jobs:work', 'jobs:pack'],
  // The stock catalogue is the dealer's: the warehouse reads it to pick, key users and machines never see it.
  // Supply jobs: dealer staff work them, the warehouse reads them and packs and dispatches (jobs:pack; the status machine
  // says which moves), key users read their own company's (their scope is their customer). The warehouse receives stock
  // and scans at the stations (warehouse:*), and sees no consumable requests or customer settings (issue 18): it works
  // from jobs.
  'warehouse-operator': ['customers:read', 'devices:read', 'devices:refresh', 'moves:read', 'stock:read', 'jobs:read', 'jobs:pack', 'warehouse:receive', 'warehouse:scan'],
  // Key users see their own company's supply orders and order by hand (BRIEF); their scope is their customer.
  'customer-key-user': ['customers:read', 'devices:read', 'devices:locate', 'devices:refresh', 'requests:read', 'requests:order', 'jobs:read'],
  collector: ['collector:report'],
  integration: ['customers:read', 'devices:read', 'requests:read', 'requests:action'],
};

function holderOf(principal: Principal): Holder {
  return principal.kind === 'user' ? principal.role : principal.kind;
}

/** Everything the principal may do, in CAPABILITIES order. */
export function capabilitiesOf(principal: Principal): Capability[] {
  return CAPABILITIES.filter((c) => GRANTS[holderOf(principal)].includes(c));
}

/** True when the principal holds the capability. */
export function can(principal: Principal, capability: Capability): boolean {
  return GRANTS[holderOf(principal)].includes(capability);
}

/** Throws `forbidden` unless the principal holds the capability. */
export function authorize(principal: Principal, capability: Capability): void {
  if (!can(principal, capability)) {
    throw new AppError('forbidden', `A ${holderOf(principal)} may not do this (${capability} is required).`);
  }
}
