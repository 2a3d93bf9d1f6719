import { z } from 'zod';
import { cleanSerial } from '../collection/index.js';
import type { DeviceRow, SupplyRow } from '../db/schema.js';
import { text } from '../http/schemas.js';
import { endSentence } from '../platform/text.js';
import { DEVICE_STATUSES } from './devices.repository.js';
import { presentForecast, type ForecastDevice } from './forecast-view.js';

export const Forecast = z.object({
  daysRemaining: z.number().nullable(),
  daysRemainingLow: z.number().nullable(),
  daysRemainingHigh: z.number().nullable(),
  pagesRemaining: z.number().nullable(),
  depletionDate: z.iso.datetime().nullable(),
  basis: z.string().describe('In words, what the estimate rests on, or why there is none'),
  consolidateWith: z.array(z.number().int()).describe('Colour supplies of this device expected to run out within the same shipping window: order them together'),
  asOf: z.iso.datetime().nullable().describe('When the device was last read: the forecast rests on that reading, and its days and pages are projected from then to now (the depletion date stays; days left count down). Null before the first forecast'),
  stale: z.boolean().describe('The device has not confirmed it lately: replaced, failing to answer, or last read more than 48 h ago (when it also turns unreachable on the dashboard); basis then says when it was last read'),
});

export const Supply = z.object({
  index: z.number().int(),
  kind: z.string(),
  color: z.string().nullable(),
  description: z.string().nullable(),
  partNumber: z.string().nullable(),
  partNumbers: z.array(z.string()).describe('Every orderable part number the description names (a kit\'s voltage variants)'),
  isReceptacle: z.boolean(),
  remainingPercent: z.number().nullable(),
  state: z.string(),
  updatedAt: z.iso.datetime().describe("When the current level and state were first read; the device's lastSeenAt says when it last reported"),
  forecast: Forecast,
});

/** The consumable of a device forecast to run out first: what the fleet is sorted by (sort=soonest). */
export const Soonest = z.object({
  supplyIndex: z.number().int(),
  daysRemaining: z.number(),
  daysRemainingLow: z.number().nullable(),
  daysRemainingHigh: z.number().nullable(),
  depletionDate: z.iso.datetime(),
});

export const Device = z.object({
  id: z.uuid(),
  serial: z.string().nullable().describe('Null while the printer tells no serial and nobody entered one (shown as "serial unknown")'),
  serialSource: z.enum(['device', 'manual']).nullable()
    .describe('device: the printer tells it (or it was registered by it); manual: entered by hand for a printer that tells none, whose readings are still matched by its MAC'),
  mac: z.string().nullable().describe("Its interface address (ifPhysAddress), as its collector last read it; identifies a printer that tells no serial"),
  model: z.string().nullable(),
  customerId: z.uuid(),
  siteId: z.uuid().nullable(),
  firstSeenAt: z.iso.datetime().nullable(),
  lastSeenAt: z.iso.datetime().nullable(),
  lastTarget: z.string().nullable().describe('Where its collector last read it'),
  unreachableSince: z.iso.datetime().nullable().describe('Set after several failed polls in a row; null while it answers'),
  lastError: z.string().nullable().describe('Why its collector last failed to read it, as whole sentences ending in a stop (show it as it is, add no stop of your own)'),
  status: z.enum(DEVICE_STATUSES).describe('Dashboard status: replaced (another printer was first read at its address after it was last read), unreachable (failing, silent for 48 h or never seen), ordering (an open request), low (a consumable at or under 15 % or out within 9 days), healthy'),
  replacedBy: z.object({ id: z.uuid(), at: z.iso.datetime() }).nullable().describe('The printer that took its place, and when it was first read there; cleared if this one answers again'),
  siteName: z.string().nullable().describe("Its site's name; null when it has no site"),
  location: z.string().nullable().describe('Where in its site it stands, e.g. "2nd floor, by reception"; null when nobody said'),
  soonest: Soonest.nullable().describe('The consumable forecast to run out first; null when none has a forecast date, and for a replaced printer (nothing is ordered for it)'),
  supplies: z.array(Supply),
});

/** How many devices are in each dashboard status. */
export const StatusCounts = z.object(Object.fromEntries(DEVICE_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof DEVICE_STATUSES)[number], z.ZodNumber>);

// Printable ASCII without spaces: serials are typed from labels and scanned from barcodes.
export const DeviceInput = z.object({
  customerId: z.uuid('must be a UUID'),
  siteId: z.uuid('must be a UUID').nullish(),
  serial: text({ max: 64 }).regex(/^[\x21-\x7e]+$/, 'must be printable characters without spaces'),
  model: text({ max: 200 }).nullish(),
});

