import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams } from '../http/schemas.js';
import { changeRequestStatus, requestQueue } from './requests.service.js';
import { REQUEST_STATUSES } from './types.js';

const Request = z.object({
  id: z.uuid(),
  status: z.enum(REQUEST_STATUSES as [string, ...string[]]),
  trigger: z.string().nullable(),
  origin: z.string(),
  rapidUse: z.boolean(),
  createdAt: z.iso.datetime(),
  comment: z.string().nullable(),
  serial: z.string(),
  customer: z.string(),
  supply: z.object({ index: z.number().int(), kind: z.string().nullable(), color: z.string().nullable(), partNumber: z.string().nullable() }),
  remainingPercent: z.number().nullable(),
  daysRemaining: z.number().nullable(),
  authorization: z.array(z.object({ rule: z.string(), passed: z.boolean(), reason: z.string() })),
});

/** The consumable request queues and the B2B action endpoint for ERPs. */
export const requestRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.tonerloop;

  app.get('/consumable-requests', {
    config: { capability: 'requests:read' },
    schema: {
      summary: 'A queue of consumable requests (integration token or dealer staff), oldest first',
      tags: ['requests'],
      querystring: z.object({ status: z.enum(REQUEST_STATUSES as [string, ...string[]]).default('outstanding'), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
      response: { 200: z.object({ items: z.array(Request) }), ...ERRORS },
    },
    handler: async (request) => {
      const rows = await requestQueue(store, principalOf(request), request.query.status as never, request.query.limit);
      return {
        items: rows.map((r) => ({
          id: r.id, status: r.status, trigger: r.trigger, origin: r.origin, rapidUse: r.rapid_use, createdAt: r.created_at.toISOString(), comment: r.comment,
          serial: r.serial, customer: r.customer_name, supply: { index: r.supply_index, kind: r.kind, color: r.color, partNumber: r.part_number },
          remainingPercent: r.remaining_percent, daysRemaining: r.forecast?.daysRemaining ?? null, authorization: r.authorization_results,
        })),
      };
    },
  });

  app.post('/consumable-requests/:id/status', {
    config: { capability: 'requests:action' },
    schema: {
      summary: 'Move a request on the board: ignore, query, delete, reopen (a rejection override needs a dealer admin and a comment)',
      tags: ['requests'],
      params: IdParams,
      body: z.object({ to: z.enum(['outstanding', 'ignored', 'queried', 'deleted']), comment: z.string().trim().max(2000).optional() }),
      response: { 200: z.object({ id: z.uuid(), status: z.string(), externalId: z.string().nullable(), comment: z.string().nullable(), changed: z.boolean() }), ...ERRORS },
    },
    handler: async (request) => ({ id: request.params.id, ...(await changeRequestStatus(store, principalOf(request), request.params.id, request.body.to, { comment: request.body.comment }, clock.now())) }),
  });

  app.post('/consumable-requests/:id/action', {
    config: { capability: 'requests:action' },
    schema: {
      summary: "Mark a request actioned with the ERP's reference; the same externalId again is a no-op, a different one is 409",
      tags: ['requests'],
      params: IdParams,
      body: z.object({ externalId: z.string().trim().min(1).max(100), comment: z.string().max(2000).optional() }),
      response: { 200: z.object({ id: z.uuid(), status: z.string(), externalId: z.string().nullable(), comment: z.string().nullable(), changed: z.boolean() }), ...ERRORS },
    },
    handler: async (request) => ({ id: request.params.id, ...(await changeRequestStatus(store, principalOf(request), request.params.id, 'actioned', request.body, clock.now())) }),
  });
};
