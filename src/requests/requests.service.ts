import { randomUUID } from 'node:crypto';
import type { Repositories, Store } from '../app/store.js';
import { actorOf, scopeOf, type Principal, type TenantScope } from '../auth/index.js';
import type { AuditEntry } from '../audit/index.js';
import type { ConsumableRequestRow } from '../db/schema.js';
import { AppError } from '../platform/errors.js';
import { authorizeRequest, entitlement, manualOrderWarning } from './authorize.js';
import { authorizationInput, loadRequestContext, openOrderOf, stateOf } from './evaluate.service.js';
import type { FulfilmentFilter } from './requests.repository.js';
import { resolveSettings } from './settings.js';
import { deviceSettingLevels } from './settings.service.js';
import { initialStatus, transition } from './status.js';
import { stockoutHelpFor } from './stockout-help.service.js';
import { OPEN_STATUSES, REQUEST_STATUSES, type RequestActor, type RequestStatus } from './types.js';

function requestActor(principal: Principal): RequestActor {
  if (principal.kind === 'user') return { kind: 'user', id: principal.id, role: principal.role };
  if (principal.kind === 'integration') return { kind: 'integration', id: principal.id };
  throw new AppError('forbidden', 'A collector cannot change consumable requests.');
}

/** What a queue is asked for: a status (or all), optionally one device, and whose fulfilment (the B2B queue and the job creator each take only theirs). */
export type QueueFilter = { status: RequestStatus | 'all'; deviceId?: string } & FulfilmentFilter;

/**
 * A queue in a scope, with how many of the same requests are in each status: the one function behind the board, the B2B
 * queue an ERP polls and (its requests, queueItemsIn) the job module's creator, so all three see the same outstanding
 * requests in the same order.
 */
export async function queueIn(repos: Repositories, scope: TenantScope, filter: QueueFilter, limit: number, sort?: 'days-left' | 'newest') {
  const [items, byStatus] = await Promise.all([queueItemsIn(repos, scope, filter, limit, sort), repos.requests.countByStatus(scope, { deviceId: filter.deviceId, fulfilment: filter.fulfilment })]);
  const counts = Object.fromEntries(REQUEST_STATUSES.map((status) => [status, byStatus.get(status) ?? 0])) as Record<RequestStatus, number>;
  return { items, counts };
}

/** The requests of queueIn without the counts: what the job creator takes, page after page (counting the whole queue each time would cost it as much again). */
export function queueItemsIn(repos: Repositories, scope: TenantScope, filter: QueueFilter, limit: number, sort?: 'days-left' | 'newest') {
  return repos.requests.queue(scope, filter, limit, sort);
}

/**
 * Requests the caller may see, of one status or all, optionally of one device (a queue oldest first, a device's requests newest
 * first, unless `sort` says otherwise), with how many of the same requests are in each status, whatever the status asked for.
 * An ERP (integration) sees only requests whose device's fulfilment is external: the internal ones are the job module's.
 */
export async function requestQueue(store: Store, principal: Principal, filter: { status: RequestStatus | 'all'; deviceId?: string }, limit: number, sort: 'days-left' | 'newest' | undefined, now: Date) {
  const fulfilment = principal.kind === 'integration' ? { is: 'external' as const, now } : undefined;
  return queueIn(store.repos, scopeOf(principal), { ...filter, fulfilment }, limit, sort);
}

/**
 * One request with its comments and, when no order can arrive before its supply runs out, what helps; or `not-found`
 * (also for another tenant's or customer's request).
 */
export async function requestDetail(store: Store, principal: Principal, id: string, now: Date) {
  const scope = scopeOf(principal);
  const row = await store.repos.requests.detail(scope, id);
  if (!row) throw new AppError('not-found', `No consumable request with id ${id}.`);
  const [comments, help] = await Promise.all([store.repos.requests.commentsOf(id), stockoutHelpFor(store.repos, scope, row, now)]);
  return { row, comments, help };
}

async function authorName(repos: Repositories, principal: Principal): Promise<string> {
  if (principal.kind === 'user') return (await repos.users.get(principal.dealerId, principal.id))?.name ?? principal.email;
  if (principal.kind === 'integration') return (await repos.integrations.get(principal.dealerId, principal.id))?.name ?? 'integration';
  return 'collector';
}

/** Adds a comment to a request the caller may see; comments never change the status. */
export async function commentOnRequest(store: Store, principal: Principal, id: string, body: string, now: Date) {
  const actor = requestActor(principal);
  return store.transaction(async (repos) => {
    if (!(await repos.requests.detail(scopeOf(principal), id))) throw new AppError('not-found', `No consumable request with id ${id}.`);
    const comment = { id: randomUUID(), dealer_id: principal.dealerId, request_id: id, author_kind: actor.kind, author_id: actor.id, author_name: await authorName(repos, principal), body, created_at: now };
    await repos.requests.addComment(comment);
    return comment;
  });
}

/** Who changes a request: its tenant scope, the actor its history records, and the actor of the audit log. */
export interface RequestChanger {
  scope: TenantScope;
  actor: RequestActor;
  audit: Pick<AuditEntry, 'actorType' | 'actorId'>;
}

