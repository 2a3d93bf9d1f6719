import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams, PageQuery, pageOf, text } from '../http/schemas.js';
import { Customer, CustomerInput, CustomerPatch, NewSite, Site, SiteInput, presentCustomer, presentNewSite, presentSite } from './customers.schemas.js';
import { createCustomer, createSite, getCustomer, getSite, listCustomers, listSites, updateCustomer } from './customers.service.js';

/** Customers and their sites. */
export const customerRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.tonerloop;

  app.post('/customers', {
    config: { capability: 'customers:write' },
    schema: { summary: 'Create a customer', tags: ['customers'], body: CustomerInput, response: { 201: Customer, ...ERRORS } },
    handler: async (request, reply) => {
      const customer = await createCustomer(store, principalOf(request), request.body, clock.now());
      return reply.status(201).send(presentCustomer(customer));
    },
  });

  app.get('/customers', {
    config: { capability: 'customers:read' },
    schema: {
      summary: 'List customers by name',
      tags: ['customers'],
      querystring: PageQuery.extend({ search: text({ max: 200, min: 0, trim: false }).optional() }),
      response: { 200: pageOf(Customer), ...ERRORS },
    },
    handler: async (request) => {
      const page = await listCustomers(store, principalOf(request), request.query);
      return { items: page.items.map(presentCustomer), nextCursor: page.nextCursor };
    },
  });

  app.get('/customers/:id', {
    config: { capability: 'customers:read' },
    schema: { summary: 'Read a customer', tags: ['customers'], params: IdParams, response: { 200: Customer, ...ERRORS } },
    handler: async (request) => presentCustomer(await getCustomer(store, principalOf(request), request.params.id)),
  });

  app.patch('/customers/:id', {
    config: { capability: 'customers:write' },
    schema: { summary: 'Change a customer', tags: ['customers'], params: IdParams, body: CustomerPatch, response: { 200: Customer, ...ERRORS } },
    handler: async (request) => presentCustomer(await updateCustomer(store, principalOf(request), request.params.id, request.body, clock.now())),
  });

  app.post('/customers/:id/sites', {
    config: { capability: 'customers:write' },
    schema: { summary: 'Add a delivery site', tags: ['customers'], params: IdParams, body: SiteInput, response: { 201: NewSite, ...ERRORS } },
    handler: async (request, reply) => {
      const site = await createSite(store, principalOf(request), request.params.id, request.body, clock.now());
      return reply.status(201).send(presentNewSite(site));
    },
  });

  app.get('/customers/:id/sites', {
    config: { capability: 'customers:read' },
    schema: { summary: "List a customer's sites, each with its lead time", tags: ['customers'], params: IdParams, response: { 200: z.object({ items: z.array(Site) }), ...ERRORS } },
    handler: async (request) => ({ items: (await listSites(store, principalOf(request), request.params.id, clock.now())).map(presentSite) }),
  });

  app.get('/customers/:id/sites/:siteId', {
    config: { capability: 'customers:read' },
    schema: {
      summary: "Read one of a customer's sites with its lead time (learned from its deliveries, else the setting, else the default)",
      tags: ['customers'], params: IdParams.extend({ siteId: z.uuid('must be a UUID') }), response: { 200: Site, ...ERRORS },
    },
    handler: async (request) => presentSite(await getSite(store, principalOf(request), request.params.id, request.params.siteId, clock.now())),
  });
};
