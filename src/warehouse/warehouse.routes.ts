import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams } from '../http/schemas.js';
import { confirmDelivery, dispatchJob } from './dispatch.service.js';
import { documentRoutes } from './documents.routes.js';
import { receiptLabelSheet, receiveStock } from './receiving.service.js';
import { scanCode, stationView } from './scan.service.js';
import { DeliveredBody, Delivered, DispatchBody, Dispatched, Receipt, ReceiptBody, ScanAnswer, ScanBody, StationName, StationView } from './warehouse.schemas.js';

/** The warehouse: receiving with unit labels, the scan station, dispatch and delivery. */
export const warehouseRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.tonerloop;
  await app.register(documentRoutes);

  app.post('/warehouse/receipts', {
    config: { capability: 'warehouse:receive' },
    schema: {
      summary: 'Receive stock: a quantity gets a unit label each (counted once scanned in at its bin), or serials register boxes that carry their own',
      description: 'Counts come from scans: a quantity prints labels but adds nothing to on hand until each unit is scanned with mode receive. Serials count at once and fill back orders, oldest job first. A serial registered before is 409.',
      tags: ['warehouse'],
      body: ReceiptBody,
      response: { 201: Receipt, ...ERRORS },
    },
    handler: async (request, reply) => reply.status(201).send(await receiveStock(store, principalOf(request), request.body, clock.now())),
  });

  app.get('/warehouse/receipts/:id/labels.pdf', {
    config: { capability: 'warehouse:receive' },
    schema: {
      summary: 'The label sheet of a receipt (PDF, A4, 3 × 7 labels): one Code 128 unit label per unit, with SKU, description and the label in type',
      tags: ['warehouse'],
      params: IdParams,
      produces: ['application/pdf'],
      response: { 200: z.any().describe('application/pdf'), ...ERRORS },
    },
    handler: async (request, reply) => {
      const pdf = await receiptLabelSheet(store, principalOf(request), request.params.id);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="labels-${request.params.id}.pdf"`).send(pdf);
    },
  });

  app.post('/warehouse/scans', {
    config: { capability: 'warehouse:scan' },
    schema: {
      summary: 'One scan at a station: packing is pairs — a unit label, then the order label of the box it goes into',
      description: 'Always 200: accepted, or refused with a reason (same-label-twice, order-label-expected, unit-label-expected, not-needed, already-packed, unknown-label, wrong-job). expecting says what to scan next and why. The station\'s state is kept on the server per station name; every scan is recorded with the operator and the time. When the box holds every line the job becomes packed.',
      tags: ['warehouse'],
      body: ScanBody,
      response: { 200: ScanAnswer, ...ERRORS },
    },
    handler: async (request) => scanCode(store, principalOf(request), request.body, clock.now()),
  });

  app.get('/warehouse/stations/:station', {
    config: { capability: 'warehouse:scan' },
    schema: {
      summary: 'What a station expects next and the job it is packing, for a scan screen that opens (no scan is made)',
      tags: ['warehouse'],
      params: z.object({ station: StationName }),
      response: { 200: StationView, ...ERRORS },
    },
    handler: async (request) => stationView(store, principalOf(request), request.params.station),
  });

  app.post('/jobs/:id/dispatch', {
    config: { capability: 'jobs:pack' },
    schema: {
      summary: 'Hand a packed job to a carrier with its tracking number',
      description: '409 with details.difference ([{sku, packed, required}]) while what was scanned into its box differs from its lines; 409 too when the status machine does not allow it.',
      tags: ['jobs'],
      params: IdParams,
      body: DispatchBody,
      response: { 200: Dispatched, ...ERRORS },
    },
    handler: async (request) => dispatchJob(store, principalOf(request), request.params.id, request.body, clock.now()),
  });

  app.post('/jobs/:id/delivered', {
    config: { capability: 'jobs:work' },
    schema: {
      summary: 'Confirm that a dispatched job was delivered (now, or at a reported time)',
      description: 'The dispatch → delivered time is kept per site. A time before the dispatch or in the future is 400.',
      tags: ['jobs'],
      params: IdParams,
      body: DeliveredBody.optional(),
      response: { 200: Delivered, ...ERRORS },
    },
    handler: async (request) => confirmDelivery(store, principalOf(request), request.params.id, request.body?.at ? new Date(request.body.at) : null, clock.now()),
  });
};
