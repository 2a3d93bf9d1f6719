import { randomUUID } from 'node:crypto';
import type { Repositories, Store } from '../app/store.js';
import { actorOf, type Principal } from '../auth/index.js';
import { AppError } from '../platform/errors.js';
import { adoptTold } from './adopt.js';
import { applyMoves as applyMovesWith, HELD_REASON, NOTHING_FOREIGN, refusedCounts, sortForeign, type MoveDecision } from './foreign.js';
import type { CollectorPrincipal, IngestOutcome, IngestRules } from './ingest.types.js';
import type { UploadedReading, UploadedSupply } from './readings.schemas.js';
import { earliestByKey, mergeKeyedRuns, type Run } from './runs.js';
import { identitiesOf, macIdentity, macsToLookUp, printerLockKey } from './identity.js';
import { screenReading, type ScreenedReading } from './screen.js';
import type { CurrentSupply, LevelRunRow, LevelValue, MeterRunRow, MeterValue, Receipt, Sighting, TargetAttempts } from './telemetry.repository.js';

/**
 * Takes a collector's batch of readings: all of it in one transaction, a fixed number of set-based
 * statements however many readings it holds, idempotent by readingId (the receipts' unique key decides:
 * a repeated reading counts as a duplicate and changes no history, also when a concurrent upload of it
 * committed first), historic readings placed in time order, devices created on first sight
 * under the collector's customer. Each device it touched is marked due for new forecasts, which the
 * forecast worker computes after the upload (see ForecastWorker); the ids are returned to wake it.
 *
 * A collector writes only its own customer's devices. A printer that another customer of the dealer has
 * (by identity, or by a serial entered there by hand) becomes a move candidate: its readings are held
 * aside, not used, until staff confirm the move (then they are taken in as if uploaded then), or the move
 * applies at once where the dealer allows it; after staff rejected it they are refused. Those few
 * statements run only for a batch that read such a printer. The answer says nothing of the other device.
 */
export async function ingestReadings(store: Store, principal: Principal, readings: UploadedReading[], now: Date, rules: IngestRules): Promise<{ outcome: IngestOutcome; deviceIds: string[] }> {
  if (principal.kind !== 'collector') throw new AppError('forbidden', 'Only a collector token can upload readings.');
  const ids = new Set<string>();
  for (const reading of readings) {
    if (ids.has(reading.readingId)) throw new AppError('bad-request', `readingId ${reading.readingId} appears twice in this batch.`);
    ids.add(reading.readingId);
  }
  return store.transaction((repos) => ingestInTransaction(repos, principal, readings, now, rules));
}

/** ingestReadings inside a transaction the caller holds (a confirmed move takes its held readings in with it). */
export async function ingestInTransaction(repos: Repositories, principal: CollectorPrincipal, readings: UploadedReading[], now: Date, rules: IngestRules): Promise<{ outcome: IngestOutcome; deviceIds: string[] }> {
  const { telemetry, audit, moves } = repos;
  const screened = readings.map((reading) => screenReading(reading, now, rules)).sort((a, b) => a.at - b.at);
  // Serials are upper-cased by screening, except in refused readings: upper-case here too, so every key names one printer.
  // One key per reading (its serial, else its MAC): two collectors reading one printer at once, one getting its serial and
  // the other only its MAC, could still make a second device in the instant the first one is adopted; rare enough to accept.
  await telemetry.lockBatch(principal.dealerId, screened.map(({ reading: r }) => printerLockKey(r) ?? `target:${principal.id}:${r.target}`));
  // Devices first (a receipt names its device), then the receipts: the readingIds they take in are the batch's
  // fresh readings, and only those go further. A repeated reading only notes a sighting again, which changes nothing.
  let readable = screened.filter((s) => s.rejectedReason === null && s.reading.error === null);
  // A printer that tells its serial now, known before by its MAC (or a serial typed for it), keeps its device.
  await adoptTold(repos, principal, readable, now);
  const identityOf = identitiesOf(readable, await telemetry.identitiesOfMacs(principal.dealerId, principal.customerId, macsToLookUp(readable)));
  let seen = sightings(readable, identityOf);
  const deviceOf = await telemetry.sightDevices(principal.dealerId, principal.customerId, principal.id, seen, now);
  // Sightings the upsert left alone are another customer's printers: moved (where the dealer allows it), held or refused.
  const missed = seen.filter((s) => !deviceOf.has(s.identity));
  const foreign = missed.length === 0 ? NOTHING_FOREIGN : await sortForeign(repos, principal, missed, readable, identityOf, deviceOf, now, rules, ingestInTransaction);
  const held = new Map(foreign.held.map((h) => [h.reading, h.moveId]));
  if (missed.length > 0) {
    readable = readable.filter((s) => !held.has(s) && s.rejectedReason === null);
    seen = seen.filter((s) => deviceOf.has(s.identity));
  }
  const heldNow = await moves.hold(principal.dealerId, foreign.held.map(({ reading: s, moveId }) => ({ moveId, readingId: s.reading.readingId, collectedAt: s.reading.collectedAt, reading: s.reading })), now);
  const device = (s: ScreenedReading) => deviceOf.get(identityOf.get(s)!)!.id;
  const lastSeenBefore = (s: ScreenedReading) => deviceOf.get(identityOf.get(s)!)!.lastSeenBefore;
  const receipts: Receipt[] = screened.filter((s) => !held.has(s)).map((s) => ({
    readingId: s.reading.readingId, collectedAt: s.reading.collectedAt, rejectedReason: s.rejectedReason, notes: s.notes,
    deviceId: s.rejectedReason === null && s.reading.error === null ? device(s) : null,
  }));
  const freshIds = await telemetry.recordReceipts(principal.dealerId, principal.id, receipts, now);
  const fresh = screened.filter((s) => freshIds.has(s.reading.readingId));
  await moves.noteRefused(principal.dealerId, refusedCounts(fresh.flatMap((s) => (foreign.refused.has(s) ? [[s, foreign.refused.get(s)!] as const] : []))));
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
      duplicates: readings.length - fresh.length - heldNow.size,
      rejected: fresh.filter((s) => s.rejectedReason !== null).map((s) => ({ readingId: s.reading.readingId, reason: s.rejectedReason! })),
      corrected: fresh.filter((s) => s.notes.length > 0).map((s) => ({ readingId: s.reading.readingId, notes: s.notes })),
      // Nothing about the device they were held for: no notes, no meters, no name. Left out when none was held.
      ...(heldNow.size > 0 ? { held: foreign.held.filter(({ reading: s }) => heldNow.has(s.reading.readingId)).map(({ reading: s }) => ({ readingId: s.reading.readingId, reason: HELD_REASON })) } : {}),
    },
    deviceIds: [...new Set([...sighted.map(device), ...foreign.deviceIds])],
  };
}

/**
 * Applies move candidates (staff confirming, see foreign.ts): the devices move and the readings held for
 * them are taken in by this module's ingest.
 */
export async function applyMoves(repos: Repositories, dealerId: string, moveIds: string[], decision: MoveDecision, now: Date, rules: IngestRules): Promise<{ deviceIds: string[]; ingested: number }> {
  return applyMovesWith(repos, dealerId, moveIds, decision, now, rules, ingestInTransaction);
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
