import { z } from 'zod';
import type { StoredStockoutRisk } from '../db/schema.js';
import type { StockoutHelp } from './stockout-help.js';

// Dates as the trigger computed them (ISO 8601, UTC); a forecast's far-off edge can pass year 9999, so no stricter format is promised.
const Instant = z.string();

/** The chance of running out a raised request was raised on (CONTRACT "Just in time"), and what it rests on. */
export const StockoutRisk = z.object({
  probabilityPercent: z.number().describe('Percent chance that the supply runs out before a cartridge ordered at the next evaluation arrives: what the service-level trigger compares with 100 − serviceLevelPercent'),
  probabilityIfOrderedNowPercent: z.number().describe('The same for a cartridge ordered at once'),
  depletionDate: Instant.describe('The forecast empty date (median) when the risk was assessed'),
  bandLow: Instant.nullable().describe("The forecast band's early edge (10th percentile); null when the forecast gave none"),
  bandHigh: Instant.nullable().describe("The forecast band's late edge (90th percentile); null when the forecast gave none"),
  expectedArrival: Instant.describe('When a cartridge ordered at assessment arrives on the median lead time (business days)'),
  unavoidable: z.boolean().describe('Even an order placed at assessment on the shortest lead time cannot arrive before the forecast empty date'),
  leadTimeDays: z.object({ min: z.number(), max: z.number() }).describe('Shortest and longest lead time counted, in business days'),
  assessedAt: Instant.describe('When the trigger assessed it: the request being raised, or reopened after a rejection'),
}).nullable().describe('Null for a manual order and for a request raised without a forecast (by the level gauge alone)');

/** A stored stockout risk as the API shows it. */
export function presentStockoutRisk(risk: StoredStockoutRisk | null): z.infer<typeof StockoutRisk> {
  if (!risk) return null;
  return {
    probabilityPercent: risk.probabilityPercent, probabilityIfOrderedNowPercent: risk.probabilityIfOrderedNowPercent, depletionDate: risk.depletionDate,
    bandLow: risk.bandLow, bandHigh: risk.bandHigh, expectedArrival: risk.expectedArrival, unavoidable: risk.unavoidable,
    leadTimeDays: { min: risk.leadTimeDays.min, max: risk.leadTimeDays.max }, assessedAt: risk.assessedAt,
  };
}

/** One step that helps when the stockout is unavoidable (requests/stockout-help.ts). */
export const StockoutHelpStep = z.object({
  kind: z.enum(['expedite', 'economy-mode', 'less-colour', 'spare']),
  text: z.string().describe('What to do next, in one or two sentences'),
  daysGained: z.number().nullable().describe('Days sooner the cartridge arrives (expedite) when an honest figure exists; null otherwise'),
  spare: z.object({
    deviceId: z.uuid(), serial: z.string().nullable(), location: z.string().nullable().describe('Where in its site the printer holding the spare stands'),
    site: z.string().nullable().describe('The site the spare was delivered to'), sameSite: z.boolean().describe('The same site as the printer that will run out'),
    sku: z.string(), jobNumber: z.string().describe('The supply job that delivered it'), deliveredAt: z.iso.datetime(),
  }).nullable().describe('For kind spare: the cartridge of the same part delivered to a printer of the same customer and not yet installed'),
});

/** A suggestion as the API shows it. */
export function presentStockoutHelp(step: StockoutHelp): z.infer<typeof StockoutHelpStep> {
  const { spare } = step;
  return {
    kind: step.kind, text: step.text, daysGained: step.daysGained,
    spare: spare && { deviceId: spare.deviceId, serial: spare.serial, location: spare.location, site: spare.siteName, sameSite: spare.sameSite, sku: spare.sku, jobNumber: spare.jobNumber, deliveredAt: spare.deliveredAt },
  };
}
