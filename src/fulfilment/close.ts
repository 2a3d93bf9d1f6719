import type { Repositories } from '../app/store.js';
import { jobHistoryEntry, type JobHistoryEntry } from './status.js';

const SYSTEM = { kind: 'system' as const, id: 'tonerloop', name: 'TonerLoop' };

/**
 * Loop closure reaches the job: the lines of requests whose new cartridge was seen installed close, and a job whose
 * lines are all closed completes once it has left the warehouse (dispatched or delivered). Called by request
 * evaluation in its transaction, under the device's lock (the order every job change takes its locks in).
 */
export async function closeJobLines(repos: Repositories, requestIds: readonly string[], now: Date): Promise<void> {
  const jobIds = await repos.supplyJobs.closeLinesOfRequests(requestIds, now);
  for (const jobId of jobIds) await completeIfClosed(repos, jobId, now, 'Every line closed: the new cartridges were seen installed.');
}

/** Completes a dispatched or delivered job whose lines are all closed; true when it did. */
export async function completeIfClosed(repos: Repositories, jobId: string, now: Date, why: string): Promise<boolean> {
  const job = await repos.supplyJobs.lockJob({ dealerId: await dealerOf(repos, jobId), customerId: null }, jobId);
  if (!job || (job.status !== 'dispatched' && job.status !== 'delivered')) return false;
  const lines = await repos.supplyJobs.linesOf([jobId]);
  if (lines.length === 0 || lines.some((l) => l.completed_at === null)) return false;
  const entry: JobHistoryEntry = jobHistoryEntry(job.status, 'completed', SYSTEM, now, why);
  await repos.supplyJobs.updateJob(jobId, { status: 'completed', statusChangedAt: now, history: [...job.history, entry as unknown as Record<string, unknown>] }, now);
  await repos.audit.record({ dealerId: job.dealer_id, actorType: 'system', actorId: null, action: 'job.completed', entityType: 'supply-job', entityId: jobId, details: { number: job.number, from: job.status, why } }, now);
  return true;
}

async function dealerOf(repos: Repositories, jobId: string): Promise<string> {
  return (await repos.supplyJobs.dealerOfJob(jobId)) ?? '00000000-0000-0000-0000-000000000000';
}
