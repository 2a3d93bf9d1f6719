import { randomUUID } from 'node:crypto';
import type { Repositories, Store } from '../app/store.js';
import { actorOf, scopeOf, type Principal } from '../auth/index.js';
import type { SupplyJobRow, SupplyJobStatus } from '../db/schema.js';
import { getDevice } from '../devices/index.js';
import { AppError } from '../platform/errors.js';
import { changeRequestStatusIn, changerOf, deviceSettingLevels, resolveSettings, settingValues } from '../requests/index.js';
import { completeIfClosed } from './close.js';
import type { JobFilter } from './fulfilment.repository.js';
import { takeRequest, runJobCreator, type ExceptionFix, type JobRunResult, type JobTaker } from './job-creator.service.js';
import { fillLines, type StockAt } from './reserve.js';
import { checkJobMove, jobHistoryEntry, JOB_STATUSES, movesFor, type JobHistoryEntry, type JobMover } from './status.js';

/** The name a person or machine goes by in comments and history. */
export async function nameOf(repos: Repositories, principal: Principal): Promise<string> {
  if (principal.kind === 'user') return (await repos.users.get(principal.dealerId, principal.id))?.name ?? principal.email;
  if (principal.kind === 'integration') return (await repos.integrations.get(principal.dealerId, principal.id))?.name ?? 'integration';
  return 'collector';
}

/** Dealer staff taking requests now: the taker the job creator records. */
export async function takerOf(store: Store, principal: Principal): Promise<JobTaker> {
  return { changer: { ...changerOf(principal), scope: { dealerId: principal.dealerId, customerId: null } }, name: await nameOf(store.repos, principal) };
}

/** "Take requests now": the job creator run for the caller's dealer at once (the schedule runs it every jobRunMinutes). */
export async function runJobsNow(store: Store, principal: Principal, now: Date): Promise<JobRunResult> {
  return runJobCreator(store, await takerOf(store, principal), now);
}

/** The jobs board: jobs in the caller's scope matching the filter, newest first, with how many are in each status (whatever status was asked for). */
export async function listJobs(store: Store, principal: Principal, filter: JobFilter, limit: number) {
  const scope = scopeOf(principal);
  const [rows, byStatus] = await Promise.all([store.repos.supplyJobs.list(scope, filter, limit), store.repos.supplyJobs.countByStatus(scope, filter)]);
  const lines = await store.repos.supplyJobs.linesOf(rows.map((r) => r.id));
  const counts = Object.fromEntries(JOB_STATUSES.map((s) => [s, byStatus.get(s) ?? 0])) as Record<SupplyJobStatus, number>;
  return { items: rows.map((row) => ({ row, lines: lines.filter((l) => l.job_id === row.id), allowedMoves: allowedMovesFor(principal, row) })), counts };
}

/** One job with its lines, comments, device (supplies and forecasts), the device's previous job and the pages printed since it. */
export async function jobDetail(store: Store, principal: Principal, id: string, now: Date) {
  const scope = scopeOf(principal);
  const row = await store.repos.supplyJobs.detail(scope, id);
  if (!row) throw new AppError('not-found', `No supply job with id ${id}.`);
  const [lines, comments, previous, device] = await Promise.all([
    store.repos.supplyJobs.linesOf([id]), store.repos.supplyJobs.commentsOf(id), store.repos.supplyJobs.previousJob(row.device_id, row.created_at, id),
    getDevice(store, principal, row.device_id, now).catch(() => null),
  ]);
  const pagesSinceLastJob = previous ? (await store.repos.supplyJobs.pagesSinceEach([{ deviceId: row.device_id, since: previous.created_at }]))[0]!.total : null;
  return { row, lines, comments, previous: previous ?? null, device, pagesSinceLastJob, allowedMoves: allowedMovesFor(principal, row) };
}

/** Who a principal is to the status machine; null for those who never move jobs (a customer key user, machines). */
function moverOrNull(principal: Principal): JobMover | null {
  if (principal.kind !== 'user') return null;
  if (principal.role === 'dealer-admin') return 'admin';
  if (principal.role === 'dispatcher') return 'staff';
  if (principal.role === 'warehouse-operator') return 'warehouse';
  return null;
}

