import { z } from 'zod';
import type { CollectorRow } from '../db/schema.js';
import { Text, Timestamp, text } from '../http/schemas.js';
import { collectorHealth } from './collectors.service.js';
import { CollectorSettings, CollectorSettingsPatch } from './settings.js';

export const CollectorInput = z.object({
  customerId: z.uuid('must be a UUID'),
  name: text({ max: 200 }),
  siteId: z.uuid('must be a UUID').nullish().describe("The customer's site it is installed at: the printers it finds are given this site when they have none"),
});

export const CollectorSiteInput = z.object({
  siteId: z.uuid('must be a UUID').nullable().describe("One of its customer's sites, or null to say none"),
});

export const Collector = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  siteId: z.uuid().nullable().describe("The customer's site it stands at, given to the printers it finds that have none; null when not said"),
  name: z.string(),
  tokenHint: z.string().describe('Last four characters of the token, to tell tokens apart'),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime().nullable(),
  revoked: z.boolean(),
  status: z.enum(['never-seen', 'ok', 'silent']).describe('silent: no call for longer than TONERLOOP_COLLECTOR_SILENT_MINUTES'),
  heartbeat: z.record(z.string(), z.unknown()).nullable().describe('What the collector last said about itself'),
  quarantine: z.object({ readings: z.number().int(), lastReason: z.string().nullable(), lastAt: z.iso.datetime().nullable() }).nullable()
    .describe("Readings the collector set aside because the server would not take them (its quarantine.json), as its last heartbeat said; null before a collector that reports it"),
});

export const CollectorCreated = Collector.extend({ token: z.string().describe('The bearer token; shown only in this response') });

export const CollectorConfig = z.object({
  collectorId: z.uuid(),
  customerId: z.uuid(),
  config: CollectorSettings.describe('What this collector polls and how: built-in defaults ← dealer-wide ← its own'),
  refreshTargets: z.array(z.string()).describe('Devices someone asked to refresh now: read them at once'),
});

export const SettingsView = z.object({ overrides: CollectorSettingsPatch, effective: CollectorSettings });

export const Heartbeat = z.object({
  agentVersion: Text.max(50),
  startedAt: Timestamp,
  queue: z.object({ readings: z.number().int().min(0), bytes: z.number().int().min(0), full: z.boolean() }),
  lastPollAt: Timestamp.nullable(),
  printers: z.number().int().min(0),
  failingTargets: z.number().int().min(0),
  lastError: Text.max(1000).nullable(),
  quarantine: z.object({ readings: z.number().int().min(0), lastReason: Text.max(1000).nullable(), lastAt: Timestamp.nullable() }).optional()
    .describe('Readings set aside because the server would not take them, the latest reason and when; older collectors leave it out'),
});

/**
 * What a collector's last heartbeat said of its quarantine; null when it said nothing (an older collector). Read as
 * stored: the heartbeat route stores only what passed Heartbeat, so a list does not check every row again.
 */
function quarantineOf(heartbeat: Record<string, unknown> | null): z.infer<typeof Collector>['quarantine'] {
  return (heartbeat?.quarantine as z.infer<typeof Heartbeat>['quarantine']) ?? null;
}

/** The API shape of a collector (never its token or hash), with its health now. */
export function presentCollector(row: CollectorRow, now: Date, silentAfterMs: number): z.infer<typeof Collector> {
  return {
    status: collectorHealth(row.last_seen_at, now, silentAfterMs),
    heartbeat: row.heartbeat ?? null,
    quarantine: quarantineOf(row.heartbeat ?? null),
    id: row.id,
    customerId: row.customer_id,
    siteId: row.site_id ?? null,
    name: row.name,
    tokenHint: row.token_hint,
    createdAt: row.created_at.toISOString(),
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
    revoked: row.revoked_at !== null,
  };
}
