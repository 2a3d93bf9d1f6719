import { sql, type Kysely } from 'kysely';
import type { DB, DeviceMoveRow, MoveEvidence } from '../db/schema.js';

/**
 * Move candidates (a printer of one customer read by another customer's collector) and the readings
 * they hold. Every statement takes the dealer; the ones the upload path uses are one statement per
 * batch and run only when a batch read a printer that is not its customer's.
 */
export function createMoveRepository(db: Kysely<DB>) {
  return {
    /**
     * The devices of other customers that a batch's identities name: by identity, or by a serial staff
     * entered by hand (which a printer telling it would otherwise collide with), each with the latest
     * candidate moving it to `customerId` (null: none yet).
     */
    async foreignDevices(dealerId: string, customerId: string, identities: string[]): Promise<ForeignDevice[]> {
      if (identities.length === 0) return [];
      const result = await sql<ForeignDevice>`
        with k as (select distinct key from unnest(${identities}::text[]) as k(key)),
        hits as (
          select k.key, d.id, d.identity, d.customer_id from k join devices d on d.dealer_id = ${dealerId} and d.identity = k.key
          union
          select k.key, d.id, d.identity, d.customer_id from k join devices d on d.dealer_id = ${dealerId} and d.serial = k.key and d.serial_by_hand)
        select h.key, h.id as device_id, h.identity, h.customer_id, m.id as move_id, m.status as move_status
        from hits h
        left join lateral (
          select id, status from device_moves m where m.dealer_id = ${dealerId} and m.device_id = h.id and m.to_customer_id = ${customerId}
          order by m.created_at desc, m.id limit 1) m on true
        where h.customer_id <> ${customerId}`.execute(db);
      return result.rows;
    },

    /** Whether the dealer lets moves apply without staff confirming them. */
    async autoApply(dealerId: string): Promise<boolean> {
      return (await db.selectFrom('dealers').select('auto_apply_moves').where('id', '=', dealerId).executeTakeFirst())?.auto_apply_moves ?? false;
    },

    async setAutoApply(dealerId: string, autoApply: boolean): Promise<void> {
      await db.updateTable('dealers').set({ auto_apply_moves: autoApply }).where('id', '=', dealerId).execute();
    },

    /**
     * Notes each sighting of another customer's printer on its pending candidate for the collector's
     * customer, creating it on first sight: seen first and last widen, the evidence and collector are the
     * latest reading's. One statement for the batch; returns the candidates' ids by device.
     */
    async notePending(dealerId: string, toCustomerId: string, collectorId: string, sightings: MoveSighting[], now: Date): Promise<Map<string, string>> {
      if (sightings.length === 0) return new Map();
      const col = <T>(pick: (s: MoveSighting) => T) => sightings.map(pick);
      const result = await sql<{ id: string; device_id: string }>`
        insert into device_moves (id, dealer_id, device_id, identity, from_customer_id, to_customer_id, collector_id, status, first_seen_at, last_seen_at, evidence, created_at)
        select s.id, ${dealerId}, s.device_id, s.identity, s.from_customer_id, ${toCustomerId}, ${collectorId}, 'pending', s.first_at, s.last_at, s.evidence::jsonb, ${now}
        from unnest(${col((s) => s.newId)}::uuid[], ${col((s) => s.deviceId)}::uuid[], ${col((s) => s.identity)}::text[], ${col((s) => s.fromCustomerId)}::uuid[],
                    ${col((s) => s.firstAt)}::timestamptz[], ${col((s) => s.lastAt)}::timestamptz[], ${col((s) => JSON.stringify(s.evidence))}::text[])
          as s(id, device_id, identity, from_customer_id, first_at, last_at, evidence)
        order by s.device_id
        on conflict (device_id, to_customer_id) where status = 'pending' do update set
          identity = excluded.identity,
          from_customer_id = excluded.from_customer_id,
          first_seen_at = least(device_moves.first_seen_at, excluded.first_seen_at),
          last_seen_at = greatest(device_moves.last_seen_at, excluded.last_seen_at),
          evidence = case when excluded.last_seen_at >= device_moves.last_seen_at then excluded.evidence else device_moves.evidence end,
          collector_id = case when excluded.last_seen_at >= device_moves.last_seen_at then excluded.collector_id else device_moves.collector_id end
        returning id, device_id`.execute(db);
      return new Map(result.rows.map((r) => [r.device_id, r.id]));
    },

    /**
     * Holds readings for their candidates, each once (a reading uploaded again is not held twice), and
     * counts them on the candidate. One statement; returns the readingIds held now.
     */
    async hold(dealerId: string, held: { moveId: string; readingId: string; collectedAt: string; reading: unknown }[], now: Date): Promise<Set<string>> {
      if (held.length === 0) return new Set();
      const result = await sql<{ reading_id: string }>`
        with inserted as (
          insert into held_readings (dealer_id, reading_id, move_id, collected_at, received_at, reading)
          select ${dealerId}, h.reading_id, h.move_id, h.collected_at, ${now}, h.reading::jsonb
          from unnest(${held.map((h) => h.readingId)}::uuid[], ${held.map((h) => h.moveId)}::uuid[], ${held.map((h) => h.collectedAt)}::timestamptz[], ${held.map((h) => JSON.stringify(h.reading))}::text[])
            as h(reading_id, move_id, collected_at, reading)
          on conflict do nothing
          returning reading_id, move_id),
        counted as (
          update device_moves m set readings_held = m.readings_held + c.n
          from (select move_id, count(*)::int as n from inserted group by move_id) c
          where m.dealer_id = ${dealerId} and m.id = c.move_id)
        select reading_id from inserted`.execute(db);
      return new Set(result.rows.map((r) => r.reading_id));
    },

    /** Counts readings refused because their candidate was rejected, and when they were seen last. */
    async noteRefused(dealerId: string, refused: { moveId: string; count: number; lastAt: string }[]): Promise<void> {
      if (refused.length === 0) return;
      await sql`
        update device_moves m set readings_refused = m.readings_refused + r.n, last_seen_at = greatest(m.last_seen_at, r.last_at)
        from unnest(${refused.map((r) => r.moveId)}::uuid[], ${refused.map((r) => r.count)}::int[], ${refused.map((r) => r.lastAt)}::timestamptz[]) as r(move_id, n, last_at)
        where m.dealer_id = ${dealerId} and m.id = r.move_id`.execute(db);
    },

    /** One candidate of the dealer; with `lock`, locked for the rest of the transaction. */
    async get(dealerId: string, id: string, options: { lock?: boolean } = {}): Promise<DeviceMoveRow | undefined> {
      let query = db.selectFrom('device_moves').selectAll().where('dealer_id', '=', dealerId).where('id', '=', id);
      if (options.lock) query = query.forUpdate();
      return query.executeTakeFirst();
    },

    /** The dealer's candidates with these ids, locked for the rest of the transaction (in id order, so two callers never wait in a circle). */
    async lockMany(dealerId: string, ids: string[]): Promise<DeviceMoveRow[]> {
      if (ids.length === 0) return [];
      return db.selectFrom('device_moves').selectAll().where('dealer_id', '=', dealerId).where('id', 'in', ids).orderBy('id').forUpdate().execute();
    },

    /** Sets the decision of candidates. One statement. */
    async decide(dealerId: string, ids: string[], status: 'confirmed' | 'rejected' | 'applied', decidedBy: string | null, now: Date): Promise<void> {
      if (ids.length === 0) return;
      await db.updateTable('device_moves').set({ status, decided_at: now, decided_by: decidedBy }).where('dealer_id', '=', dealerId).where('id', 'in', ids).execute();
    },

    /** Takes candidates' held readings out, oldest first, each with the candidate it was held for. One statement. */
    async release(dealerId: string, moveIds: string[]): Promise<{ move_id: string; reading_id: string; reading: Record<string, unknown> }[]> {
      if (moveIds.length === 0) return [];
      return db.deleteFrom('held_readings').where('dealer_id', '=', dealerId).where('move_id', 'in', moveIds).returning(['move_id', 'reading_id', 'reading', 'collected_at']).execute()
        .then((rows) => rows.sort((a, b) => a.collected_at.getTime() - b.collected_at.getTime()));
    },

    /**
     * Moves devices to other customers of the dealer, keeping their identity and history: a moved device's
     * site (the old customer's) and its location within that site are cleared, and contracts of other
     * customers no longer list it; a device already at its customer is left alone. One statement, the
     * devices locked in id order. Returns the customer each device belonged to (missing: no such device).
     */
    async moveDevices(dealerId: string, moves: { deviceId: string; toCustomerId: string }[], now: Date): Promise<Map<string, string>> {
      if (moves.length === 0) return new Map();
      // All parts of one statement see the same snapshot: the update and the delete both read the old customer from `before`.
      const result = await sql<{ id: string; customer_id: string }>`
        with before as (
          select d.id, d.customer_id, m.to_customer_id
          from devices d join unnest(${moves.map((m) => m.deviceId)}::uuid[], ${moves.map((m) => m.toCustomerId)}::uuid[]) as m(device_id, to_customer_id) on d.id = m.device_id
          where d.dealer_id = ${dealerId}
          order by d.id
          for update of d),
        moved as (
          update devices d set customer_id = b.to_customer_id, site_id = null, location = null, updated_at = ${now}
          from before b where d.dealer_id = ${dealerId} and d.id = b.id and b.customer_id <> b.to_customer_id),
        unlisted as (
          delete from contract_devices cd using before b, contracts c
          where cd.dealer_id = ${dealerId} and cd.device_id = b.id and b.customer_id <> b.to_customer_id
            and c.dealer_id = ${dealerId} and c.id = cd.contract_id and c.customer_id <> b.to_customer_id)
        select id, customer_id from before`.execute(db);
      return new Map(result.rows.map((r) => [r.id, r.customer_id]));
    },

    /** The dealer's candidates with a status (or one by id), latest seen first, with both customers, the collector and the device as it is now. */
    async list(dealerId: string, status: DeviceMoveRow['status'] | null, limit: number, id?: string): Promise<MoveListRow[]> {
      const result = await sql<MoveListRow>`
        select m.*, fc.name as from_customer_name, tc.name as to_customer_name, c.name as collector_name,
               d.serial as device_serial, d.mac as device_mac, d.model as device_model, d.customer_id as device_customer_id, d.last_seen_at as device_last_seen_at,
               (select h.total from meter_history h where h.device_id = d.id and h.total is not null order by h.observed_at desc limit 1) as device_page_counter
        from device_moves m
        join customers fc on fc.dealer_id = m.dealer_id and fc.id = m.from_customer_id
        join customers tc on tc.dealer_id = m.dealer_id and tc.id = m.to_customer_id
        join collectors c on c.dealer_id = m.dealer_id and c.id = m.collector_id
        join devices d on d.dealer_id = m.dealer_id and d.id = m.device_id
        where m.dealer_id = ${dealerId} ${status === null ? sql`` : sql`and m.status = ${status}`} ${id === undefined ? sql`` : sql`and m.id = ${id}`}
        order by m.last_seen_at desc, m.id
        limit ${limit}`.execute(db);
      return result.rows;
    },
  };
}

export type MoveRepository = ReturnType<typeof createMoveRepository>;

/** A device of another customer that a batch's identity names, with its latest candidate for the batch's customer. */
export interface ForeignDevice {
  /** The identity the batch keyed its readings on. */
  key: string;
  device_id: string;
  identity: string;
  customer_id: string;
  move_id: string | null;
  move_status: DeviceMoveRow['status'] | null;
}

/** A batch's readings of another customer's printer, folded. */
export interface MoveSighting {
  newId: string;
  deviceId: string;
  identity: string;
  fromCustomerId: string;
  firstAt: string;
  lastAt: string;
  evidence: MoveEvidence;
}

export type MoveListRow = DeviceMoveRow & {
  from_customer_name: string;
  to_customer_name: string;
  collector_name: string;
  device_serial: string | null;
  device_mac: string | null;
  device_model: string | null;
  device_customer_id: string;
  device_last_seen_at: Date | null;
  device_page_counter: string | number | null;
};