function moverOf(principal: Principal): JobMover {
  const mover = moverOrNull(principal);
  if (mover) return mover;
  if (principal.kind !== 'user') throw new AppError('forbidden', 'Only people move supply jobs.');
  throw new AppError('forbidden', 'A customer key user sees supply jobs but does not move them.');
}

/** The statuses the principal may move a job to now by a status change (movesFor); none for someone who moves no jobs. */
export function allowedMovesFor(principal: Principal, job: Pick<SupplyJobRow, 'number' | 'status' | 'excess' | 'excess_confirmed_at'>): SupplyJobStatus[] {
  const mover = moverOrNull(principal);
  return mover ? movesFor({ number: job.number, status: job.status, excessPending: job.excess !== null && job.excess_confirmed_at === null }, mover) : [];
}

/** Locks a job for a change, after its device (the order the job creator and request evaluation take them in). */
export async function lockForChange(repos: Repositories, principal: Principal, id: string): Promise<SupplyJobRow> {
  const scope = scopeOf(principal);
  const deviceId = await repos.supplyJobs.deviceOfJob(scope, id);
  if (!deviceId) throw new AppError('not-found', `No supply job with id ${id}.`);
  await repos.requests.lockDevice(principal.dealerId, deviceId);
  const job = await repos.supplyJobs.lockJob(scope, id);
  if (!job) throw new AppError('not-found', `No supply job with id ${id}.`);
  return job;
}

/** The request settings in force for a job's printer (substitutesAllowed, leadTimeDays): what filling its lines reads. */
async function settingsOfJobDevice(repos: Repositories, dealerId: string, deviceId: string, now: Date) {
  const device = await repos.devices.get({ dealerId, customerId: null }, deviceId);
  return settingValues(resolveSettings(device ? (await deviceSettingLevels(repos, dealerId, device, now)).levels : {}));
}

/**
 * Moves a job through its statuses (status.ts decides; 409 with the allowed moves otherwise). Going ready reserves each
 * line from stock, fills a short line with a substitute where allowed, or makes it a back order with its expected date;
 * dispatched takes the reserved units off the shelf; cancelled gives reserved units back and deletes the job's actioned
 * requests (a cancelled order leaves the queue, and the supply may be ordered again). Recorded in the job's history
 * with who and why, and in the audit log.
 */
export async function changeJobStatus(store: Store, principal: Principal, id: string, to: SupplyJobStatus, comment: string | null, now: Date) {
  moverOf(principal);
  return store.transaction((repos) => changeJobStatusIn(repos, principal, id, to, comment, now));
}

/**
 * changeJobStatus inside the caller's transaction (the warehouse packs the last unit and moves the job in one). `via`
 * names the warehouse's checked step making the move — the scan station that packed the last unit, or dispatch after
 * its box check — the only movers the status machine lets make packed and dispatched.
 */
