import type { StockUnitStatus } from '../db/schema.js';

/** The CONTRACT refusal reasons of a scan. */
export const SCAN_REFUSALS = ['same-label-twice', 'order-label-expected', 'unit-label-expected', 'not-needed', 'already-packed', 'unknown-label', 'wrong-job'] as const;
export type ScanRefusal = (typeof SCAN_REFUSALS)[number];

/** A unit as the station sees it. */
export interface ScannedUnit {
  id: string;
  label: string;
  stockItemId: string;
  sku: string;
  location: string;
  status: StockUnitStatus;
  /** The job it is packed into (packed or dispatched), by number. */
  jobNumber: string | null;
}

/** What a job needs of one stock item, and how much of it is in its box. */
export interface PackLine {
  stockItemId: string;
  sku: string;
  required: number;
  /** Of `required`, what is reserved on the shelf: the rest is back-ordered and cannot be packed yet. */
  reserved: number;
  packed: number;
}

/** A job as the station sees it. */
export interface PackJob {
  id: string;
  number: string;
  status: string;
  lines: PackLine[];
}

/** What a scanned code turned out to be. */
export type Scanned = { kind: 'unit'; code: string; unit: ScannedUnit } | { kind: 'order'; code: string; job: PackJob } | { kind: 'unknown'; code: string; hint: string | null };

/** A station's state: what it expects, the unit waiting for its box label, the job it is packing, the last code it read. */
export interface StationState {
  expecting: 'unit' | 'order';
  pending: ScannedUnit | null;
  job: PackJob | null;
  lastCode: string | null;
}

/** The outcome of one scan: accepted or why not, what to scan next in words, the unit to pack into a job, the state after. */
export interface ScanDecision {
  accepted: boolean;
  reason: ScanRefusal | null;
  expecting: string;
  pack: { unit: ScannedUnit; job: PackJob } | null;
  /** The job to show the lines of. */
  job: PackJob | null;
  next: { expecting: 'unit' | 'order'; pendingUnitId: string | null; jobId: string | null };
}

/** True when every line's units are in the box. */
export function isComplete(job: PackJob): boolean {
  return job.lines.every((l) => l.packed === l.required);
}

const stillNeeded = (job: PackJob) => job.lines.filter((l) => l.packed < l.required).map((l) => `${l.sku} ×${l.required - l.packed}`).join(', ');
const open = (job: PackJob | null): job is PackJob => job !== null && job.status === 'ready' && !isComplete(job);

/** Why a job takes no (more) unit of this item, or null when it does. */
function notNeeded(job: PackJob, unit: ScannedUnit): string | null {
  if (job.status !== 'ready') return `${job.number} is ${job.status}, not ready: only a ready job is packed into`;
  const line = job.lines.find((l) => l.stockItemId === unit.stockItemId);
  if (!line) return `${job.number} does not need ${unit.sku} (it needs ${job.lines.map((l) => l.sku).join(', ') || 'nothing'})`;
  if (line.packed >= line.required) return `${job.number} needs no more ${unit.sku}: ${line.packed} of ${line.required} is in its box already`;
  if (line.packed >= line.reserved) return `${job.number}'s remaining ${unit.sku} is a back order: it is reserved when stock arrives, then packed`;
  return null;
}

/**
 * Decides one scan at a packing station. Packing is pairs: a unit label, then the order label of the job whose box it
 * goes into — the unit counts only when its box is confirmed, and a box label confirms only the unit scanned just
 * before it, so scanning the box (pallet) label twice counts nothing. Refused, in this order: the same code as the
 * station's last scan (same-label-twice); a code that is neither a unit nor an order label (unknown-label); an order
 * label while a unit is expected (unit-label-expected); a unit label while its box's label is expected
 * (order-label-expected; the waiting unit stays waiting); a unit packed already, here or elsewhere (already-packed);
 * a unit the job does not need or needs no more of (not-needed: at the unit when the station is in the middle of a job,
 * else at the box label, and the unit is then put back); the box label of another job while the station is in the
 * middle of one (wrong-job: one station packs one job at a time, so a unit cannot go into the wrong one of several
 * boxes on a bench; the waiting unit stays waiting for the right box).
 */
