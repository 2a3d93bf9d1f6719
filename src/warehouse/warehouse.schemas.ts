import { z } from 'zod';
import { text, Text, Timestamp } from '../http/schemas.js';
import { SCAN_REFUSALS } from './scan.js';

const Sku = text({ max: 100 }).describe('The stock item\'s SKU, as in the catalogue');
const Location = text({ max: 40 }).describe('The bin the units go to; MAIN unless named').optional();

export const ReceiptBody = z.union([
  z.strictObject({ sku: Sku, quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500 (one receipt per pallet)').describe('Units to label: a label is printed for each; they count as on hand once each is scanned in at its bin'), location: Location }),
  z.strictObject({ sku: Sku, serials: z.array(Text.trim()).min(1, 'must list at least one serial').max(500, 'must list at most 500 serials').describe('The unique serials the boxes already carry (scanned): those units are in stock at once'), location: Location }),
]).describe('Either a quantity to label, or the serials the boxes carry');

export const Receipt = z.object({
  id: z.uuid().describe('The goods receipt: its label sheet is /warehouse/receipts/{id}/labels.pdf'),
  sku: z.string(),
  location: z.string(),
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
