import { z } from 'zod';
import { text, Text, Timestamp } from '../http/schemas.js';
import { DELIVERY_OUTCOMES } from './carrier-report.js';
import { SCAN_REFUSALS } from './scan.js';

const Sku = text({ max: 100 }).describe('The stock item\'s SKU, as in the catalogue');
const Location = text({ max: 40 }).describe('The bin the units go to; MAIN unless named').optional();
const PurchaseOrderId = z.uuid().optional().describe('The purchase order the units arrive against: they count for its line as they are counted in (scanned in, or registered by serial); left out for a free receipt');

export const ReceiptBody = z.union([
  z.strictObject({ sku: Sku, quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500 (one receipt per pallet)').describe('Units to label: a label is printed for each; they count as on hand once each is scanned in at its bin'), location: Location, purchaseOrderId: PurchaseOrderId }),
  z.strictObject({ sku: Sku, serials: z.array(Text.trim()).min(1, 'must list at least one serial').max(500, 'must list at most 500 serials').describe('The unique serials the boxes already carry (scanned): those units are in stock at once'), location: Location, purchaseOrderId: PurchaseOrderId }),
]).describe('Either a quantity to label, or the serials the boxes carry');

export const Receipt = z.object({
  id: z.uuid().describe('The goods receipt: its label sheet is /warehouse/receipts/{id}/labels.pdf'),
  sku: z.string(),
  location: z.string(),
  purchaseOrderId: z.uuid().nullable().describe('The purchase order received against; null for a free receipt'),
  units: z.array(z.object({
    label: z.string().describe('The unit label (Code 128): U and ten base-32 characters'),
    serial: z.string().nullable().describe('The box\'s own serial, when registered by serial'),
    status: z.enum(['labelled', 'in-stock']).describe('labelled: not counted until scanned in at its bin; in-stock: counted'),
  })),
  backordersFilled: z.array(z.string()).describe('Numbers of the jobs whose back orders this receipt filled, oldest first'),
});

export const StationName = text({ max: 64 }).describe('The scan station (bench) the scan is made at: any name; its state is kept per name');

export const ScanBody = z.object({
  station: StationName,
  code: text({ max: 200 }).describe('What the scanner read (a keyboard-wedge scanner types it and Enter)'),
  mode: z.enum(['pack', 'receive']).default('pack').describe('pack: pairs of unit label, then order label of its box (default). receive: labelled units counted in at their bins'),
});

const ScanLine = z.object({ sku: z.string(), packed: z.number().int().describe('Units scanned into the box (receive: units counted in)'), required: z.number().int().describe('Units the job\'s lines need (receive: units on the receipt)') });

export const ScanAnswer = z.object({
  accepted: z.boolean(),
  reason: z.enum(SCAN_REFUSALS).nullable().describe('Why a scan was refused (null when accepted). The *-expected reasons name what the station expected: unit-label-expected when an order label came where a unit was due (the box label scanned twice), order-label-expected when a unit label came while a unit waits for its box label'),
  expecting: z.string().describe('What to scan next and why, in plain words; after a refusal it starts with why'),
  jobId: z.uuid().nullable().describe('The job being packed, whose lines follow'),
  lines: z.array(ScanLine),
  complete: z.boolean().describe('Every line is in the box: the job is packed'),
});

export const StationView = ScanAnswer.omit({ accepted: true, reason: true });

export const DispatchBody = z.strictObject({
  carrier: text({ max: 100 }).describe('Who carries it (e.g. DPD)'),
  trackingNumber: text({ max: 100 }).describe('The carrier\'s tracking number, scanned or typed'),
});

export const Dispatched = z.object({ id: z.uuid(), number: z.string(), status: z.string(), carrier: z.string(), trackingNumber: z.string(), dispatchedAt: z.iso.datetime() });

export const DeliveredBody = z.strictObject({ at: Timestamp.optional().describe('When it was delivered (a carrier\'s report); now when left out') });

export const Delivered = z.object({
  id: z.uuid(), number: z.string(), status: z.string(), deliveredAt: z.iso.datetime(),
  transitHours: z.number().nullable().describe('Dispatch to delivery, in hours (kept per site: lead times are learned from it); null when it was not dispatched through /dispatch'),
});

export const DeliveryBody = z.strictObject({
  trackingNumber: text({ max: 100 }).describe('The tracking number the job was dispatched with'),
  at: Timestamp.optional().describe('When it was delivered (the carrier\'s time); now when left out'),
});

export const DeliveryResult = z.object({
  row: z.number().int().nullable().describe('The line of the file (a carrier\'s report); null for an API call'),
  trackingNumber: z.string(),
  outcome: z.enum(DELIVERY_OUTCOMES).describe('confirmed; already-delivered (nothing changed); unknown-tracking-number; bad-date (not an ISO 8601 date-time with offset, before the dispatch, or still to come); not-dispatched (the job is not on its way, e.g. cancelled)'),
  message: z.string().describe('What happened, in a sentence per job'),
  jobs: z.array(z.object({ id: z.uuid(), number: z.string(), deliveredAt: z.iso.datetime().nullable(), transitHours: z.number().nullable().describe('Dispatch to delivery in hours, kept per site') })),
});

export const CarrierImportResult = z.object({
  rows: z.number().int(), confirmed: z.number().int(), alreadyDelivered: z.number().int(), unknownTrackingNumber: z.number().int(), badDate: z.number().int(), notDispatched: z.number().int(),
  results: z.array(DeliveryResult).describe('Every row, in the file\'s order'),
});

export const CarrierImportBody = z.string().describe('CSV with a header: a tracking number column (trackingNumber, tracking, parcel number, …) and a delivery time column (deliveredAt, delivered, delivery date, POD date, …), ISO 8601 with offset');
