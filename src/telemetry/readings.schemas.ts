import { z } from 'zod';
import { Timestamp } from '../http/schemas.js';

const Supply = z.object({
  index: z.number().int().min(0).max(100_000),
  kind: z.enum(['toner', 'waste-toner', 'drum', 'fuser', 'developer', 'ink', 'waste-ink', 'transfer', 'staples', 'other']),
  color: z.string().max(40).nullable(),
  description: z.string().max(500).nullable(),
  partNumber: z.string().max(100).nullable(),
  partNumbers: z.array(z.string().regex(/^\S{1,100}$/, 'must be 1–100 characters without spaces')).max(8).optional()
    .describe('Every orderable part number the description names (a kit\'s voltage variants); older collectors leave it out'),
  isReceptacle: z.boolean(),
  remainingPercent: z.number().nullable().describe('0–100; a value outside is stored as an unknown level, with a note'),
  state: z.enum(['ok', 'low', 'empty', 'some-remaining', 'unknown']),
  raw: z.object({ level: z.number().nullable(), max: z.number().nullable(), unit: z.string().max(40).nullable() }),
});

// Printer strings (serial, model, descriptions …) are plain strings, not http/schemas.ts's Text, on purpose: a NUL or
// broken UTF-16 that a real printer sends is cleaned by screenReading and stored with a note, never refused (the route
// declares cleansOwnText). collectedAt is a Timestamp: an instant the database cannot store refuses that reading alone.
/** One uploaded device reading (CONTRACT), with the readingId that makes uploads idempotent. */
export const UploadedReading = z.object({
  readingId: z.uuid('must be a UUID'),
  collectedAt: Timestamp,
  target: z.string().min(1).max(300),
  protocol: z.enum(['snmp', 'ipp']),
  serial: z.string().trim().min(1).max(64).nullable(),
  mac: z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, 'must be six lower-case hex pairs joined by colons').nullable().optional()
    .describe("The printer's interface address (ifPhysAddress); identifies a printer that tells no serial. Older collectors leave it out"),
  model: z.string().max(200).nullable(),
  meters: z.object({ total: z.number().int().nullable(), mono: z.number().int().nullable(), color: z.number().int().nullable() })
    .describe('Page meters; a negative one is not stored, and the reading records why'),
  supplies: z.array(Supply).max(64),
  error: z.string().max(1000).nullable(),
});

export type UploadedReading = z.infer<typeof UploadedReading>;
export type UploadedSupply = UploadedReading['supplies'][number];

export const ReadingBatch = z.object({
  readings: z.array(UploadedReading).min(1).max(500)
    .describe('A reading that does not fit this schema is refused on its own (see `refused`); the others of the batch are taken'),
});

/**
 * The envelope of a batch, checked when some reading does not fit UploadedReading: up to 500 readings, each named by its
 * own readingId so that the answer can say which one was refused.
 */
export const BatchEnvelope = z.object({
  readings: z.array(z.looseObject({ readingId: z.uuid('must be a UUID; the answer names each reading by it') })).min(1).max(500),
});

/** A reading the server did not take, and why (one sentence); the collector keeps it aside. */
export const Refusal = z.object({ readingId: z.uuid(), reason: z.string() });
export type Refusal = z.infer<typeof Refusal>;

export const IngestResult = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ readingId: z.uuid(), reason: z.string() })).describe('Readings kept as received but not used, each with why'),
  corrected: z.array(z.object({ readingId: z.uuid(), notes: z.array(z.string()) })).describe('Readings used with something corrected or noticed in them (a level above 100 %, a page meter gone back, characters that cannot be stored removed), each with what'),
  held: z.array(z.object({ readingId: z.uuid(), reason: z.string() })).optional()
    .describe("Readings of a printer registered to another of the dealer's customers: kept by the server (the collector can let them go), not used until the dealer confirms the move. Nothing of the other customer's device is told"),
  refused: z.array(Refusal).describe('Readings not taken (they do not fit the schema, or their time cannot be stored), each with why; neither accepted nor duplicates. The others of the batch are taken'),
});