export function decideScan(state: StationState, scanned: Scanned): ScanDecision {
  const current = open(state.job) ? state.job : null;
  const keep = { expecting: state.expecting, pendingUnitId: state.pending?.id ?? null, jobId: current?.id ?? null };
  const refuse = (reason: ScanRefusal, why: string, next = keep, job = current): ScanDecision => ({ accepted: false, reason, expecting: `Refused: ${why}. ${whatNext(next.expecting, next.pendingUnitId ? state.pending : null, job)}`, pack: null, job, next });

  if (state.lastCode !== null && scanned.code === state.lastCode) {
    const what = scanned.kind === 'order' ? `${scanned.code} is the box label you just scanned; scanning it again does not count another unit` : `${scanned.code} was just scanned; each label counts once`;
    return refuse('same-label-twice', what);
  }
  if (scanned.kind === 'unknown') return refuse('unknown-label', scanned.hint ?? `${scanned.code} is neither a unit label nor an order label of this dealer`);
  if (state.expecting === 'unit' || !state.pending) {
    if (scanned.kind === 'order') return refuse('unit-label-expected', `${scanned.code} is an order label, but a unit comes first: each unit is scanned, then the label of the box it goes into`);
    const unit = scanned.unit;
    if (unit.status === 'packed' || unit.status === 'dispatched') return refuse('already-packed', `${unit.label} (${unit.sku}) is ${unit.status} already, in ${unit.jobNumber}'s box`);
    if (unit.status === 'labelled') return refuse('unknown-label', `${unit.label} was labelled at receiving but never scanned in at its bin, so it is not in stock; scan it at the receiving station first`);
    if (current) {
      const why = notNeeded(current, unit);
      if (why) return refuse('not-needed', `${why}; this station is packing ${current.number}`);
    }
    const next = { expecting: 'order' as const, pendingUnitId: unit.id, jobId: current?.id ?? null };
    return { accepted: true, reason: null, expecting: whatNext('order', unit, current), pack: null, job: current, next };
  }
  const pending = state.pending;
  if (scanned.kind === 'unit') return refuse('order-label-expected', `${scanned.code} is a unit label, but ${pending.label} (${pending.sku}) is waiting for the label of the box it goes into`);
  const job = scanned.job;
  if (current && current.id !== job.id) return refuse('wrong-job', `this station is packing ${current.number} (still needed: ${stillNeeded(current)}); ${pending.label} goes into ${current.number}'s box, not ${job.number}'s`);
  const putBack = { expecting: 'unit' as const, pendingUnitId: null, jobId: current?.id ?? null };
  if (pending.status === 'packed' || pending.status === 'dispatched') return refuse('already-packed', `${pending.label} (${pending.sku}) was packed into ${pending.jobNumber}'s box meanwhile`, putBack);
  const why = notNeeded(job, pending);
  if (why) return refuse('not-needed', `${why}; put ${pending.label} back`, putBack, open(job) ? job : current);
  const after: PackJob = { ...job, lines: job.lines.map((l) => (l.stockItemId === pending.stockItemId ? { ...l, packed: l.packed + 1 } : l)) };
  const done = isComplete(after);
  const expecting = done ? `${job.number} is complete: every line is in its box, and it is now packed. Scan a unit for the next job.` : whatNext('unit', null, after);
  return { accepted: true, reason: null, expecting, pack: { unit: pending, job }, job: after, next: { expecting: 'unit', pendingUnitId: null, jobId: done ? null : job.id } };
}

/** What to scan next, and why, in words. */
export function whatNext(expecting: 'unit' | 'order', pending: ScannedUnit | null, job: PackJob | null): string {
  if (expecting === 'order' && pending) return `Scan the order label of the box ${pending.label} (${pending.sku}) goes into${job ? ` — ${job.number}` : ''}: the unit counts once its box is confirmed.`;
  if (job) return `Scan the next unit for ${job.number} (still needed: ${stillNeeded(job)}).`;
  return 'Scan a unit label: each unit is scanned, then the order label of the box it goes into.';
}
