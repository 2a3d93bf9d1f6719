import type { Repositories } from '../app/store.js';
import type { Principal } from '../auth/index.js';
import type { UploadedReading } from './readings.schemas.js';
import type { ScreenRules } from './screen.js';

/** What an upload is judged by, from the configuration. */
export interface IngestRules extends ScreenRules {
  /** A device is unreachable after this many failed polls in a row. */
  unreachableAfter: number;
}

export interface IngestOutcome {
  accepted: number;
  duplicates: number;
  rejected: { readingId: string; reason: string }[];
  corrected: { readingId: string; notes: string[] }[];
  /** Readings of a printer another customer has, held until the dealer confirms the move (see moves/); left out when none. */
  held?: { readingId: string; reason: string }[];
}

export type CollectorPrincipal = Extract<Principal, { kind: 'collector' }>;

/**
 * Takes a batch in inside a transaction the caller holds (ingestInTransaction). Passed to the move logic
 * (foreign.ts), which takes held readings in with it, so that module does not import the ingest it is part of.
 */
export type IngestInTransaction = (repos: Repositories, principal: CollectorPrincipal, readings: UploadedReading[], now: Date, rules: IngestRules) => Promise<{ outcome: IngestOutcome; deviceIds: string[] }>;
