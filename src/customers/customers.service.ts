import { randomUUID } from 'node:crypto';
import type { Repositories, Store } from '../app/store.js';
import { actorOf, scopeOf, type Principal, type TenantScope } from '../auth/index.js';
import type { CustomerRow, SiteRow } from '../db/schema.js';
import { siteLeadTimes, type LearnedLeadTime } from '../lead-times/index.js';
import { AppError } from '../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../platform/pagination.js';

/** Creates a customer of the caller's dealer; a name or reference already in use is a conflict. */
export async function createCustomer(store: Store, principal: Principal, input: { name: string; externalRef?: string | null }, now: Date): Promise<CustomerRow> {
  return store.transaction(async (repos) => {
    const customer = await repos.customers.insert(principal.dealerId, { id: randomUUID(), name: input.name, externalRef: input.externalRef ?? null }, now);
    if (!customer) throw new AppError('conflict', `A customer named "${input.name}" or with that reference already exists.`);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'customer.created', entityType: 'customer', entityId: customer.id, details: { name: customer.name } }, now);
    return customer;
  });
}

/** Changes a customer's name or reference. */
export async function updateCustomer(store: Store, principal: Principal, id: string, changes: { name?: string; externalRef?: string | null }, now: Date): Promise<CustomerRow> {
  return store.transaction(async (repos) => {
    if (changes.name !== undefined) {
      const clash = await repos.customers.findByName(principal.dealerId, changes.name);
      if (clash && clash.id !== id) throw new AppError('conflict', `A customer named "${changes.name}" already exists.`);
    }
    const customer = await repos.customers.update(scopeOf(principal), id, changes, now);
    if (!customer) throw notFound(id);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'customer.updated', entityType: 'customer', entityId: id, details: changes }, now);
    return customer;
  });
}

/** The customers the caller may see, by name, a page at a time. */
export async function listCustomers(store: Store, principal: Principal, options: { limit: number; cursor?: string; search?: string }): Promise<Page<CustomerRow>> {
  const afterName = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
  const rows = await store.repos.customers.list(scopeOf(principal), { limit: options.limit, afterName, search: options.search });
  return toPage(rows, options.limit, (row) => row.name);
}

/** One customer the caller may see, or `not-found`. */
export async function getCustomer(store: Store, principal: Principal, id: string): Promise<CustomerRow> {
  const customer = await store.repos.customers.get(scopeOf(principal), id);
  if (!customer) throw notFound(id);
  return customer;
}

/** Adds a delivery site to a customer. */
export async function createSite(
  store: Store,
  principal: Principal,
  customerId: string,
  input: { name: string; address?: string | null; city?: string | null; postcode?: string | null; country?: string | null },
  now: Date,
): Promise<SiteRow> {
  return store.transaction(async (repos) => {
    if (!(await repos.customers.get(scopeOf(principal), customerId))) throw notFound(customerId);
    const site = await repos.customers.insertSite(
      principal.dealerId,
      { id: randomUUID(), customerId, name: input.name, address: input.address ?? null, city: input.city ?? null, postcode: input.postcode ?? null, country: input.country ?? null },
      now,
    );
    if (!site) throw new AppError('conflict', `This customer already has a site named "${input.name}".`);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'site.created', entityType: 'site', entityId: site.id, details: { customerId, name: site.name } }, now);
    return site;
  });
}

/** A site with the lead time its printers' orders take: learned from its deliveries, else the setting, else the default. */
export interface SiteWithLeadTime {
  site: SiteRow;
  leadTime: LearnedLeadTime;
}

/** The sites of one customer the caller may see, each with its lead time (one read of recorded orders for all of them). */
export async function listSites(store: Store, principal: Principal, customerId: string, now: Date): Promise<SiteWithLeadTime[]> {
  await getCustomer(store, principal, customerId);
  const sites = await store.repos.customers.listSites(scopeOf(principal), customerId);
  return withLeadTimes(store.repos, principal.dealerId, customerId, sites, now);
}

/** One site of a customer the caller may see, with its lead time; another dealer's or another customer's site is not found. */
export async function getSite(store: Store, principal: Principal, customerId: string, siteId: string, now: Date): Promise<SiteWithLeadTime> {
  await getCustomer(store, principal, customerId);
  const site = await siteOfCustomer(store.repos, scopeOf(principal), customerId, siteId);
  return (await withLeadTimes(store.repos, principal.dealerId, customerId, [site], now))[0]!;
}

async function withLeadTimes(repos: Repositories, dealerId: string, customerId: string, sites: SiteRow[], now: Date): Promise<SiteWithLeadTime[]> {
  const leadTimes = await siteLeadTimes(repos, dealerId, customerId, sites.map((s) => s.id), now);
  return sites.map((site) => ({ site, leadTime: leadTimes.get(site.id)! }));
}

function notFound(id: string): AppError {
  return new AppError('not-found', `No customer with id ${id}.`);
}

/**
 * A site that is one of a customer's, read in the caller's transaction (a printer or a collector is put there); else
 * 404 "<whose> has no site with id …". Another dealer's site and another customer's are alike "no such site" for this
 * customer: the answer tells nothing of them.
 */
export async function siteOfCustomer(repos: Repositories, scope: TenantScope, customerId: string, siteId: string, whose = `Customer ${customerId}`): Promise<SiteRow> {
  const site = await repos.customers.getSite(scope, siteId);
  if (!site || site.customer_id !== customerId) throw new AppError('not-found', `${whose} has no site with id ${siteId}.`);
  return site;
}
