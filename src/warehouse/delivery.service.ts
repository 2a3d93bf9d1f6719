import type { Store } from '../app/store.js';
import type { Principal } from '../auth/index.js';
import { readCsv } from '../imports/index.js';
import { AppError, isAppError } from '../platform/errors.js';
import { carrierColumns, readCarrierReport, type DeliveryOutcome } from './carrier-report.js';
import { confirmDelivery } from './dispatch.service.js';

/** What one tracking number's confirmation did: per job shipped under it, with the transit time kept per site. */
export interface DeliveryResult {
  row: number | null;
  trackingNumber: string;
  outcome: DeliveryOutcome;
  message: string;
  jobs: { id: string; number: string; deliveredAt: string | null; transitHours: number | null }[];
}

const MAX_ROWS = 10_000;

/**
 * Confirms the delivery of what was dispatched under a tracking number (every job shipped under it, each in its own
 * transaction through confirmDelivery: the job module's status machine, and the shipment's delivered instant for the
 * per-site transit time). A job delivered before is `already-delivered` (nothing changes, so a carrier's report can be
 * sent twice); no shipment with the number is `unknown-tracking-number`; a time before the dispatch or still to come is
 * `bad-date`; a job the status machine will not move (cancelled) is `not-dispatched`.
 */
export async function confirmByTracking(store: Store, principal: Principal, trackingNumber: string, at: Date | null, now: Date, row: number | null = null): Promise<DeliveryResult> {
  const shipments = await store.repos.warehouse.shipmentsByTracking(principal.dealerId, trackingNumber);
  const where = row === null ? '' : `Line ${row}: `;
  if (shipments.length === 0) return { row, trackingNumber, outcome: 'unknown-tracking-number', message: `${where}nothing was dispatched with tracking number ${trackingNumber}.`, jobs: [] };
  const jobs: DeliveryResult['jobs'] = [];
  const outcomes: { outcome: DeliveryOutcome; message: string }[] = [];
  for (const shipment of shipments) {
    if (shipment.delivered_at !== null || ['delivered', 'completed'].includes(shipment.status)) {
      jobs.push({ id: shipment.job_id, number: shipment.number, deliveredAt: shipment.delivered_at?.toISOString() ?? null, transitHours: null });
      outcomes.push({ outcome: 'already-delivered', message: `${where}job ${shipment.number} was confirmed delivered before${shipment.delivered_at ? ` (${shipment.delivered_at.toISOString()})` : ''}; nothing changed.` });
      continue;
    }
    try {
      const done = await confirmDelivery(store, principal, shipment.job_id, at, now);
      jobs.push({ id: done.id, number: done.number, deliveredAt: done.deliveredAt, transitHours: done.transitHours });
      outcomes.push({ outcome: 'confirmed', message: `${where}job ${done.number} delivered ${done.deliveredAt}${done.transitHours === null ? '' : `, ${done.transitHours} h after dispatch`}.` });
    } catch (error) {
      if (!isAppError(error, 'bad-request') && !isAppError(error, 'conflict')) throw error;
      jobs.push({ id: shipment.job_id, number: shipment.number, deliveredAt: null, transitHours: null });
      outcomes.push({ outcome: error.code === 'bad-request' ? 'bad-date' : 'not-dispatched', message: `${where}${error.message.replace(/^body\.at: /, '')}` });
    }
  }
  // Several jobs under one number: a confirmation counts first, then a refusal, then "already".
  const rank: DeliveryOutcome[] = ['confirmed', 'bad-date', 'not-dispatched', 'already-delivered'];
  const first = [...outcomes].sort((a, b) => rank.indexOf(a.outcome) - rank.indexOf(b.outcome))[0]!;
  return { row, trackingNumber, outcome: first.outcome, message: outcomes.map((o) => o.message).join(' '), jobs };
}

/** A carrier's delivery report as imported: counts per outcome and every row. */
export interface CarrierImportReport {
  rows: number;
  confirmed: number;
  alreadyDelivered: number;
  unknownTrackingNumber: number;
  badDate: number;
  notDispatched: number;
  results: DeliveryResult[];
}

/**
 * Imports a carrier's delivery report (CSV: a tracking number and a delivered-at column, named as carriers name them):
 * each row confirmed on its own, so a bad row never spoils the others, and the answer says per row, with its line
 * number, what became of it. A file without those columns, not CSV, or of more than 10,000 rows is 400 as a whole.
 */
export async function importCarrierReport(store: Store, principal: Principal, csv: string, now: Date): Promise<CarrierImportReport> {
  const table = readCsv(csv);
  const columns = carrierColumns(table.header);
  if (typeof columns === 'string') throw new AppError('bad-request', columns);
  if (table.records.length > MAX_ROWS) throw new AppError('bad-request', `The file has ${table.records.length} rows; send at most ${MAX_ROWS} at a time.`);
  const results: DeliveryResult[] = [];
  for (const row of readCarrierReport(table, columns)) {
    if ('outcome' in row) results.push({ row: row.row, trackingNumber: row.trackingNumber, outcome: row.outcome, message: row.message, jobs: [] });
    else results.push(await confirmByTracking(store, principal, row.trackingNumber, row.at, now, row.row));
  }
  const count = (outcome: DeliveryOutcome) => results.filter((r) => r.outcome === outcome).length;
  return {
    rows: results.length, confirmed: count('confirmed'), alreadyDelivered: count('already-delivered'), unknownTrackingNumber: count('unknown-tracking-number'),
    badDate: count('bad-date'), notDispatched: count('not-dispatched'), results,
  };
}
