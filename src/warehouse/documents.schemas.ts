import { z } from 'zod';

export const PickListQuery = z.object({
  jobIds: z.string().optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return null;
      const ids = value.split(',').map((id) => id.trim());
      const bad = ids.find((id) => !z.uuid().safeParse(id).success);
      if (bad !== undefined) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(bad.slice(0, 40))} is not a job id (UUID)` });
      if (ids.length > 200) ctx.addIssue({ code: 'custom', message: 'must name at most 200 jobs (one wave)' });
      return [...new Set(ids)];
    })
    .describe('The jobs of the wave, comma-separated ids (each must be ready); every ready job when left out'),
});

const Address = z.object({
  customer: z.string(), name: z.string().describe('The site'), address: z.string().nullable(), postcode: z.string().nullable(), city: z.string().nullable(), country: z.string().nullable(),
});

export const PickList = z.object({
  generatedAt: z.iso.datetime(),
  bins: z.array(z.object({
    location: z.string().describe('The bin: walk the bins in this order'),
    items: z.array(z.object({ sku: z.string(), description: z.string(), quantity: z.number().int().describe('Units to take from this bin'), jobs: z.array(z.object({ number: z.string(), quantity: z.number().int() })) })),
  })).describe('What to pick, bin by bin'),
  backorders: z.array(z.object({ jobNumber: z.string(), sku: z.string(), description: z.string(), quantity: z.number().int() })).describe('Lines not in stock: not picked'),
  jobs: z.array(z.object({
    id: z.uuid(), number: z.string(),
    orderLabel: z.string().describe('The Code 128 order label on the printed list: scanned after each unit to put it into this job\'s box'),
    customer: z.string(),
    deliverTo: Address.nullable().describe('The printer\'s site; null when the printer has no site (give it one before dispatch)'),
    printer: z.object({ serial: z.string().nullable(), model: z.string().nullable(), location: z.string().nullable() }),
    lines: z.array(z.object({ sku: z.string(), description: z.string(), quantity: z.number().int(), location: z.string().nullable().describe('The bin it is reserved at; null for a back order'), backorder: z.boolean(), expectedAt: z.iso.datetime().nullable() })),
  })),
});

export const DiscrepancyQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200).describe('How many jobs to check, most recently moved first (from ready on)') });

export const Discrepancies = z.object({
  picking: z.object({ tracked: z.boolean(), note: z.string() }).describe('Whether picking is counted apart from packing (it is not: the packing scan picks)'),
  jobsChecked: z.number().int(),
  jobs: z.array(z.object({
    id: z.uuid(), number: z.string(), status: z.string(), statusChangedAt: z.iso.datetime(),
    lines: z.array(z.object({
      sku: z.string(),
      ordered: z.number().int().describe('What the job\'s lines ask for'),
      picked: z.null().describe('Not tracked apart from packing'),
      packed: z.number().int().describe('Units scanned into its box'),
      shipped: z.number().int().describe('What left with it: its lines once dispatched (by /dispatch or the status route), else 0'),
      differs: z.boolean(),
    })),
  })).describe('Only the jobs whose counts differ: a ready job whose box holds more than ordered; a packed job whose box differs from its lines; a dispatched, delivered or completed job whose ordered, packed and shipped are not all equal'),
});
