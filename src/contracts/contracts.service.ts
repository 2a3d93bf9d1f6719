import { randomUUID } from 'node:crypto';
import type { Repositories, Store } from '../app/store.js';
import { actorOf, scopeOf, type Principal } from '../auth/index.js';
import type { ContractRow } from '../db/schema.js';
import { AppError } from '../platform/errors.js';
import { storedOverride, type RequestSettingsOverride } from '../requests/index.js';

/** What a contract is created or changed with, as the API takes it. */
export interface ContractChanges {
  name?: string;
  autoReplenish?: boolean;
  validFrom?: string | null;
  validUntil?: string | null;
  deviceIds?: string[] | null;
  settings?: RequestSettingsOverride;
}

function notFound(id: string): AppError {
  return new AppError('not-found', `No contract with id ${id}.`);
}

const toDate = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(value));

/** Checks that every named device belongs to the contract's customer: a contract cannot reach another customer's printers. */
async function checkDevices(repos: Repositories, principal: Principal, customerId: string, deviceIds: string[]): Promise<void> {
  const found = await repos.devices.idsOfCustomer(scopeOf(principal), customerId, [...new Set(deviceIds)]);
  const stranger = deviceIds.find((id) => !found.has(id));
  if (stranger) throw new AppError('bad-request', `Device ${stranger} is not a device of this contract's customer.`, { field: 'deviceIds' });
}

/** A contract with the devices it names. */
export interface ContractView {
  row: ContractRow;
  deviceIds: string[];
}

/** Creates a contract for one of the dealer's customers. */
export async function createContract(store: Store, principal: Principal, input: ContractChanges & { customerId: string; name: string }, now: Date): Promise<ContractView> {
  return store.transaction(async (repos) => {
    if (!(await repos.customers.get(scopeOf(principal), input.customerId))) throw new AppError('not-found', `No customer with id ${input.customerId}.`);
    const deviceIds = input.deviceIds ? [...new Set(input.deviceIds)] : null;
    if (deviceIds) await checkDevices(repos, principal, input.customerId, deviceIds);
    const row = await repos.contracts.insert(principal.dealerId, {
      id: randomUUID(), customerId: input.customerId, name: input.name, autoReplenish: input.autoReplenish ?? true,
      validFrom: toDate(input.validFrom) ?? null, validUntil: toDate(input.validUntil) ?? null, coversAllDevices: deviceIds === null,
      requestSettings: storedOverride(input.settings ?? {}),
    }, now);
    if (!row) throw new AppError('conflict', `The customer already has a contract named "${input.name}".`);
    if (deviceIds) await repos.contracts.setDevices(principal.dealerId, row.id, deviceIds);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'contract.created', entityType: 'contract', entityId: row.id, details: { name: row.name, customerId: row.customer_id } }, now);
    return { row, deviceIds: deviceIds ?? [] };
  });
}

/** Changes a contract; `deviceIds: null` makes it cover all the customer's devices. */
export async function updateContract(store: Store, principal: Principal, id: string, changes: ContractChanges, now: Date): Promise<ContractView> {
  return store.transaction(async (repos) => {
    const existing = await repos.contracts.get(scopeOf(principal), id);
    if (!existing) throw notFound(id);
    const from = changes.validFrom === undefined ? existing.valid_from : toDate(changes.validFrom) ?? null;
    const until = changes.validUntil === undefined ? existing.valid_until : toDate(changes.validUntil) ?? null;
    if (from && until && from > until) throw new AppError('bad-request', 'validFrom must not be after validUntil.', { field: 'validUntil' });
    if (changes.name !== undefined && changes.name !== existing.name && (await repos.contracts.list(scopeOf(principal), existing.customer_id)).some((c) => c.name === changes.name)) {
      throw new AppError('conflict', `The customer already has a contract named "${changes.name}".`);
    }
    const deviceIds = changes.deviceIds === undefined ? undefined : changes.deviceIds === null ? null : [...new Set(changes.deviceIds)];
    if (deviceIds) await checkDevices(repos, principal, existing.customer_id, deviceIds);
    const row = await repos.contracts.update(scopeOf(principal), id, {
      name: changes.name, autoReplenish: changes.autoReplenish, validFrom: toDate(changes.validFrom), validUntil: toDate(changes.validUntil),
      coversAllDevices: deviceIds === undefined ? undefined : deviceIds === null,
      requestSettings: changes.settings === undefined ? undefined : storedOverride(changes.settings),
    }, now);
    if (!row) throw notFound(id);
    if (deviceIds !== undefined) await repos.contracts.setDevices(principal.dealerId, id, deviceIds ?? []);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'contract.updated', entityType: 'contract', entityId: id, details: { ...changes } }, now);
    return { row, deviceIds: (await repos.contracts.devicesOf([id])).get(id) ?? [] };
  });
}

/** Ends a contract's existence (to stop it, set validUntil instead and keep the record). */
export async function deleteContract(store: Store, principal: Principal, id: string, now: Date): Promise<void> {
  await store.transaction(async (repos) => {
    if (!(await repos.contracts.delete(scopeOf(principal), id))) throw notFound(id);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'contract.deleted', entityType: 'contract', entityId: id, details: {} }, now);
  });
}

/** One contract the caller may see. */
export async function getContract(store: Store, principal: Principal, id: string): Promise<ContractView> {
  const row = await store.repos.contracts.get(scopeOf(principal), id);
  if (!row) throw notFound(id);
  return { row, deviceIds: (await store.repos.contracts.devicesOf([id])).get(id) ?? [] };
}

/** The contracts the caller may see, optionally of one customer. */
export async function listContracts(store: Store, principal: Principal, customerId: string | undefined): Promise<ContractView[]> {
  const rows = await store.repos.contracts.list(scopeOf(principal), customerId);
  const devices = await store.repos.contracts.devicesOf(rows.map((r) => r.id));
  return rows.map((row) => ({ row, deviceIds: devices.get(row.id) ?? [] }));
}
