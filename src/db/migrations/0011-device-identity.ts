import { sql, type Kysely } from 'kysely';

/**
 * A printer that tells no serial is still a device: it is known by its MAC address (ifPhysAddress),
 * which survives an address change. `identity` is what readings are matched on, derived by the
 * database so it cannot drift from what it is made of: the serial the printer tells, else `mac:<mac>`.
 * A serial staff enter by hand for such a printer (`serial_by_hand`) is shown and searched, but its
 * readings keep arriving without it, so its identity stays the MAC until the printer tells one itself.
 * Serials stay unique per dealer (a unique key lets any number of nulls through).
 */
const STATEMENTS = [
  `alter table devices alter column serial drop not null`,
  `alter table devices add column mac text`,
  `alter table devices add column serial_by_hand boolean not null default false`,
  `alter table devices add column identity text not null
     generated always as (case when serial is not null and not serial_by_hand then serial else 'mac:' || mac end) stored`,
  `alter table devices add constraint devices_identity_unique unique (dealer_id, identity)`,
  // Device lists are ordered by identity (unique, so keyset pages need no tie-breaker).
  `drop index devices_by_customer`,
  `create index devices_by_customer on devices (dealer_id, customer_id, identity)`,
  // A reading without a serial finds a printer that told its serial before by the MAC it gave then.
  `create index devices_by_mac on devices (dealer_id, mac) where mac is not null`,
  // The few devices a told serial may adopt, so each upload reads them instead of probing for each of its serials.
  `create index devices_unidentified on devices (dealer_id) where serial is null or serial_by_hand`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
