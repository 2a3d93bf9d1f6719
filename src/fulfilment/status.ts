import type { SupplyJobStatus } from '../db/schema.js';
import { AppError } from '../platform/errors.js';

/** Every supply-job status, in the order a job goes through them (CONTRACT). */
export const JOB_STATUSES: readonly SupplyJobStatus[] = ['booked', 'ready', 'packed', 'dispatched', 'delivered', 'completed', 'cancelled'];

/** Statuses in which a job is still on its way: a request for the same device consolidates into, or is cross-referenced with, one of these. */
export const OPEN_JOB_STATUSES: readonly SupplyJobStatus[] = ['booked', 'ready', 'packed', 'dispatched', 'delivered'];

/**
 * Who moves a job: dealer staff, the warehouse, a dealer admin (staff too), TonerLoop itself (loop closure), or the
 * warehouse's checked steps — the scan station when the last unit goes into the box, and dispatch once the box equals
 * the lines. Those two are not a role: whoever packs reaches them only through the scans and the dispatch endpoint.
 */
export type JobMover = 'staff' | 'admin' | 'warehouse' | 'system' | 'scan-station' | 'dispatch';

/**
 * The status machine: from → allowed to, with who may make the move. Ready means stock is reserved and the job
 * is released to the warehouse. Packed and dispatched are never a person's word (issue 18: counts come from scans): a
 * job is packed by the scan station when its box holds every line, and dispatched through dispatch, which checks the
 * box again and keeps carrier and tracking number. A job
 * completes when the new cartridges were seen installed (every line closed by loop closure), or by a dealer admin;
 * cancelled from any open status.
 */
export const JOB_TRANSITIONS: Readonly<Record<SupplyJobStatus, readonly { to: SupplyJobStatus; by: readonly JobMover[] }[]>> = {
  booked: [{ to: 'ready', by: ['staff'] }, { to: 'cancelled', by: ['staff'] }],
  ready: [{ to: 'packed', by: ['scan-station'] }, { to: 'cancelled', by: ['staff'] }],
  packed: [{ to: 'dispatched', by: ['dispatch'] }, { to: 'cancelled', by: ['staff'] }],
  dispatched: [{ to: 'delivered', by: ['staff'] }, { to: 'completed', by: ['system', 'admin'] }, { to: 'cancelled', by: ['staff'] }],
  delivered: [{ to: 'completed', by: ['system', 'admin'] }, { to: 'cancelled', by: ['staff'] }],
  completed: [],
  cancelled: [],
};

/** One line of a job's history: who moved it where, when, and why. */
export interface JobHistoryEntry {
  at: string;
  from: SupplyJobStatus | null;
  to: SupplyJobStatus;
  actor: { kind: 'user' | 'integration' | 'system'; id: string; name: string };
  why: string | null;
}

/** The part of a job the status machine reads. */
export interface JobStatusState {
  number: string;
  status: SupplyJobStatus;
  /** True while an excess-supply flag waits for a dispatcher's confirmation. */
  excessPending: boolean;
}

const ROLE_COVERS: Record<JobMover, readonly JobMover[]> = {
  staff: ['staff'], admin: ['admin', 'staff'], warehouse: ['warehouse'], system: ['system'], 'scan-station': ['scan-station'], dispatch: ['dispatch'],
};

/** Why a move only the warehouse's checked steps make was refused, saying where it is made instead. */
const CHECKED_STEP: Partial<Record<JobMover, (number: string) => string>> = {
  'scan-station': (number) => `Job ${number} becomes packed at the scan station once every unit is scanned into its box (each unit label, then the order label ${number}), not by a status change.`,
  dispatch: (number) => `Job ${number} is dispatched with its carrier and tracking number through Dispatch on its job page (POST /api/v1/jobs/{id}/dispatch), which checks its box against its lines, not by a status change.`,
};

/** The statuses a job may go to from `from`, for anyone. */
export function allowedMoves(from: SupplyJobStatus): SupplyJobStatus[] {
  return JOB_TRANSITIONS[from].map((t) => t.to);
}

/**
 * The statuses `mover` may move `job` to now by a status change: exactly the moves checkJobMove accepts (not the
 * warehouse's checked steps, not ready while an excess flag waits for confirmation). What the job page offers.
 */
export function movesFor(job: JobStatusState, mover: JobMover): SupplyJobStatus[] {
  return JOB_TRANSITIONS[job.status].filter((t) => t.by.some((who) => ROLE_COVERS[mover].includes(who)) && !(t.to === 'ready' && job.excessPending)).map((t) => t.to);
}

/**
 * Checks the move of `job` to `to` by `mover`, or throws one sentence: a move the machine forbids is `conflict` naming the
 * allowed moves; packed or dispatched asked for by anyone but the scan station or dispatch is `conflict` saying where it
 * is made; a move someone else must make is `forbidden`; going ready with an unconfirmed excess flag is `conflict`.
 */
export function checkJobMove(job: JobStatusState, to: SupplyJobStatus, mover: JobMover): void {
  const move = JOB_TRANSITIONS[job.status].find((t) => t.to === to);
  if (!move) {
    const allowed = allowedMoves(job.status);
    const hint = allowed.length === 0 ? `${job.status} is final` : `from ${job.status} it can only become ${allowed.join(' or ')}`;
    throw new AppError('conflict', `Job ${job.number} cannot go from ${job.status} to ${to}: ${hint}.`, { status: job.status, to, allowed });
  }
  if (!move.by.some((who) => ROLE_COVERS[mover].includes(who))) {
    const checked = move.by.map((who) => CHECKED_STEP[who]).find((say) => say !== undefined);
    if (checked) throw new AppError('conflict', checked(job.number), { status: job.status, to, use: to === 'packed' ? 'scan-station' : 'dispatch' });
    const names = move.by.map((who) => ({ staff: 'dealer staff', admin: 'a dealer admin', warehouse: 'the warehouse', system: 'TonerLoop when the new cartridges are seen installed', 'scan-station': 'the scan station', dispatch: 'dispatch' })[who]);
    throw new AppError('forbidden', `Only ${names.join(' or ')} may move job ${job.number} from ${job.status} to ${to}.`, { status: job.status, to });
  }
  if (to === 'ready' && job.excessPending) {
    throw new AppError('conflict', `Job ${job.number} would ship more than its printer could have used; a dispatcher must confirm the excess supply (confirm-excess) before it can go ready.`, { status: job.status, to });
  }
}

/** The history entry of a move. */
export function jobHistoryEntry(from: SupplyJobStatus | null, to: SupplyJobStatus, actor: JobHistoryEntry['actor'], now: Date, why: string | null): JobHistoryEntry {
  return { at: now.toISOString(), from, to, actor, why };
}
