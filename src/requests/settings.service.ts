import type { Repositories, Store } from '../app/store.js';
import { actorOf, scopeOf, type Principal } from '../auth/index.js';
import type { ContractRow, DeviceRow } from '../db/schema.js';
import { AppError } from '../platform/errors.js';
import {
  parseStoredOverride, resolveSettings, settingValues, settingsContract, settingsProblems, storedOverride,
  type RequestSettingsOverride, type ResolvedRequestSettings, type SettingLevels,
} from './settings.js';

/** A level settings can be read and changed at. */
export type SettingsLevel = 'dealer' | 'customer' | 'contract' | 'device';

/** What a settings page shows: this level's own overrides, the effective values with their sources, and what is wrong. */
export interface SettingsView {
  level: SettingsLevel;
  targetId: string;
  overrides: RequestSettingsOverride;
  effective: ResolvedRequestSettings;
  /** For a device: the contract it inherits from, if one is in force. */
  contract: { id: string; name: string } | null;
  problems: string[];
}

/** A stored contract with the fields the pure choice reads. */
const asContract = (row: ContractRow) => ({ ...row, coversAllDevices: row.covers_all_devices, validFrom: row.valid_from, validUntil: row.valid_until, createdAt: row.created_at });

/** Everything a device inherits, plus every contract covering it (authorization judges their entitlement). */
export async function deviceSettingLevels(repos: Repositories, dealerId: string, device: Pick<DeviceRow, 'id' | 'customer_id' | 'request_settings'>, now: Date): Promise<{ levels: SettingLevels; contracts: ContractRow[]; contract: ContractRow | null }> {
  const [dealer, customer, contracts] = await Promise.all([
    repos.settings.ofDealer(dealerId), repos.settings.ofCustomer({ dealerId, customerId: null }, device.customer_id),
    repos.contracts.covering(dealerId, { id: device.id, customerId: device.customer_id }),
  ]);
  return { ...levelsOfDevice(dealer, customer ?? {}, contracts, device, now), contracts };
}

/** deviceSettingLevels of many devices in three queries, whatever their number (the job module reads a page of requests' printers at once). */
export async function deviceSettingLevelsEach(repos: Repositories, dealerId: string, devices: readonly Pick<DeviceRow, 'id' | 'customer_id' | 'request_settings'>[], now: Date): Promise<Map<string, { levels: SettingLevels; contracts: ContractRow[]; contract: ContractRow | null }>> {
  const [dealer, customers, covering] = await Promise.all([
    repos.settings.ofDealer(dealerId), repos.settings.ofCustomers(dealerId, [...new Set(devices.map((d) => d.customer_id))]),
    repos.contracts.coveringEach(dealerId, devices.map((d) => ({ id: d.id, customerId: d.customer_id }))),
  ]);
  return new Map(devices.map((device) => {
    const contracts = covering.get(device.id) ?? [];
    return [device.id, { ...levelsOfDevice(dealer, customers.get(device.customer_id) ?? {}, contracts, device, now), contracts }];
  }));
}

/** A device's levels from the stored overrides above it and the contracts covering it (the one in force with the narrowest cover counts). */
function levelsOfDevice(dealer: unknown, customer: unknown, covering: ContractRow[], device: Pick<DeviceRow, 'request_settings'>, now: Date): { levels: SettingLevels; contract: ContractRow | null } {
  const contract: ContractRow | null = settingsContract(covering.map(asContract), now);
  return {
    levels: { dealer: parseStoredOverride(dealer), customer: parseStoredOverride(customer), contract: contract ? parseStoredOverride(contract.request_settings) : null, device: parseStoredOverride(device.request_settings) },
    contract,
  };
}

function notFound(level: SettingsLevel, id: string): AppError {
  return new AppError('not-found', `No ${level} with id ${id}.`);
}

/** The levels above and including one target, and that target's own overrides. */
async function levelsAt(repos: Repositories, principal: Principal, level: SettingsLevel, id: string, now: Date): Promise<{ levels: SettingLevels; own: RequestSettingsOverride; contract: ContractRow | null }> {
  const scope = scopeOf(principal);
  const dealer = parseStoredOverride(await repos.settings.ofDealer(principal.dealerId));
  if (level === 'dealer') return { levels: { dealer }, own: dealer, contract: null };
  if (level === 'customer') {
    const customer = await repos.settings.ofCustomer(scope, id);
    if (customer === undefined) throw notFound(level, id);
    const own = parseStoredOverride(customer);
    return { levels: { dealer, customer: own }, own, contract: null };
  }
  if (level === 'contract') {
    const contract = await repos.contracts.get(scope, id);
    if (!contract) throw notFound(level, id);
    const own = parseStoredOverride(contract.request_settings);
    return { levels: { dealer, customer: parseStoredOverride(await repos.settings.ofCustomer(scope, contract.customer_id)), contract: own }, own, contract };
  }
  const device = await repos.devices.get(scope, id);
  if (!device) throw notFound(level, id);
  const { levels, contract } = await deviceSettingLevels(repos, principal.dealerId, device, now);
  return { levels, own: levels.device ?? {}, contract };
}