export async function changeJobStatusIn(repos: Repositories, principal: Principal, id: string, to: SupplyJobStatus, comment: string | null, now: Date, via?: 'scan-station' | 'dispatch') {
  // Only people move jobs, whichever step they take.
  const role = moverOf(principal);
  const mover = via ?? role;
  const job = await lockForChange(repos, principal, id);
  checkJobMove({ number: job.number, status: job.status, excessPending: job.excess !== null && job.excess_confirmed_at === null }, to, mover);
  const name = await nameOf(repos, principal);
  const lines = await repos.supplyJobs.linesOf([id]);
  const notes: string[] = [];
  let expectedAt: Date | null | undefined;
  if (to === 'ready') {
    const settings = await settingsOfJobDevice(repos, principal.dealerId, job.device_id, now);
    const open = lines.filter((l) => l.completed_at === null && l.reserved_location === null);
    const substitutes = await repos.supplyJobs.substitutesOf(principal.dealerId, open.map((l) => l.stock_item_id));
    const itemIds = [...new Set([...open.map((l) => l.stock_item_id), ...[...substitutes.values()].flat().map((s) => s.item.id)])];
    const stock = new Map<string, StockAt[]>();
    for (const level of await repos.supplyJobs.lockStockLevels(principal.dealerId, itemIds)) {
      stock.set(level.stock_item_id, [...(stock.get(level.stock_item_id) ?? []), { location: level.location, free: level.on_hand - level.reserved, nextExpectedAt: level.next_expected_at }]);
    }
    const fills = fillLines(open.map((l) => ({ id: l.id, stockItemId: l.stock_item_id, sku: l.sku, quantity: l.quantity })), stock, substitutes, settings, now);
    for (const fill of fills) {
      const line = open.find((l) => l.id === fill.lineId)!;
      if (fill.kind === 'reserved') {
        await repos.supplyJobs.adjustStock(principal.dealerId, fill.stockItemId, fill.location, { reserved: fill.quantity, onHand: 0 });
        await repos.supplyJobs.updateLine(line.id, { reservedLocation: fill.location, backorder: false, expectedAt: null });
      } else if (fill.kind === 'substitute') {
        await repos.supplyJobs.adjustStock(principal.dealerId, fill.stockItemId, fill.location, { reserved: fill.quantity, onHand: 0 });
        await repos.supplyJobs.updateLine(line.id, { stockItemId: fill.item.id, sku: fill.item.sku, description: fill.item.description, substituteOf: line.stock_item_id, reservedLocation: fill.location, backorder: false, expectedAt: null, why: `${line.why} ${fill.why}` });
        notes.push(fill.why);
      } else {
        await repos.supplyJobs.updateLine(line.id, { backorder: true, expectedAt: fill.expectedAt, why: `${line.why} ${fill.why}` });
        notes.push(fill.why);
      }
    }
    const dates = fills.flatMap((f) => (f.kind === 'backorder' ? [f.expectedAt] : []));
    expectedAt = dates.length > 0 ? new Date(Math.max(...dates.map((d) => d.getTime()))) : null;
  }
  if (to === 'dispatched') {
    // The reserved units leave the shelf.
    for (const line of lines.filter((l) => l.reserved_location !== null)) await repos.supplyJobs.adjustStock(principal.dealerId, line.stock_item_id, line.reserved_location!, { reserved: -line.quantity, onHand: -line.quantity });
  }
  if (to === 'cancelled') {
    if (job.status === 'ready' || job.status === 'packed') {
      for (const line of lines.filter((l) => l.reserved_location !== null)) {
        await repos.supplyJobs.adjustStock(principal.dealerId, line.stock_item_id, line.reserved_location!, { reserved: -line.quantity, onHand: 0 });
        await repos.supplyJobs.updateLine(line.id, { reservedLocation: null });
      }
    }
    const changer = changerOf(principal);
    for (const requestId of new Set(lines.filter((l) => l.completed_at === null).map((l) => l.request_id))) {
      const request = await repos.requests.lockForUpdate({ dealerId: principal.dealerId, customerId: null }, requestId);
      if (request?.status === 'actioned') await changeRequestStatusIn(repos, { ...changer, scope: { dealerId: principal.dealerId, customerId: null } }, requestId, 'deleted', { comment: `Supply job ${job.number} was cancelled${comment ? `: ${comment}` : '.'}` }, now);
    }
  }
  const why = [comment, ...notes].filter(Boolean).join(' ') || null;
  const entry: JobHistoryEntry = jobHistoryEntry(job.status, to, { kind: 'user', id: principal.id, name }, now, why);
  await repos.supplyJobs.updateJob(id, { status: to, statusChangedAt: now, history: [...job.history, entry as unknown as Record<string, unknown>], ...(expectedAt !== undefined && { expectedAt }) }, now);
  await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: `job.${to}`, entityType: 'supply-job', entityId: id, details: { number: job.number, from: job.status, comment } }, now);
  // Delivered after the cartridges were already seen installed: nothing is left to wait for.
  const completed = to === 'delivered' && (await completeIfClosed(repos, id, now, 'Delivered, and every line was already closed by loop closure.'));
  return { id, number: job.number, status: completed ? 'completed' as const : to, from: job.status };
}

