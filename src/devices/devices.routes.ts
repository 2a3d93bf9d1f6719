import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams, PageQuery, pageOf } from '../http/schemas.js';
import { Device, DeviceInput, DeviceQuery, presentDevice } from './devices.schemas.js';
import { createDevice, getDevice, listDevices } from './devices.service.js';

/** Devices (printers) with their supplies. */
export const deviceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.tonerloop;

  app.get('/devices', {
    config: { capability: 'devices:read' },
    schema: { summary: 'List devices by serial; filter by serial, customer, site or model', tags: ['devices'], querystring: PageQuery.extend(DeviceQuery.shape), response: { 200: pageOf(Device), ...ERRORS } },
    handler: async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const page = await listDevices(store, principalOf(request), filter, { limit, cursor });
      return { items: page.items.map((d) => presentDevice(d.device, d.supplies)), nextCursor: page.nextCursor };
    },
  });

  app.get('/devices/:id', {
    config: { capability: 'devices:read' },
    schema: { summary: 'Read a device with its supplies and forecasts', tags: ['devices'], params: IdParams, response: { 200: Device, ...ERRORS } },
    handler: async (request) => {
      const { device, supplies } = await getDevice(store, principalOf(request), request.params.id);
      return presentDevice(device, supplies);
    },
  });

  app.post('/devices', {
    config: { capability: 'devices:write' },
    schema: { summary: 'Register a device by hand', tags: ['devices'], body: DeviceInput, response: { 201: Device, ...ERRORS } },
    handler: async (request, reply) => reply.status(201).send(presentDevice(await createDevice(store, principalOf(request), request.body, clock.now()), [])),
  });
};
