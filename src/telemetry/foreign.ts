import { randomUUID } from 'node:crypto';
import type { Repositories } from '../app/store.js';
import type { AuditEntry } from '../audit/audit.repository.js';
import type { MoveSighting } from '../moves/index.js';
import { adoptTold } from './adopt.js';
import type { CollectorPrincipal, IngestInTransaction, IngestRules } from './ingest.types.js';
import type { UploadedReading } from './readings.schemas.js';
import type { ScreenedReading } from './screen.js';
import type { Sighting } from './telemetry.repository.js';

/** Why a reading is held; it names nothing of the other customer or their device. */
export const HELD_REASON = "This printer is registered to another of the dealer's customers; the reading is held, not used, until the dealer confirms that it moved here.";
/** Why a reading is refused after the dealer rejected the move. */
export const REFUSED_AFTER_REJECTION = "This printer is registered to another of the dealer's customers and the dealer declined moving it here; its readings from this collector are not used.";

export interface ForeignOutcome {
  /** Readings held for a pending candidate. */
  held: { reading: ScreenedReading; moveId: string }[];
  /** Readings refused because their candidate was rejected, by the candidate. */
  refused: Map<ScreenedReading, string>;
  /** Devices whose held readings were taken in by a move applied now. */
  deviceIds: string[];
}

export const NOTHING_FOREIGN: ForeignOutcome = { held: [], refused: new Map(), deviceIds: [] };

/** Who decided a move: staff (confirmed) or the dealer's setting (applied). */
export interface MoveDecision {
  status: 'confirmed' | 'applied';
  actor: Pick<AuditEntry, 'actorType' | 'actorId'>;
  decidedBy: string | null;
}

const BY_DEALER_SETTING: MoveDecision = { status: 'applied', actor: { actorType: 'system', actorId: null }, decidedBy: null };

/**
 * Sorts the sightings that are another customer's printers (`missed`: sightDevices left them alone).
 * Where staff rejected the move, the readings are refused (their reason set here). Where the dealer lets
 * moves apply, the devices move to the collector's customer now (with anything held for them before) and are
 * sighted again, into `deviceOf`. Else the move candidates are noted and the readings are to be held.
 */
export async function sortForeign(repos: Repositories, principal: CollectorPrincipal, missed: Sighting[], readable: ScreenedReading[], identityOf: Map<ScreenedReading, string>,
  deviceOf: Map<string, { id: string; lastSeenBefore: Date | null }>, now: Date, rules: IngestRules, ingest: IngestInTransaction): Promise<ForeignOutcome> {
  const { moves, telemetry } = repos;
  const found = new Map((await moves.foreignDevices(principal.dealerId, principal.customerId, missed.map((s) => s.identity))).map((f) => [f.key, f]));
  const readingsOf = (identity: string) => readable.filter((s) => identityOf.get(s) === identity);
  const outcome: ForeignOutcome = { held: [], refused: new Map(), deviceIds: [] };
  const pending: Sighting[] = [];
  for (const sighting of missed) {
    const other = found.get(sighting.identity);
    // The upsert skips only another customer's device, so one is there (a device deleted in between is not a thing TonerLoop does).
    if (!other) throw new Error(`Device ${sighting.identity} was neither sighted nor found at another customer.`);
    if (other.move_status === 'rejected') {
      for (const s of readingsOf(sighting.identity)) {
        s.rejectedReason = REFUSED_AFTER_REJECTION;
        outcome.refused.set(s, other.move_id!);
      }
    } else pending.push(sighting);
  }
  if (pending.length === 0) return outcome;
  // One candidate per device: a printer known by a serial typed by hand can come both by that serial and by its MAC.
  const candidates = new Map<string, MoveSighting>();
  for (const sighting of pending) {
    const other = found.get(sighting.identity)!;
    const latest = readingsOf(sighting.identity).at(-1)!.reading;
    const known = candidates.get(other.device_id);
    if (known && Date.parse(known.lastAt) > Date.parse(latest.collectedAt)) {
      known.firstAt = Date.parse(sighting.firstAt) < Date.parse(known.firstAt) ? sighting.firstAt : known.firstAt;
      continue;
    }
    candidates.set(other.device_id, {
      newId: randomUUID(), deviceId: other.device_id, identity: other.identity, fromCustomerId: other.customer_id,
      firstAt: known && Date.parse(known.firstAt) < Date.parse(sighting.firstAt) ? known.firstAt : sighting.firstAt, lastAt: sighting.lastAt,
      evidence: { readingId: latest.readingId, collectedAt: latest.collectedAt, target: latest.target, protocol: latest.protocol, serial: latest.serial, mac: latest.mac ?? null, model: latest.model, pageCounter: latest.meters.total },
    });
  }
  const moveOf = await moves.notePending(principal.dealerId, principal.customerId, principal.id, [...candidates.values()], now);
  if (await moves.autoApply(principal.dealerId)) {
    const applied = await applyMoves(repos, principal.dealerId, [...candidates.keys()].map((deviceId) => moveOf.get(deviceId)!), BY_DEALER_SETTING, now, rules, ingest);
    outcome.deviceIds.push(...applied.deviceIds);
    // The devices are the collector's customer's now: a serial told for one known by a serial typed by hand is adopted, then all are sighted.
    await adoptTold(repos, principal, pending.flatMap((s) => readingsOf(s.identity)), now);
    for (const [identity, sighted] of await telemetry.sightDevices(principal.dealerId, principal.customerId, principal.id, pending, now)) deviceOf.set(identity, sighted);
    return outcome;
  }
  for (const sighting of pending) {
    const moveId = moveOf.get(found.get(sighting.identity)!.device_id)!;
    for (const s of readingsOf(sighting.identity)) outcome.held.push({ reading: s, moveId });
  }
  return outcome;
}

