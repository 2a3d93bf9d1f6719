import { AppError } from '../platform/errors.js';
import type { RuleResult } from './authorize.js';
import { REQUEST_STATUSES, toMillis, type Instant, type RequestActor, type RequestStatus } from './types.js';

/** One line of a request's history: who moved it where, when, and why. */
export interface RequestHistoryEntry {
  at: string;
  from: RequestStatus | null;
  to: RequestStatus;
  actor: RequestActor;
  comment: string | null;
  externalId: string | null;
  /** True when a dealer admin overrode a rejection: the audit trail singles these out. */
  override: boolean;
}

/** The part of a consumable request the state machine reads and writes. */
export interface RequestStatusState {
  id: string;
  status: RequestStatus;
  /** The ERP's reference (B2B ID), set when actioned. */
  externalId: string | null;
  comment: string | null;
  statusChangedAt: string;
  history: readonly RequestHistoryEntry[];
}

/** Options of a transition. */
export interface TransitionOptions {
  externalId?: string | null;
  comment?: string | null;
}

/** The result of a transition; `entry` is null (and `changed` false) when it was an idempotent repeat. */
export interface TransitionResult<R extends RequestStatusState> {
  request: R;
  entry: RequestHistoryEntry | null;
  changed: boolean;
}

/**
 * Allowed moves. Completed and deleted are terminal. Rejected can only be reopened (by a dealer-admin
 * override, checked below) or deleted. Actioned completes when the new cartridge is seen installed.
 */
export const REQUEST_TRANSITIONS: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  outstanding: ['actioned', 'ignored', 'queried', 'deleted'],
  queried: ['outstanding', 'actioned', 'deleted'],
  // Staff may take back an ignore; until then the supply does not re-trigger (see mayRetrigger).
  ignored: ['outstanding', 'deleted'],
  rejected: ['outstanding', 'deleted'],
  // Deleting an actioned request is how a cancelled order leaves the queue.
  actioned: ['completed', 'deleted'],
  completed: [],
  deleted: [],
};

/** True when the state machine allows `from` → `to` for some actor. */
export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return REQUEST_TRANSITIONS[from].includes(to);
}

function refuse(request: RequestStatusState, message: string, to: RequestStatus): never {
  throw new AppError('conflict', message, { requestId: request.id, status: request.status, to });
}

/**
 * Moves a request to `to`, returning the new state and its history entry, or refusing with one clear
 * sentence. Actioning again with the same externalId is a no-op, so ERP retries are safe (CONTRACT).
 */
export function transition<R extends RequestStatusState>(request: R, to: RequestStatus, actor: RequestActor, now: Instant, options: TransitionOptions = {}): TransitionResult<R> {
  const externalId = options.externalId?.trim() || null;
  const comment = options.comment?.trim() || null;
  if (!REQUEST_STATUSES.includes(to)) refuse(request, `"${String(to)}" is not a request status.`, to);

  if (request.status === 'actioned' && to === 'actioned') {
    if (externalId !== null && externalId === request.externalId) return { request, entry: null, changed: false };
    if (externalId === null) refuse(request, `Request ${request.id} is already actioned.`, to);
    refuse(request, `Request ${request.id} was already actioned with externalId ${request.externalId ?? '(none)'}, not ${externalId}.`, to);
  }
  if (!canTransition(request.status, to)) {
    const allowed = REQUEST_TRANSITIONS[request.status];
    const hint = allowed.length === 0 ? 'it is final' : `it can only become ${allowed.join(', ')}`;
    refuse(request, `Request ${request.id} cannot go from ${request.status} to ${to}: ${hint}.`, to);
  }

  const override = request.status === 'rejected' && to === 'outstanding';
  if (override) {
    if (actor.kind !== 'user' || actor.role !== 'dealer-admin') refuse(request, `Only a dealer admin may override the rejection of request ${request.id}.`, to);
    // The override is audited, so it must say why the rules were wrong this time.
    if (comment === null) refuse(request, `Overriding the rejection of request ${request.id} needs a comment saying why.`, to);
  }
  // Completion is loop closure: the collector saw the new cartridge. A dealer admin may close it by hand
  // when the device can no longer report; nobody else may claim the cartridge arrived.
  if (to === 'completed' && actor.kind !== 'system' && !(actor.kind === 'user' && actor.role === 'dealer-admin')) {
    refuse(request, `Request ${request.id} completes when the new cartridge is seen installed, or by a dealer admin.`, to);
  }

  const at = new Date(toMillis(now)).toISOString();
  // The CONTRACT says the comment carries the externalId: ERPs and staff read it there.
  const nextComment = to === 'actioned' && externalId !== null ? [`B2B ID ${externalId}`, comment].filter(Boolean).join(' — ') : comment ?? request.comment;
  const entry: RequestHistoryEntry = { at, from: request.status, to, actor, comment, externalId: to === 'actioned' ? externalId : null, override };
  const next: R = { ...request, status: to, externalId: to === 'actioned' ? externalId : request.externalId, comment: nextComment, statusChangedAt: at, history: [...request.history, entry] };
  return { request: next, entry, changed: true };
}

/** The first status and history entry of a new request: outstanding when authorized, else rejected with the failed rules' reasons. */
export function initialStatus(authorization: { authorized: boolean; results: readonly RuleResult[] }, actor: RequestActor, now: Instant): { status: RequestStatus; entry: RequestHistoryEntry } {
  const status: RequestStatus = authorization.authorized ? 'outstanding' : 'rejected';
  const failed = authorization.results.filter((r) => !r.passed).map((r) => r.reason);
  const comment = failed.length > 0 ? failed.join(' ') : null;
  return { status, entry: { at: new Date(toMillis(now)).toISOString(), from: null, to: status, actor, comment, externalId: null, override: false } };
}

/** Whether a supply whose last request is `request` may raise an automatic request again: an ignore holds until a new cartridge is seen after it. */
export function mayRetrigger(request: Pick<RequestStatusState, 'status' | 'statusChangedAt' | 'history'>, lastInstallAt: Instant | null): boolean {
  return request.status !== 'ignored' || !concernsCurrentCartridge(request, lastInstallAt);
}

/** Whether a request got its present status after the last cartridge install: it is about the cartridge in now. */
export function concernsCurrentCartridge(request: Pick<RequestStatusState, 'status' | 'statusChangedAt' | 'history'>, lastInstallAt: Instant | null): boolean {
  if (lastInstallAt === null) return true;
  const since = [...request.history].reverse().find((h) => h.to === request.status)?.at ?? request.statusChangedAt;
  return toMillis(lastInstallAt) <= toMillis(since);
}

/**
 * A rejected automatic request whose rules all pass now (fresh meters arrived after a backlog, the
 * device came back) reopens as outstanding, recorded as the system's re-authorization — not a human
 * override. Null when it must stay rejected or is not rejected.
 */
export function reauthorize<R extends RequestStatusState>(request: R, authorization: { authorized: boolean }, now: Instant): { request: R; entry: RequestHistoryEntry } | null {
  if (request.status !== 'rejected' || !authorization.authorized) return null;
  const at = new Date(toMillis(now)).toISOString();
  const entry: RequestHistoryEntry = { at, from: 'rejected', to: 'outstanding', actor: { kind: 'system', id: 'tonerloop' }, comment: 'All authorization rules pass now.', externalId: null, override: false };
  return { request: { ...request, status: 'outstanding', statusChangedAt: at, history: [...request.history, entry] }, entry };
}
