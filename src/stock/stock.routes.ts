import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams, PageQuery, pageOf } from '../http/schemas.js';
import { importStockCsv } from './stock-import.js';
import {
  DefaultStock, DefaultStockInput, Model, PrinterModels, RelatedStock, RelatedStockInput, StockImportBody, StockImportQuery, StockImportResult, StockItem,
  StockItemInput, StockListQuery, Suggestions, presentBrief, presentStockItem, presentSuggestions,
} from './stock.schemas.js';
import {
  createStockItem, getContractDefaultStock, getRelatedStock, getStockItem, listPrinterModels, listStockItems, setContractDefaultStock, setRelatedStock,
  suggestRelatedStockFor, updateStockItem,
} from './stock.service.js';
import type { StockItemRow } from '../db/schema.js';

const skusOf = (items: StockItemRow[]) => ({ skus: items.map((i) => i.sku), items: items.map(presentBrief) });
const ModelQuery = z.object({ model: Model });

/** The stock catalogue: items, related stock per printer model, contracts' default stock, and the catalogue's CSV import. */
export const stockRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock, importMaxBytes } = app.tonerloop;

  app.post('/stock-items', {
    config: { capability: 'stock:write' },
    schema: { summary: 'Add an item to the stock catalogue', tags: ['stock'], body: StockItemInput, response: { 201: StockItem, ...ERRORS } },
    handler: async (request, reply) => reply.status(201).send(presentStockItem(await createStockItem(store, principalOf(request), request.body, clock.now()))),
  });

  app.get('/stock-items', {
    config: { capability: 'stock:read' },
    schema: { summary: 'List the stock catalogue by SKU, optionally only what a query matches', tags: ['stock'], querystring: PageQuery.extend(StockListQuery.shape), response: { 200: pageOf(StockItem), ...ERRORS } },
    handler: async (request) => {
      const page = await listStockItems(store, principalOf(request), request.query);
      return { items: page.items.map(presentStockItem), nextCursor: page.nextCursor };
    },
  });

  app.get('/stock-items/:id', {
    config: { capability: 'stock:read' },
    schema: { summary: 'Read a stock item', tags: ['stock'], params: IdParams, response: { 200: StockItem, ...ERRORS } },
    handler: async (request) => presentStockItem(await getStockItem(store, principalOf(request), request.params.id)),
  });

  app.put('/stock-items/:id', {
    config: { capability: 'stock:write' },
    schema: { summary: 'Replace a stock item (its part numbers, barcodes and substitutes are what the body says)', tags: ['stock'], params: IdParams, body: StockItemInput, response: { 200: StockItem, ...ERRORS } },
    handler: async (request) => presentStockItem(await updateStockItem(store, principalOf(request), request.params.id, request.body, clock.now())),
  });

  app.get('/related-stock', {
    config: { capability: 'stock:read' },
    schema: { summary: 'The related stock of a printer model', tags: ['stock'], querystring: ModelQuery, response: { 200: RelatedStock, ...ERRORS } },
    handler: async (request) => {
      const { model, items } = await getRelatedStock(store, principalOf(request), request.query.model);
      return { model, ...skusOf(items) };
    },
  });

  app.put('/related-stock', {
    config: { capability: 'stock:write' },
    schema: { summary: 'Set the related stock of a printer model', tags: ['stock'], body: RelatedStockInput, response: { 200: RelatedStock, ...ERRORS } },
    handler: async (request) => {
      const { model, items } = await setRelatedStock(store, principalOf(request), request.body.model, request.body.skus, clock.now());
      return { model, ...skusOf(items) };
    },
  });

  app.get('/related-stock/suggestions', {
    config: { capability: 'stock:read' },
    schema: {
      summary: 'Stock items whose part numbers match the supplies printers of a model report, per supply',
      tags: ['stock'], querystring: ModelQuery, response: { 200: Suggestions, ...ERRORS },
    },
    handler: async (request) => {
      const { model, supplies } = await suggestRelatedStockFor(store, principalOf(request), request.query.model);
      return presentSuggestions(model, supplies);
    },
  });

  app.get('/printer-models', {
    config: { capability: 'stock:read' },
    schema: { summary: 'The printer models of the fleet, with their printers and related stock counted', tags: ['stock'], response: { 200: PrinterModels, ...ERRORS } },
    handler: async (request) => ({ items: await listPrinterModels(store, principalOf(request)) }),
  });

  app.get('/contracts/:id/default-stock', {
    config: { capability: 'stock:read' },
    schema: { summary: 'The default stock of a contract', tags: ['stock'], params: IdParams, response: { 200: DefaultStock, ...ERRORS } },
    handler: async (request) => ({ contractId: request.params.id, ...skusOf(await getContractDefaultStock(store, principalOf(request), request.params.id)) }),
  });

  app.put('/contracts/:id/default-stock', {
    config: { capability: 'stock:write' },
    schema: { summary: 'Set the default stock of a contract (chosen before the model’s related stock)', tags: ['stock'], params: IdParams, body: DefaultStockInput, response: { 200: DefaultStock, ...ERRORS } },
    handler: async (request) => ({ contractId: request.params.id, ...skusOf(await setContractDefaultStock(store, principalOf(request), request.params.id, request.body.skus, clock.now())) }),
  });

  // The import takes CSV only (JSON gets 415), with the imports' larger size limit.
  await app.register(async (csv) => {
    csv.removeAllContentTypeParsers();
    csv.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: importMaxBytes }, (_request, body, done) => done(null, body));
    csv.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>().post('/stock-items/import', {
      config: { capability: 'stock:write' },
      bodyLimit: importMaxBytes,
      schema: {
        summary: 'Import the stock catalogue from CSV (all or nothing; a known SKU is replaced by its line)',
        tags: ['stock'], consumes: ['text/csv'], querystring: StockImportQuery, body: StockImportBody, response: { 200: StockImportResult, ...ERRORS },
      },
      handler: async (request) => importStockCsv(store, principalOf(request), request.body, { dryRun: request.query.dryRun }, clock.now()),
    });
  });
};
