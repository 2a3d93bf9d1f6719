import { z } from 'zod';
import type { ContractRow } from '../db/schema.js';
import { Timestamp, text } from '../http/schemas.js';
import { requestSettingsOverrideSchema, parseStoredOverride } from '../requests/index.js';

const name = text({ max: 200 });

const fields = {
  name: name.describe('Contract name, unique within the customer'),
  autoReplenish: z.boolean().describe('Whether the devices it covers are entitled to automatic replenishment'),
  validFrom: Timestamp.nullable().describe('Start of the contract; null for "since always"'),
  validUntil: Timestamp.nullable().describe('End of the contract; null for open-ended'),
  deviceIds: z.array(z.uuid('must be a UUID')).max(10_000).nullable()
    .describe("The customer's devices it covers; null covers all of the customer's devices, present and future"),
  settings: requestSettingsOverrideSchema.describe('Request-setting overrides for the devices it covers; absent or null fields inherit from the customer'),
};

const validRange = (v: { validFrom?: string | null; validUntil?: string | null }) => !v.validFrom || !v.validUntil || Date.parse(v.validFrom) <= Date.parse(v.validUntil);
const rangeMessage = { message: 'validFrom must not be after validUntil.', path: ['validUntil'] };

export const ContractInput = z.object({
  customerId: z.uuid('must be a UUID'),
  name: fields.name,
  autoReplenish: fields.autoReplenish.default(true),
  validFrom: fields.validFrom.optional(),
  validUntil: fields.validUntil.optional(),
  deviceIds: fields.deviceIds.optional(),
  settings: fields.settings.optional(),
}).refine(validRange, rangeMessage);

export const ContractPatch = z.object(fields).partial()
  .refine((v) => Object.keys(v).length > 0, 'Give at least one field to change.')
  .refine(validRange, rangeMessage);

export const Contract = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  name: z.string(),
  autoReplenish: z.boolean(),
  validFrom: z.iso.datetime().nullable(),
  validUntil: z.iso.datetime().nullable(),
  coversAllDevices: z.boolean(),
  deviceIds: z.array(z.uuid()),
  settings: requestSettingsOverrideSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

/** The API shape of a contract and the devices it names. */
export function presentContract(row: ContractRow, deviceIds: string[]): z.infer<typeof Contract> {
  return {
    id: row.id, customerId: row.customer_id, name: row.name, autoReplenish: row.auto_replenish,
    validFrom: row.valid_from?.toISOString() ?? null, validUntil: row.valid_until?.toISOString() ?? null,
    coversAllDevices: row.covers_all_devices, deviceIds, settings: parseStoredOverride(row.request_settings),
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

