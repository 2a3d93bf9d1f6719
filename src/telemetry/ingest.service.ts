import { randomUUID } from 'node:crypto';
import type { Store } from '../app/store.js';
import { actorOf, type Principal } from '../auth/index.js';
import { AppError } from '../platform/errors.js';
import type { UploadedReading, UploadedSupply } from './readings.schemas.js';
import { earliestByKey, mergeKeyedRuns, type Run } from './runs.js';
import { identitiesOf, macIdentity, macsToLookUp, toldSerials } from './identity.js';
import { screenReading, type ScreenedReading, type ScreenRules } from './screen.js';
import type { CurrentSupply, LevelRunRow, LevelValue, MeterRunRow, MeterValue, Receipt, Sighting, TargetAttempts } from './telemetry.repository.js';

/** What an upload is judged by, from the configuration. */
export interface IngestRules extends ScreenRules {
  /** A device is unreachable after this many failed polls in a row. */
  unreachableAfter: number;
}

export interface IngestOutcome {
  accepted: number;
  duplicates: number;
  rejected: { readingId: string; reason: string }[];
  corrected: { readingId: string; notes: string[] }[];
}

/**
 * Takes a collector's batch of readings: all of it in one transaction, a fixed number of set-based
 * statements however many readings it holds, idempotent by readingId (the receipts' unique key decides:
 * a repeated reading counts as a duplicate and changes no history, also when a concurrent upload of it
 * committed first), historic readings placed in time order, devices created on first sight
 * under the collector's customer. Each device it touched is marked due for new forecasts, which the
 * forecast worker computes after the upload (see ForecastWorker); the ids are returned to wake it.
 */
