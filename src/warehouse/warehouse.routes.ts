import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams } from '../http/schemas.js';
import { AppError } from '../platform/errors.js';
import { confirmByTracking, importCarrierReport } from './delivery.service.js';
import { confirmDelivery, dispatchJob } from './dispatch.service.js';
import { documentRoutes } from './documents.routes.js';
import { receiptLabelSheet, receiveStock } from './receiving.service.js';
import { scanCode, stationView } from './scan.service.js';
import { CarrierImportBody, CarrierImportResult, DeliveryBody, DeliveryResult, DeliveredBody, Delivered, DispatchBody, Dispatched, Receipt, ReceiptBody, ScanAnswer, ScanBody, StationName, StationView } from './warehouse.schemas.js';

/** The warehouse: receiving with unit labels, the scan station, dispatch and delivery. */
export const warehouseRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock, importMaxBytes } = app.tonerloop;
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

  app.post('/deliveries', {
    config: { capability: 'jobs:work' },
    schema: {
      summary: 'Confirm delivery by tracking number (a carrier\'s system, or a person with the carrier\'s notice)',
      description: 'Every job dispatched under the number moves to delivered; the dispatch → delivered time is kept per site. Sent again, it answers outcome already-delivered and changes nothing. 404 for a tracking number nothing was dispatched with; 400 for a time before the dispatch or still to come; 409 when the job is not on its way.',
      tags: ['jobs'], body: DeliveryBody, response: { 200: DeliveryResult, ...ERRORS },
    },
    handler: async (request) => {
      const result = await confirmByTracking(store, principalOf(request), request.body.trackingNumber, request.body.at ? new Date(request.body.at) : null, clock.now());
      if (result.outcome === 'unknown-tracking-number') throw new AppError('not-found', result.message, { field: 'trackingNumber' });
      if (result.outcome === 'bad-date') throw new AppError('bad-request', `body.at: ${result.message}`, { field: 'at' });
      if (result.outcome === 'not-dispatched') throw new AppError('conflict', result.message);
      return result;
    },
  });

  // A carrier's report is CSV only (JSON gets 415), with the imports' size limit.
  await app.register(async (csv) => {
    csv.removeAllContentTypeParsers();
    csv.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: importMaxBytes }, (_request, body, done) => done(null, body));
    csv.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>().post('/deliveries/import', {
      config: { capability: 'jobs:work' },
      bodyLimit: importMaxBytes,
      schema: {
        summary: 'Confirm deliveries from a carrier\'s report (CSV: tracking number, delivered at): each row on its own, reported with its line number',
        description: 'Always 200 for a readable file: each row is confirmed, already-delivered, unknown-tracking-number, bad-date or not-dispatched, and a bad row never spoils the others. A file without the two columns is 400.',
        tags: ['jobs'], consumes: ['text/csv'], body: CarrierImportBody, response: { 200: CarrierImportResult, ...ERRORS },
      },
      handler: async (request) => importCarrierReport(store, principalOf(request), request.body, clock.now()),
    });
  });
};
