import type { Store } from '../app/store.js';
import type { Principal } from '../auth/index.js';
import { orderLabelOf } from '../fulfilment/index.js';
import { AppError } from '../platform/errors.js';
import { jobDiscrepancy } from './discrepancies.js';
import type { DocumentJob } from './documents.repository.js';
import { renderPackingSlip, renderPickList, renderShippingLabel } from './documents.pdf.js';
import { groupPicksByBin, type PickLine } from './pick-list.js';

const deliverTo = (job: DocumentJob) => job.site && { customer: job.customerName, ...job.site };

/** A wave's jobs (named, or every ready one) with their lines, and the picks grouped by bin. */
async function wave(store: Store, principal: Principal, jobIds: readonly string[] | null) {
  const jobs = await store.repos.warehouseDocuments.jobs(principal.dealerId, jobIds);
  if (jobIds) {
    const missing = jobIds.find((id) => !jobs.some((j) => j.id === id));
    if (missing) throw new AppError('not-found', `No supply job with id ${missing}.`);
    const notReady = jobs.find((j) => j.status !== 'ready');
    if (notReady) throw new AppError('conflict', `Job ${notReady.number} is ${notReady.status}, not ready: a pick list is for ready jobs, whose stock is reserved at a bin.`, { jobId: notReady.id, status: notReady.status });
  }
  const lines = await store.repos.warehouseDocuments.lines(jobs.map((j) => j.id));
  const picks = jobs.map((job) => ({
    job,
    orderLabel: orderLabelOf(job.number),
    lines: lines.filter((l) => l.job_id === job.id).map((l): PickLine & { expectedAt: string | null } => ({
      jobNumber: job.number, sku: l.sku, description: l.description, quantity: l.quantity, location: l.reserved_location, backorder: l.backorder, expectedAt: l.expected_at?.toISOString() ?? null,
    })),
  }));
  return { picks, ...groupPicksByBin(picks.flatMap((p) => p.lines)) };
}

/**
 * The pick list of a wave: the jobs named (each must be ready: its stock is reserved at a bin), or every ready job of
 * the dealer; their lines grouped by bin, and each job with its order label, lines and delivery site. 404 for a job
 * that is not the dealer's, 409 for one that is not ready.
 */
export async function pickList(store: Store, principal: Principal, jobIds: readonly string[] | null, now: Date) {
  const { picks, bins, backorders } = await wave(store, principal, jobIds);
  return {
    generatedAt: now.toISOString(),
    bins,
    backorders: backorders.map((l) => ({ jobNumber: l.jobNumber, sku: l.sku, description: l.description, quantity: l.quantity })),
    jobs: picks.map(({ job, orderLabel, lines }) => ({
      id: job.id, number: job.number, orderLabel, customer: job.customerName, deliverTo: deliverTo(job),
      printer: { serial: job.deviceSerial, model: job.deviceModel, location: job.deviceLocation },
      lines: lines.map(({ jobNumber: _, ...l }) => l),
    })),
  };
}

/** The pick list of a wave as a PDF (A4), with each job's order label as a Code 128 barcode. */
export async function pickListPdf(store: Store, principal: Principal, jobIds: readonly string[] | null, now: Date): Promise<Buffer> {
  const { picks, bins, backorders } = await wave(store, principal, jobIds);
  return renderPickList({ jobs: picks, bins, backorders, generatedAt: now });
}

async function jobOf(store: Store, principal: Principal, id: string): Promise<DocumentJob> {
  const job = await store.repos.warehouseDocuments.job(principal.dealerId, id);
  if (!job) throw new AppError('not-found', `No supply job with id ${id}.`);
  return job;
}

/** A job's packing slip (PDF) from the units scanned into its box, never from its lines; 409 while nothing is packed. */
export async function packingSlip(store: Store, principal: Principal, id: string, now: Date): Promise<Buffer> {
  const job = await jobOf(store, principal, id);
  const units = await store.repos.warehouseDocuments.packedUnits(id);
  if (units.length === 0) throw new AppError('conflict', `Nothing is packed into job ${job.number} yet: its packing slip lists the units scanned into its box, so scan them at a station first.`, { jobId: id });
  return renderPackingSlip(job, orderLabelOf(job.number), units, now);
}

/** A job's shipping label (PDF): the delivery address of its printer's site, its order label, carrier and tracking number once dispatched; 409 without a site. */
export async function shippingLabel(store: Store, principal: Principal, id: string): Promise<Buffer> {
  const job = await jobOf(store, principal, id);
  if (!job.site) throw new AppError('conflict', `Job ${job.number} has no delivery address: its printer has no site, so give the printer a site (with its address) first.`, { jobId: id });
  const shipment = await store.repos.warehouseDocuments.shipment(id);
  return renderShippingLabel(job, orderLabelOf(job.number), shipment ? { carrier: shipment.carrier, trackingNumber: shipment.tracking_number } : null);
}

/**
 * The discrepancy report: every job (of the `limit` most recently moved from ready on) whose ordered, packed and shipped
 * counts differ, SKU by SKU. Picking is not tracked as a step of its own (the scan that packs a unit picks it), and the
 * report says so rather than inventing a count.
 */
export async function discrepancies(store: Store, principal: Principal, limit: number) {
  const rows = await store.repos.warehouseDocuments.counts(principal.dealerId, limit);
  const byJob = new Map<string, typeof rows>();
  for (const r of rows) byJob.set(r.jobId, [...(byJob.get(r.jobId) ?? []), r]);
  const jobs = [...byJob.values()].flatMap((lines) => {
    const { number, status, jobId, statusChangedAt } = lines[0]!;
    const verdict = jobDiscrepancy(status, lines);
    return verdict.differs ? [{ id: jobId, number, status, statusChangedAt: statusChangedAt.toISOString(), lines: verdict.lines.map((l) => ({ ...l, picked: null })) }] : [];
  });
  return {
    picking: { tracked: false, note: 'Picking is not scanned as a step of its own: the scan that puts a unit into a box picks it, so picked is null and packed is the count.' },
    jobsChecked: byJob.size,
    jobs,
  };
}
