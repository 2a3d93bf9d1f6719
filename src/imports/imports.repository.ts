import type { Kysely, NotNull } from 'kysely';
import type { DB } from '../db/schema.js';
import { siteKey, type StoredCustomer, type StoredDevice, type StoredSite } from './reconcile.js';

// Upserts go in key order so two imports running at once lock rows in the same order and cannot deadlock.
const byKey = <T>(key: (item: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

// Rows per statement: large enough that 20,000 rows take a few dozen statements, small enough to stay
// far below PostgreSQL's 65,535 bind parameters (8 columns × 1,000 rows).
const BATCH = 1000;

/** Set-at-a-time reads and upserts for the CSV import, every query bounded by one dealer. */
export function createImportRepository(db: Kysely<DB>) {
  return {
    /** The dealer's customers with any of these names or external references. */
    async customersNamed(dealerId: string, names: string[], refs: string[]): Promise<StoredCustomer[]> {
      const found = new Map<string, StoredCustomer>();
      const select = db.selectFrom('customers').select(['id', 'name', 'external_ref']).where('dealer_id', '=', dealerId);
      for (const batch of batches(names)) {
        for (const row of await select.where('name', 'in', batch).execute()) found.set(row.id, { id: row.id, name: row.name, externalRef: row.external_ref });
      }
      for (const batch of batches(refs)) {
        for (const row of await select.where('external_ref', 'in', batch).execute()) found.set(row.id, { id: row.id, name: row.name, externalRef: row.external_ref });
      }
      return [...found.values()];
    },

    /** Every site of these customers of the dealer. */
    async sitesOf(dealerId: string, customerIds: string[]): Promise<StoredSite[]> {
      const sites: StoredSite[] = [];
      for (const batch of batches(customerIds)) {
        const rows = await db
          .selectFrom('sites')
          .select(['id', 'customer_id', 'name', 'address', 'city', 'postcode', 'country'])
          .where('dealer_id', '=', dealerId)
          .where('customer_id', 'in', batch)
          .execute();
        for (const { customer_id, ...site } of rows) sites.push({ ...site, customerId: customer_id });
      }
      return sites;
    },

    /** The dealer's devices with these serials. */
    async devicesWithSerials(dealerId: string, serials: string[]): Promise<StoredDevice[]> {
      const devices: StoredDevice[] = [];
      for (const batch of batches(serials)) {
        const rows = await db
          .selectFrom('devices')
          .select(['id', 'customer_id', 'site_id', 'serial', 'model'])
          .where('dealer_id', '=', dealerId)
          .where('serial', 'in', batch)
          .$narrowType<{ serial: NotNull }>()
          .execute();
        for (const row of rows) devices.push({ id: row.id, customerId: row.customer_id, siteId: row.site_id, serial: row.serial, model: row.model });
      }
      return devices;
    },

    /**
     * Inserts or updates customers by name. Returns each written name's stored id: the given id, or
     * the id of a row someone else inserted meanwhile.
     */
    async upsertCustomers(dealerId: string, customers: StoredCustomer[], now: Date): Promise<Map<string, string>> {
      const ids = new Map<string, string>();
      for (const batch of batches([...customers].sort(byKey((c) => c.name)))) {
        const rows = await db
          .insertInto('customers')
          .values(batch.map((c) => ({ id: c.id, dealer_id: dealerId, name: c.name, external_ref: c.externalRef, created_at: now, updated_at: now })))
          .onConflict((oc) => oc.columns(['dealer_id', 'name']).doUpdateSet((eb) => ({ external_ref: eb.ref('excluded.external_ref'), updated_at: eb.ref('excluded.updated_at') })))
          .returning(['id', 'name'])
          .execute();
        for (const row of rows) ids.set(row.name, row.id);
      }
      return ids;
    },

    /** Inserts or updates sites by (customer, name); returns each written site's stored id by `siteKey`. */
    async upsertSites(dealerId: string, sites: StoredSite[], now: Date): Promise<Map<string, string>> {
      const ids = new Map<string, string>();
      for (const batch of batches([...sites].sort(byKey((s) => siteKey(s.customerId, s.name))))) {
        const rows = await db
          .insertInto('sites')
          .values(batch.map((s) => ({
            id: s.id, dealer_id: dealerId, customer_id: s.customerId, name: s.name, address: s.address, city: s.city,
            postcode: s.postcode, country: s.country, created_at: now, updated_at: now,
          })))
          .onConflict((oc) =>
            oc.columns(['customer_id', 'name']).doUpdateSet((eb) => ({
              address: eb.ref('excluded.address'), city: eb.ref('excluded.city'), postcode: eb.ref('excluded.postcode'),
              country: eb.ref('excluded.country'), updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .returning(['id', 'customer_id', 'name'])
          .execute();
        for (const row of rows) ids.set(siteKey(row.customer_id, row.name), row.id);
      }
      return ids;
    },

    /** Inserts or updates devices by serial: customer, site and model become what is given. */
    async upsertDevices(dealerId: string, devices: StoredDevice[], now: Date): Promise<void> {
      for (const batch of batches([...devices].sort(byKey((d) => d.serial)))) {
        await db
          .insertInto('devices')
          .values(batch.map((d) => ({
            id: d.id, dealer_id: dealerId, customer_id: d.customerId, site_id: d.siteId, serial: d.serial, model: d.model,
            created_at: now, updated_at: now,
          })))
          .onConflict((oc) =>
            oc.columns(['dealer_id', 'serial']).doUpdateSet((eb) => ({
              customer_id: eb.ref('excluded.customer_id'), site_id: eb.ref('excluded.site_id'), model: eb.ref('excluded.model'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
    },
  };
}

export type ImportRepository = ReturnType<typeof createImportRepository>;

function* batches<T>(items: readonly T[]): Generator<T[]> {
  for (let start = 0; start < items.length; start += BATCH) yield items.slice(start, start + BATCH);
}
