import type { Store } from '../app/store.js';
import type { Principal } from '../auth/index.js';
import { changeJobStatusIn, lockJobForChange } from '../fulfilment/index.js';
import { AppError } from '../platform/errors.js';

const HOUR_MS = 3_600_000;

/**
 * Hands a job to a carrier: only when what was scanned into its box equals its lines (409 with the difference, SKU by
 * SKU, otherwise: the packing slip is what was scanned, not what was ordered). The move itself is the job module's
 * (packed → dispatched: the reserved units leave the shelf), in the same transaction; the units become dispatched
 * and the shipment keeps carrier, tracking number, site and instant.
 */
export async function dispatchJob(store: Store, principal: Principal, id: string, input: { carrier: string; trackingNumber: string }, now: Date) {
  return store.transaction(async (repos) => {
    const job = await lockJobForChange(repos, principal, id);
    const difference = (await repos.warehouse.packLines(id)).filter((l) => l.packed !== l.required).map((l) => ({ sku: l.sku, packed: l.packed, required: l.required }));
    if (difference.length > 0) {
      const words = difference.map((d) => `${d.sku}: ${d.packed} packed of ${d.required}`).join('; ');
      throw new AppError('conflict', `Job ${job.number} cannot be dispatched: what was scanned into its box differs from its lines (${words}).`, { difference });
    }
    const moved = await changeJobStatusIn(repos, principal, id, 'dispatched', `Handed to ${input.carrier}, tracking number ${input.trackingNumber}.`, now, 'dispatch');
    await repos.warehouse.shipUnits(id);
    await repos.warehouse.insertShipment({ job_id: id, dealer_id: principal.dealerId, site_id: job.site_id, carrier: input.carrier, tracking_number: input.trackingNumber, dispatched_at: now, dispatched_by: principal.id });
    return { id, number: job.number, status: moved.status, carrier: input.carrier, trackingNumber: input.trackingNumber, dispatchedAt: now.toISOString() };
  });
}

/**
 * Confirms delivery (by hand or from a carrier's report), at `at` or now: through the job module's status machine
 * (dispatched → delivered), and the shipment keeps the instant, so the dispatch → delivered time per site is known.
 * A delivery before the dispatch or in the future is 400.
 */
export async function confirmDelivery(store: Store, principal: Principal, id: string, at: Date | null, now: Date) {
  const deliveredAt = at ?? now;
  if (deliveredAt.getTime() > now.getTime()) throw new AppError('bad-request', 'body.at: a delivery cannot be confirmed for a time still to come.', { field: 'at' });
  return store.transaction(async (repos) => {
    const job = await lockJobForChange(repos, principal, id);
    const shipment = await repos.warehouse.shipment(id);
    if (shipment && deliveredAt < shipment.dispatched_at) throw new AppError('bad-request', `body.at: job ${job.number} was dispatched at ${shipment.dispatched_at.toISOString()}; it cannot have been delivered before.`, { field: 'at' });
    const moved = await changeJobStatusIn(repos, principal, id, 'delivered', `Delivered ${deliveredAt.toISOString()}.`, now);
    if (shipment) await repos.warehouse.setDelivered(id, deliveredAt, principal.id);
    const transitHours = shipment ? Math.round(((deliveredAt.getTime() - shipment.dispatched_at.getTime()) / HOUR_MS) * 10) / 10 : null;
    return { id, number: job.number, status: moved.status, deliveredAt: deliveredAt.toISOString(), transitHours };
  });
}