/** The changer of a request for a principal (a collector may not change requests). */
export function changerOf(principal: Principal): RequestChanger {
  return { scope: scopeOf(principal), actor: requestActor(principal), audit: actorOf(principal) };
}

/**
 * Moves a request to `to` (actioned with the ERP's externalId, ignored, queried, …) exactly once under
 * concurrency: the row is locked, the status machine decides, the change and its history are saved and
 * audited in one transaction. Repeating an action with the same externalId changes nothing. Reopening a
 * request (a rejection overridden) is refused while another open request orders one of its supplies:
 * under the device's lock, as evaluations take it, so nothing is ordered twice.
 */
export async function changeRequestStatus(
  store: Store, principal: Principal, id: string, to: RequestStatus, options: { externalId?: string | null; comment?: string | null }, now: Date,
): Promise<{ status: RequestStatus; externalId: string | null; comment: string | null; changed: boolean }> {
  const changer = changerOf(principal);
  return store.transaction((repos) => changeRequestStatusIn(repos, changer, id, to, options, now));
}

/**
 * changeRequestStatus inside a transaction the caller holds: the one status change behind the board, the B2B action of an
 * ERP and the job module taking a request for a job (which writes its job line in the same transaction). An ERP may not
 * action a request whose device's fulfilment is internal: the job module takes those, and the two never take the same one.
 */
export async function changeRequestStatusIn(
  repos: Repositories, changer: RequestChanger, id: string, to: RequestStatus, options: { externalId?: string | null; comment?: string | null }, now: Date,
): Promise<{ status: RequestStatus; externalId: string | null; comment: string | null; changed: boolean }> {
  const held = await lockRequest(repos, changer.scope, id);
  return (await changeRequestStatusesIn(repos, changer, [{ held, options }], to, now))[0]!;
}

/**
 * changeRequestStatusIn of requests whose rows the caller holds (their devices' locks and their rows' locks taken in this
 * transaction), for the job module taking a batch of requests at once: each move checked (refuseMove) and decided by the
 * status machine, the changes saved in one statement and audited in one, with the caller's own `audit` entries.
 */
export async function changeRequestStatusesIn(
  repos: Repositories, changer: RequestChanger, changes: readonly { held: ConsumableRequestRow; options: { externalId?: string | null; comment?: string | null } }[], to: RequestStatus, now: Date,
  audit: readonly AuditEntry[] = [],
): Promise<{ status: RequestStatus; externalId: string | null; comment: string | null; changed: boolean }[]> {
  const { scope, actor } = changer;
  for (const { held } of changes) await refuseMove(repos, changer, held, to, now);
  const moved = changes.map(({ held, options }) => ({ held, result: transition(stateOf(held), to, actor, now, options) }));
  const saved = moved.filter((m) => m.result.changed);
  await repos.requests.saveStatuses(saved.map(({ held, result }) => ({
    id: held.id, status: result.request.status, externalId: result.request.externalId, comment: result.request.comment, statusChangedAt: now, history: result.request.history as unknown as Record<string, unknown>[],
  })));
  await repos.audit.record([...saved.map(({ held, result }) => ({
    dealerId: scope.dealerId, ...changer.audit, action: `request.${to}`, entityType: 'consumable-request', entityId: held.id,
    details: { from: held.status, externalId: result.request.externalId, override: result.entry?.override ?? false, comment: result.entry?.comment ?? null },
  })), ...audit], now);
  return moved.map(({ result }) => ({ status: result.request.status, externalId: result.request.externalId, comment: result.request.comment, changed: result.changed }));
}

/**
 * What a move needs checked beyond the status machine, under the request's locks (reading only for such a move): an ERP
 * may not action a request of internal fulfilment, and reopening one must not order a supply that another open request
 * orders.
 */
async function refuseMove(repos: Repositories, changer: RequestChanger, row: ConsumableRequestRow, to: RequestStatus, now: Date): Promise<void> {
  if (changer.actor.kind === 'integration' && to === 'actioned' && row.status !== 'actioned') await refuseInternal(repos, changer.scope, row, now);
  if (OPEN_STATUSES.includes(to) && !OPEN_STATUSES.includes(row.status)) {
    const requests = await repos.requests.ofDevice(row.device_id);
    const other = [row.supply_index, ...row.supply_indexes].map((index) => openOrderOf(requests, index, row.id)).find((r) => r !== undefined);
    if (other) throw new AppError('conflict', `Request ${other.id} already orders this cartridge (${other.status}); reopening this one would order it twice.`, { requestId: other.id });
  }
}

/** Takes a request's device lock, then the request's row lock (the order evaluations take them in); the row. */
async function lockRequest(repos: Repositories, scope: TenantScope, id: string): Promise<ConsumableRequestRow> {
  const deviceId = await repos.requests.deviceOfRequest(scope, id);
  if (!deviceId) throw new AppError('not-found', `No consumable request with id ${id}.`);
  await repos.requests.lockDevice(scope.dealerId, deviceId);
  const row = await repos.requests.lockForUpdate(scope, id);
  if (!row) throw new AppError('not-found', `No consumable request with id ${id}.`);
  return row;
}