export async function ingestReadings(store: Store, principal: Principal, readings: UploadedReading[], now: Date, rules: IngestRules): Promise<{ outcome: IngestOutcome; deviceIds: string[] }> {
  if (principal.kind !== 'collector') throw new AppError('forbidden', 'Only a collector token can upload readings.');
  const ids = new Set<string>();
  for (const reading of readings) {
    if (ids.has(reading.readingId)) throw new AppError('bad-request', `readingId ${reading.readingId} appears twice in this batch.`);
    ids.add(reading.readingId);
  }
  const screened = readings.map((reading) => screenReading(reading, now, rules)).sort((a, b) => a.at - b.at);
  return store.transaction(async ({ telemetry, audit }) => {
    // Serials are upper-cased by screening, except in refused readings: upper-case here too, so every key names one printer.
    // One key per reading (its serial, else its MAC): two collectors reading one printer at once, one getting its serial and
    // the other only its MAC, could still make a second device in the instant the first one is adopted; rare enough to accept.
    await telemetry.lockBatch(principal.dealerId, screened.map(({ reading: r }) => (r.serial ? `serial:${r.serial.toUpperCase()}` : r.mac ? `mac:${r.mac}` : `target:${principal.id}:${r.target}`)));
    // Devices first (a receipt names its device), then the receipts: the readingIds they take in are the batch's
    // fresh readings, and only those go further. A repeated reading only notes a sighting again, which changes nothing.
    const readable = screened.filter((s) => s.rejectedReason === null && s.reading.error === null);
    // A printer that tells its serial now, known before by its MAC (or a serial typed for it), keeps its device.
    const adopted = await telemetry.adoptDevices(principal.dealerId, toldSerials(readable), now);
    await audit.record(adopted.map((device) => ({
      dealerId: principal.dealerId, ...actorOf(principal), entityType: 'device', entityId: device.id,
      // The printer wins over a serial typed by hand; the typed one is kept here.
      action: device.entered_serial !== null && device.entered_serial !== device.serial ? 'device.serial-corrected' : 'device.identified',
      details: { serial: device.serial, mac: device.mac, enteredSerial: device.entered_serial },
    })), now);
    const identityOf = identitiesOf(readable, await telemetry.identitiesOfMacs(principal.dealerId, principal.customerId, macsToLookUp(readable)));
    const seen = sightings(readable, identityOf);
    const deviceOf = await telemetry.sightDevices(principal.dealerId, principal.customerId, seen, now);
    const device = (s: ScreenedReading) => deviceOf.get(identityOf.get(s)!)!.id;
    const lastSeenBefore = (s: ScreenedReading) => deviceOf.get(identityOf.get(s)!)!.lastSeenBefore;
    const receipts: Receipt[] = screened.map((s) => ({
      readingId: s.reading.readingId, collectedAt: s.reading.collectedAt, rejectedReason: s.rejectedReason, notes: s.notes,
      deviceId: s.rejectedReason === null && s.reading.error === null ? device(s) : null,
    }));
    const freshIds = await telemetry.recordReceipts(principal.dealerId, principal.id, receipts, now);
    const fresh = screened.filter((s) => freshIds.has(s.reading.readingId));
    const used = fresh.filter((s) => s.rejectedReason === null);
    const sighted = used.filter((s) => s.reading.error === null);
    // A printer read for the first time where this collector read another one last took that one's place.
    const arrivals = seen.filter((s) => deviceOf.get(s.identity)!.lastSeenBefore === null).map((s) => ({ id: deviceOf.get(s.identity)!.id, target: s.firstTarget, at: s.firstAt }));
    const arrivedAs = new Map(seen.map((s) => [deviceOf.get(s.identity)!.id, s]));
    await audit.record((await telemetry.markReplaced(principal.dealerId, principal.id, arrivals, now)).map((replaced) => {
      const by = arrivedAs.get(replaced.replaced_by)!;
      return { dealerId: principal.dealerId, ...actorOf(principal), action: 'device.replaced', entityType: 'device', entityId: replaced.id,
        details: { serial: replaced.serial, replacedBy: replaced.replaced_by, replacedBySerial: by.serial, replacedByMac: by.mac, target: by.firstTarget } };
    }), now);
    // A reading older than what the device reported before is history only: it never rolls the current state back.
    const current = sighted.filter((s) => s.at >= (lastSeenBefore(s)?.getTime() ?? -Infinity));
    await telemetry.setCurrentSupplies(principal.dealerId, currentSupplies(current, device));

    const levels = sighted.flatMap((s) => s.reading.supplies.map((supply) => {
      const owner = { deviceId: device(s), supplyIndex: supply.index };
      return { key: levelKey(owner), owner, at: s.at, value: levelValue(supply) };
    }));
    const storedLevels = await telemetry.levelRunsFrom([...earliestByKey(levels).values()].map(({ owner, at }) => ({ ...owner, from: at })));
    const levelMerge = mergeKeyedRuns(levels, storedLevels.map((r) => ({ key: levelKey({ deviceId: r.device_id, supplyIndex: r.supply_index }), run: levelRun(r) })), sameLevel);
    await telemetry.saveLevelRuns(principal.dealerId, levelMerge.inserts.map(({ owner, run }) => ({ ...run, ...owner })), levelMerge.updates);

    const meterReadings = sighted.filter((s) => s.reading.meters.total !== null || s.reading.meters.mono !== null || s.reading.meters.color !== null);
    const meters = meterReadings.map((s) => ({ key: device(s), owner: device(s), at: s.at, value: s.reading.meters }));
    const storedMeters = await telemetry.meterRunsFrom([...earliestByKey(meters).values()].map(({ owner, at }) => ({ deviceId: owner, from: at })));
    const meterMerge = mergeKeyedRuns(meters, storedMeters.map((r) => ({ key: r.device_id, run: meterRun(r) })), sameMeters, { oneRunPerInstant: true });
    await telemetry.saveMeterRuns(principal.dealerId, meterMerge.inserts.map(({ owner, run }) => ({ ...run, deviceId: owner })), meterMerge.updates);
    const wentBack = meterReadings.filter((s, i) => {
      const before = meterMerge.previous[i]?.total;
      const total = s.reading.meters.total;
      if (before == null || total === null || total >= before) return false;
      s.notes.push(`The total page meter went back from ${before} to ${total}: kept as read; forecasts take a large drop for a meter reset and skip a small one as a bad read.`);
      return true;
    });
    await telemetry.noteReceipts(principal.dealerId, wentBack.map((s) => ({ readingId: s.reading.readingId, notes: s.notes })));

    const targets = await telemetry.observeTargets(principal.dealerId, principal.id, targetAttempts(used, (s) => (s.reading.error === null ? device(s) : null)));
    await telemetry.markUnreachable(principal.dealerId, unreachableMarks(used, targets, rules.unreachableAfter));

    return {
      outcome: {
        accepted: fresh.length,
        duplicates: readings.length - fresh.length,
        rejected: fresh.filter((s) => s.rejectedReason !== null).map((s) => ({ readingId: s.reading.readingId, reason: s.rejectedReason! })),
        corrected: fresh.filter((s) => s.notes.length > 0).map((s) => ({ readingId: s.reading.readingId, notes: s.notes })),
      },
      deviceIds: [...new Set(sighted.map(device))],
    };
  });
}


