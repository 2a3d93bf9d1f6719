import { sql, type Kysely, type NotNull } from 'kysely';
import type { DB } from '../db/schema.js';
import { giveWay } from '../platform/slices.js';
import { createImportRunRepository } from './import-runs.repository.js';
import { siteKey, type StoredCustomer, type StoredDevice, type StoredSite } from './reconcile.js';
import { isForeignKeyViolation } from '../db/index.js';

// Upserts go in key order so two imports running at once lock rows in the same order and cannot deadlock.
const byKey = <T>(key: (item: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

// Rows per statement: large enough that 20,000 rows take a few dozen statements, small enough to stay
// far below PostgreSQL's 65,535 bind parameters (8 columns × 1,000 rows).
const BATCH = 1000;

/** Which table a journal entry is about. */
export type JournalEntity = 'customer' | 'site' | 'device';

/** A customer, site or device as it was before an import changed it: what undoing puts back. */
export type PreviousCustomer = { id: string; external_ref: string | null; updated_at: Date };
export type PreviousSite = { id: string; address: string | null; city: string | null; postcode: string | null; country: string | null; updated_at: Date };
export type PreviousDevice = { id: string; customer_id: string; site_id: string | null; model: string | null; location: string | null; updated_at: Date };

/** What writing one chunk did: the stored id of each written key, the ids it created, and the changed rows as they were. */
export interface ChunkWrite<P> {
  ids: Map<string, string>;
  created: string[];
  previous: P[];
}

// A row the upsert inserted rather than updated has no deleting transaction yet (xmax 0): PostgreSQL's usual test.
const INSERTED = sql<boolean>`xmax = 0`.as('inserted');
const createdIds = (rows: { id: string; inserted: boolean }[]) => rows.filter((row) => row.inserted).map((row) => row.id);

/** Set-at-a-time reads and upserts for the CSV import, every query bounded by one dealer. */
export function createImportRepository(db: Kysely<DB>) {
  return {
    /** Import runs and their journal. */
    runs: createImportRunRepository(db),

    /** The dealer's customers with any of these names or external references. */
    async customersNamed(dealerId: string, names: string[], refs: string[]): Promise<StoredCustomer[]> {
      const found = new Map<string, StoredCustomer>();
      const select = db.selectFrom('customers').select(['id', 'name', 'external_ref']).where('dealer_id', '=', dealerId);
      for (const batch of batches(names)) {
        await giveWay();
        for (const row of await select.where('name', 'in', batch).execute()) found.set(row.id, { id: row.id, name: row.name, externalRef: row.external_ref });
      }
      for (const batch of batches(refs)) {
        await giveWay();
        for (const row of await select.where('external_ref', 'in', batch).execute()) found.set(row.id, { id: row.id, name: row.name, externalRef: row.external_ref });
      }
      return [...found.values()];
    },

    /** Every site of these customers of the dealer. */
    async sitesOf(dealerId: string, customerIds: string[]): Promise<StoredSite[]> {
      const sites: StoredSite[] = [];
      for (const batch of batches(customerIds)) {
        await giveWay();
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
        await giveWay();
        const rows = await db
          .selectFrom('devices')
          .select(['id', 'customer_id', 'site_id', 'serial', 'model', 'location'])
          .where('dealer_id', '=', dealerId)
          .where('serial', 'in', batch)
          .$narrowType<{ serial: NotNull }>()
          .execute();
        for (const row of rows) devices.push({ id: row.id, customerId: row.customer_id, siteId: row.site_id, serial: row.serial, model: row.model, location: row.location });
      }
      return devices;
    },

    /**
     * Inserts or updates one chunk of customers by name, locking the ones that exist first. Returns each
     * written name's stored id (the given one, or the id of a row someone else inserted meanwhile) and what
     * the journal needs to undo it: the ids it created and the changed rows as they were.
     */
    async upsertCustomers(dealerId: string, customers: StoredCustomer[], now: Date): Promise<ChunkWrite<PreviousCustomer>> {
      const sorted = [...customers].sort(byKey((c) => c.name));
      const previous = await db
        .selectFrom('customers')
        .select(['id', 'external_ref', 'updated_at'])
        .where('dealer_id', '=', dealerId)
        .where('name', 'in', sorted.map((c) => c.name))
        .orderBy('name')
        .forUpdate()
        .execute();
      const rows = await db
        .insertInto('customers')
        .values(sorted.map((c) => ({ id: c.id, dealer_id: dealerId, name: c.name, external_ref: c.externalRef, created_at: now, updated_at: now })))
        .onConflict((oc) => oc.columns(['dealer_id', 'name']).doUpdateSet((eb) => ({ external_ref: eb.ref('excluded.external_ref'), updated_at: eb.ref('excluded.updated_at') })))
        .returning(['id', 'name', INSERTED])
        .execute();
      return { ids: new Map(rows.map((row) => [row.name, row.id])), created: createdIds(rows), previous };
    },

    /** Inserts or updates one chunk of sites by (customer, name); returns their stored ids by `siteKey`, and what undoes it. */
    async upsertSites(dealerId: string, sites: StoredSite[], now: Date): Promise<ChunkWrite<PreviousSite>> {
      const sorted = [...sites].sort(byKey((s) => siteKey(s.customerId, s.name)));
      const previous = await db
        .selectFrom('sites')
        .select(['id', 'address', 'city', 'postcode', 'country', 'updated_at'])
        .where('dealer_id', '=', dealerId)
        .where((eb) => eb.or(sorted.map((s) => eb.and([eb('customer_id', '=', s.customerId), eb('name', '=', s.name)]))))
        .orderBy('customer_id')
        .orderBy('name')
        .forUpdate()
        .execute();
      const rows = await db
        .insertInto('sites')
        .values(sorted.map((s) => ({
          id: s.id, dealer_id: dealerId, customer_id: s.customerId, name: s.name, address: s.address, city: s.city,
          postcode: s.postcode, country: s.country, created_at: now, updated_at: now,
        })))
        .onConflict((oc) =>
          oc.columns(['customer_id', 'name']).doUpdateSet((eb) => ({
            address: eb.ref('excluded.address'), city: eb.ref('excluded.city'), postcode: eb.ref('excluded.postcode'),
            country: eb.ref('excluded.country'), updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returning(['id', 'customer_id', 'name', INSERTED])
        .execute();
      return { ids: new Map(rows.map((row) => [siteKey(row.customer_id, row.name), row.id])), created: createdIds(rows), previous };
    },

    /** Inserts or updates one chunk of devices by serial (customer, site, model and location become what is given), and says what undoes it. */
    async upsertDevices(dealerId: string, devices: StoredDevice[], now: Date): Promise<ChunkWrite<PreviousDevice>> {
      const sorted = [...devices].sort(byKey((d) => d.serial));
      const previous = await db
        .selectFrom('devices')
        .select(['id', 'customer_id', 'site_id', 'model', 'location', 'updated_at'])
        .where('dealer_id', '=', dealerId)
        .where('serial', 'in', sorted.map((d) => d.serial))
        .orderBy('serial')
        .forUpdate()
        .execute();
      const rows = await db
        .insertInto('devices')
        .values(sorted.map((d) => ({
          id: d.id, dealer_id: dealerId, customer_id: d.customerId, site_id: d.siteId, serial: d.serial, model: d.model, location: d.location,
          created_at: now, updated_at: now,
        })))
        .onConflict((oc) =>
          oc.columns(['dealer_id', 'serial']).doUpdateSet((eb) => ({
            customer_id: eb.ref('excluded.customer_id'), site_id: eb.ref('excluded.site_id'), model: eb.ref('excluded.model'), location: eb.ref('excluded.location'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returning(['id', 'serial', INSERTED])
        .$narrowType<{ serial: NotNull }>()
        .execute();
      return { ids: new Map(rows.map((row) => [row.serial, row.id])), created: createdIds(rows), previous };
    },

    /**
     * Undoes one journalled chunk: puts the rows it changed back as they were and deletes the rows it created
     * (a device's readings and supplies go with it). Fails with a foreign-key violation when something written
     * since refers to a created row (someone put a device in an imported site meanwhile): see `deleteCreated`.
     */
    async undoChunk(dealerId: string, entity: JournalEntity, created: string[], previous: Record<string, unknown>[]): Promise<void> {
      const restore = JSON.stringify(previous);
      if (entity === 'device') {
        if (created.length > 0) await db.deleteFrom('devices').where('dealer_id', '=', dealerId).where('id', 'in', created).execute();
        if (previous.length > 0) {
          await sql`update devices d set customer_id = p.customer_id, site_id = p.site_id, model = p.model, location = p.location, updated_at = p.updated_at
            from jsonb_to_recordset(${restore}::jsonb) as p(id uuid, customer_id uuid, site_id uuid, model text, location text, updated_at timestamptz)
            where d.dealer_id = ${dealerId} and d.id = p.id`.execute(db);
        }
      } else if (entity === 'site') {
        if (previous.length > 0) {
          await sql`update sites s set address = p.address, city = p.city, postcode = p.postcode, country = p.country, updated_at = p.updated_at
            from jsonb_to_recordset(${restore}::jsonb) as p(id uuid, address text, city text, postcode text, country text, updated_at timestamptz)
            where s.dealer_id = ${dealerId} and s.id = p.id`.execute(db);
        }
        if (created.length > 0) await db.deleteFrom('sites').where('dealer_id', '=', dealerId).where('id', 'in', created).execute();
      } else {
        if (previous.length > 0) {
          await sql`update customers c set external_ref = p.external_ref, updated_at = p.updated_at
            from jsonb_to_recordset(${restore}::jsonb) as p(id uuid, external_ref text, updated_at timestamptz)
            where c.dealer_id = ${dealerId} and c.id = p.id`.execute(db);
        }
        if (created.length > 0) await db.deleteFrom('customers').where('dealer_id', '=', dealerId).where('id', 'in', created).execute();
      }
    },

    /** Deletes one row an import created, if nothing refers to it now; false when it has to stay. */
    async deleteCreated(dealerId: string, entity: JournalEntity, id: string): Promise<boolean> {
      const table = entity === 'device' ? 'devices' : entity === 'site' ? 'sites' : 'customers';
      try {
        await db.deleteFrom(table).where('dealer_id', '=', dealerId).where('id', '=', id).execute();
        return true;
      } catch (error) {
        if (isForeignKeyViolation(error)) return false;
        throw error;
      }
    },
  };
}

export type ImportRepository = ReturnType<typeof createImportRepository>;

function* batches<T>(items: readonly T[]): Generator<T[]> {
  for (let start = 0; start < items.length; start += BATCH) yield items.slice(start, start + BATCH);
}
