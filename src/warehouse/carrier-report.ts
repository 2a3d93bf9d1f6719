import type { CsvTable } from '../imports/index.js';
import { Timestamp } from '../http/schemas.js';

/** What became of one row of a carrier's delivery report. */
export const DELIVERY_OUTCOMES = ['confirmed', 'already-delivered', 'unknown-tracking-number', 'bad-date', 'not-dispatched'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** A row read: the tracking number and when it was delivered, or why the row cannot be used. */
export type CarrierRow = { row: number; trackingNumber: string; at: Date } | { row: number; trackingNumber: string; outcome: 'bad-date' | 'unknown-tracking-number'; message: string };

// Carriers name the columns their own way ("Tracking No.", "parcel_number", "POD date"): compared without case or separators.
const squash = (header: string) => header.normalize('NFC').toLowerCase().replace(/[^a-z0-9]/g, '');
const TRACKING = ['trackingnumber', 'tracking', 'trackingno', 'trackingid', 'trackingcode', 'parcelnumber', 'parcelno', 'parcel', 'consignmentnumber', 'consignment', 'shipmentnumber', 'awb'];
const DELIVERED = ['deliveredat', 'delivered', 'deliverydate', 'deliverytime', 'delivereddate', 'deliveredon', 'poddate', 'podtime', 'pod', 'date', 'timestamp'];

/** The columns of the tracking number and the delivery instant, or what is missing, in a sentence. */
export function carrierColumns(header: readonly string[]): { tracking: number; delivered: number } | string {
  const find = (names: readonly string[]) => {
    const squashed = header.map(squash);
    for (const name of names) {
      const at = squashed.indexOf(name);
      if (at >= 0) return at;
    }
    return -1;
  };
  const tracking = find(TRACKING);
  const delivered = find(DELIVERED);
  const missing = [tracking < 0 && 'a tracking number column (trackingNumber)', delivered < 0 && 'a delivery time column (deliveredAt)'].filter(Boolean);
  if (missing.length > 0) return `The file's header needs ${missing.join(' and ')}; it has ${header.map((h) => h.trim()).filter(Boolean).join(', ').slice(0, 200) || 'no names'}.`;
  return { tracking, delivered };
}

/**
 * When a carrier says it delivered: an ISO 8601 date-time with its UTC offset (a space for the T is taken). A time
 * without an offset is refused rather than guessed: the same wall-clock time is hours apart in two time zones, and the
 * transit time learned from it would be wrong. Null when it is fine, else why.
 */
export function deliveredAtProblem(text: string): string | null {
  if (text === '') return 'no delivery time';
  const iso = text.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso)) return `${text} has no UTC offset; write it as 2026-11-23T10:12:00Z or with +01:00`;
  const parsed = Timestamp.safeParse(iso);
  return parsed.success ? null : `${text} is not an ISO 8601 date-time such as 2026-11-23T10:12:00Z`;
}

/** Reads a carrier's delivery report row by row (a bad row never spoils the others), with each row's line number in the file. Pure. */
export function readCarrierReport(table: CsvTable, columns: { tracking: number; delivered: number }): CarrierRow[] {
  return table.records.map((record) => {
    const trackingNumber = (record.values[columns.tracking] ?? '').trim();
    const delivered = (record.values[columns.delivered] ?? '').trim();
    if (trackingNumber === '') return { row: record.line, trackingNumber, outcome: 'unknown-tracking-number' as const, message: `Line ${record.line} has no tracking number.` };
    const problem = deliveredAtProblem(delivered);
    if (problem) return { row: record.line, trackingNumber, outcome: 'bad-date' as const, message: `Line ${record.line}: ${problem}.` };
    return { row: record.line, trackingNumber, at: new Date(Date.parse(delivered.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2'))) };
  });
}
