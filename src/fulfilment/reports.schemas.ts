import { z } from 'zod';
import { Timestamp } from '../http/schemas.js';
import { AGE_BUCKETS } from './reports.js';
import { JobStatus } from './fulfilment.schemas.js';

const Ages = z.object({
  under1Day: z.number().int().describe('Entered their status less than 24 hours ago'),
  days1To3: z.number().int().describe('1 day or more, less than 3'),
  days3To7: z.number().int().describe('3 days or more, less than 7'),
  over7Days: z.number().int().describe('7 days or more'),
}) satisfies z.ZodType<Record<(typeof AGE_BUCKETS)[number], number>>;

export const ReportSummary = z.object({
  at: z.iso.datetime().describe('The instant the ages were measured at'),
  statuses: z.array(z.object({
    status: JobStatus,
    total: z.number().int(),
    ages: Ages,
    oldestSince: z.iso.datetime().nullable().describe('When the job longest in this status entered it; null when none is'),
  })).describe('Every status in the order a job goes through them, with its jobs per age: the time since each entered the status it is in'),
  backorders: z.object({ lines: z.number().int(), overdue: z.number().int().describe('Lines whose expected date has passed') }),
  exceptions: z.object({
    open: z.number().int(),
    byReason: z.object({ 'unknown-serial': z.number().int(), 'no-sku': z.number().int() }),
    oldestSince: z.iso.datetime().nullable(),
  }).describe('Requests the job creator could not turn into a job line, still outstanding'),
  excess: z.object({ pending: z.number().int().describe('Flagged jobs waiting for a dispatcher\'s confirmation'), confirmed: z.number().int() }).describe('Jobs flagged for excess supply, cancelled ones left out'),
});

export const LimitQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) });

export const BackorderLine = z.object({
  lineId: z.uuid(),
  sku: z.string(),
  description: z.string(),
  color: z.string().nullable(),
  kind: z.string(),
  quantity: z.number().int(),
  job: z.object({ id: z.uuid(), number: z.string(), status: JobStatus }),
  customerId: z.uuid(),
  customer: z.string(),
  serial: z.string().nullable(),
  expectedAt: z.iso.datetime().nullable().describe('When the item is expected (its next delivery, else after the lead time)'),
  overdue: z.boolean().describe('The expected date has passed'),
  waitingSince: z.iso.datetime().describe('When the line was added to its job: the request was taken then'),
  daysWaiting: z.number().int().describe('Whole days since waitingSince'),
});

export const ExcessQuery = LimitQuery.extend({
  confirmed: z.enum(['true', 'false']).optional().describe('true: only flags a dispatcher confirmed; false: only those waiting; absent: both'),
});

export const ExcessJob = z.object({
  id: z.uuid(),
  number: z.string(),
  status: JobStatus,
  deviceId: z.uuid(),
  serial: z.string().nullable(),
  customerId: z.uuid(),
  customer: z.string(),
  createdAt: z.iso.datetime(),
  figures: z.array(z.object({
    supplyIndex: z.number().int(), color: z.string().nullable(), kind: z.string(), shipped: z.number(), since: z.string(), pagesPrinted: z.number(),
    pagesAxis: z.enum(['total', 'color']).describe('Which pages pagesPrinted and yieldPages count: colour pages for a colour supply on a device that reports them, else every page'),
    yieldPages: z.number(), cartridgesUsed: z.number(), ahead: z.number(), threshold: z.number(), message: z.string(),
  })).describe('One entry per colour flagged, as the guard computed it when the line was added'),
  confirmed: z.boolean(),
  confirmedAt: z.iso.datetime().nullable(),
  confirmedBy: z.string().nullable().describe('The name of the dispatcher who confirmed it'),
});

export const PeriodQuery = z.object({
  from: Timestamp.optional().describe('Start of the period (inclusive); 90 days before `to` when absent'),
  to: Timestamp.optional().describe('End of the period (exclusive); now when absent'),
});

const Consumption = z.object({
  customerId: z.uuid(),
  customer: z.string(),
  shipped: z.number().int().describe('Toner and ink cartridges on the lines of this customer\'s jobs dispatched in the period (the job history\'s move to dispatched); back-order lines and jobs cancelled since left out'),
  consumed: z.number().int().describe('Cartridge cycles of this customer\'s printers (toner and ink supplies) that ended in the period, the cartridge emptied or swapped out: one cycle ended is one cartridge consumed'),
  ratio: z.number().nullable().describe('shipped ÷ consumed, two decimals; null when nothing was consumed. Above 1 the customer is collecting spares'),
});

export const ShippedVsConsumed = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  customers: z.array(Consumption).describe('Every customer that was shipped or consumed a cartridge in the period, the highest ratio first (shipped without any consumed first of all)'),
  totals: z.object({ shipped: z.number().int(), consumed: z.number().int(), ratio: z.number().nullable() }),
});
