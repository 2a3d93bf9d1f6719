import type { Kysely } from 'kysely';
import type { TenantScope } from '../auth/index.js';
import type { CustomerRow, DB, SiteRow } from '../db/schema.js';

export interface NewCustomer {
  id: string;
  name: string;
  externalRef: string | null;
}

export interface NewSite {
  id: string;
  customerId: string;
  name: string;
  address: string | null;
  city: string | null;
  postcode: string | null;
  country: string | null;
}

/** Customers and their sites (delivery addresses). Every query is bounded by the caller's tenant scope. */
export function createCustomerRepository(db: Kysely<DB>) {
  const customersIn = (scope: TenantScope) => {
    let query = db.selectFrom('customers').where('customers.dealer_id', '=', scope.dealerId);
    if (scope.customerId) query = query.where('customers.id', '=', scope.customerId);
    return query;
  };

  return {
    /** Customers by name, one page after the cursor's name. */
    async list(scope: TenantScope, options: { limit: number; afterName?: string; search?: string }): Promise<CustomerRow[]> {
      let query = customersIn(scope).selectAll();
      if (options.afterName !== undefined) query = query.where('name', '>', options.afterName);
      if (options.search) query = query.where('name', 'ilike', `%${options.search.replace(/[\\%_]/g, '\\$&')}%`);
      return query.orderBy('name').limit(options.limit + 1).execute();
    },

    /** One customer, or undefined when it does not exist in the scope. */
    async get(scope: TenantScope, id: string): Promise<CustomerRow | undefined> {
      return customersIn(scope).selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** One customer by exact name, within a dealer. */
    async findByName(dealerId: string, name: string): Promise<CustomerRow | undefined> {
      return db.selectFrom('customers').selectAll().where('dealer_id', '=', dealerId).where('name', '=', name).executeTakeFirst();
    },

    /** Inserts a customer; returns undefined when the dealer already has one of that name or reference. */
    async insert(dealerId: string, customer: NewCustomer, now: Date): Promise<CustomerRow | undefined> {
      return db
        .insertInto('customers')
        .values({ id: customer.id, dealer_id: dealerId, name: customer.name, external_ref: customer.externalRef, created_at: now, updated_at: now })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
    },

    /** Renames or re-references a customer; undefined when it is not in the scope. */
    async update(scope: TenantScope, id: string, changes: { name?: string; externalRef?: string | null }, now: Date): Promise<CustomerRow | undefined> {
      let query = db.updateTable('customers').set({ updated_at: now }).where('dealer_id', '=', scope.dealerId).where('id', '=', id);
      if (changes.name !== undefined) query = query.set({ name: changes.name });
      if (changes.externalRef !== undefined) query = query.set({ external_ref: changes.externalRef });
      return query.returningAll().executeTakeFirst();
    },

    /** The sites of one customer, by name. */
    async listSites(scope: TenantScope, customerId: string): Promise<SiteRow[]> {
      let query = db.selectFrom('sites').selectAll().where('dealer_id', '=', scope.dealerId).where('customer_id', '=', customerId);
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      return query.orderBy('name').execute();
    },

    /** One site in the scope. */
    async getSite(scope: TenantScope, id: string): Promise<SiteRow | undefined> {
      let query = db.selectFrom('sites').selectAll().where('dealer_id', '=', scope.dealerId).where('id', '=', id);
      if (scope.customerId) query = query.where('customer_id', '=', scope.customerId);
      return query.executeTakeFirst();
    },

    /** Inserts a site; undefined when the customer already has a site of that name. */
    async insertSite(dealerId: string, site: NewSite, now: Date): Promise<SiteRow | undefined> {
      return db
        .insertInto('sites')
        .values({
          id: site.id, dealer_id: dealerId, customer_id: site.customerId, name: site.name, address: site.address,
          city: site.city, postcode: site.postcode, country: site.country, created_at: now, updated_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
    },
  };
}

export type CustomerRepository = ReturnType<typeof createCustomerRepository>;
