import { z } from 'zod';
import type { FulfilmentExceptionRow, SupplyJobCommentRow, SupplyJobLineRow, SupplyJobRow, SupplyJobStatus } from '../db/schema.js';
import { Device } from '../devices/index.js';
import { text, Text } from '../http/schemas.js';
import { orderLabelOf } from './order-label.js';
import { JOB_STATUSES } from './status.js';

export const JobStatus = z.enum(JOB_STATUSES as [SupplyJobStatus, ...SupplyJobStatus[]]);
const SelectedBy = z.enum(['contract-default', 'related-stock', 'part-number', 'manual']);

/** How many jobs are in each status. */
export const JobCounts = z.object(Object.fromEntries(JOB_STATUSES.map((s) => [s, z.number().int()])) as Record<SupplyJobStatus, z.ZodNumber>);

const Line = z.object({
  id: z.uuid(),
  requestId: z.uuid(),
  sku: z.string(),
  description: z.string(),
  color: z.string().nullable(),
  quantity: z.number().int(),
  backorder: z.boolean().describe('Out of stock when the job went ready and no substitute could fill it; expectedAt says when it should come'),
  selectedBy: SelectedBy.describe('How the SKU was chosen: the contract\'s default stock, the model\'s related stock, a part-number match, or by hand (an exception fixed)'),
  kind: z.string(),
  supplyIndex: z.number().int(),
  expectedAt: z.iso.datetime().nullable().describe('For a back order: when it is expected'),
  substituteOf: z.uuid().nullable().describe('The stock item this line was meant to ship when a substitute fills it'),
  why: z.string().nullable().describe('Why this job and why this SKU, in words (null for a customer key user)'),
  completedAt: z.iso.datetime().nullable().describe('When the request\'s loop closed: the new cartridge was seen installed'),
});

const Comment = z.object({ id: z.uuid(), body: z.string(), createdAt: z.iso.datetime(), author: z.object({ kind: z.string(), id: z.string(), name: z.string() }) });

const ExcessFigures = z.object({
  supplyIndex: z.number().int(), color: z.string().nullable(), kind: z.string(), shipped: z.number(), since: z.string(), pagesPrinted: z.number(),
  pagesAxis: z.enum(['total', 'color']).optional().describe('Which pages pagesPrinted and yieldPages count: colour pages for a colour supply on a device that reports them (against the rated yield), else every page (flags older than this field: every page)'),
  yieldPages: z.number(),
  cartridgesUsed: z.number(), ahead: z.number(), threshold: z.number(), message: z.string(),
});

/** The CONTRACT job shape, plus what the board shows next to it. */
export const Job = z.object({
  id: z.uuid(),
  number: z.string().describe('Human-readable, per dealer (J-000123): the B2B ID written on the requests it took'),
  orderLabel: z.string().describe('What the order label on its pick list and box carries (Code 128): the job number. The scan station pairs each unit with it'),
  status: JobStatus,
  deviceId: z.uuid(),
  serial: z.string().nullable(),
  customer: z.string(),
  customerId: z.uuid(),
  siteId: z.uuid().nullable(),
  siteName: z.string().nullable().describe('The name of the site the printer stands at, for the board'),
  createdAt: z.iso.datetime(),
  statusChangedAt: z.iso.datetime(),
  expectedAt: z.iso.datetime().nullable().describe('Expected delivery of its back orders (the latest); null when nothing is back-ordered'),
  excess: z.object({
    figures: z.array(ExcessFigures),
    confirmedAt: z.iso.datetime().nullable(),
    confirmedBy: z.string().nullable(),
  }).nullable().describe('Set when the job would ship more than the printer could have used: the figures, and whether a dispatcher confirmed it (it cannot go ready before). Null for a customer key user'),
  lines: z.array(Line),
  comments: z.array(Comment).describe('Empty for a customer key user'),
  allowedMoves: z.array(JobStatus).describe('The statuses the caller may move this job to now with POST /jobs/{id}/status, as the status machine says for their role (not packed or dispatched, which the scan station and dispatch make; not ready while an excess flag waits for confirmation); empty for a customer key user'),
});

const HistoryEntry = z.object({
  at: z.string(), from: JobStatus.nullable(), to: JobStatus, why: z.string().nullable(),
  actor: z.object({ kind: z.string(), id: z.string(), name: z.string() }),
});

export const JobDetail = Job.extend({
  device: Device.nullable().describe('The printer with its supplies, levels and forecasts, as on /devices/{id}'),
  lastSupplyJob: z.object({ id: z.uuid(), number: z.string(), status: JobStatus, createdAt: z.iso.datetime() }).nullable().describe("The printer's supply job before this one"),
  pagesSinceLastSupplyJob: z.number().int().nullable().describe('Pages printed since the last supply job was made; null without one or without meters'),
  history: z.array(HistoryEntry).describe('Every status change with who and why (empty for a customer key user)'),
});

