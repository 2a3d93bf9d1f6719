import type { Repositories, Store } from '../app/store.js';
import { actorOf, type Principal } from '../auth/index.js';
import { lockForChange, nameOf, settingsOfJobDevice } from './jobs.service.js';
import { fillFromArrival } from './reserve.js';
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
    for (const jobId of await store.repos.supplyJobs.backorderedJobs(principal.dealerId, stockItemId, pass)) {
      const progress = await store.transaction((repos) => fillJob(repos, principal, jobId, stockItemId, pass, now));
      if (progress.filled !== null && !filled.includes(progress.filled)) filled.push(progress.filled);
      if (progress.stop) return filled;
    }
  }
  return filled;
}

/** One job's back-ordered lines filled from the arrived item, in the pass given; a job no longer ready is skipped. */
async function fillJob(repos: Repositories, principal: Principal, jobId: string, stockItemId: string, pass: 'own' | 'substitute', now: Date): Promise<JobProgress> {
  const dealerId = principal.dealerId;
  const job = await lockForChange(repos, principal, jobId);
  if (job.status !== 'ready') return { filled: null, stop: false };
  const lines = await repos.supplyJobs.linesOf([jobId]);
  const waiting = lines.filter((l) => l.backorder && l.completed_at === null);
  // Substitutes and the settings allowing them are read as going ready reads them, before the stock levels are locked.
  const substitutes = pass === 'substitute' ? await repos.supplyJobs.substitutesOf(dealerId, [...new Set(waiting.map((l) => l.stock_item_id))]) : new Map();
  const settings = pass === 'substitute' ? await settingsOfJobDevice(repos, dealerId, job.device_id, now) : { substitutesAllowed: false };
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
