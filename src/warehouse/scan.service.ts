import { randomUUID } from 'node:crypto';
import type { Repositories, Store } from '../app/store.js';
import { authorize, type Principal } from '../auth/index.js';
import { changeJobStatusIn, fillBackorders, isOrderLabel, lockJobForChange } from '../fulfilment/index.js';
import { AppError } from '../platform/errors.js';
import { arrivedAgainstOrders } from '../purchasing/index.js';
import { decidePutAway } from './put-away.js';
import { decideScan, isComplete, whatNext, type PackJob, type ScanDecision, type Scanned, type StationState } from './scan.js';

/** One scan at a station: packing (pairs of unit and order label) or receiving (units counted in at their bins). */
export interface ScanInput {
  station: string;
  code: string;
  mode: 'pack' | 'receive';
}

/** The CONTRACT answer to a scan. */
export interface ScanAnswer {
  accepted: boolean;
  reason: ScanDecision['reason'];
  expecting: string;
  jobId: string | null;
  lines: { sku: string; packed: number; required: number }[];
  complete: boolean;
}

async function packJob(repos: Repositories, job: { id: string; number: string; status: string }): Promise<PackJob> {
  return { ...job, lines: (await repos.warehouse.packLines(job.id)).map(({ location: _, ...l }) => l) };
}

/** What a code is: an order label (its job, locked when `lock`), a unit by its label or box serial, or nothing known. */
async function classify(repos: Repositories, principal: Principal, code: string, lock: boolean): Promise<Scanned> {
  if (isOrderLabel(code)) {
    const job = await repos.warehouse.jobByNumber(principal.dealerId, code);
    if (!job) return { kind: 'unknown', code, hint: `${code} looks like an order label, but there is no job ${code}` };
    if (lock) await lockJobForChange(repos, principal, job.id);
    return { kind: 'order', code, job: await packJob(repos, (await repos.warehouse.jobById(principal.dealerId, job.id))!) };
  }
  const unit = await repos.warehouse.unitByCode(principal.dealerId, code);
  if (unit) return { kind: 'unit', code, unit };
  const sku = await repos.warehouse.skuOfBarcode(principal.dealerId, code);
  return { kind: 'unknown', code, hint: sku ? `${code} is the product barcode of ${sku}, the same on every box; scan the unit's own label (U…) so each unit counts once` : null };
}

const linesOf = (job: PackJob | null) => job?.lines.map((l) => ({ sku: l.sku, packed: l.packed, required: l.required })) ?? [];

/**
 * A scan at a station, decided by the pure rules (scan.ts, put-away.ts) over the station's state kept in the database:
 * the station's row is locked for the scan, so two processes never interleave one station's scans. An accepted pair
 * packs the unit into the job's box — the unit's row update finds it still on the shelf or refuses (already-packed),
 * and the job's row is locked while its lines are counted, so two stations never pack one unit twice or over-pack a
 * line. When the box holds every line the job moves to packed through the job module's status machine (audited).
 * Every scan, accepted or refused, is recorded with the operator and the time.
 */