/** A dispatcher confirms that a job flagged for excess supply should ship anyway, saying why; it may then go ready. */
export async function confirmExcess(store: Store, principal: Principal, id: string, comment: string, now: Date) {
  return store.transaction(async (repos) => {
    const job = await lockForChange(repos, principal, id);
    if (job.excess === null) throw new AppError('conflict', `Job ${job.number} has no excess-supply flag to confirm.`);
    if (job.excess_confirmed_at !== null) return { id, number: job.number, confirmedAt: job.excess_confirmed_at.toISOString(), changed: false };
    const name = await nameOf(repos, principal);
    const entry = jobHistoryEntry(job.status, job.status, { kind: 'user', id: principal.id, name }, now, `Excess supply confirmed: ${comment}`);
    await repos.supplyJobs.updateJob(id, { excessConfirmedAt: now, excessConfirmedBy: name, history: [...job.history, entry as unknown as Record<string, unknown>] }, now);
    await repos.supplyJobs.addComment({ id: randomUUID(), dealer_id: principal.dealerId, job_id: id, author_kind: 'user', author_id: principal.id, author_name: name, body: `Excess supply confirmed: ${comment}`, created_at: now });
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'job.excess-confirmed', entityType: 'supply-job', entityId: id, details: { number: job.number, comment, excess: job.excess } }, now);
    return { id, number: job.number, confirmedAt: now.toISOString(), changed: true };
  });
}

/** Adds a comment to a job (dealer staff); the status does not change. */
export async function commentOnJob(store: Store, principal: Principal, id: string, body: string, now: Date) {
  return store.transaction(async (repos) => {
    if (!(await repos.supplyJobs.detail(scopeOf(principal), id))) throw new AppError('not-found', `No supply job with id ${id}.`);
    const comment = { id: randomUUID(), dealer_id: principal.dealerId, job_id: id, author_kind: 'user' as const, author_id: principal.id, author_name: await nameOf(repos, principal), body, created_at: now };
    await repos.supplyJobs.addComment(comment);
    return comment;
  });
}

/** The exceptions list: requests the job creator could not turn into a job line, with why (open ones unless `all`). */
export async function listExceptions(store: Store, principal: Principal, options: { open: boolean }, limit: number) {
  return store.repos.supplyJobs.exceptions(scopeOf(principal), options, limit);
}

/**
 * Fixes an exception: the SKU to ship (the line's selectedBy is then manual) and/or the printer that gets the toner;
 * the job is created at once. 409 when it is resolved already or the fix does not cover what is missing.
 */
export async function resolveException(store: Store, principal: Principal, id: string, fix: ExceptionFix, now: Date) {
  const exception = await store.repos.supplyJobs.exception(scopeOf(principal), id);
  if (!exception) throw new AppError('not-found', `No fulfilment exception with id ${id}.`);
  if (exception.resolved_at !== null) throw new AppError('conflict', `This exception was resolved already (${exception.resolved_by ?? 'by someone'}); its request went to a job.`, { jobId: exception.job_id });
  const outcome = await takeRequest(store, await takerOf(store, principal), exception.request_id, now, fix);
  if (outcome.kind === 'exception') throw new AppError('conflict', `Still no job: ${outcome.message}`, { reason: outcome.reason });
  if (outcome.kind === 'skipped') throw new AppError('conflict', `${outcome.why} The exception is left as it is.`);
  return { exceptionId: id, jobId: outcome.jobId, number: outcome.number, consolidated: outcome.kind === 'consolidated' };
}

/** How often the job creator runs for the caller's dealer, and when it last did. */
export async function jobRunSettings(store: Store, principal: Principal) {
  const row = await store.repos.supplyJobs.runSettings(principal.dealerId);
  return { runEveryMinutes: row.job_run_minutes, lastRunAt: row.job_run_at?.toISOString() ?? null };
}

/** Changes how often the job creator runs (dealer admin), audited. */
export async function setJobRunSettings(store: Store, principal: Principal, settings: { runEveryMinutes: number }, now: Date) {
  return store.transaction(async (repos) => {
    const before = await repos.supplyJobs.runSettings(principal.dealerId);
    await repos.supplyJobs.setRunMinutes(principal.dealerId, settings.runEveryMinutes);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'settings.job-run', entityType: 'dealer', entityId: principal.dealerId, details: { before: before.job_run_minutes, after: settings.runEveryMinutes } }, now);
    return { runEveryMinutes: settings.runEveryMinutes, lastRunAt: before.job_run_at?.toISOString() ?? null };
  });
}