/**
 * The customers, contracts and devices under a level whose effective settings contradict each other, after a
 * change there (read inside the same transaction): a fixed handful of queries, however many there are.
 */
async function contradictionsBelow(repos: Repositories, principal: Principal, level: SettingsLevel, id: string, contractCustomer: string | null, now: Date): Promise<{ what: string; problem: string }[]> {
  if (level === 'device') return [];
  const customerId = level === 'customer' ? id : level === 'contract' ? contractCustomer : null;
  const [dealer, below] = await Promise.all([repos.settings.ofDealer(principal.dealerId), repos.settings.overriddenBelow(principal.dealerId, customerId)]);
  const covering = await repos.contracts.coveringEach(principal.dealerId, below.devices.map((d) => ({ id: d.id, customerId: d.customer_id })));
  const customerOwn = new Map<string, unknown>(below.customers.map((c) => [c.id, c.request_settings]));
  const found: { what: string; problem: string }[] = [];
  const check = (what: string, levels: SettingLevels) => {
    for (const problem of settingsProblems(settingValues(resolveSettings(levels)))) found.push({ what, problem });
  };
  const dealerLevel = parseStoredOverride(dealer);
  const customerLevel = (cid: string) => parseStoredOverride(customerOwn.get(cid) ?? {});
  if (level === 'dealer') for (const c of below.customers) check(`customer ${c.name}`, { dealer: dealerLevel, customer: customerLevel(c.id) });
  if (level !== 'contract') for (const c of below.contracts) check(`contract ${c.name}`, { dealer: dealerLevel, customer: customerLevel(c.customer_id), contract: parseStoredOverride(c.request_settings) });
  for (const d of below.devices) check(`printer ${d.serial ?? `${d.id} (serial unknown)`}`, levelsOfDevice(dealer, customerOwn.get(d.customer_id) ?? {}, covering.get(d.id)!, d, now).levels);
  return found;
}

function view(level: SettingsLevel, id: string, at: { levels: SettingLevels; own: RequestSettingsOverride; contract: ContractRow | null }): SettingsView {
  const effective = resolveSettings(at.levels);
  return {
    level, targetId: id, overrides: at.own, effective,
    contract: level === 'device' && at.contract ? { id: at.contract.id, name: at.contract.name } : null,
    problems: settingsProblems(settingValues(effective)),
  };
}

/** The settings of one level: its overrides and what they resolve to there. The dealer level's id is the dealer's. */
export async function readSettings(store: Store, principal: Principal, level: SettingsLevel, id: string, now: Date): Promise<SettingsView> {
  return view(level, id, await levelsAt(store.repos, principal, level, id, now));
}

/**
 * Replaces one level's overrides (null or absent fields inherit). Refused when the values it resolves
 * to there, or those of a customer, contract or printer below that overrides something itself, would
 * contradict each other; audited with before and after.
 */
export async function writeSettings(store: Store, principal: Principal, level: SettingsLevel, id: string, override: RequestSettingsOverride, now: Date): Promise<SettingsView> {
  return store.transaction(async (repos) => {
    const before = await levelsAt(repos, principal, level, id, now);
    const stored = storedOverride(override);
    const after = { ...before, own: parseStoredOverride(stored), levels: { ...before.levels, [level]: parseStoredOverride(stored) } };
    const result = view(level, id, after);
    if (result.problems.length > 0) throw new AppError('bad-request', result.problems.join(' '), { problems: result.problems });
    const scope = scopeOf(principal);
    if (level === 'dealer') await repos.settings.setDealer(principal.dealerId, stored);
    else if (level === 'customer') await repos.settings.setCustomer(scope, id, stored, now);
    else if (level === 'contract') await repos.contracts.update(scope, id, { requestSettings: stored }, now);
    else await repos.settings.setDevice(scope, id, stored, now);
    // What inherits from this level and overrides something itself must still make sense; if not, nothing is written.
    const below = await contradictionsBelow(repos, principal, level, id, after.contract?.customer_id ?? null, now);
    if (below.length > 0) {
      throw new AppError('bad-request', `This change contradicts settings below it: ${below.slice(0, 3).map((b) => `${b.what}: ${b.problem}`).join(' ')}${below.length > 3 ? ` (and ${below.length - 3} more)` : ''} Change those first.`, { contradictions: below });
    }
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'settings.changed', entityType: level, entityId: id, details: { before: storedOverride(before.own), after: stored } }, now);
    return result;
  });
}
