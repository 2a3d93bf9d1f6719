import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS } from '../http/schemas.js';
import { ingestAndForecast } from './ingest.service.js';
import { IngestResult, ReadingBatch } from './readings.schemas.js';

/** Readings uploaded by collectors. */
export const telemetryRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock, health } = app.tonerloop;

  app.post('/collector/readings', {
    config: { capability: 'collector:report' },
    // A full batch of 500 readings of colour devices is well under 4 MB.
    bodyLimit: 4 * 1024 * 1024,
    schema: { summary: 'Upload a batch of readings (collector token); idempotent by readingId', tags: ['collector'], body: ReadingBatch, response: { 202: IngestResult, ...ERRORS } },
    handler: async (request, reply) => {
      const outcome = await ingestAndForecast(store, principalOf(request), request.body.readings, clock.now(), health.unreachableAfterFailures, request.log);
      return reply.status(202).send(outcome);
    },
  });
};
