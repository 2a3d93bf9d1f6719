import type { Repositories, Store } from '../app/store.js';
import { actorOf, type Principal } from '../auth/index.js';
import { deviceSettingLevelsEach, resolveSettings, settingValues } from '../requests/index.js';
import { lockForChange, nameOf } from './jobs.service.js';
import { fillFromArrival, type SubstituteOption } from './reserve.js';
import { jobHistoryEntry } from './status.js';

/** How filling one job went: the job's number when a line of it was filled, and whether to stop (stock ran short). */
interface JobProgress {
  filled: string | null;
  stop: boolean;
}

/**
 * Fills back orders from stock that just arrived (a receipt scanned in, or by serial; against a purchase order or
 * not). First the item's own back orders: ready jobs with a back-ordered line of it, oldest job first. Then, with what
 * is left, back orders of the items it is a substitute of, oldest job first, where the substitute may fill them by the
 * rule of going ready (without asking, or the printer's settings allow substitutes); a job where it may not is passed
 * over. Each line reserves where a location has its quantity free (fillFromArrival). One transaction per job, taking
 * the locks in the job module's order (device, job, stock levels), so a receipt never deadlocks with a job going
 * ready. Stops at the first job with a line it may fill but cannot: no younger job goes first, and no substitute is
 * taken while the item's own back orders wait. The job's history and the audit say what was filled and by what; its
 * expected date becomes that of what is still back-ordered. Returns the numbers of the jobs it filled lines of, in the
 * order filled.
 */
export async function fillBackorders(store: Store, principal: Principal, stockItemId: string, now: Date): Promise<string[]> {
  const filled: string[] = [];
  for (const pass of ['own', 'substitute'] as const) {
    const jobs = await store.repos.supplyJobs.backorderedJobs(principal.dealerId, stockItemId, pass);
    const rule = pass === 'substitute' ? await substituteRule(store.repos, principal.dealerId, stockItemId, jobs.map((j) => j.deviceId), now) : OWN_ONLY;
    for (const { id, deviceId } of jobs) {
      const settings = { substitutesAllowed: rule.allowed.get(deviceId) ?? rule.allowedByDefault };
      // Where the substitute must be asked for and the printer's settings allow none, nothing of the job may take it:
      // passed over without its locks (a unit scanned in would otherwise lock and read every such job).
      if (pass === 'substitute' && !settings.substitutesAllowed && !rule.withoutAsking) continue;
      const progress = await store.transaction((repos) => fillJob(repos, principal, id, stockItemId, pass, rule.substitutes, settings, now));
      if (progress.filled !== null && !filled.includes(progress.filled)) filled.push(progress.filled);
      if (progress.stop) return filled;
    }
  }
  return filled;
}

/** What filling back orders decides substitutes by, read once for all the jobs of a pass. */
interface SubstituteRule {
  /** The substitutes of the items the arrived item stands in for. */
  substitutes: ReadonlyMap<string, readonly SubstituteOption[]>;
  /** Whether the arrived item may ship without asking in place of some item. */
  withoutAsking: boolean;
  /** Each printer's substitutesAllowed setting, and the built-in one for a printer that is gone (as going ready reads it). */
  allowed: ReadonlyMap<string, boolean>;
  allowedByDefault: boolean;
}

const OWN_ONLY: SubstituteRule = { substitutes: new Map(), withoutAsking: false, allowed: new Map(), allowedByDefault: false };

/**
 * The substitute pass's rule for the printers of its jobs, in a fixed number of queries: the substitutes of the items the
 * arrived one stands in for, and the printers' settings (the catalogue and settings as going ready reads them; a change
 * made meanwhile counts from the next arrival, as with the job creator's catalogue).
 */
