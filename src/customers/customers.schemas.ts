import { z } from 'zod';
import type { CustomerRow, SiteRow } from '../db/schema.js';
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

export const Site = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  name: z.string(),
  address: z.string().nullable(),
  city: z.string().nullable(),
  postcode: z.string().nullable(),
  country: z.string().nullable(),
});

/** The API shape of a customer row. */
export function presentCustomer(row: CustomerRow): z.infer<typeof Customer> {
  return { id: row.id, name: row.name, externalRef: row.external_ref, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}

/** The API shape of a site row. */
export function presentSite(row: SiteRow): z.infer<typeof Site> {
  return { id: row.id, customerId: row.customer_id, name: row.name, address: row.address, city: row.city, postcode: row.postcode, country: row.country };
}
