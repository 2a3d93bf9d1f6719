import type { Store } from '../app/store.js';
import { actorOf, type Principal } from '../auth/index.js';
import { AppError } from '../platform/errors.js';
import { applyMoves, printerLockKey, type IngestRules } from '../telemetry/index.js';
import type { MoveListRow } from './moves.repository.js';

/** The dealer's move candidates with a status (null: all), latest seen first. */
export async function listMoves(store: Store, principal: Principal, status: MoveListRow['status'] | null, limit: number): Promise<MoveListRow[]> {
  return store.repos.moves.list(principal.dealerId, status, limit);
}

/** One candidate as listed; 404 when the dealer has none with this id. */
async function listed(store: Store, principal: Principal, id: string): Promise<MoveListRow> {
  const row = (await store.repos.moves.list(principal.dealerId, null, 1, id))[0];
  if (!row) throw new AppError('not-found', `No device move with id ${id}.`);
  return row;
}

/**
 * Confirms a move: the device moves to the receiving customer and the readings held for it are taken in
 * (see applyMoves). Under the printer's upload lock, then the candidate's row lock, so an upload of the
 * same printer, or a second confirm, waits and then finds it done: confirming twice changes nothing more.
 * A rejected candidate cannot be confirmed (409).
 */
export async function confirmMove(store: Store, principal: Principal, id: string, now: Date, rules: IngestRules): Promise<{ move: MoveListRow; deviceIds: string[] }> {
  const deviceIds = await store.transaction(async (repos) => {
    const move = await lockedMove(repos, principal.dealerId, id);
    if (move.status === 'confirmed' || move.status === 'applied') return [];
    if (move.status === 'rejected') throw new AppError('conflict', 'This move was rejected; its held readings were discarded.');
    return (await applyMoves(repos, principal.dealerId, [id], { status: 'confirmed', actor: actorOf(principal), decidedBy: principal.id }, now, rules)).deviceIds;
  });
  return { move: await listed(store, principal, id), deviceIds };
}

/**
 * Rejects a move: the device stays where it is, the readings held for it are discarded (audited with how
 * many), and later readings of it from the receiving customer's collectors are refused with a reason.
 * Rejecting twice changes nothing more; a confirmed or applied move cannot be rejected (409).
 */
export async function rejectMove(store: Store, principal: Principal, id: string, now: Date): Promise<MoveListRow> {
  await store.transaction(async (repos) => {
    const move = await lockedMove(repos, principal.dealerId, id);
    if (move.status === 'rejected') return;
    if (move.status !== 'pending') throw new AppError('conflict', 'This move was already applied; move the device back by hand (CSV import) if it was wrong.');
    await repos.moves.decide(principal.dealerId, [id], 'rejected', principal.id, now);
    const discarded = await repos.moves.release(principal.dealerId, [id]);
    await repos.audit.record({
      dealerId: principal.dealerId, ...actorOf(principal), action: 'device.move-rejected', entityType: 'device', entityId: move.device_id,
      details: { moveId: id, customerId: move.from_customer_id, toCustomerId: move.to_customer_id, collectorId: move.collector_id, identity: move.identity, discardedReadings: discarded.length },
    }, now);
  });
  return listed(store, principal, id);
}

/** The candidate, locked after the keys uploads of its printer lock (lockBatch), so neither waits for the other in a circle. */
async function lockedMove(repos: Parameters<Parameters<Store['transaction']>[0]>[0], dealerId: string, id: string) {
  const seen = await repos.moves.get(dealerId, id);
  if (!seen) throw new AppError('not-found', `No device move with id ${id}.`);
  // The device's own identity (a serial, or `mac:…`: already its lock key), and what the printer told when seen.
  const keys = [seen.identity.startsWith('mac:') ? seen.identity : printerLockKey({ serial: seen.identity })!];
  for (const key of [printerLockKey({ serial: seen.evidence.serial }), printerLockKey({ serial: null, mac: seen.evidence.mac })]) if (key) keys.push(key);
  await repos.telemetry.lockBatch(dealerId, keys);
  return (await repos.moves.get(dealerId, id, { lock: true }))!;
}

/** Whether the dealer lets moves apply without staff. */
export async function moveSettings(store: Store, principal: Principal): Promise<{ autoApplyMoves: boolean }> {
  return { autoApplyMoves: await store.repos.moves.autoApply(principal.dealerId) };
}

/** Sets whether moves apply without staff (audited). Pending candidates apply at their printer's next reading once it is on. */
export async function setMoveSettings(store: Store, principal: Principal, settings: { autoApplyMoves: boolean }, now: Date): Promise<{ autoApplyMoves: boolean }> {
  await store.transaction(async (repos) => {
    await repos.moves.setAutoApply(principal.dealerId, settings.autoApplyMoves);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'move-settings.configured', entityType: 'dealer', entityId: principal.dealerId, details: settings }, now);
  });
  return moveSettings(store, principal);
}
