import type { Store } from '../app/store.js';
import { actorOf, type Principal } from '../auth/index.js';
import { lockForChange, nameOf } from './jobs.service.js';
import { fillLines, type StockAt } from './reserve.js';
import { jobHistoryEntry } from './status.js';

/**
 * Fills back orders of an item from stock that just arrived (a receipt scanned in): ready jobs with a back-ordered
 * line of it, oldest job first, each reserving where a location has the quantity free — the same rule as going
 * ready (fillLines), without substitutes (the line waited for this item). One transaction per job, taking the locks
 * in the job module's order (device, job, stock levels), so a receipt never deadlocks with a job going ready. Stops at
 * the first job it cannot fill. The job's history says what was filled; its expected date becomes that of what is
 * still back-ordered. Returns the numbers of the jobs it filled lines of.
 */
export async function fillBackorders(store: Store, principal: Principal, stockItemId: string, now: Date): Promise<string[]> {
  const filled: string[] = [];
  for (const jobId of await store.repos.supplyJobs.backorderedJobs(principal.dealerId, stockItemId)) {
    const progress = await store.transaction(async (repos) => {
      const job = await lockForChange(repos, principal, jobId);
      if (job.status !== 'ready') return 'skipped' as const;
      const lines = await repos.supplyJobs.linesOf([jobId]);
      const waiting = lines.filter((l) => l.backorder && l.completed_at === null && l.stock_item_id === stockItemId);
      const stock = new Map<string, StockAt[]>([[stockItemId, (await repos.supplyJobs.lockStockLevels(principal.dealerId, [stockItemId])).map((l) => ({ location: l.location, free: l.on_hand - l.reserved, nextExpectedAt: l.next_expected_at }))]]);
      const fills = fillLines(waiting.map((l) => ({ id: l.id, stockItemId: l.stock_item_id, sku: l.sku, quantity: l.quantity })), stock, new Map(), { substitutesAllowed: false, leadTimeDays: 0 }, now);
      const reserved = fills.flatMap((f) => (f.kind === 'reserved' ? [f] : []));
      if (reserved.length === 0) return 'empty' as const;
      for (const fill of reserved) {
        await repos.supplyJobs.adjustStock(principal.dealerId, fill.stockItemId, fill.location, { reserved: fill.quantity, onHand: 0 });
        await repos.supplyJobs.updateLine(fill.lineId, { reservedLocation: fill.location, backorder: false, expectedAt: null });
      }
      const still = lines.filter((l) => l.backorder && !reserved.some((f) => f.lineId === l.id) && l.expected_at !== null).map((l) => l.expected_at!.getTime());
      const skus = reserved.map((f) => waiting.find((l) => l.id === f.lineId)!.sku);
      const why = `Back order filled from stock received: ${skus.join(', ')} reserved at ${[...new Set(reserved.map((f) => f.location))].join(', ')}.`;
      const entry = jobHistoryEntry(job.status, job.status, { kind: 'user', id: principal.id, name: await nameOf(repos, principal) }, now, why);
      await repos.supplyJobs.updateJob(jobId, { history: [...job.history, entry as unknown as Record<string, unknown>], expectedAt: still.length > 0 ? new Date(Math.max(...still)) : null }, now);
      await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'job.backorder-filled', entityType: 'supply-job', entityId: jobId, details: { number: job.number, skus } }, now);
      return reserved.length === waiting.length ? job.number : { partly: job.number };
    });
    if (progress === 'skipped') continue;
    if (progress === 'empty') break;
    if (typeof progress === 'string') filled.push(progress);
    else {
      filled.push(progress.partly);
      break;
    }
  }
  return filled;
}
