import { z } from 'zod';
import type { CustomerRow, SiteRow } from '../db/schema.js';
import type { LearnedLeadTime } from '../lead-times/index.js';
import { text } from '../http/schemas.js';

export const CustomerInput = z.object({
  name: text({ max: 200 }).describe('Customer (company) name, unique within the dealer'),
  externalRef: text({ max: 100 }).nullish().describe("The customer's number in the dealer's ERP"),
});
export const CustomerPatch = CustomerInput.partial().refine((v) => Object.keys(v).length > 0, 'Give at least one field to change.');

export const Customer = z.object({
  id: z.uuid(),
  name: z.string(),
  externalRef: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const SiteInput = z.object({
  name: text({ max: 200 }),
  address: text({ max: 500 }).nullish(),
  city: text({ max: 200 }).nullish(),
  postcode: text({ max: 40 }).nullish(),
  country: text({ max: 100 }).nullish(),
});

/** A site as added: its address. */
export const NewSite = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  name: z.string(),
  address: z.string().nullable(),
  city: z.string().nullable(),
  postcode: z.string().nullable(),
  country: z.string().nullable(),
});

export const LeadTime = z.object({
  source: z.enum(['learned', 'setting', 'default']).describe('learned: from this site\'s recorded orders; setting: the lead-time setting its printers inherit (too few orders yet); default: the built-in distribution'),
  samples: z.number().int().describe('Orders recorded at this site in the window (also when too few to learn from)'),
  deliveries: z.number().int().describe('Of them, shipments of the warehouse: dispatched → delivered'),
  erpOrders: z.number().int().describe("Of them, an external ERP's requests: actioned → new cartridge seen installed"),
  windowDays: z.number().int().describe('Orders delivered within this many days count, the recent ones more'),
  minSamples: z.number().int().describe('Orders needed before the learned figures are used'),
  medianBusinessDays: z.number().int(),
  p90BusinessDays: z.number().int().describe('90th percentile, in business days'),
  distribution: z.array(z.object({ days: z.number().int().describe('Business days (weekends skipped; a same-day delivery is 0)'), weight: z.number().describe('Share, the weights sum to 1') }))
    .describe('What the service-level trigger uses for the printers at this site'),
  setting: z.object({ leadTimeDays: z.number().describe('Calendar days, as set'), level: z.enum(['dealer', 'customer', 'contract', 'device']) }).nullable()
    .describe('The lead-time setting fallen back on, when one was set; null when none was'),
  basis: z.string().describe('What the figures rest on, in one sentence'),
});

/** A site with the lead time of its orders. */
export const Site = NewSite.extend({ leadTime: LeadTime.describe('How long an order takes to reach this site: learned from its deliveries, else the setting, else the default') });

/** The API shape of a customer row. */
export function presentCustomer(row: CustomerRow): z.infer<typeof Customer> {
  return { id: row.id, name: row.name, externalRef: row.external_ref, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}

/** The API shape of a site row. */
export function presentNewSite(row: SiteRow): z.infer<typeof NewSite> {
  return { id: row.id, customerId: row.customer_id, name: row.name, address: row.address, city: row.city, postcode: row.postcode, country: row.country };
}

/** The API shape of a site with its lead time. */
export function presentSite({ site, leadTime }: { site: SiteRow; leadTime: LearnedLeadTime }): z.infer<typeof Site> {
  return { ...presentNewSite(site), leadTime };
}