/** How many readings each rejected candidate refused now, and the latest of them. */
export function refusedCounts(refused: [ScreenedReading, string][]): { moveId: string; count: number; lastAt: string }[] {
  const byMove = new Map<string, { moveId: string; count: number; lastAt: string }>();
  for (const [s, moveId] of refused) {
    const seen = byMove.get(moveId) ?? { moveId, count: 0, lastAt: s.reading.collectedAt };
    seen.count += 1;
    if (Date.parse(s.reading.collectedAt) > Date.parse(seen.lastAt)) seen.lastAt = s.reading.collectedAt;
    byMove.set(moveId, seen);
  }
  return [...byMove.values()];
}

/**
 * Applies move candidates: each device moves to its receiving customer (keeping its identity and history;
 * audited), the candidates record the decision, and the readings they held are taken in through the normal
 * path (`ingest`), as the collector that read them — idempotent by readingId, so nothing is doubled however
 * often this runs. Held readings skip the age limit: they were received in time and kept on purpose.
 * A fixed number of statements however many candidates, plus one ingest per collector that held readings
 * (within an upload, its own collector). The caller holds the transaction and has locked the printers' keys
 * (lockBatch) before the candidates.
 */
export async function applyMoves(repos: Repositories, dealerId: string, moveIds: string[], decision: MoveDecision, now: Date, rules: IngestRules, ingest: IngestInTransaction): Promise<{ deviceIds: string[]; ingested: number }> {
  const locked = new Map((await repos.moves.lockMany(dealerId, moveIds)).map((m) => [m.id, m]));
  const moves = moveIds.map((id) => locked.get(id)!);
  if (moves.length === 0) return { deviceIds: [], ingested: 0 };
  const from = await repos.moves.moveDevices(dealerId, moves.map((m) => ({ deviceId: m.device_id, toCustomerId: m.to_customer_id })), now);
  await repos.moves.decide(dealerId, moveIds, decision.status, decision.decidedBy, now);
  const released = await repos.moves.release(dealerId, moveIds);
  const heldBy = new Map<string, number>();
  for (const r of released) heldBy.set(r.move_id, (heldBy.get(r.move_id) ?? 0) + 1);
  await repos.audit.record(moves.map((move) => ({
    dealerId, ...decision.actor, action: 'device.moved', entityType: 'device', entityId: move.device_id,
    details: { moveId: move.id, fromCustomerId: from.get(move.device_id) ?? move.from_customer_id, toCustomerId: move.to_customer_id, collectorId: move.collector_id, identity: move.identity, by: decision.status === 'applied' ? 'dealer setting' : 'staff', heldReadings: heldBy.get(move.id) ?? 0 },
  })), now);
  const batches = new Map<string, { collector: CollectorPrincipal; readings: UploadedReading[] }>();
  for (const r of released) {
    const move = locked.get(r.move_id)!;
    const key = `${move.collector_id}/${move.to_customer_id}`;
    const batch = batches.get(key) ?? { collector: { kind: 'collector', id: move.collector_id, dealerId, customerId: move.to_customer_id }, readings: [] };
    batch.readings.push(r.reading as UploadedReading);
    batches.set(key, batch);
  }
  const result = { deviceIds: [] as string[], ingested: 0 };
  for (const { collector, readings } of batches.values()) {
    const { outcome, deviceIds } = await ingest(repos, collector, readings, now, { ...rules, maxAgeMs: Number.POSITIVE_INFINITY });
    result.deviceIds.push(...deviceIds);
    result.ingested += outcome.accepted;
  }
  return result;
}
