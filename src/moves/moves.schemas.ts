import { z } from 'zod';
import type { MoveListRow } from './moves.repository.js';

const Party = z.object({ id: z.uuid(), name: z.string() });

/** A move candidate as dealer staff see it: both customers, the collector, the device as it is now and what the reading showed. */
export const DeviceMove = z.object({
  id: z.uuid(),
  status: z.enum(['pending', 'confirmed', 'rejected', 'applied']).describe('`applied`: moved by the dealer setting autoApplyMoves, without staff'),
  device: z.object({
    id: z.uuid(), serial: z.string().nullable(), mac: z.string().nullable(), model: z.string().nullable(),
    customerId: z.uuid().describe('The customer it belongs to now'), lastSeenAt: z.iso.datetime().nullable(),
    pageCounter: z.number().nullable().describe('Its latest total page counter on record, to compare with the evidence'),
  }),
  from: Party.describe('The customer the device belonged to when the candidate was noted'),
  to: Party.describe("The customer whose collector read it"),
  collector: Party,
  firstSeenAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  evidence: z.object({
    readingId: z.uuid(), collectedAt: z.iso.datetime(), target: z.string(), protocol: z.string(), serial: z.string().nullable(), mac: z.string().nullable(), model: z.string().nullable(),
    pageCounter: z.number().nullable(),
  }).describe("The latest reading of the printer at the receiving customer"),
  readingsHeld: z.number().int().describe('Readings held for it: kept while pending, taken in on confirm, discarded on reject'),
  readingsRefused: z.number().int().describe('Readings refused after it was rejected'),
  createdAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(),
  decidedBy: z.uuid().nullable().describe('The user who confirmed or rejected it; null while pending and when the dealer setting applied it'),
});

export const MoveQuery = z.object({
  status: z.enum(['pending', 'confirmed', 'rejected', 'applied', 'all']).default('pending'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const MoveSettings = z.object({
  autoApplyMoves: z.boolean().describe("A printer of one customer read by another customer's collector moves there at once (audited), without staff confirming; off by default"),
}).strict();

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentMove(row: MoveListRow): z.infer<typeof DeviceMove> {
  return {
    id: row.id, status: row.status,
    device: {
      id: row.device_id, serial: row.device_serial, mac: row.device_mac, model: row.device_model, customerId: row.device_customer_id, lastSeenAt: iso(row.device_last_seen_at),
      pageCounter: row.device_page_counter === null ? null : Number(row.device_page_counter),
    },
    from: { id: row.from_customer_id, name: row.from_customer_name },
    to: { id: row.to_customer_id, name: row.to_customer_name },
    collector: { id: row.collector_id, name: row.collector_name },
    firstSeenAt: row.first_seen_at.toISOString(), lastSeenAt: row.last_seen_at.toISOString(),
    evidence: { ...row.evidence, collectedAt: new Date(row.evidence.collectedAt).toISOString() },
    readingsHeld: row.readings_held, readingsRefused: row.readings_refused,
    createdAt: row.created_at.toISOString(), decidedAt: iso(row.decided_at), decidedBy: row.decided_by,
  };
}
