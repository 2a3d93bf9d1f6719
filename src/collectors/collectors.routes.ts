import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams } from '../http/schemas.js';
import { Collector, CollectorConfig, CollectorCreated, CollectorInput, presentCollector } from './collectors.schemas.js';
import { collectorConfig, listCollectors, registerCollector, revokeCollector } from './collectors.service.js';

/** Collector registration (dealer admins) and the collector's own configuration endpoint. */
export const collectorRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.tonerloop;

  app.post('/collectors', {
    config: { capability: 'collectors:manage' },
    schema: { summary: 'Register a collector; returns its token once', tags: ['collectors'], body: CollectorInput, response: { 201: CollectorCreated, ...ERRORS } },
    handler: async (request, reply) => {
      const { collector, token } = await registerCollector(store, principalOf(request), request.body, clock.now());
      return reply.status(201).send({ ...presentCollector(collector), token });
    },
  });

  app.get('/collectors', {
    config: { capability: 'collectors:manage' },
    schema: { summary: 'List collectors', tags: ['collectors'], response: { 200: z.object({ items: z.array(Collector) }), ...ERRORS } },
    handler: async (request) => ({ items: (await listCollectors(store, principalOf(request))).map(presentCollector) }),
  });

  app.post('/collectors/:id/revoke', {
    config: { capability: 'collectors:manage' },
    schema: { summary: "Revoke a collector's token", tags: ['collectors'], params: IdParams, response: { 200: Collector, ...ERRORS } },
    handler: async (request) => presentCollector(await revokeCollector(store, principalOf(request), request.params.id, clock.now())),
  });

  app.get('/collector/config', {
    config: { capability: 'collector:report' },
    schema: { summary: 'What this collector must poll and how (collector token)', tags: ['collector'], response: { 200: CollectorConfig, ...ERRORS } },
    handler: async (request) => {
      const collector = await collectorConfig(store, principalOf(request));
      return { collectorId: collector.id, customerId: collector.customer_id, config: collector.config };
    },
  });
};