/** One sighting per printer (by identity): when the batch saw it first and last, its model (the first one given), its latest MAC and target. */
function sightings(readings: ScreenedReading[], identityOf: Map<ScreenedReading, string>): Sighting[] {
  const byIdentity = new Map<string, Sighting>();
  for (const s of readings) {
    const { reading } = s;
    const identity = identityOf.get(s)!;
    const seen = byIdentity.get(identity);
    // A reading without a serial can be matched to a printer that told one (see identitiesOf): the sighting carries it, so a new device gets it.
    if (!seen) byIdentity.set(identity, { newId: randomUUID(), identity, serial: identity === macIdentity(reading.mac ?? '') ? null : identity, mac: reading.mac ?? null, model: reading.model, firstAt: reading.collectedAt, lastAt: reading.collectedAt, firstTarget: reading.target, lastTarget: reading.target });
    else Object.assign(seen, { model: seen.model ?? reading.model, mac: reading.mac ?? seen.mac, lastAt: reading.collectedAt, lastTarget: reading.target });
  }
  return [...byIdentity.values()];
}

/** The batch's latest reading of each supply (readings come in time order, so the last one wins). */
function currentSupplies(readings: ScreenedReading[], device: (s: ScreenedReading) => string): CurrentSupply[] {
  const latest = new Map<string, CurrentSupply>();
  for (const s of readings) {
    for (const supply of s.reading.supplies) latest.set(`${device(s)}/${supply.index}`, { id: randomUUID(), deviceId: device(s), supply, at: s.reading.collectedAt });
  }
  return [...latest.values()];
}

/** The poll attempts of each target, folded in time order. */
function targetAttempts(readings: ScreenedReading[], device: (s: ScreenedReading) => string | null): TargetAttempts[] {
  const byTarget = new Map<string, TargetAttempts>();
  for (const s of readings) {
    const { target, error, collectedAt } = s.reading;
    const seen = byTarget.get(target) ?? { target, deviceId: null, trailingFailures: 0, lastError: null, lastAttemptAt: collectedAt, lastSuccessAt: null };
    seen.deviceId = device(s) ?? seen.deviceId;
    seen.trailingFailures = error === null ? 0 : seen.trailingFailures + 1;
    seen.lastError = error;
    seen.lastAttemptAt = collectedAt;
    if (error === null) seen.lastSuccessAt = collectedAt;
    byTarget.set(target, seen);
  }
  return [...byTarget.values()];
}

/**
 * Devices whose target failed `unreachableAfter` times in a row, each marked from the failure that made
 * the count: the batch's failures after its last success are the last `trailing` of the stored count.
 */
function unreachableMarks(readings: ScreenedReading[], targets: { target: string; device_id: string | null; consecutive_failures: number }[], unreachableAfter: number) {
  const failuresOf = new Map<string, ScreenedReading[]>();
  for (const s of readings) {
    const list = failuresOf.get(s.reading.target) ?? [];
    failuresOf.set(s.reading.target, s.reading.error === null ? [] : [...list, s]);
  }
  return targets.flatMap((t) => {
    const failures = failuresOf.get(t.target) ?? [];
    if (!t.device_id || failures.length === 0 || t.consecutive_failures < unreachableAfter) return [];
    const crossing = failures[Math.max(0, unreachableAfter - (t.consecutive_failures - failures.length) - 1)]!;
    return [{ deviceId: t.device_id, at: crossing.reading.collectedAt, error: failures[failures.length - 1]!.reading.error! }];
  });
}

const levelValue = (supply: UploadedSupply): LevelValue => ({ remainingPercent: supply.remainingPercent, state: supply.state, rawLevel: supply.raw.level, rawMax: supply.raw.max });
const sameLevel = (a: LevelValue, b: LevelValue) => a.remainingPercent === b.remainingPercent && a.state === b.state && a.rawLevel === b.rawLevel;
const sameMeters = (a: MeterValue, b: MeterValue) => a.total === b.total && a.mono === b.mono && a.color === b.color;
const levelRun = (r: LevelRunRow): Run<LevelValue> => ({
  id: r.id, observedAt: r.observed_at.getTime(), confirmedAt: r.confirmed_at.getTime(), value: { remainingPercent: r.remaining_percent, state: r.state, rawLevel: r.raw_level, rawMax: r.raw_max },
});
const meterRun = (r: MeterRunRow): Run<MeterValue> => ({ id: r.id, observedAt: r.observed_at.getTime(), confirmedAt: r.confirmed_at.getTime(), value: { total: r.total, mono: r.mono, color: r.color } });

const levelKey = (owner: { deviceId: string; supplyIndex: number }) => `${owner.deviceId}/${owner.supplyIndex}`;
