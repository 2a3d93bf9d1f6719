import { sql, type Kysely } from 'kysely';
import type { DB, DeviceRow, StoredForecast } from '../db/schema.js';
import type { CartridgeCycle } from '../forecasting/index.js';
import type { UploadedReading } from './readings.schemas.js';

type Supply = UploadedReading['supplies'][number];

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

    /** Records that a reading arrived; false when its readingId was seen before (a duplicate upload). */
    async recordReceipt(dealerId: string, collectorId: string, reading: UploadedReading, now: Date): Promise<boolean> {
      const row = await db
        .insertInto('readings')
        .values({ dealer_id: dealerId, reading_id: reading.readingId, collector_id: collectorId, device_id: null, collected_at: new Date(reading.collectedAt), received_at: now })
        .onConflict((oc) => oc.doNothing())
        .returning('reading_id')
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Notes what became of a reading: the device it belongs to, or why it was not used. */
    async settleReceipt(dealerId: string, readingId: string, outcome: { deviceId: string | null; rejectedReason: string | null }): Promise<void> {
      await db.updateTable('readings').set({ device_id: outcome.deviceId, rejected_reason: outcome.rejectedReason }).where('dealer_id', '=', dealerId).where('reading_id', '=', readingId).execute();
    },

    /**
     * Creates the device on first sight (under the collector's customer) or notes the sighting: first and
     * last seen widen to include this reading; a newer reading also clears "unreachable".
     */
    async sightDevice(dealerId: string, customerId: string, reading: UploadedReading & { serial: string }, deviceId: string, now: Date): Promise<DeviceRow> {
      const at = new Date(reading.collectedAt);
      return db
        .insertInto('devices')
        .values({ id: deviceId, dealer_id: dealerId, customer_id: customerId, site_id: null, serial: reading.serial, model: reading.model, first_seen_at: at, last_seen_at: at, created_at: now, updated_at: now, last_target: reading.target })
        .onConflict((oc) =>
          oc.columns(['dealer_id', 'serial']).doUpdateSet({
            first_seen_at: sql`least(devices.first_seen_at, excluded.first_seen_at)`,
            last_seen_at: sql`greatest(devices.last_seen_at, excluded.last_seen_at)`,
            model: sql`coalesce(devices.model, excluded.model)`,
            last_target: sql`case when devices.last_seen_at is null or excluded.last_seen_at >= devices.last_seen_at then excluded.last_target else devices.last_target end`,
            unreachable_since: sql`case when devices.last_seen_at is null or excluded.last_seen_at >= devices.last_seen_at then null else devices.unreachable_since end`,
            last_error: sql`case when devices.last_seen_at is null or excluded.last_seen_at >= devices.last_seen_at then null else devices.last_error end`,
            updated_at: now,
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    /** Sets the current state of a supply, unless a newer reading already did (historic uploads do not roll it back). */
    async setCurrentSupply(dealerId: string, deviceId: string, supply: Supply, at: Date, id: string): Promise<void> {
      await db
        .insertInto('supplies')
        .values({
          id, dealer_id: dealerId, device_id: deviceId, supply_index: supply.index, kind: supply.kind, color: supply.color, description: supply.description,
          part_number: supply.partNumber, is_receptacle: supply.isReceptacle, remaining_percent: supply.remainingPercent, state: supply.state,
          raw: JSON.stringify(supply.raw), updated_at: at,
        })
        .onConflict((oc) =>
          oc.columns(['device_id', 'supply_index']).doUpdateSet((eb) => ({
            kind: eb.ref('excluded.kind'), color: eb.ref('excluded.color'), description: eb.ref('excluded.description'), part_number: eb.ref('excluded.part_number'),
            is_receptacle: eb.ref('excluded.is_receptacle'), remaining_percent: eb.ref('excluded.remaining_percent'), state: eb.ref('excluded.state'),
            raw: eb.ref('excluded.raw'), updated_at: eb.ref('excluded.updated_at'),
          })).where('supplies.updated_at', '<=', at),
        )
        .execute();
    },

    /** Adds a level observation to the history, stored as runs (see recordInRuns). */
    async observeLevel(dealerId: string, deviceId: string, supply: Supply, at: Date): Promise<void> {
      const runs = db.selectFrom('supply_level_history').selectAll().where('device_id', '=', deviceId).where('supply_index', '=', supply.index);
      await recordInRuns(db, 'supply_level_history', at,
        (side) => (side === 'before' ? runs.where('observed_at', '<=', at).orderBy('observed_at', 'desc') : runs.where('observed_at', '>', at).orderBy('observed_at', 'asc')).limit(1).executeTakeFirst(),
        (row) => row.remaining_percent === supply.remainingPercent && row.state === supply.state && row.raw_level === supply.raw.level,
        () => db.insertInto('supply_level_history').values({
          dealer_id: dealerId, device_id: deviceId, supply_index: supply.index, observed_at: at, confirmed_at: at,
          remaining_percent: supply.remainingPercent, state: supply.state, raw_level: supply.raw.level, raw_max: supply.raw.max,
        }).execute());
    },

    /** Adds a page-meter sample, stored as runs (see recordInRuns): nights and weekends add no rows. */
    async observeMeters(dealerId: string, deviceId: string, meters: UploadedReading['meters'], at: Date): Promise<void> {
      if (meters.total === null && meters.mono === null && meters.color === null) return;
      const runs = db.selectFrom('meter_history').selectAll().where('device_id', '=', deviceId);
      await recordInRuns(db, 'meter_history', at,
        (side) => (side === 'before' ? runs.where('observed_at', '<=', at).orderBy('observed_at', 'desc') : runs.where('observed_at', '>', at).orderBy('observed_at', 'asc')).limit(1).executeTakeFirst(),
        (row) => row.total === meters.total && row.mono === meters.mono && row.color === meters.color,
        () => db.insertInto('meter_history').values({ dealer_id: dealerId, device_id: deviceId, observed_at: at, confirmed_at: at, total: meters.total, mono: meters.mono, color: meters.color })
          .onConflict((oc) => oc.doNothing()).execute());
    },

    /** A device's level history since `since`, oldest first (runs of one value: observed_at … confirmed_at). */
    async levelHistory(deviceId: string, since: Date) {
      return db.selectFrom('supply_level_history').select(['supply_index', 'observed_at', 'confirmed_at', 'remaining_percent', 'state', 'raw_level', 'raw_max'])
        .where('device_id', '=', deviceId).where('confirmed_at', '>=', since).orderBy('observed_at').execute();
    },

    /** A device's page-meter runs since `since`, oldest first. */
    async meterHistory(deviceId: string, since: Date) {
      return db.selectFrom('meter_history').select(['observed_at', 'confirmed_at', 'total']).where('device_id', '=', deviceId).where('confirmed_at', '>=', since).orderBy('observed_at').execute();
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

    /** Realized yields of the dealer's finished cycles of one cartridge type that used enough of the cartridge to tell. */
    async realizedYields(dealerId: string, partNumber: string, minUsedPercent: number, limit: number): Promise<number[]> {
      const rows = await db.selectFrom('cartridge_cycles').select('realized_yield').where('dealer_id', '=', dealerId).where('part_number', '=', partNumber)
        .where('end_kind', '<>', 'open').where('realized_yield', 'is not', null).where('toner_used_percent', '>=', minUsedPercent)
        .orderBy('installed_at', 'desc').limit(limit).execute();
      return rows.map((r) => r.realized_yield!);
    },

    /** Stores a supply's latest forecast. */
    async setForecast(deviceId: string, supplyIndex: number, forecast: StoredForecast): Promise<void> {
      await db.updateTable('supplies').set({ forecast: JSON.stringify(forecast) }).where('device_id', '=', deviceId).where('supply_index', '=', supplyIndex).execute();
    },

    /**
     * Records a poll attempt of a target: a success resets its failure count; a failure counts up and,
     * from `unreachableAfter` failures in a row, marks the target's device unreachable.
     */
    async observeTarget(dealerId: string, collectorId: string, target: string, outcome: { deviceId: string | null; error: string | null }, at: Date, unreachableAfter: number): Promise<void> {
      const failed = outcome.error !== null;
      const row = await db
        .insertInto('collector_targets')
        .values({ dealer_id: dealerId, collector_id: collectorId, target, device_id: outcome.deviceId, consecutive_failures: failed ? 1 : 0, last_error: outcome.error, last_attempt_at: at, last_success_at: failed ? null : at })
        .onConflict((oc) =>
          oc.columns(['collector_id', 'target']).doUpdateSet({
            device_id: sql`coalesce(excluded.device_id, collector_targets.device_id)`,
            consecutive_failures: failed ? sql`collector_targets.consecutive_failures + 1` : 0,
            last_error: outcome.error,
            last_attempt_at: at,
            last_success_at: failed ? sql`collector_targets.last_success_at` : at,
          }),
        )
        .returning(['device_id', 'consecutive_failures'])
        .executeTakeFirstOrThrow();
      if (failed && row.device_id && row.consecutive_failures >= unreachableAfter) {
        await db.updateTable('devices').set({ unreachable_since: sql`coalesce(unreachable_since, ${at})`, last_error: outcome.error })
          .where('dealer_id', '=', dealerId).where('id', '=', row.device_id).where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', at)])).execute();
      }
    },
  };
}

export type TelemetryRepository = ReturnType<typeof createTelemetryRepository>;

/** A row of a history kept as runs of one value. */
interface Run {
  id: number;
  observed_at: Date;
  confirmed_at: Date;
}

/**
 * Stores an observation in a history kept as runs of one value: equal to the run before it in time, that
 * run's `confirmed_at` moves (the value held until then); equal to the run after it, that run's
 * `observed_at` moves back (a historic reading); otherwise `insert` starts a new run.
 */
async function recordInRuns<R extends Run>(
  db: Kysely<DB>,
  table: 'supply_level_history' | 'meter_history',
  at: Date,
  adjacent: (side: 'before' | 'after') => Promise<R | undefined>,
  same: (row: R) => boolean,
  insert: () => Promise<unknown>,
): Promise<void> {
  const before = await adjacent('before');
  if (before && same(before)) {
    if (before.confirmed_at < at) await db.updateTable(table).set({ confirmed_at: at }).where('id', '=', before.id).execute();
    return;
  }
  const after = await adjacent('after');
  if (after && same(after)) {
    await db.updateTable(table).set({ observed_at: at }).where('id', '=', after.id).execute();
    return;
  }
  await insert();
}
