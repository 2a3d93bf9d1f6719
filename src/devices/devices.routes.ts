import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams, PageQuery, pageOf } from '../http/schemas.js';
import { Device, DeviceInput, DeviceQuery, presentDevice, SerialInput, StatusCounts } from './devices.schemas.js';
import { createDevice, enterSerial, fleetOverview, getDevice, listDevices, requestRefresh } from './devices.service.js';

/** Devices (printers) with their supplies. */
export const deviceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.tonerloop;

  app.get('/devices', {
    config: { capability: 'devices:read' },
    schema: { summary: 'List devices by serial; filter by serial, customer, site or model', tags: ['devices'], querystring: PageQuery.extend(DeviceQuery.shape), response: { 200: pageOf(Device), ...ERRORS } },
    handler: async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const page = await listDevices(store, principalOf(request), filter, { limit, cursor }, clock.now());
      return { items: page.items.map((d) => presentDevice(d.device, d.supplies, d.status)), nextCursor: page.nextCursor };
    },
  });

  app.get('/fleet/overview', {
    config: { capability: 'devices:read' },
    schema: {
      summary: 'How many devices are replaced, unreachable, ordering, low and healthy (with the same filters as the device list), and the models in the fleet',
      tags: ['devices'],
      querystring: DeviceQuery.omit({ status: true }),
      response: { 200: z.object({ counts: StatusCounts, total: z.number().int(), models: z.array(z.string()) }), ...ERRORS },
    },
    handler: async (request) => fleetOverview(store, principalOf(request), request.query, clock.now()),
  });

  app.get('/devices/:id', {
    config: { capability: 'devices:read' },
    schema: { summary: 'Read a device with its supplies and forecasts', tags: ['devices'], params: IdParams, response: { 200: Device, ...ERRORS } },
    handler: async (request) => {
      const { device, supplies, status } = await getDevice(store, principalOf(request), request.params.id, clock.now());
      return presentDevice(device, supplies, status);
    },
  });

  app.post('/devices/:id/refresh', {
    config: { capability: 'devices:refresh' },
    schema: {
      summary: 'Ask for a fresh reading now: the collector reads the device at its next configuration fetch (every configRefreshSeconds)',
      tags: ['devices'],
      params: IdParams,
      response: { 202: z.object({ requestedAt: z.iso.datetime() }), ...ERRORS },
    },
    handler: async (request, reply) => reply.status(202).send(await requestRefresh(store, principalOf(request), request.params.id, clock.now())),
  });

  app.put('/devices/:id/serial', {
    config: { capability: 'devices:write' },
    schema: {
      summary: 'Enter the serial of a printer that tells none (serial unknown), from its label; its readings keep matching it by MAC. 409 for a device that tells its own serial, or when another device has this one',
      tags: ['devices'],
      params: IdParams,
      body: SerialInput,
      response: { 200: Device, ...ERRORS },
    },
    handler: async (request) => {
      await enterSerial(store, principalOf(request), request.params.id, request.body, clock.now());
      const { device, supplies, status } = await getDevice(store, principalOf(request), request.params.id, clock.now());
      return presentDevice(device, supplies, status);
    },
  });

  app.post('/devices', {
    config: { capability: 'devices:write' },
    schema: { summary: 'Register a device by hand', tags: ['devices'], body: DeviceInput, response: { 201: Device, ...ERRORS } },
    handler: async (request, reply) => {
      const created = await createDevice(store, principalOf(request), request.body, clock.now());
      // Read back like any device, so its status comes from the one rule that decides statuses.
      const { device, supplies, status } = await getDevice(store, principalOf(request), created.id, clock.now());
      return reply.status(201).send(presentDevice(device, supplies, status));
    },
  });
};
