import { sql, type Kysely } from 'kysely';

/**
 * The printers standing at a site, found without reading the whole customer's fleet: a site's learned lead time reads
 * the completed requests of its printers (an external ERP's actioned → loop closed) on every request evaluation, and
 * the site page lists them. Shipments already have theirs by site (shipments_site, migration 0021).
 */
const STATEMENTS = [`create index devices_by_site on devices (dealer_id, site_id) where site_id is not null`];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
