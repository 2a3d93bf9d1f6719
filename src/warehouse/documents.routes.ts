import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams } from '../http/schemas.js';
import { discrepancies, packingSlip, pickList, pickListPdf, shippingLabel } from './documents.service.js';
import { Discrepancies, DiscrepancyQuery, PickList, PickListQuery } from './documents.schemas.js';

const Pdf = z.any().describe('application/pdf');

/** The warehouse's documents (pick list, packing slip, shipping label) and the discrepancy report: for whoever packs (jobs:pack). */
export const documentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.tonerloop;

  app.get('/warehouse/pick-list', {
    config: { capability: 'jobs:pack' },
    schema: {
      summary: 'The pick list of a wave (the jobs named, or every ready job): picks by bin, and each job with its order label, lines and delivery site',
      description: '404 for a job that is not the dealer\'s; 409 for one that is not ready.',
      tags: ['warehouse'],
      querystring: PickListQuery,
      response: { 200: PickList, ...ERRORS },
    },
    handler: async (request) => pickList(store, principalOf(request), request.query.jobIds, clock.now()),
  });

  app.get('/warehouse/pick-list.pdf', {
    config: { capability: 'jobs:pack' },
    schema: {
      summary: 'The pick list of a wave as a PDF (A4): picks by bin, then each job with its order label as a Code 128 barcode',
      tags: ['warehouse'],
      querystring: PickListQuery,
      produces: ['application/pdf'],
      response: { 200: Pdf, ...ERRORS },
    },
    handler: async (request, reply) => reply.type('application/pdf').header('content-disposition', 'inline; filename="pick-list.pdf"')
      .send(await pickListPdf(store, principalOf(request), request.query.jobIds, clock.now())),
  });

  app.get('/jobs/:id/packing-slip.pdf', {
    config: { capability: 'jobs:pack' },
    schema: {
      summary: 'A job\'s packing slip (PDF): the units scanned into its box, with their labels and serials — not what was ordered',
      description: '409 while nothing is packed into the job.',
      tags: ['jobs'],
      params: IdParams,
      produces: ['application/pdf'],
      response: { 200: Pdf, ...ERRORS },
    },
    handler: async (request, reply) => reply.type('application/pdf').header('content-disposition', `inline; filename="packing-slip-${request.params.id}.pdf"`)
      .send(await packingSlip(store, principalOf(request), request.params.id, clock.now())),
  });

  app.get('/jobs/:id/shipping-label.pdf', {
    config: { capability: 'jobs:pack' },
    schema: {
      summary: 'A job\'s shipping label (PDF, A6): the delivery address of its printer\'s site, its order label (Code 128), carrier and tracking number once dispatched',
      description: '409 when the printer has no site: give the printer a site first.',
      tags: ['jobs'],
      params: IdParams,
      produces: ['application/pdf'],
      response: { 200: Pdf, ...ERRORS },
    },
    handler: async (request, reply) => reply.type('application/pdf').header('content-disposition', `inline; filename="shipping-label-${request.params.id}.pdf"`)
      .send(await shippingLabel(store, principalOf(request), request.params.id)),
  });

  app.get('/warehouse/discrepancies', {
    config: { capability: 'jobs:pack' },
    schema: {
      summary: 'Jobs whose ordered, packed and shipped counts differ, SKU by SKU (picking is not tracked apart from packing, and the report says so)',
      tags: ['warehouse'],
      querystring: DiscrepancyQuery,
      response: { 200: Discrepancies, ...ERRORS },
    },
    handler: async (request) => discrepancies(store, principalOf(request), request.query.limit),
  });
};
