import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams } from '../http/schemas.js';
import { Contract, ContractInput, ContractPatch, presentContract } from './contracts.schemas.js';
import { createContract, deleteContract, getContract, listContracts, updateContract, type ContractView } from './contracts.service.js';

const present = (view: ContractView) => presentContract(view.row, view.deviceIds);

/** Contracts: which devices of a customer they cover, their entitlement and their setting overrides. */
export const contractRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.tonerloop;

  app.post('/contracts', {
    config: { capability: 'contracts:manage' },
    schema: { summary: 'Create a contract for a customer', tags: ['contracts'], body: ContractInput, response: { 201: Contract, ...ERRORS } },
    handler: async (request, reply) => reply.status(201).send(present(await createContract(store, principalOf(request), request.body, clock.now()))),
  });

  app.get('/contracts', {
    config: { capability: 'customers:read' },
    schema: {
      summary: 'List contracts, optionally of one customer',
      tags: ['contracts'],
      querystring: z.object({ customerId: z.uuid('must be a UUID').optional() }),
      response: { 200: z.object({ items: z.array(Contract) }), ...ERRORS },
    },
    handler: async (request) => ({ items: (await listContracts(store, principalOf(request), request.query.customerId)).map(present) }),
  });

  app.get('/contracts/:id', {
    config: { capability: 'customers:read' },
    schema: { summary: 'Read a contract', tags: ['contracts'], params: IdParams, response: { 200: Contract, ...ERRORS } },
    handler: async (request) => present(await getContract(store, principalOf(request), request.params.id)),
  });

  app.patch('/contracts/:id', {
    config: { capability: 'contracts:manage' },
    schema: { summary: 'Change a contract (deviceIds null covers all the customer’s devices)', tags: ['contracts'], params: IdParams, body: ContractPatch, response: { 200: Contract, ...ERRORS } },
    handler: async (request) => present(await updateContract(store, principalOf(request), request.params.id, request.body, clock.now())),
  });

  app.delete('/contracts/:id', {
    config: { capability: 'contracts:manage' },
    schema: { summary: 'Delete a contract', tags: ['contracts'], params: IdParams, response: { 204: z.null(), ...ERRORS } },
    handler: async (request, reply) => {
      await deleteContract(store, principalOf(request), request.params.id, clock.now());
      return reply.status(204).send(null);
    },
  });
};
