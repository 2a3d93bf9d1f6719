import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS } from '../http/schemas.js';
import { endSentence } from '../platform/text.js';
import { fleetStatistics } from './fleet.service.js';

const Stats = z.object({
  key: z.string(),
  label: z.string().nullable(),
  devices: z.number().int(),
  closedCycles: z.number().int(),
  earlySwaps: z.number().int().describe('Cartridges swapped with toner left'),
  medianRealizedYield: z.number().nullable().describe('Pages a full cartridge really gave at this fleet\'s coverage'),
  meanResidualAtSwapPercent: z.number().nullable().describe('Toner left in cartridges swapped early, on average'),
  wastedShare: z.number().nullable().describe('Share of the toner bought that was thrown away at swaps'),
});

const Statistics = z.object({
  byModel: z.array(Stats),
  byCustomer: z.array(Stats),
  byPartNumber: z.array(Stats),
  silentDevices: z.array(z.object({
    id: z.uuid(), serial: z.string().nullable().describe('Null while the printer tells no serial and none was entered by hand'), model: z.string().nullable(), customerId: z.uuid(),
    lastSeenAt: z.iso.datetime().nullable(), unreachableSince: z.iso.datetime().nullable(), lastError: z.string().nullable().describe('Why its collector last failed to read it, as whole sentences ending in a stop'),
  })),
});

/** Fleet statistics: realized yields, toner wasted at swaps, devices that stopped reporting. */
export const fleetRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.tonerloop;

  app.get('/fleet/statistics', {
    config: { capability: 'devices:read' },
    schema: {
      summary: 'Realized yield and residual at swap per model, customer and part number; devices that stopped reporting',
      tags: ['fleet'],
      querystring: z.object({ customerId: z.uuid('must be a UUID').optional(), silentDays: z.coerce.number().min(0.1).max(365).default(3) }),
      response: { 200: Statistics, ...ERRORS },
    },
    handler: async (request) => {
      const { byModel, byCustomer, byPartNumber, silent } = await fleetStatistics(store, principalOf(request), request.query, clock.now());
      return {
        byModel, byCustomer, byPartNumber,
        silentDevices: silent.map((d) => ({ id: d.id, serial: d.serial, model: d.model, customerId: d.customer_id, lastSeenAt: d.last_seen_at?.toISOString() ?? null, unreachableSince: d.unreachable_since?.toISOString() ?? null, lastError: d.last_error === null ? null : endSentence(d.last_error) || null })),
      };
    },
  });
};
