import { randomUUID } from 'node:crypto';
import type { Store } from '../app/store.js';
import { actorOf, hashToken, newToken, scopeOf, tokenHint, type Principal } from '../auth/index.js';
import { siteOfCustomer } from '../customers/index.js';
import type { CollectorRow } from '../db/schema.js';
import { AppError } from '../platform/errors.js';
import { CollectorSettingsPatch, effectiveSettings, type CollectorSettings } from './settings.js';

/**
 * Registers a collector for one of the dealer's customers, optionally at one of that customer's sites, and returns its
 * token, which is shown only now.
 */
export async function registerCollector(store: Store, principal: Principal, input: { customerId: string; name: string; siteId?: string | null }, now: Date): Promise<{ collector: CollectorRow; token: string }> {
  const token = newToken('collector');
  return store.transaction(async (repos) => {
    if (!(await repos.customers.get(scopeOf(principal), input.customerId))) throw new AppError('not-found', `No customer with id ${input.customerId}.`);
    const siteId = input.siteId ?? null;
    if (siteId !== null) await siteOfCustomer(repos, scopeOf(principal), input.customerId, siteId);
    const collector = await repos.collectors.insert(principal.dealerId, { id: randomUUID(), customerId: input.customerId, siteId, name: input.name, tokenHash: hashToken(token), tokenHint: tokenHint(token) }, now);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'collector.registered', entityType: 'collector', entityId: collector.id, details: { customerId: input.customerId, name: input.name, siteId } }, now);
    return { collector, token };
  });
}

/**
 * Says (or, with null, clears) the site a collector stands at, one of its customer's. The printers it finds from its
 * next reading on are given that site when they have none; a printer that has one keeps it.
 */
export async function setCollectorSite(store: Store, principal: Principal, id: string, siteId: string | null, now: Date): Promise<CollectorRow> {
  return store.transaction(async (repos) => {
    const collector = await repos.collectors.get(scopeOf(principal), id);
    if (!collector) throw new AppError('not-found', `No collector with id ${id}.`);
    if (collector.site_id === siteId) return collector;
    if (siteId !== null) await siteOfCustomer(repos, scopeOf(principal), collector.customer_id, siteId);
    const updated = await repos.collectors.setSite(principal.dealerId, id, siteId);
    if (!updated) throw new AppError('not-found', `No collector with id ${id}.`);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'collector.site-set', entityType: 'collector', entityId: id, details: { siteId, previousSiteId: collector.site_id } }, now);
    return updated;
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

/** Whether a collector is calling in: never seen, ok, or silent for longer than allowed. */
export function collectorHealth(lastSeenAt: Date | null, now: Date, silentAfterMs: number): 'never-seen' | 'ok' | 'silent' {
  if (!lastSeenAt) return 'never-seen';
  return now.getTime() - lastSeenAt.getTime() > silentAfterMs ? 'silent' : 'ok';
}

/** The configuration a collector runs with: built-in defaults ← dealer-wide ← its own overrides. */
export async function effectiveCollectorSettings(store: Store, collector: CollectorRow): Promise<CollectorSettings> {
  const dealer = await store.repos.dealers.get(collector.dealer_id);
  return effectiveSettings(CollectorSettingsPatch.parse(dealer?.collector_defaults ?? {}), CollectorSettingsPatch.parse(collector.config ?? {}));
}

/** A collector's own overrides and what it runs with, for dealer admins. */
export async function collectorSettings(store: Store, principal: Principal, id: string): Promise<{ overrides: CollectorSettingsPatch; effective: CollectorSettings }> {
  const collector = await store.repos.collectors.get(scopeOf(principal), id);
  if (!collector) throw new AppError('not-found', `No collector with id ${id}.`);
  return { overrides: CollectorSettingsPatch.parse(collector.config ?? {}), effective: await effectiveCollectorSettings(store, collector) };
}

/** Replaces a collector's overrides; the collector picks them up at its next configuration fetch. */
export async function setCollectorSettings(store: Store, principal: Principal, id: string, overrides: CollectorSettingsPatch, now: Date): Promise<{ overrides: CollectorSettingsPatch; effective: CollectorSettings }> {
  await store.transaction(async (repos) => {
    if (!(await repos.collectors.setConfig(principal.dealerId, id, overrides))) throw new AppError('not-found', `No collector with id ${id}.`);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'collector.configured', entityType: 'collector', entityId: id, details: redactSecrets(overrides) }, now);
  });
  return collectorSettings(store, principal, id);
}

/** The dealer-wide collector configuration and what a collector without overrides runs with. */
export async function dealerCollectorDefaults(store: Store, principal: Principal): Promise<{ overrides: CollectorSettingsPatch; effective: CollectorSettings }> {
  const dealer = await store.repos.dealers.get(principal.dealerId);
  const overrides = CollectorSettingsPatch.parse(dealer?.collector_defaults ?? {});
  return { overrides, effective: effectiveSettings(overrides, {}) };
}

/** Replaces the dealer-wide collector configuration: one change for every site. */
export async function setDealerCollectorDefaults(store: Store, principal: Principal, overrides: CollectorSettingsPatch, now: Date): Promise<{ overrides: CollectorSettingsPatch; effective: CollectorSettings }> {
  await store.transaction(async (repos) => {
    await repos.dealers.setCollectorDefaults(principal.dealerId, overrides);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'collector-defaults.configured', entityType: 'dealer', entityId: principal.dealerId, details: redactSecrets(overrides) }, now);
  });
  return dealerCollectorDefaults(store, principal);
}

/** Records a collector's heartbeat: it is alive, and how its queue and polls are doing. */
export async function recordHeartbeat(store: Store, principal: Principal, heartbeat: Record<string, unknown>, now: Date): Promise<void> {
  if (principal.kind !== 'collector') throw new AppError('forbidden', 'Only a collector token can send a heartbeat.');
  await store.repos.collectors.setHeartbeat(principal.id, { ...heartbeat, receivedAt: now.toISOString() }, now);
}

// SNMP communities and v3 keys are credentials: the audit log notes that they changed, not what to.
function redactSecrets(settings: CollectorSettingsPatch): Record<string, unknown> {
  const snmp = settings.snmp ? { ...settings.snmp, ...(settings.snmp.community ? { community: '[redacted]' } : {}), ...(settings.snmp.v3 ? { v3: { user: settings.snmp.v3.user, keys: '[redacted]' } } : {}) } : undefined;
  return { ...settings, ...(snmp ? { snmp } : {}) };
}