export const JobQuery = z.object({
  status: JobStatus.optional(),
  deviceId: z.uuid('must be a UUID').optional(),
  customerId: z.uuid('must be a UUID').optional(),
  siteId: z.uuid('must be a UUID').optional(),
  olderThanDays: z.coerce.number().min(0).max(3650).optional().describe('Only jobs created at least this many days ago (the board\'s age filter)'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const StatusBody = z.object({ status: JobStatus, comment: text({ max: 2000, min: 0 }).optional() });
export const CommentBody = z.object({ body: Text.trim().min(1, 'must not be empty').max(2000) });
export const ConfirmBody = z.object({ comment: Text.trim().min(1, 'must say why the excess supply should ship').max(2000) });
export const ResolveBody = z.object({
  sku: text({ max: 100 }).optional().describe('The SKU to ship for the supplies no rule matched (the line is then selectedBy manual)'),
  deviceId: z.uuid('must be a UUID').optional().describe('The printer that gets the toner, when the request\'s serial matches no printer'),
});

export const RunResult = z.object({
  created: z.number().int(), consolidated: z.number().int(), exceptions: z.number().int(),
  failed: z.number().int().describe('Requests that failed for another reason (logged); they stay outstanding for the next run'),
});

export const Exception = z.object({
  id: z.uuid(),
  requestId: z.uuid(),
  deviceId: z.uuid(),
  serial: z.string().nullable().describe('The serial the request was raised for'),
  customer: z.string(),
  supply: z.object({ index: z.number().int(), kind: z.string().nullable(), color: z.string().nullable(), partNumber: z.string().nullable() }),
  reason: z.enum(['unknown-serial', 'no-sku']),
  message: z.string(),
  createdAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().nullable(),
  resolvedBy: z.string().nullable(),
  jobId: z.uuid().nullable(),
});

export const RunSettings = z.object({
  runEveryMinutes: z.number().int().min(5).max(1440).describe('Minutes between runs of the job creator; 60 by default (Jim2 polls hourly)'),
  lastRunAt: z.iso.datetime().nullable(),
});

type ListedJob = SupplyJobRow & { serial: string | null; customer_name: string; site_name: string | null };

/** The API shape of a job; a customer key user sees status, lines and expected delivery, not the dealer's notes. */
export function presentJob(row: ListedJob, lines: SupplyJobLineRow[], comments: SupplyJobCommentRow[], forCustomer: boolean, allowedMoves: SupplyJobStatus[]): z.infer<typeof Job> {
  return {
    id: row.id, number: row.number, orderLabel: orderLabelOf(row.number), status: row.status, deviceId: row.device_id, serial: row.serial, customer: row.customer_name, customerId: row.customer_id, siteId: row.site_id, siteName: row.site_name,
    createdAt: row.created_at.toISOString(), statusChangedAt: row.status_changed_at.toISOString(), expectedAt: row.expected_at?.toISOString() ?? null,
    excess: row.excess === null || forCustomer ? null : { figures: row.excess as unknown as z.infer<typeof ExcessFigures>[], confirmedAt: row.excess_confirmed_at?.toISOString() ?? null, confirmedBy: row.excess_confirmed_by },
    lines: lines.map((l) => ({
      id: l.id, requestId: l.request_id, sku: l.sku, description: l.description, color: l.color, quantity: l.quantity, backorder: l.backorder, selectedBy: l.selected_by,
      kind: l.kind, supplyIndex: l.supply_index, expectedAt: l.expected_at?.toISOString() ?? null, substituteOf: l.substitute_of, why: forCustomer ? null : l.why, completedAt: l.completed_at?.toISOString() ?? null,
    })),
    comments: forCustomer ? [] : comments.map((c) => ({ id: c.id, body: c.body, createdAt: c.created_at.toISOString(), author: { kind: c.author_kind, id: c.author_id, name: c.author_name } })),
    allowedMoves,
  };
}

/** The API shape of an exception. */
export function presentException(x: FulfilmentExceptionRow & { serial: string | null; customer_name: string; supply_index: number; kind: string | null; color: string | null; part_number: string | null }): z.infer<typeof Exception> {
  return {
    id: x.id, requestId: x.request_id, deviceId: x.device_id, serial: x.serial, customer: x.customer_name,
    supply: { index: x.supply_index, kind: x.kind, color: x.color, partNumber: x.part_number }, reason: x.reason, message: x.message,
    createdAt: x.created_at.toISOString(), resolvedAt: x.resolved_at?.toISOString() ?? null, resolvedBy: x.resolved_by, jobId: x.job_id,
  };
}
