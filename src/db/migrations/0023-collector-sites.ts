import { sql, type Kysely } from 'kysely';

/**
 * A collector may stand at one of its customer's sites (a dealer installs it on that site's network): the printers
 * it finds are given that site when they have none, so their supply jobs have a delivery address and their
 * dispatch-to-delivery times are counted per site. Null: not said (a collector polling several sites' printers
 * over a WAN leaves them to the CSV import or to staff). That the site is its own customer's is checked by the
 * service, as for devices.
 */
const STATEMENTS = [
  `alter table collectors add column site_id uuid`,
  `alter table collectors add constraint collectors_site foreign key (dealer_id, site_id) references sites(dealer_id, id)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
