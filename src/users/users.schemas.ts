import { z } from 'zod';
import { ROLES, type UserRow } from '../db/schema.js';
import { Text, text } from '../http/schemas.js';

export const UserInput = z
  .object({
    email: z.email('must be an e-mail address').max(254),
    name: text({ max: 200 }),
    password: Text.min(10, 'must be at least 10 characters').max(200),
    role: z.enum(ROLES as [string, ...string[]]),
    customerId: z.uuid('must be a UUID').nullish(),
  })
  .refine((u) => (u.role === 'customer-key-user') === Boolean(u.customerId), {
    message: 'A customer key user needs a customerId, and only a customer key user may have one.',
    path: ['customerId'],
  });

export const User = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  customerId: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  disabled: z.boolean(),
});

/** The API shape of a user (never the password hash). */
export function presentUser(row: UserRow): z.infer<typeof User> {
  return { id: row.id, email: row.email, name: row.name, role: row.role, customerId: row.customer_id, createdAt: row.created_at.toISOString(), disabled: row.disabled_at !== null };
}
