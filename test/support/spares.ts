import { randomUUID } from 'node:crypto';
import type { Store } from '../../src/app/store.js';
import { insertJob, insertRequest, type DealerWorld } from './factories.js';

const DAY = 86_400_000;

/**
 * A cartridge of a printer's black toner (the world's stock item, CF259A) delivered to it by supply job `number` at
 * `deliveredAt` and not yet installed: its request actioned, its job delivered, the line open. `installed` closes the
 * line and completes both, as loop closure does once the collector sees the cartridge go in.
 */
export async function deliverSpare(store: Store, world: DealerWorld, device: { id: string; customer_id: string; site_id: string | null }, number: string, deliveredAt: Date, installed = false) {
  const request = await insertRequest(store, world.dealer.id, device.id, device.customer_id, 1);
  const job = await insertJob(store, world.dealer.id, device, number);
  await store.db.updateTable('consumable_requests').set({ status: installed ? 'completed' : 'actioned', external_id: number }).where('id', '=', request.id).execute();
  await store.db.updateTable('supply_jobs').set({ status: installed ? 'completed' : 'delivered', status_changed_at: deliveredAt }).where('id', '=', job.id).execute();
  await store.db.insertInto('supply_job_lines').values({
    id: randomUUID(), dealer_id: world.dealer.id, job_id: job.id, request_id: request.id, supply_index: 1, stock_item_id: world.stockItem.id, sku: world.stockItem.sku,
    description: world.stockItem.description, color: 'black', kind: 'toner', quantity: 1, selected_by: 'part-number', why: 'Fits CF259A.', created_at: deliveredAt,
    completed_at: installed ? new Date(deliveredAt.getTime() + DAY) : null,
  }).execute();
  await store.db.insertInto('shipments').values({
    job_id: job.id, dealer_id: world.dealer.id, site_id: device.site_id, carrier: 'DPD', tracking_number: `TRK-${number}`, dispatched_at: new Date(deliveredAt.getTime() - DAY),
    dispatched_by: world.admin.id, delivered_at: deliveredAt, delivered_by: world.admin.id,
  }).execute();
  return { requestId: request.id, jobId: job.id };
}

/** Gives a printer's black toner a forecast made at `asOf`: `days` left, its band ±20 %. */
export async function setTonerForecast(store: Store, deviceId: string, days: number, asOf: Date) {
  const at = asOf.getTime();
  const forecast = { daysRemaining: days, daysRemainingLow: days * 0.8, daysRemainingHigh: days * 1.2, pagesRemaining: days * 100, depletionDate: new Date(at + days * DAY).toISOString(), basis: 'Test.', asOf: asOf.toISOString() };
  await store.db.updateTable('supplies').set({ forecast: JSON.stringify(forecast) }).where('device_id', '=', deviceId).where('supply_index', '=', 1).execute();
}