/** Refuses an ERP's action on a request the job module takes (its device's effective fulfilment is internal), in one sentence. */
async function refuseInternal(repos: Repositories, scope: TenantScope, row: { id: string; device_id: string }, now: Date): Promise<void> {
  const device = await repos.devices.get({ dealerId: scope.dealerId, customerId: null }, row.device_id);
  if (!device) return;
  const { fulfilment } = resolveSettings((await deviceSettingLevels(repos, scope.dealerId, device, now)).levels);
  if (fulfilment.value === 'external') return;
  throw new AppError('conflict', `Request ${row.id} is fulfilled by TonerLoop's supply-job module (its printer's fulfilment setting is internal, ${fulfilment.source === 'default' ? 'the built-in default' : `set at the ${fulfilment.source} level`}), so an ERP may not action it; set fulfilment to external to hand such requests to the ERP.`, { requestId: row.id, fulfilment: 'internal', source: fulfilment.source });
}

/** What a person ordering by hand chooses from: the device's supplies, any open order of each, and the conflict warning. */
export async function orderOptions(store: Store, principal: Principal, deviceId: string, now: Date) {
  const device = await store.repos.devices.get(scopeOf(principal), deviceId);
  if (!device) throw new AppError('not-found', `No device with id ${deviceId}.`);
  const ctx = await loadRequestContext(store.repos, principal.dealerId, device, now);
  const { entitled } = entitlement(ctx.settings, ctx.contracts, now);
  // Where it would be delivered: the device's site (the shipping label's address).
  const site = device.site_id ? await store.repos.customers.getSite(scopeOf(principal), device.site_id) : undefined;
  return {
    device, site: site ?? null, autoReplenish: entitled, warning: manualOrderWarning(entitled),
    supplies: ctx.supplies.map((supply) => ({ supply, open: openOrderOf(ctx.requests, supply.supply_index) ?? null })),
  };
}

/**
 * A manual order by dealer staff or a customer key user. It goes through the same authorization rules
 * as an automatic request (a rejection keeps its reasons and a dealer admin may override it); on an
 * auto-replenished device the warning is returned and recorded on the request, and the manual order
 * then stops the automatic request for the same cartridge (the manualOrderConflict rule).
 */
export async function placeManualOrder(store: Store, principal: Principal, input: { deviceId: string; supplyIndex: number; quantity: number; comment?: string | undefined }, now: Date) {
  const actor = requestActor(principal);
  return store.transaction(async (repos) => {
    const device = await repos.devices.get(scopeOf(principal), input.deviceId);
    if (!device) throw new AppError('not-found', `No device with id ${input.deviceId}.`);
    await repos.requests.lockDevice(principal.dealerId, device.id);
    const ctx = await loadRequestContext(repos, principal.dealerId, device, now);
    const supply = ctx.supplies.find((s) => s.supply_index === input.supplyIndex);
    if (!supply) {
      const known = ctx.supplies.map((s) => `${s.supply_index} (${[s.color, s.kind].filter(Boolean).join(' ')})`).join(', ');
      throw new AppError('bad-request', `Device ${device.serial ?? `${device.id} (serial unknown)`} has no supply ${input.supplyIndex}; its supplies are ${known || 'not reported yet'}.`, { field: 'supplyIndex' });
    }
    const open = openOrderOf(ctx.requests, supply.supply_index);
    if (open) throw new AppError('conflict', `Request ${open.id} already orders this supply (${open.status}); add a comment to it instead of ordering again.`, { requestId: open.id });
    const warning = manualOrderWarning(entitlement(ctx.settings, ctx.contracts, now).entitled);
    const authorization = authorizeRequest(authorizationInput(ctx, supply, 'manual', null), ctx.settings, now);
    const initial = initialStatus(authorization, actor, now);
    // What the person wrote, then why a rule said no: one text on the request and on its first history line.
    const comment = [input.comment?.trim(), initial.entry.comment].filter(Boolean).join(' ') || null;
    const id = randomUUID();
    const inserted = await repos.requests.insertUnlessOpen({
      id, dealer_id: principal.dealerId, device_id: device.id, customer_id: device.customer_id, supply_index: supply.supply_index,
      supply_indexes: JSON.stringify([supply.supply_index]), origin: 'manual', trigger: null, rapid_use: false, status: initial.status,
      external_id: null, comment, authorization_results: JSON.stringify(authorization.results),
      pages_at_order: ctx.pagesNow, percent_at_order: supply.remaining_percent, status_changed_at: now,
      history: JSON.stringify([{ ...initial.entry, comment }]), created_at: now, quantity: input.quantity, conflict: warning, serial: device.serial,
    });
    if (!inserted) throw new AppError('conflict', 'Another request for this supply was opened a moment ago; look at the device\'s requests.');
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'request.ordered', entityType: 'consumable-request', entityId: id, details: { deviceId: device.id, supplyIndex: supply.supply_index, quantity: input.quantity, status: initial.status, conflict: warning } }, now);
    return { id, status: initial.status, warning };
  });
}
