import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams } from '../http/schemas.js';
import { Collector, CollectorConfig, CollectorCreated, CollectorInput, CollectorSiteInput, Heartbeat, SettingsView, presentCollector } from './collectors.schemas.js';
import {
  collectorConfig, collectorSettings, dealerCollectorDefaults, effectiveCollectorSettings, listCollectors, recordHeartbeat, registerCollector,
  revokeCollector, setCollectorSettings, setCollectorSite, setDealerCollectorDefaults,
} from './collectors.service.js';
import { CollectorSettingsPatch } from './settings.js';

/** Collector registration (dealer admins) and the collector's own configuration endpoint. */
export const collectorRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock, health } = app.tonerloop;
  const present = (row: Parameters<typeof presentCollector>[0]) => presentCollector(row, clock.now(), health.silentAfterMs);

  app.post('/collectors', {
    config: { capability: 'collectors:manage' },
    schema: { summary: 'Register a collector; returns its token once', tags: ['collectors'], body: CollectorInput, response: { 201: CollectorCreated, ...ERRORS } },
    handler: async (request, reply) => {
      const { collector, token } = await registerCollector(store, principalOf(request), request.body, clock.now());
      return reply.status(201).send({ ...present(collector), token });
    },
  });

  app.get('/collectors', {
    config: { capability: 'collectors:manage' },
    schema: { summary: 'List collectors', tags: ['collectors'], response: { 200: z.object({ items: z.array(Collector) }), ...ERRORS } },
    handler: async (request) => ({ items: (await listCollectors(store, principalOf(request))).map(present) }),
  });

  app.post('/collectors/:id/revoke', {
    config: { capability: 'collectors:manage' },
    schema: { summary: "Revoke a collector's token", tags: ['collectors'], params: IdParams, response: { 200: Collector, ...ERRORS } },
    handler: async (request) => present(await revokeCollector(store, principalOf(request), request.params.id, clock.now())),
  });

  app.put('/collectors/:id/site', {
    config: { capability: 'collectors:manage' },
    schema: {
      summary: "Say which of its customer's sites a collector stands at (null: none); the printers it finds from then on are given that site when they have none",
      tags: ['collectors'], params: IdParams, body: CollectorSiteInput, response: { 200: Collector, ...ERRORS },
    },
    handler: async (request) => present(await setCollectorSite(store, principalOf(request), request.params.id, request.body.siteId, clock.now())),
  });

  app.get('/collector/config', {
    config: { capability: 'collector:report' },
    schema: { summary: 'What this collector must poll and how (collector token)', tags: ['collector'], response: { 200: CollectorConfig, ...ERRORS } },
    handler: async (request) => {
      const collector = await collectorConfig(store, principalOf(request));
      return {
        collectorId: collector.id, customerId: collector.customer_id, config: await effectiveCollectorSettings(store, collector),
        refreshTargets: await store.repos.devices.refreshTargets(collector.dealer_id, collector.customer_id),
      };
    },
  });

  app.post('/collector/heartbeat', {
    config: { capability: 'collector:report' },
    schema: { summary: 'The collector says it is alive and how it is doing (collector token)', tags: ['collector'], body: Heartbeat, response: { 204: z.null(), ...ERRORS } },
    handler: async (request, reply) => {
      await recordHeartbeat(store, principalOf(request), request.body, clock.now());
      return reply.status(204).send(null);
    },
  });

  app.get('/collectors/:id/config', {
    config: { capability: 'collectors:manage' },
    schema: { summary: "A collector's own configuration overrides and what it runs with", tags: ['collectors'], params: IdParams, response: { 200: SettingsView, ...ERRORS } },
    handler: async (request) => collectorSettings(store, principalOf(request), request.params.id),
  });

  app.put('/collectors/:id/config', {
    config: { capability: 'collectors:manage' },
    schema: { summary: "Replace a collector's configuration overrides", tags: ['collectors'], params: IdParams, body: CollectorSettingsPatch, response: { 200: SettingsView, ...ERRORS } },
    handler: async (request) => setCollectorSettings(store, principalOf(request), request.params.id, request.body, clock.now()),
  });

  app.get('/collector-defaults', {
    config: { capability: 'collectors:manage' },
    schema: { summary: 'The dealer-wide collector configuration every collector inherits', tags: ['collectors'], response: { 200: SettingsView, ...ERRORS } },
    handler: async (request) => dealerCollectorDefaults(store, principalOf(request)),
  });

  app.put('/collector-defaults', {
    config: { capability: 'collectors:manage' },
    schema: { summary: 'Replace the dealer-wide collector configuration', tags: ['collectors'], body: CollectorSettingsPatch, response: { 200: SettingsView, ...ERRORS } },
    handler: async (request) => setDealerCollectorDefaults(store, principalOf(request), request.body, clock.now()),
  });
};
