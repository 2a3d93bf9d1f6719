import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams } from '../http/schemas.js';
import {
  ItemLeadTime, ItemLeadTimeBody, PurchaseOrder, PurchaseOrderBody, PurchaseOrderQuery, PurchaseOrders, PurchaseSuggestions, PurchasingSettings, SuggestionQuery, presentSuggestions, suggestionsCsv,
} from './purchasing.schemas.js';
import {
  cancelPurchaseOrder, createPurchaseOrder, getPurchaseOrder, listPurchaseOrders, purchaseSuggestionsFor, purchasingSettings, setItemLeadTime, setPurchasingSettings,
} from './purchasing.service.js';

/** Purchasing: suggestions from the fleet's forecasts, purchase orders, and supplier lead times. */
export const purchasingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.tonerloop;

  app.get('/stock/purchase-suggestions', {
    config: { capability: 'stock:read' },
    schema: {
      summary: 'What to order, how many and by when: demand over the next weeks from the fleet\'s forecasts against stock, on order and back orders',
      description: 'Each supply running out within the horizon (its forecast band\'s early edge) counts for the SKU the job module would ship it; a supply whose first cartridge is already on a job counts only the ones after. The order-by date is when stock first runs short less the supplier lead time (the item\'s, else the dealer\'s).',
      tags: ['stock'], querystring: SuggestionQuery, response: { 200: PurchaseSuggestions, ...ERRORS },
    },
    handler: async (request) => presentSuggestions(await purchaseSuggestionsFor(store, principalOf(request), request.query.weeks, clock.now())),
  });

  app.get('/stock/purchase-suggestions.csv', {
    config: { capability: 'stock:read' },
    schema: {
      summary: 'Purchase suggestions as CSV (one row per item)', tags: ['stock'], querystring: SuggestionQuery, produces: ['text/csv'],
      response: { 200: z.string().describe('text/csv'), ...ERRORS },
    },
    handler: async (request, reply) => {
      const csv = suggestionsCsv(await purchaseSuggestionsFor(store, principalOf(request), request.query.weeks, clock.now()));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="purchase-suggestions-${request.query.weeks}w.csv"`).send(csv);
    },
  });

  app.get('/stock/purchasing-settings', {
    config: { capability: 'stock:read' },
    schema: { summary: 'The dealer\'s supplier lead time (items without their own take it)', tags: ['stock'], response: { 200: PurchasingSettings, ...ERRORS } },
    handler: async (request) => purchasingSettings(store, principalOf(request)),
  });

  app.put('/stock/purchasing-settings', {
    config: { capability: 'stock:write' },
    schema: { summary: 'Set the dealer\'s supplier lead time', tags: ['stock'], body: PurchasingSettings.strict(), response: { 200: PurchasingSettings, ...ERRORS } },
    handler: async (request) => setPurchasingSettings(store, principalOf(request), request.body.supplierLeadTimeDays, clock.now()),
  });

  app.put('/stock-items/:id/lead-time', {
    config: { capability: 'stock:write' },
    schema: { summary: 'Set an item\'s own supplier lead time (null: the dealer\'s)', tags: ['stock'], params: IdParams, body: ItemLeadTimeBody, response: { 200: ItemLeadTime, ...ERRORS } },
    handler: async (request) => setItemLeadTime(store, principalOf(request), request.params.id, request.body.leadTimeDays, clock.now()),
  });

  app.post('/purchase-orders', {
    config: { capability: 'stock:write' },
    schema: {
      summary: 'Place a purchase order: supplier, reference and lines (SKU × quantity expected); its lines are on order until their units are counted in',
      tags: ['stock'], body: PurchaseOrderBody, response: { 201: PurchaseOrder, ...ERRORS },
    },
    handler: async (request, reply) => reply.status(201).send(await createPurchaseOrder(store, principalOf(request), request.body, clock.now())),
  });

  app.get('/purchase-orders', {
    config: { capability: 'stock:read' },
    schema: { summary: 'Purchase orders, newest first, with expected against received per line', tags: ['stock'], querystring: PurchaseOrderQuery, response: { 200: PurchaseOrders, ...ERRORS } },
    handler: async (request) => ({ items: await listPurchaseOrders(store, principalOf(request), request.query) }),
  });

  app.get('/purchase-orders/:id', {
    config: { capability: 'stock:read' },
    schema: { summary: 'A purchase order with expected against received per line', tags: ['stock'], params: IdParams, response: { 200: PurchaseOrder, ...ERRORS } },
    handler: async (request) => getPurchaseOrder(store, principalOf(request), request.params.id),
  });

  app.post('/purchase-orders/:id/cancel', {
    config: { capability: 'stock:write' },
    schema: { summary: 'Cancel a purchase order: it expects nothing more (what arrived stays received); 409 once received in full', tags: ['stock'], params: IdParams, response: { 200: PurchaseOrder, ...ERRORS } },
    handler: async (request) => cancelPurchaseOrder(store, principalOf(request), request.params.id, clock.now()),
  });
};
