import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB, StoredForecast } from '../db/schema.js';
import { FLEET_PRIOR, priorFrom, type CartridgeCycle, type FleetPrior, type PriorCache } from '../forecasting/index.js';
import type { UploadedSupply } from './readings.schemas.js';
import type { Run, RunMerge } from './runs.js';

/**
 * The soonest forecast depletion date of a device's consumables (not receptacles, not kind 'other'): what
 * devices.runs_out_at holds while the device is not replaced (migration 0018). Only four-digit-year dates are
 * read, so an odd forecast can never fail the statement that stores it.
 */
const runsOutOf = (deviceId: RawBuilder<unknown>) => sql<Date | null>`(select min((s.forecast->>'depletionDate')::timestamptz) from supplies s
  where s.device_id = ${deviceId} and not s.is_receptacle and s.kind <> 'other' and s.forecast->>'depletionDate' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T')`;

/** Readings receipts, device sightings, current supplies, level and meter history, target health. */
export function createTelemetryRepository(db: Kysely<DB>) {
  return {
    /**
     * Locks, for the rest of the transaction, every device and target a batch touches, in one sorted
     * order: two batches naming the same printers (a retried upload racing its first try, two server
     * processes) then run one after the other instead of deadlocking.
     */
    async lockBatch(dealerId: string, keys: string[]): Promise<void> {
      const sorted = [...new Set(keys)].sort().map((key) => `${dealerId}/${key}`);
      // One statement for the whole batch; volatile functions in the select list run after the sort, in key order.
      await sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${sorted}::text[]) as k order by k`.execute(db);
    },

    /**
     * Records the receipt of each reading not received before: the device it belongs to, or why it was not
     * used, and any notes. Returns the readingIds that were new — the rest are repeats (a retried upload),
     * also when another upload of the same readings committed first.
     */
    async recordReceipts(dealerId: string, collectorId: string, receipts: Receipt[], now: Date): Promise<Set<string>> {
      if (receipts.length === 0) return new Set();
      const result = await sql<{ reading_id: string }>`
        insert into readings (dealer_id, reading_id, collector_id, device_id, collected_at, received_at, rejected_reason, notes)
        select ${dealerId}, r.reading_id, ${collectorId}, r.device_id, r.collected_at, ${now}, r.reason, r.notes::jsonb
        from unnest(${receipts.map((r) => r.readingId)}::uuid[], ${receipts.map((r) => r.deviceId)}::uuid[], ${receipts.map((r) => r.collectedAt)}::timestamptz[],
                    ${receipts.map((r) => r.rejectedReason)}::text[], ${receipts.map((r) => (r.notes.length > 0 ? JSON.stringify(r.notes) : null))}::text[])
          as r(reading_id, device_id, collected_at, reason, notes)
        on conflict do nothing
        returning reading_id`.execute(db);
      return new Set(result.rows.map((r) => r.reading_id));
    },

    /** Adds notes found after the receipts were written (a page meter going backwards) to those receipts. */
    async noteReceipts(dealerId: string, notes: { readingId: string; notes: string[] }[]): Promise<void> {
      if (notes.length === 0) return;
      await sql`
        update readings r set notes = n.notes::jsonb
        from unnest(${notes.map((n) => n.readingId)}::uuid[], ${notes.map((n) => JSON.stringify(n.notes))}::text[]) as n(reading_id, notes)
        where r.dealer_id = ${dealerId} and r.reading_id = n.reading_id`.execute(db);
    },

    /** Deletes up to `limit` receipts received before `before`; returns how many. */
    async pruneReceipts(before: Date, limit: number): Promise<number> {
      const result = await sql`delete from readings where ctid in (select ctid from readings where received_at < ${before} limit ${limit})`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },

    /**
     * Devices so far known by MAC alone, or by a serial entered by hand, that a batch's printers now tell
     * their serial for, take it as their identity, so their history stays on one device: first the
     * device whose hand-entered serial is the one told, else the one known by the MAC it came with. The
     * printer wins over a serial typed differently. Nothing is adopted for a serial some device already
     * has as its identity (its readings go there). Only the collector's customer's devices adopt: another
     * customer's printer is a move candidate (see ingestReadings). One statement for the batch, before the
     * sightings; returns what was adopted, with the serial entered by hand before (null: there was none).
     */
    async adoptDevices(dealerId: string, customerId: string, told: { serial: string; mac: string | null }[], now: Date): Promise<{ id: string; serial: string; mac: string | null; entered_serial: string | null }[]> {
      if (told.length === 0) return [];
      // Driven from the dealer's unidentified devices (a partial index, usually empty), not from the batch's serials:
      // an upload of printers that all tell their serial then costs next to nothing here.
      const result = await sql<{ id: string; serial: string; mac: string | null; entered_serial: string | null }>`
        with told as materialized (select * from unnest(${told.map((t) => t.serial)}::text[], ${told.map((t) => t.mac)}::text[]) as t(serial, mac)),
        unidentified as materialized (select id, serial, mac, serial_by_hand from devices where dealer_id = ${dealerId} and (serial is null or serial_by_hand) and customer_id = ${customerId}),
        pairs as (
          select u.id, u.serial as entered_serial, t.serial, t.mac, 0 as rank from unidentified u join told t on t.serial = u.serial where u.serial_by_hand
          union all
          select u.id, u.serial, t.serial, t.mac, 1 from unidentified u join told t on t.mac = u.mac),
        best as (
          select distinct on (p.serial) p.* from pairs p
          where not exists (select 1 from devices o where o.dealer_id = ${dealerId} and o.identity = p.serial)
          order by p.serial, p.rank),
        chosen as (select distinct on (b.id) b.* from best b order by b.id, b.rank, b.serial)
        update devices d set serial = c.serial, serial_by_hand = false, mac = coalesce(c.mac, d.mac), updated_at = ${now}
        from chosen c where d.id = c.id
        returning d.id, d.serial, d.mac, c.entered_serial`.execute(db);
      return result.rows;
    },

    /**
     * The identity of the device each MAC belongs to, for readings that tell no serial: the device known
     * by that MAC alone, else the one of the collector's customer that gave it with its serial last.
     */
    async identitiesOfMacs(dealerId: string, customerId: string, macs: string[]): Promise<Map<string, string>> {
      if (macs.length === 0) return new Map();
      const result = await sql<{ mac: string; identity: string }>`
        select distinct on (mac) mac, identity from devices
        where dealer_id = ${dealerId} and mac = any(${macs}::text[]) and (identity = 'mac:' || mac or customer_id = ${customerId})
        order by mac, identity = 'mac:' || mac desc, last_seen_at desc nulls last`.execute(db);
      return new Map(result.rows.map((r) => [r.mac, r.identity]));
    },

    /**
     * Creates each device on first sight (under the collector's customer) or notes the sighting: first and
     * last seen widen to the batch's readings, a newer reading clears "unreachable", and the device is
     * marked due for new forecasts. Only the collector's customer's devices are touched: an identity that
     * another customer's device has (or a serial entered by hand there) is left alone and missing from the
     * answer, for the caller to hold as a move candidate. One statement for the batch; returns, by identity,
     * the device's id and when it was last seen before this batch (null: never). A device without a site is
     * given the site the collector stands at (collectors.site_id, read here: held readings a confirmed move
     * takes in later come through too), one with a site keeps its own (a CSV import or staff said where it is,
     * which a collector's network cannot overrule).
     */
    async sightDevices(dealerId: string, customerId: string, collectorId: string, sightings: Sighting[], now: Date): Promise<Map<string, { id: string; lastSeenBefore: Date | null }>> {
      if (sightings.length === 0) return new Map();
      const rows = await sql<{ id: string; identity: string; last_seen_before: Date | null }>`
        with previous as (select identity, last_seen_at from devices where dealer_id = ${dealerId} and identity = any(${sightings.map((s) => s.identity)}::text[])),
        sighted as (
        insert into devices (id, dealer_id, customer_id, site_id, serial, mac, model, first_seen_at, last_seen_at, created_at, updated_at, last_target, forecast_due_at, ingest_seq)
        select d.id, ${dealerId}, ${customerId}, (select c.site_id from collectors c where c.dealer_id = ${dealerId} and c.id = ${collectorId} and c.customer_id = ${customerId}), d.serial, d.mac, d.model, d.first_seen_at, d.last_seen_at, ${now}, ${now}, d.last_target, ${now}, 1
        from unnest(${sightings.map((s) => s.newId)}::uuid[], ${sightings.map((s) => s.serial)}::text[], ${sightings.map((s) => s.mac)}::text[], ${sightings.map((s) => s.model)}::text[],
                    ${sightings.map((s) => s.firstAt)}::timestamptz[], ${sightings.map((s) => s.lastAt)}::timestamptz[], ${sightings.map((s) => s.lastTarget)}::text[])
          as d(id, serial, mac, model, first_seen_at, last_seen_at, last_target)
        -- A serial entered by hand for another customer's printer is that printer's (serials are unique per dealer).
        where d.serial is null or not exists (select 1 from devices h where h.dealer_id = ${dealerId} and h.serial = d.serial and h.serial_by_hand and h.customer_id <> ${customerId})
        -- The database derives identity from serial and MAC the way the batch keyed its sightings (see identity.ts).
        on conflict (dealer_id, identity) do update set
          first_seen_at = least(devices.first_seen_at, excluded.first_seen_at),
          last_seen_at = greatest(devices.last_seen_at, excluded.last_seen_at),
          model = coalesce(devices.model, excluded.model),
          site_id = coalesce(devices.site_id, excluded.site_id),
          mac = coalesce(excluded.mac, devices.mac),
          -- Only a reading newer than the last one moves the device's state: a batch sent again (its readings are
          -- repeats, sighted before the receipts tell) must not clear an unreachable mark its later failures set.
          last_target = case when devices.last_seen_at is null or excluded.last_seen_at > devices.last_seen_at then excluded.last_target else devices.last_target end,
          unreachable_since = case when devices.last_seen_at is null or excluded.last_seen_at > devices.last_seen_at then null else devices.unreachable_since end,
          last_error = case when devices.last_seen_at is null or excluded.last_seen_at > devices.last_seen_at then null else devices.last_error end,
          updated_at = excluded.updated_at,
          forecast_due_at = least(devices.forecast_due_at, excluded.forecast_due_at),
          ingest_seq = devices.ingest_seq + 1,
          -- A printer marked replaced that answers again was not replaced (its address moved).
          replaced_by = case when excluded.last_seen_at > devices.replaced_at then null else devices.replaced_by end,
          replaced_at = case when excluded.last_seen_at > devices.replaced_at then null else devices.replaced_at end,
          runs_out_at = case when excluded.last_seen_at > devices.replaced_at then ${runsOutOf(sql.ref('devices.id'))} else devices.runs_out_at end
        -- A collector writes only its own customer's devices.
        where devices.customer_id = ${customerId}
        returning id, identity)
        select sighted.id, sighted.identity, previous.last_seen_at as last_seen_before from sighted left join previous on previous.identity = sighted.identity`.execute(db);
      return new Map(rows.rows.map((r) => [r.identity, { id: r.id, lastSeenBefore: r.last_seen_before }]));
    },

    /**
     * Marks as replaced the printers whose place new ones took: the device this collector last read at
     * the address where a new device was first read (addresses are the collector's own network's, so
     * another collector's same address is another place), not read since, and not already replaced. One
     * statement for the batch's new devices, before the batch's target health is written; returns the
     * replaced ones.
     */
    async markReplaced(dealerId: string, collectorId: string, arrivals: { id: string; target: string; at: string }[], now: Date): Promise<{ id: string; serial: string | null; replaced_by: string }[]> {
      if (arrivals.length === 0) return [];
      const result = await sql<{ id: string; serial: string | null; replaced_by: string }>`
        update devices old set replaced_by = a.id, replaced_at = a.at, runs_out_at = null, updated_at = ${now}
        from unnest(${arrivals.map((a) => a.id)}::uuid[], ${arrivals.map((a) => a.target)}::text[], ${arrivals.map((a) => a.at)}::timestamptz[]) as a(id, target, at)
        join collector_targets t on t.collector_id = ${collectorId} and t.target = a.target
        where old.dealer_id = ${dealerId} and old.id = t.device_id and old.id <> a.id and old.replaced_by is null and old.last_seen_at < a.at
        returning old.id, old.serial, old.replaced_by`.execute(db);
      return result.rows;
    },

    /**
     * Sets the current state of supplies (one row per device and index) where it changed: `updated_at` is
     * when the current value was read first, and a supply that reads the same is not rewritten (most
     * readings change nothing). The caller passes only readings at least as new as the device's last
     * one (see ingestReadings); the `updated_at` guard keeps a value from going back in time on top.
     */
    async setCurrentSupplies(dealerId: string, supplies: CurrentSupply[]): Promise<void> {
      if (supplies.length === 0) return;
      const col = <T>(pick: (s: CurrentSupply) => T) => supplies.map(pick);
      await sql`
        insert into supplies (id, dealer_id, device_id, supply_index, kind, color, description, part_number, part_numbers, is_receptacle, remaining_percent, state, raw, updated_at)
        select s.id, ${dealerId}, s.device_id, s.supply_index, s.kind, s.color, s.description, s.part_number, string_to_array(s.part_numbers, ' '), s.is_receptacle, s.remaining_percent, s.state, s.raw::jsonb, s.updated_at
        from unnest(${col((s) => s.id)}::uuid[], ${col((s) => s.deviceId)}::uuid[], ${col((s) => s.supply.index)}::int[], ${col((s) => s.supply.kind)}::text[],
                    ${col((s) => s.supply.color)}::text[], ${col((s) => s.supply.description)}::text[], ${col((s) => s.supply.partNumber)}::text[],
                    -- unnest flattens an array of arrays, so each supply's part numbers travel as one space-separated text.
                    ${col((s) => (s.supply.partNumbers ?? (s.supply.partNumber ? [s.supply.partNumber] : [])).join(' '))}::text[], ${col((s) => s.supply.isReceptacle)}::boolean[], ${col((s) => s.supply.remainingPercent)}::float8[], ${col((s) => s.supply.state)}::text[],
                    ${col((s) => JSON.stringify(s.supply.raw))}::text[], ${col((s) => s.at)}::timestamptz[])
          as s(id, device_id, supply_index, kind, color, description, part_number, part_numbers, is_receptacle, remaining_percent, state, raw, updated_at)
        on conflict (device_id, supply_index) do update set
          kind = excluded.kind, color = excluded.color, description = excluded.description, part_number = excluded.part_number, part_numbers = excluded.part_numbers,
          is_receptacle = excluded.is_receptacle, remaining_percent = excluded.remaining_percent, state = excluded.state, raw = excluded.raw, updated_at = excluded.updated_at
        where supplies.updated_at <= excluded.updated_at
          and (supplies.kind, supplies.color, supplies.description, supplies.part_number, supplies.part_numbers, supplies.is_receptacle, supplies.remaining_percent, supplies.state, supplies.raw)
            is distinct from (excluded.kind, excluded.color, excluded.description, excluded.part_number, excluded.part_numbers, excluded.is_receptacle, excluded.remaining_percent, excluded.state, excluded.raw)`.execute(db);
    },

    /**
     * The stored level runs a batch can touch: per supply, the run just before the batch's earliest
     * reading of it and every run after that.
     */
    async levelRunsFrom(keys: { deviceId: string; supplyIndex: number; from: number }[]): Promise<LevelRunRow[]> {
      if (keys.length === 0) return [];
      const result = await sql<LevelRunRow>`
        select h.id, h.device_id, h.supply_index, h.observed_at, h.confirmed_at, h.remaining_percent, h.state, h.raw_level, h.raw_max
        from unnest(${keys.map((k) => k.deviceId)}::uuid[], ${keys.map((k) => k.supplyIndex)}::int[], ${keys.map((k) => iso(k.from))}::timestamptz[]) as k(device_id, supply_index, from_at)
        cross join lateral (
          (select * from supply_level_history s where s.device_id = k.device_id and s.supply_index = k.supply_index and s.observed_at <= k.from_at order by s.observed_at desc limit 1)
          union all
          (select * from supply_level_history s where s.device_id = k.device_id and s.supply_index = k.supply_index and s.observed_at > k.from_at)
        ) h
        order by h.device_id, h.supply_index, h.observed_at`.execute(db);
      return result.rows;
    },

    /** The stored meter runs a batch can touch: per device, the run just before its earliest reading and every run after. */
    async meterRunsFrom(keys: { deviceId: string; from: number }[]): Promise<MeterRunRow[]> {
      if (keys.length === 0) return [];
      const result = await sql<MeterRunRow>`
        select h.id, h.device_id, h.observed_at, h.confirmed_at, h.total, h.mono, h.color
        from unnest(${keys.map((k) => k.deviceId)}::uuid[], ${keys.map((k) => iso(k.from))}::timestamptz[]) as k(device_id, from_at)
        cross join lateral (
          (select * from meter_history m where m.device_id = k.device_id and m.observed_at <= k.from_at order by m.observed_at desc limit 1)
          union all
          (select * from meter_history m where m.device_id = k.device_id and m.observed_at > k.from_at)
        ) h
        order by h.device_id, h.observed_at`.execute(db);
      return result.rows;
    },

    /** Writes a batch's merged level runs: new runs inserted, moved ones updated. */
    async saveLevelRuns(dealerId: string, inserts: NewLevelRun[], updates: MovedRun[]): Promise<void> {
      if (inserts.length > 0) {
        await sql`
          insert into supply_level_history (dealer_id, device_id, supply_index, observed_at, confirmed_at, remaining_percent, state, raw_level, raw_max)
          select ${dealerId}, r.device_id, r.supply_index, r.observed_at, r.confirmed_at, r.remaining_percent, r.state, r.raw_level, r.raw_max
          from unnest(${inserts.map((r) => r.deviceId)}::uuid[], ${inserts.map((r) => r.supplyIndex)}::int[], ${inserts.map((r) => iso(r.observedAt))}::timestamptz[],
                      ${inserts.map((r) => iso(r.confirmedAt))}::timestamptz[], ${inserts.map((r) => r.value.remainingPercent)}::float8[], ${inserts.map((r) => r.value.state)}::text[],
                      ${inserts.map((r) => r.value.rawLevel)}::float8[], ${inserts.map((r) => r.value.rawMax)}::float8[])
            as r(device_id, supply_index, observed_at, confirmed_at, remaining_percent, state, raw_level, raw_max)`.execute(db);
      }
      await moveRuns(db, 'supply_level_history', updates);
    },

    /** Writes a batch's merged meter runs: new runs inserted, moved ones updated. */
    async saveMeterRuns(dealerId: string, inserts: NewMeterRun[], updates: MovedRun[]): Promise<void> {
      if (inserts.length > 0) {
        await sql`
          insert into meter_history (dealer_id, device_id, observed_at, confirmed_at, total, mono, color)
          select ${dealerId}, r.device_id, r.observed_at, r.confirmed_at, r.total, r.mono, r.color
          from unnest(${inserts.map((r) => r.deviceId)}::uuid[], ${inserts.map((r) => iso(r.observedAt))}::timestamptz[], ${inserts.map((r) => iso(r.confirmedAt))}::timestamptz[],
                      ${inserts.map((r) => r.value.total)}::bigint[], ${inserts.map((r) => r.value.mono)}::bigint[], ${inserts.map((r) => r.value.color)}::bigint[])
            as r(device_id, observed_at, confirmed_at, total, mono, color)
          on conflict do nothing`.execute(db);
      }
      await moveRuns(db, 'meter_history', updates);
    },

    /** A device's level history since `since`, oldest first (runs of one value: observed_at … confirmed_at). */
    async levelHistory(deviceId: string, since: Date) {
      return db.selectFrom('supply_level_history').select(['supply_index', 'observed_at', 'confirmed_at', 'remaining_percent', 'state', 'raw_level', 'raw_max'])
        .where('device_id', '=', deviceId).where('confirmed_at', '>=', since).orderBy('observed_at').execute();
    },

    /** A device's page-meter runs (total, and the mono and colour counters where it has them) since `since`, oldest first. */
    async meterHistory(deviceId: string, since: Date) {
      return db.selectFrom('meter_history').select(['observed_at', 'confirmed_at', 'total', 'mono', 'color']).where('device_id', '=', deviceId).where('confirmed_at', '>=', since).orderBy('observed_at').execute();
    },

    /** A device's stored cartridge cycles, newest first. */
    async cyclesOf(deviceId: string) {
      return db.selectFrom('cartridge_cycles').selectAll().where('device_id', '=', deviceId).orderBy('installed_at', 'desc').orderBy('supply_index').limit(500).execute();
    },

    /** The current supplies of a device. */
    async suppliesOf(deviceId: string) {
      return db.selectFrom('supplies').select(['supply_index', 'part_number', 'is_receptacle', 'kind', 'color']).where('device_id', '=', deviceId).orderBy('supply_index').execute();
    },

    /** Replaces the detected cartridge cycles of one supply. */
    async replaceCycles(dealerId: string, deviceId: string, supplyIndex: number, partNumber: string | null, cycles: readonly CartridgeCycle[]): Promise<void> {
      await db.deleteFrom('cartridge_cycles').where('device_id', '=', deviceId).where('supply_index', '=', supplyIndex).execute();
      if (cycles.length === 0) return;
      await db.insertInto('cartridge_cycles').values(cycles.map((c, seq) => ({
        dealer_id: dealerId, device_id: deviceId, supply_index: supplyIndex, seq, part_number: partNumber, start_kind: c.start,
        installed_at: new Date(c.installedAt), end_kind: c.end, ended_at: c.endedAt === null ? null : new Date(c.endedAt),
        pages_printed: Math.round(c.pagesPrinted), toner_used_percent: c.tonerUsedPercent, realized_yield: c.realizedYield, residual_percent: c.residualPercent, shakes: c.shakes,
      }))).execute();
    },

    /**
     * What the dealer's fleet learned about some cartridge types (see priorFrom), in one query: from each
     * part's most recent finished cycles that used enough of the cartridge to tell. The one definition the
     * forecasts and the request rules share; every part asked for is in the answer (null: too little known).
     * With `cache` (one per worker round: priors move slowly), parts already in it are not read again.
     */
    async fleetPriors(dealerId: string, parts: string[], cache: PriorCache = new Map()): Promise<Map<string, FleetPrior | null>> {
      const key = (part: string) => `${dealerId}/${part}`;
      const unread = parts.filter((part) => !cache.has(key(part)));
      if (unread.length > 0) {
        const rows = await sql<{ part: string; realized_yield: number }>`
          select k.part, c.realized_yield
          from unnest(${unread}::text[]) as k(part)
          cross join lateral (
            select realized_yield from cartridge_cycles
            where dealer_id = ${dealerId} and part_number = k.part and end_kind <> 'open' and realized_yield is not null and toner_used_percent >= ${FLEET_PRIOR.minUsedPercent}
            order by installed_at desc limit ${FLEET_PRIOR.cycles}) c`.execute(db);
        for (const part of unread) cache.set(key(part), priorFrom(rows.rows.filter((r) => r.part === part).map((r) => r.realized_yield)));
      }
      return new Map(parts.map((part) => [part, cache.get(key(part))!]));
    },

    /**
     * Claims up to `limit` devices whose forecasts are due, oldest first, skipping any another worker holds:
     * each is leased until `leaseUntil` (due again then, should this worker die) and comes with the sighting
     * count the worker must see unchanged to settle it.
     */
    async claimDueForecasts(now: Date, leaseUntil: Date, limit: number): Promise<{ id: string; dealer_id: string; ingest_seq: number }[]> {
      const result = await sql<{ id: string; dealer_id: string; ingest_seq: number }>`
        update devices d set forecast_due_at = ${leaseUntil}
        from (select id from devices where forecast_due_at <= ${now} order by forecast_due_at limit ${limit} for update skip locked) due
        where d.id = due.id
        returning d.id, d.dealer_id, d.ingest_seq`.execute(db);
      return result.rows;
    },

    /** Puts off a claimed device's next try (after a failure) to `at`, unless a reading arrived since it was claimed (then it is due now). */
    async retryForecastAt(deviceId: string, ingestSeq: number, at: Date): Promise<void> {
      await db.updateTable('devices').set({ forecast_due_at: at }).where('id', '=', deviceId).where('ingest_seq', '=', ingestSeq).execute();
    },

    /** Clears a device's forecast mark, unless a reading arrived since it was claimed (then it stays due). */
    async settleForecast(deviceId: string, ingestSeq: number): Promise<void> {
      await db.updateTable('devices').set({ forecast_due_at: null }).where('id', '=', deviceId).where('ingest_seq', '=', ingestSeq).execute();
    },

    /** Serializes forecast refreshes of one device for the rest of the transaction (two workers, one device). */
    async lockForecast(deviceId: string): Promise<void> {
      await sql`select pg_advisory_xact_lock(hashtextextended(${`forecast/${deviceId}`}, 0))`.execute(db);
    },

    /** Stores the latest forecast of a device's supplies, one statement for all of them. */
    async setForecasts(deviceId: string, forecasts: { supplyIndex: number; forecast: StoredForecast }[]): Promise<void> {
      if (forecasts.length === 0) return;
      await sql`
        update supplies s set forecast = u.forecast::jsonb
        from unnest(${forecasts.map((f) => f.supplyIndex)}::int[], ${forecasts.map((f) => JSON.stringify(f.forecast))}::text[]) as u(supply_index, forecast)
        where s.device_id = ${deviceId} and s.supply_index = u.supply_index`.execute(db);
      // The device's soonest run-out date, which the fleet is listed by, moves with its forecasts (same transaction).
      await sql`update devices d set runs_out_at = case when d.replaced_by is null then ${runsOutOf(sql.ref('d.id'))} end where d.id = ${deviceId}`.execute(db);
    },

    /**
     * Records the poll attempts of a batch, one row per target: a success resets its failure count,
     * failures count up. Returns each target's device and failure count after the batch.
     */
    async observeTargets(dealerId: string, collectorId: string, attempts: TargetAttempts[]): Promise<{ target: string; device_id: string | null; consecutive_failures: number }[]> {
      if (attempts.length === 0) return [];
      // Rows in one order in every batch, so two batches touching the same targets wait for each other instead of deadlocking.
      const sorted = [...attempts].sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
      const col = <T>(pick: (a: TargetAttempts) => T) => sorted.map(pick);
      const result = await sql<{ target: string; device_id: string | null; consecutive_failures: number }>`
        insert into collector_targets (dealer_id, collector_id, target, device_id, consecutive_failures, last_error, last_attempt_at, last_success_at)
        select ${dealerId}, ${collectorId}, t.target, t.device_id, t.failures, t.last_error, t.last_attempt_at, t.last_success_at
        from unnest(${col((a) => a.target)}::text[], ${col((a) => a.deviceId)}::uuid[], ${col((a) => a.trailingFailures)}::int[], ${col((a) => a.lastError)}::text[],
                    ${col((a) => a.lastAttemptAt)}::timestamptz[], ${col((a) => a.lastSuccessAt)}::timestamptz[])
          as t(target, device_id, failures, last_error, last_attempt_at, last_success_at)
        on conflict (collector_id, target) do update set
          device_id = coalesce(excluded.device_id, collector_targets.device_id),
          consecutive_failures = case when excluded.last_success_at is not null then excluded.consecutive_failures else collector_targets.consecutive_failures + excluded.consecutive_failures end,
          last_error = excluded.last_error,
          last_attempt_at = excluded.last_attempt_at,
          last_success_at = coalesce(excluded.last_success_at, collector_targets.last_success_at)
        returning target, device_id, consecutive_failures`.execute(db);
      return result.rows;
    },

    /** Marks devices unreachable from the failed poll that made them so, unless a reading newer than it arrived. */
    async markUnreachable(dealerId: string, marks: { deviceId: string; at: string; error: string }[]): Promise<void> {
      if (marks.length === 0) return;
      marks = [...marks].sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
      await sql`
        update devices d set unreachable_since = coalesce(d.unreachable_since, u.at), last_error = u.error
        from unnest(${marks.map((m) => m.deviceId)}::uuid[], ${marks.map((m) => m.at)}::timestamptz[], ${marks.map((m) => m.error)}::text[]) as u(device_id, at, error)
        where d.dealer_id = ${dealerId} and d.id = u.device_id and (d.last_seen_at is null or d.last_seen_at < u.at)`.execute(db);
    },
  };
}

export type TelemetryRepository = ReturnType<typeof createTelemetryRepository>;

/** A reading's receipt. */
export interface Receipt {
  readingId: string;
  deviceId: string | null;
  collectedAt: string;
  rejectedReason: string | null;
  notes: string[];
}

/** A batch's readings of one printer, folded: the id to use if the device is new, when it was seen, where. */
export interface Sighting {
  newId: string;
  /** What its readings are matched on (see identity.ts). */
  identity: string;
  /** The serial it told; null for a printer known by its MAC. */
  serial: string | null;
  /** The MAC its latest reading gave, if any. */
  mac: string | null;
  model: string | null;
  firstAt: string;
  lastAt: string;
  /** Where the batch read it first and last. */
  firstTarget: string;
  lastTarget: string;
}

/** The latest state of one supply in a batch. */
export interface CurrentSupply {
  id: string;
  deviceId: string;
  supply: UploadedSupply;
  at: string;
}

/** A batch's poll attempts of one target, folded: failures since its last success in the batch, and the last outcome. */
export interface TargetAttempts {
  target: string;
  deviceId: string | null;
  trailingFailures: number;
  lastError: string | null;
  lastAttemptAt: string;
  /** The batch's last success, null when every attempt in it failed. */
  lastSuccessAt: string | null;
}

/** What a level run holds. */
export interface LevelValue {
  remainingPercent: number | null;
  state: string;
  rawLevel: number | null;
  rawMax: number | null;
}

/** What a meter run holds. */
export interface MeterValue {
  total: number | null;
  mono: number | null;
  color: number | null;
}

export interface LevelRunRow {
  id: number;
  device_id: string;
  supply_index: number;
  observed_at: Date;
  confirmed_at: Date;
  remaining_percent: number | null;
  state: string;
  raw_level: number | null;
  raw_max: number | null;
}

export interface MeterRunRow {
  id: number;
  device_id: string;
  observed_at: Date;
  confirmed_at: Date;
  total: number | null;
  mono: number | null;
  color: number | null;
}

export type NewLevelRun = Run<LevelValue> & { deviceId: string; supplyIndex: number };
export type NewMeterRun = Run<MeterValue> & { deviceId: string };
export type MovedRun = RunMerge<unknown>['updates'][number];

const iso = (ms: number) => new Date(ms).toISOString();

/** Moves the bounds of stored runs, one statement for all of them. */
async function moveRuns(db: Kysely<DB>, table: 'supply_level_history' | 'meter_history', moves: MovedRun[]): Promise<void> {
  if (moves.length === 0) return;
  await sql`
    update ${sql.table(table)} h set observed_at = u.observed_at, confirmed_at = u.confirmed_at
    from unnest(${moves.map((m) => m.id)}::bigint[], ${moves.map((m) => iso(m.observedAt))}::timestamptz[], ${moves.map((m) => iso(m.confirmedAt))}::timestamptz[]) as u(id, observed_at, confirmed_at)
    where h.id = u.id`.execute(db);
}