export async function scanCode(store: Store, principal: Principal, input: ScanInput, now: Date): Promise<ScanAnswer> {
  if (principal.kind !== 'user') throw new AppError('forbidden', 'Scans are made by people at a station.');
  if (input.mode === 'receive') authorize(principal, 'warehouse:receive');
  const code = input.code.trim();
  let filledItem: string | null = null;
  const answer = await store.transaction(async (repos) => {
    const operator = (await repos.users.get(principal.dealerId, principal.id))?.name ?? principal.email;
    const station = await repos.warehouse.lockStation(principal.dealerId, input.station, now);
    const record = (accepted: boolean, reason: string | null, jobId: string | null, unitId: string | null) => repos.warehouse.recordScan({
      id: randomUUID(), dealer_id: principal.dealerId, station: input.station, mode: input.mode, code, accepted, reason, job_id: jobId, unit_id: unitId, user_id: principal.id, user_name: operator, at: now,
    });

    if (input.mode === 'receive') {
      const scanned = await classify(repos, principal, code, false);
      let decision = decidePutAway(scanned);
      const unit = scanned.kind === 'unit' ? scanned.unit : null;
      if (decision.accepted && unit && !(await repos.warehouse.putAway(unit.id, now))) decision = decidePutAway({ kind: 'unit', code, unit: { ...unit, status: 'in-stock' } });
      if (decision.accepted && unit) {
        // What open purchase orders still expect of the item (its receipt may be against one) follows the count; it is
        // rewritten whole (before the bin's row is locked), so the count itself does not touch on order.
        await arrivedAgainstOrders(repos, principal.dealerId, unit.stockItemId);
        await repos.warehouse.addOnHand(principal.dealerId, unit.stockItemId, unit.location, 1);
        filledItem = unit.stockItemId;
      }
      await record(decision.accepted, decision.accepted ? null : decision.reason, null, unit?.id ?? null);
      const progress = unit ? await repos.warehouse.receiptProgress(await repos.warehouse.receiptOf(unit.id)) : null;
      return {
        accepted: decision.accepted, reason: decision.accepted ? null : decision.reason, expecting: decision.expecting, jobId: null,
        lines: progress ? [{ sku: progress.sku, packed: progress.counted, required: progress.quantity }] : [], complete: progress ? progress.counted === progress.quantity : false,
      };
    }

    const pending = station.expecting === 'order' && station.pending_unit_id ? (await repos.warehouse.unitById(principal.dealerId, station.pending_unit_id)) ?? null : null;
    // The job is locked (device, then job: the job module's order) before its lines are counted, when a box label may complete a pair.
    const scanned = await classify(repos, principal, code, pending !== null);
    const currentRow = station.job_id ? await repos.warehouse.jobById(principal.dealerId, station.job_id) : undefined;
    const current = scanned.kind === 'order' && scanned.job.id === station.job_id ? scanned.job : currentRow ? await packJob(repos, currentRow) : null;
    const state: StationState = { expecting: station.expecting, pending, job: current, lastCode: station.last_code };
    let decision = decideScan(state, scanned);
    if (decision.pack) {
      const { unit, job } = decision.pack;
      const bin = (await repos.warehouse.packLines(job.id)).find((l) => l.stockItemId === unit.stockItemId)?.location ?? unit.location;
      // A unit from another bin than its line was reserved at moves there, if that bin can spare it.
      const from = bin === unit.location ? null : await repos.warehouse.lockLevel(principal.dealerId, unit.stockItemId, unit.location);
      const spare = bin === unit.location || (from !== undefined && from !== null && from.on_hand - from.reserved >= 1);
      if (!spare) decision = refusal(decision, 'not-needed', `Refused: ${unit.label} at bin ${unit.location} is held for other jobs there; take ${unit.sku} from bin ${bin}, where ${job.number}'s is reserved. Scan a unit label.`);
      else if (!(await repos.warehouse.pack(unit.id, job.id, bin, principal.id, now))) {
        // Another station packed it between our read and our update: decided again as it is now.
        const fresh = (await repos.warehouse.unitById(principal.dealerId, unit.id)) ?? { ...unit, status: 'packed' as const, jobNumber: 'another job' };
        decision = decideScan({ ...state, pending: fresh }, scanned);
      } else {
        if (bin !== unit.location) {
          await repos.warehouse.addOnHand(principal.dealerId, unit.stockItemId, unit.location, -1);
          await repos.warehouse.addOnHand(principal.dealerId, unit.stockItemId, bin, 1);
        }
        if (decision.job && isComplete(decision.job)) await changeJobStatusIn(repos, principal, job.id, 'packed', `Every line scanned into its box at station ${input.station}.`, now, 'scan-station');
      }
    }
    await repos.warehouse.saveStation(principal.dealerId, input.station, { ...decision.next, lastCode: code }, now);
    await record(decision.accepted, decision.reason, decision.job?.id ?? (scanned.kind === 'order' ? scanned.job.id : null), scanned.kind === 'unit' ? scanned.unit.id : pending?.id ?? null);
    return { accepted: decision.accepted, reason: decision.reason, expecting: decision.expecting, jobId: decision.job?.id ?? null, lines: linesOf(decision.job), complete: decision.job ? isComplete(decision.job) : false };
  });
  if (filledItem) await fillBackorders(store, principal, filledItem, now);
  return answer;
}

function refusal(decision: ScanDecision, reason: NonNullable<ScanDecision['reason']>, expecting: string): ScanDecision {
  const job = decision.pack!.job;
  const before: PackJob = { ...job };
  return { accepted: false, reason, expecting, pack: null, job: before, next: { expecting: 'unit', pendingUnitId: null, jobId: decision.next.jobId } };
}

/** What a station shows when its screen opens: what it expects next and the job it is packing, without scanning. */
export async function stationView(store: Store, principal: Principal, name: string): Promise<Omit<ScanAnswer, 'accepted' | 'reason'>> {
  const station = await store.repos.warehouse.station(principal.dealerId, name);
  if (!station) return { expecting: 'Scan a unit label: each unit is scanned, then the order label of the box it goes into.', jobId: null, lines: [], complete: false };
  const pending = station.expecting === 'order' && station.pending_unit_id ? (await store.repos.warehouse.unitById(principal.dealerId, station.pending_unit_id)) ?? null : null;
  const row = station.job_id ? await store.repos.warehouse.jobById(principal.dealerId, station.job_id) : undefined;
  const job = row ? await packJob(store.repos, row) : null;
  const shown = job && job.status === 'ready' && !isComplete(job) ? job : null;
  return { expecting: whatNext(pending ? 'order' : 'unit', pending, shown), jobId: shown?.id ?? null, lines: linesOf(shown), complete: false };
}