export const SerialInput = z.object({
  // The collector's rules for a serial (cleanSerial): a placeholder such as "unknown" or "0000" is no serial.
  serial: text({ max: 64 }).refine((s) => cleanSerial(s) !== null, 'must be printable characters without spaces, not a placeholder such as "unknown" or "0000"'),
});

/**
 * Where in its site a printer stands; null clears it. One line of printable text: no tabs, line breaks or other control
 * characters. With siteId, also which of its customer's sites it stands at (null: none); left out, the site stays.
 */
export const LocationInput = z.object({
  location: text({ max: 200 }).regex(/^[^\p{Cc}]*$/u, 'must be one line without control characters').nullable(),
  siteId: z.uuid('must be a UUID').nullable().optional().describe("One of its customer's sites (its delivery address), or null for none; left out, the site is not changed"),
});

/** The orders of the device list: by identity (serial; the default), or soonest run-out first (devices without a forecast date last). */
export const DEVICE_SORTS = ['serial', 'soonest'] as const;
export type DeviceSort = (typeof DEVICE_SORTS)[number];

export const DeviceQuery = z.object({
  serial: text({ max: 64 }).optional(),
  mac: text({ max: 17 }).regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i, 'must be six hex pairs joined by colons').optional().describe('Interface address, e.g. 00:1b:78:12:34:56'),
  q: text({ max: 64 }).optional().describe('Serial number prefix'),
  status: z.enum(DEVICE_STATUSES).optional(),
  customerId: z.uuid('must be a UUID').optional(),
  siteId: z.uuid('must be a UUID').optional(),
  model: text({ max: 200 }).optional(),
});

/**
 * The API shape of a supply with its latest forecast as seen at `now` (presentForecast: projected from the last
 * reading, stale when the device went silent, none for a replaced printer); before the first one every estimate is null and `basis` says why.
 */
export function presentSupply(row: SupplyRow, device: ForecastDevice, now: Date): z.infer<typeof Supply> {
  return {
    index: row.supply_index,
    kind: row.kind,
    color: row.color,
    description: row.description,
    partNumber: row.part_number,
    partNumbers: row.part_numbers,
    isReceptacle: row.is_receptacle,
    remainingPercent: row.remaining_percent,
    state: row.state,
    updatedAt: row.updated_at.toISOString(),
    forecast: presentForecast(row.forecast, device, now),
  };
}

/**
 * The consumable (not a receptacle, not kind 'other') forecast to run out first, by depletion date (then supply
 * index), from the supplies as presented; null when none has a date, and for a replaced printer. The rule
 * devices.runs_out_at follows in SQL (telemetry.repository.ts), which the list's sort=soonest reads.
 */
export function soonestOf(row: Pick<DeviceRow, 'replaced_by'>, supplies: z.infer<typeof Supply>[]): z.infer<typeof Soonest> | null {
  if (row.replaced_by !== null) return null;
  let soonest: { supply: z.infer<typeof Supply>; at: number } | null = null;
  for (const supply of supplies) {
    const { depletionDate, daysRemaining } = supply.forecast;
    // The same dates SQL reads (four-digit years), so the list's order and this agree.
    if (supply.isReceptacle || supply.kind === 'other' || depletionDate === null || daysRemaining === null || !/^\d{4}-\d{2}-\d{2}T/.test(depletionDate)) continue;
    const at = Date.parse(depletionDate);
    if (Number.isNaN(at)) continue;
    if (!soonest || at < soonest.at || (at === soonest.at && supply.index < soonest.supply.index)) soonest = { supply, at };
  }
  if (!soonest) return null;
  const { forecast, index } = soonest.supply;
  return { supplyIndex: index, daysRemaining: forecast.daysRemaining!, daysRemainingLow: forecast.daysRemainingLow, daysRemainingHigh: forecast.daysRemainingHigh, depletionDate: new Date(soonest.at).toISOString() };
}

/** The API shape of a device with its supplies (and its site's name). */
export function presentDevice(row: DeviceRow, supplies: SupplyRow[], status: z.infer<typeof Device>['status'], siteName: string | null, now: Date): z.infer<typeof Device> {
  const presented = supplies.map((supply) => presentSupply(supply, row, now));
  return {
    id: row.id,
    serial: row.serial,
    serialSource: row.serial === null ? null : row.serial_by_hand ? 'manual' : 'device',
    mac: row.mac,
    model: row.model,
    customerId: row.customer_id,
    siteId: row.site_id,
    firstSeenAt: row.first_seen_at?.toISOString() ?? null,
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
    lastTarget: row.last_target,
    unreachableSince: row.unreachable_since?.toISOString() ?? null,
    lastError: row.last_error === null ? null : endSentence(row.last_error) || null,
    status,
    replacedBy: row.replaced_by && row.replaced_at ? { id: row.replaced_by, at: row.replaced_at.toISOString() } : null,
    siteName,
    location: row.location,
    soonest: soonestOf(row, presented),
    supplies: presented,
  };
}
