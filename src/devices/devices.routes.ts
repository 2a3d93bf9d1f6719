import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams, PageQuery, pageOf } from '../http/schemas.js';
import { Device, DEVICE_SORTS, DeviceInput, DeviceQuery, LocationInput, presentDevice, SerialInput, StatusCounts } from './devices.schemas.js';
import { createDevice, enterSerial, fleetOverview, getDevice, listDevices, requestRefresh, setLocation, type DeviceWithSupplies } from './devices.service.js';

const present = (d: DeviceWithSupplies, now: Date) => presentDevice(d.device, d.supplies, d.status, d.siteName, now);

/** Devices (printers) with their supplies. */
export const deviceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.tonerloop;

  app.get('/devices', {
    config: { capability: 'devices:read' },
    schema: {
      summary: 'List devices by serial, or soonest run-out first; filter by serial, customer, site or model',
      tags: ['devices'],
      querystring: PageQuery.extend(DeviceQuery.shape).extend({
        sort: z.enum(DEVICE_SORTS).default('serial').describe('serial: by identity (the serial, or mac:… for a printer that tells none); soonest: by the date the first consumable runs out (soonest.depletionDate), devices without one last. A cursor is only valid with the sort it came from'),
      }),
      response: { 200: pageOf(Device), ...ERRORS },
    },
    handler: async (request) => {
      const { limit, cursor, sort, ...filter } = request.query;
      const page = await listDevices(store, principalOf(request), filter, { limit, cursor, sort }, clock.now());
      return { items: page.items.map((d) => present(d, clock.now())), nextCursor: page.nextCursor };
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
      return present(await getDevice(store, principalOf(request), request.params.id, clock.now()), clock.now());
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
      return present(await getDevice(store, principalOf(request), request.params.id, clock.now()), clock.now());
    },
  });

  app.put('/devices/:id/location', {
    config: { capability: 'devices:locate' },
    schema: {
      summary: 'Say where in its site a printer stands (e.g. "2nd floor, by reception"), or clear it with null, and with siteId which of its customer\'s sites that is: dealer staff, or a key user for their own company\'s printers',
      tags: ['devices'],
      params: IdParams,
      body: LocationInput,
      response: { 200: Device, ...ERRORS },
    },
    handler: async (request) => {
      await setLocation(store, principalOf(request), request.params.id, request.body, clock.now());
      return present(await getDevice(store, principalOf(request), request.params.id, clock.now()), clock.now());
    },
  });

  app.post('/devices', {
    config: { capability: 'devices:write' },
    schema: { summary: 'Register a device by hand', tags: ['devices'], body: DeviceInput, response: { 201: Device, ...ERRORS } },
    handler: async (request, reply) => {
      const created = await createDevice(store, principalOf(request), request.body, clock.now());
      // Read back like any device, so its status comes from the one rule that decides statuses.
      return reply.status(201).send(present(await getDevice(store, principalOf(request), created.id, clock.now()), clock.now()));
    },
  });
};
