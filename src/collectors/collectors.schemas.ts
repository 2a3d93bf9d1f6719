import { z } from 'zod';
import type { CollectorRow } from '../db/schema.js';

export const CollectorInput = z.object({
  customerId: z.uuid('must be a UUID'),
  name: z.string().trim().min(1).max(200),
});

export const Collector = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  name: z.string(),
  tokenHint: z.string().describe('Last four characters of the token, to tell tokens apart'),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime().nullable(),
  revoked: z.boolean(),
});

export const CollectorCreated = Collector.extend({ token: z.string().describe('The bearer token; shown only in this response') });

export const CollectorConfig = z.object({
  collectorId: z.uuid(),
  customerId: z.uuid(),
  config: z.record(z.string(), z.unknown()).describe('What this collector polls and how; filled in by the collection module'),
});

/** The API shape of a collector (never its token or hash). */
export function presentCollector(row: CollectorRow): z.infer<typeof Collector> {
  return {
    id: row.id,
    customerId: row.customer_id,
    name: row.name,
    tokenHint: row.token_hint,
    createdAt: row.created_at.toISOString(),
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
    revoked: row.revoked_at !== null,
  };
}