async function substituteRule(repos: Repositories, dealerId: string, itemId: string, deviceIds: readonly string[], now: Date): Promise<SubstituteRule> {
  const allowedByDefault = settingValues(resolveSettings({})).substitutesAllowed;
  if (deviceIds.length === 0) return { ...OWN_ONLY, allowedByDefault };
  const [substitutes, devices] = await Promise.all([
    repos.supplyJobs.itemsSubstitutedBy(dealerId, itemId).then((ids) => repos.supplyJobs.substitutesOf(dealerId, ids)),
    repos.devices.getMany({ dealerId, customerId: null }, [...new Set(deviceIds)]),
  ]);
  const levels = await deviceSettingLevelsEach(repos, dealerId, devices, now);
  return {
    substitutes, allowedByDefault,
    withoutAsking: [...substitutes.values()].some((options) => options.some((o) => o.item.id === itemId && o.withoutAsking)),
    allowed: new Map(devices.map((d) => [d.id, settingValues(resolveSettings(levels.get(d.id)!.levels)).substitutesAllowed])),
  };
}

/** One job's back-ordered lines filled from the arrived item, in the pass given, by the pass's rule; a job no longer ready is skipped. */
async function fillJob(
  repos: Repositories, principal: Principal, jobId: string, stockItemId: string, pass: 'own' | 'substitute',
  substitutes: SubstituteRule['substitutes'], settings: { substitutesAllowed: boolean }, now: Date,
): Promise<JobProgress> {
  const dealerId = principal.dealerId;
  const job = await lockForChange(repos, principal, jobId);
  if (job.status !== 'ready') return { filled: null, stop: false };
  const lines = await repos.supplyJobs.linesOf([jobId]);
  const waiting = lines.filter((l) => l.backorder && l.completed_at === null);
  const stock = (await repos.supplyJobs.lockStockLevels(dealerId, [stockItemId])).map((l) => ({ location: l.location, free: l.on_hand - l.reserved, nextExpectedAt: l.next_expected_at }));
  const { fills, short } = fillFromArrival(waiting.map((l) => ({ id: l.id, stockItemId: l.stock_item_id, sku: l.sku, quantity: l.quantity })), { itemId: stockItemId, stock }, substitutes, settings, pass);
  if (fills.length === 0) return { filled: null, stop: short > 0 };

  const notes: string[] = [];
  const reservedSkus: string[] = [];
  for (const fill of fills) {
    const line = waiting.find((l) => l.id === fill.lineId)!;
    await repos.supplyJobs.adjustStock(dealerId, fill.stockItemId, fill.location, { reserved: fill.quantity, onHand: 0 });
    if (fill.kind === 'substitute') {
      await repos.supplyJobs.updateLine(line.id, { stockItemId: fill.item.id, sku: fill.item.sku, description: fill.item.description, substituteOf: line.stock_item_id, reservedLocation: fill.location, backorder: false, expectedAt: null, why: `${line.why} ${fill.why}` });
      notes.push(`${fill.why.slice(0, -1)}; reserved at ${fill.location}.`);
    } else {
      await repos.supplyJobs.updateLine(line.id, { reservedLocation: fill.location, backorder: false, expectedAt: null });
      reservedSkus.push(line.sku);
    }
  }
  const reservedAt = [...new Set(fills.filter((f) => f.kind === 'reserved').map((f) => f.location))];
  if (reservedSkus.length > 0) notes.unshift(`Back order filled from stock received: ${reservedSkus.join(', ')} reserved at ${reservedAt.join(', ')}.`);
  const still = waiting.filter((l) => !fills.some((f) => f.lineId === l.id) && l.expected_at !== null).map((l) => l.expected_at!.getTime());
  const entry = jobHistoryEntry(job.status, job.status, { kind: 'user', id: principal.id, name: await nameOf(repos, principal) }, now, notes.join(' '));
  await repos.supplyJobs.updateJob(jobId, { history: [...job.history, entry as unknown as Record<string, unknown>], expectedAt: still.length > 0 ? new Date(Math.max(...still)) : null }, now);
  const substituted = fills.flatMap((f) => (f.kind === 'substitute' ? [{ sku: f.item.sku, substituteOf: waiting.find((l) => l.id === f.lineId)!.sku }] : []));
  await repos.audit.record({ dealerId, ...actorOf(principal), action: 'job.backorder-filled', entityType: 'supply-job', entityId: jobId, details: { number: job.number, skus: fills.map((f) => (f.kind === 'substitute' ? f.item.sku : waiting.find((l) => l.id === f.lineId)!.sku)), substitutes: substituted } }, now);
  return { filled: job.number, stop: short > 0 };
}
