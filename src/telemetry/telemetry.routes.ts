import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams } from '../http/schemas.js';
import { sortBatch } from './batch.js';
import { deviceCycles, deviceHistory } from './history.service.js';
import { ingestReadings } from './ingest.service.js';
import { IngestResult, ReadingBatch } from './readings.schemas.js';

/** Readings uploaded by collectors. */
export const telemetryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock, health, receiptRetentionMs, forecasts } = app.tonerloop;

  app.post('/collector/readings', {
    config: { capability: 'collector:report', cleansOwnText: true },
    // A full batch of 500 readings of colour devices is well under 4 MB.
    bodyLimit: 4 * 1024 * 1024,
    // A batch that does not fit the schema is taken reading by reading (sortBatch): one bad reading is refused, not the batch.
    attachValidation: true,
    schema: {
      summary: 'Upload a batch of readings (collector token); idempotent by readingId. Answers per reading: accepted, duplicate, or refused with why; one refused reading never fails the others. Forecasts and requests of the devices it touched follow within seconds.',
      tags: ['collector'], body: ReadingBatch, response: { 202: IngestResult, ...ERRORS },
    },
    handler: async (request, reply) => {
      const { readings, refused } = request.validationError ? sortBatch(request.body as unknown) : { readings: request.body.readings, refused: [] };
      if (readings.length === 0) return reply.status(202).send({ accepted: 0, duplicates: 0, rejected: [], corrected: [], refused });
      const uploaded = forecasts.uploadStarted();
      try {
        const { outcome, deviceIds } = await ingestReadings(store, principalOf(request), readings, clock.now(), { unreachableAfter: health.unreachableAfterFailures, maxAgeMs: receiptRetentionMs });
        if (deviceIds.length > 0) forecasts.wake();
        return reply.status(202).send({ ...outcome, refused });
      } finally {
        uploaded();
      }
    },
  });

  app.get('/devices/:id/history', {
    config: { capability: 'devices:read' },
    schema: {
      summary: "A device's level history per supply and its page-meter runs (each run: a value first seen at `at`, still true at `confirmedAt`)",
      tags: ['devices'],
      params: IdParams,
      querystring: z.object({ days: z.coerce.number().int().min(1).max(730).default(60) }),
      response: {
        200: z.object({
          since: z.iso.datetime(),
          levels: z.array(z.object({ supplyIndex: z.number().int(), points: z.array(z.object({ at: z.iso.datetime(), confirmedAt: z.iso.datetime(), percent: z.number().nullable(), state: z.string() })) })),
          meters: z.array(z.object({ at: z.iso.datetime(), confirmedAt: z.iso.datetime(), total: z.number().nullable() })),
        }),
        ...ERRORS,
      },
    },
    handler: async (request) => deviceHistory(store, principalOf(request), request.params.id, request.query.days, clock.now()),
  });

  app.get('/devices/:id/cycles', {
    config: { capability: 'devices:read' },
    schema: {
      summary: "A device's cartridge cycles, newest first: install, end, pages printed, realized yield, toner left at a swap",
      tags: ['devices'],
      params: IdParams,
      response: {
        200: z.object({
          items: z.array(z.object({
            supplyIndex: z.number().int(), partNumber: z.string().nullable(), start: z.string(), installedAt: z.iso.datetime(), end: z.string(), endedAt: z.iso.datetime().nullable(),
            pagesPrinted: z.number().int(), tonerUsedPercent: z.number().nullable(), realizedYield: z.number().nullable(), residualPercent: z.number().nullable(), shakes: z.number().int(),
          })),
        }),
        ...ERRORS,
      },
    },
    handler: async (request) => ({
      items: (await deviceCycles(store, principalOf(request), request.params.id)).map((c) => ({
        supplyIndex: c.supply_index, partNumber: c.part_number, start: c.start_kind, installedAt: c.installed_at.toISOString(), end: c.end_kind, endedAt: c.ended_at?.toISOString() ?? null,
        pagesPrinted: c.pages_printed, tonerUsedPercent: c.toner_used_percent, realizedYield: c.realized_yield, residualPercent: c.residual_percent, shakes: c.shakes,
      })),
    }),
  });
};
