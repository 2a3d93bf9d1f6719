import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ConsumableRequestRow, RequestCommentRow, StoredForecast } from '../db/schema.js';
import { projectForecast } from '../forecasting/index.js';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams, Text, text } from '../http/schemas.js';
import { changeRequestStatus, commentOnRequest, orderOptions, placeManualOrder, requestDetail, requestQueue } from './requests.service.js';
import { StockoutHelpStep, StockoutRisk, presentStockoutHelp, presentStockoutRisk } from './requests.schemas.js';
import { REQUEST_STATUSES, type RequestStatus } from './types.js';

const Status = z.enum(REQUEST_STATUSES as [RequestStatus, ...RequestStatus[]]);
/** How many requests are in each status. */
const StatusCounts = z.object(Object.fromEntries(REQUEST_STATUSES.map((s) => [s, z.number().int()])) as Record<RequestStatus, z.ZodNumber>);
const RuleResult = z.object({ rule: z.string(), passed: z.boolean(), reason: z.string() });
const Supply = z.object({ index: z.number().int(), kind: z.string().nullable(), color: z.string().nullable(), partNumber: z.string().nullable() });

/** The CONTRACT request shape, plus what the board shows next to it. */
const Request = z.object({
  id: z.uuid(),
  status: Status,
  trigger: z.string().nullable(),
  origin: z.enum(['automatic', 'manual']),
  rapidUse: z.boolean(),
  createdAt: z.iso.datetime(),
  comment: z.string().nullable(),
  serial: z.string().nullable().describe('Null while the printer tells no serial and none was entered by hand (serial unknown); deviceId identifies it'),
  customer: z.string(),
  deviceId: z.uuid(),
  supply: Supply,
  supplyIndexes: z.array(z.number().int()).describe('Every supply the request orders: the anchor first, then colours consolidated into it'),
  quantity: z.number().int(),
  externalId: z.string().nullable(),
  remainingPercent: z.number().nullable(),
  daysRemaining: z.number().nullable().describe("Days until the supply's forecast depletion date, counted now: projected from the device's last reading, so it counts down while the device is silent"),
  authorization: z.array(RuleResult),
  stockoutRisk: StockoutRisk,
});

const HistoryEntry = z.object({
  at: z.string(), from: Status.nullable(), to: Status, comment: z.string().nullable(), externalId: z.string().nullable(), override: z.boolean(),
  actor: z.object({ kind: z.enum(['user', 'integration', 'system']), id: z.string(), role: z.string().optional() }),
});
const Comment = z.object({ id: z.uuid(), author: z.object({ kind: z.string(), id: z.string(), name: z.string() }), body: z.string(), createdAt: z.iso.datetime() });
const RequestDetail = Request.extend({
  model: z.string().nullable(),
  conflict: z.string().nullable().describe('The warning a manual order on an auto-replenished device was placed under'),
  statusChangedAt: z.iso.datetime(),
  history: z.array(HistoryEntry),
  comments: z.array(Comment),
  stockoutHelp: z.array(StockoutHelpStep).describe('When stockoutRisk.unavoidable and the request is open: what helps — express shipping, economy mode, less colour, a spare on site at another printer of the same customer. Empty otherwise'),
});
const Change = z.object({ id: z.uuid(), status: z.string(), externalId: z.string().nullable(), comment: z.string().nullable(), changed: z.boolean() });

type Listed = Pick<ConsumableRequestRow, 'id' | 'status' | 'trigger' | 'origin' | 'rapid_use' | 'created_at' | 'comment' | 'supply_index' | 'supply_indexes' | 'quantity' | 'external_id' | 'device_id' | 'authorization_results' | 'stockout_risk'>
  & { serial: string | null; customer_name: string; kind: string | null; color: string | null; part_number: string | null; remaining_percent: number | null; forecast: StoredForecast | null };

function present(r: Listed, now: Date): z.infer<typeof Request> {
  const days = r.forecast ? projectForecast(r.forecast, now.getTime()).daysRemaining : null;
  return {
    id: r.id, status: r.status, trigger: r.trigger, origin: r.origin, rapidUse: r.rapid_use, createdAt: r.created_at.toISOString(), comment: r.comment,
    serial: r.serial, customer: r.customer_name, deviceId: r.device_id, supply: { index: r.supply_index, kind: r.kind, color: r.color, partNumber: r.part_number },
    supplyIndexes: r.supply_indexes.length > 0 ? r.supply_indexes : [r.supply_index], quantity: r.quantity, externalId: r.external_id,
    remainingPercent: r.remaining_percent, daysRemaining: days === null ? null : Math.round(days * 10) / 10, authorization: r.authorization_results,
    stockoutRisk: presentStockoutRisk(r.stockout_risk),
  };
}

const presentComment = (c: Omit<RequestCommentRow, 'seq'>): z.infer<typeof Comment> => ({ id: c.id, author: { kind: c.author_kind, id: c.author_id, name: c.author_name }, body: c.body, createdAt: c.created_at.toISOString() });

/** The consumable request queues, manual orders, comments and the B2B action endpoint for ERPs. */
export const requestRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.tonerloop;

  app.get('/consumable-requests', {
    config: { capability: 'requests:read' },
    schema: {
      summary: 'A queue of consumable requests (integration token, dealer staff, or a key user for their own company), oldest first',
      description: 'An ERP (integration token) sees only requests whose printer\'s fulfilment setting is external; those of internal fulfilment are taken by TonerLoop\'s supply-job module. With deviceId, that device\'s requests, newest first. status=all lists every status. sort=days-left puts the supply that runs out soonest first (those without a forecast last), sort=newest the newest first. counts: how many requests of the same caller and device are in each status, whatever status was asked for.',
      tags: ['requests'],
      querystring: z.object({
        status: z.union([Status, z.literal('all')]).default('outstanding'),
        deviceId: z.uuid('must be a UUID').optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
        sort: z.enum(['days-left', 'newest']).optional().describe('Without it: oldest first (a device\'s requests newest first), the order ERPs take the queue in'),
      }),
      response: { 200: z.object({ items: z.array(Request), counts: StatusCounts }), ...ERRORS },
    },
    handler: async (request) => {
      const { status, deviceId, limit, sort } = request.query;
      const { items, counts } = await requestQueue(store, principalOf(request), { status, deviceId }, limit, sort, clock.now());
      return { items: items.map((r) => present(r, clock.now())), counts };
    },
  });

  app.post('/consumable-requests', {
    config: { capability: 'requests:order' },
    schema: {
      summary: 'Order a supply by hand (dealer staff or a key user); authorized by the same rules as automatic requests',
      description: 'On an auto-replenished device the response carries a warning, which is also recorded on the request.',
      tags: ['requests'],
      body: z.object({
        deviceId: z.uuid('must be a UUID'),
        supplyIndex: z.number().int().min(1).max(1000),
        quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(1),
        comment: text({ max: 2000, min: 0 }).optional(),
      }),
      response: { 201: z.object({ id: z.uuid(), status: Status, warning: z.string().nullable() }), ...ERRORS },
    },
    handler: async (request, reply) => reply.status(201).send(await placeManualOrder(store, principalOf(request), request.body, clock.now())),
  });

  app.get('/devices/:id/order-options', {
    config: { capability: 'requests:order' },
    schema: {
      summary: 'What can be ordered by hand for a device: its supplies, any open order of each, and the conflict warning',
      tags: ['requests'],
      params: IdParams,
      response: {
        200: z.object({
          deviceId: z.uuid(), serial: z.string().nullable().describe('Null while the printer tells no serial and none was entered by hand (serial unknown); deviceId identifies it'), model: z.string().nullable(), autoReplenish: z.boolean(), warning: z.string().nullable(),
          deliverTo: z.object({
            site: z.string().nullable().describe("The device's site; null when it has none (the dealer then confirms where to deliver)"),
            address: z.string().nullable().describe('The site\'s address on one line, as on a shipping label'),
            location: z.string().nullable().describe('Where the printer stands within the site'),
          }),
          supplies: z.array(Supply.extend({ description: z.string().nullable(), remainingPercent: z.number().nullable(), state: z.string(), openRequest: z.object({ id: z.uuid(), status: Status }).nullable() })),
        }),
        ...ERRORS,
      },
    },
    handler: async (request) => {
      const options = await orderOptions(store, principalOf(request), request.params.id, clock.now());
      return {
        deviceId: options.device.id, serial: options.device.serial, model: options.device.model, autoReplenish: options.autoReplenish, warning: options.warning,
        deliverTo: {
          site: options.site?.name ?? null,
          address: options.site ? [options.site.address, options.site.postcode, options.site.city, options.site.country].filter(Boolean).join(', ') || null : null,
          location: options.device.location,
        },
        supplies: options.supplies.map(({ supply, open }) => ({
          index: supply.supply_index, kind: supply.kind, color: supply.color, partNumber: supply.part_number, description: supply.description,
          remainingPercent: supply.remaining_percent, state: supply.state, openRequest: open ? { id: open.id, status: open.status } : null,
        })),
      };
    },
  });

  app.get('/consumable-requests/:id', {
    config: { capability: 'requests:read' },
    schema: { summary: 'One request with its authorization results, full history, comments, stockout risk and (when the stockout is unavoidable) what helps', tags: ['requests'], params: IdParams, response: { 200: RequestDetail, ...ERRORS } },
    handler: async (request) => {
      const { row, comments, help } = await requestDetail(store, principalOf(request), request.params.id, clock.now());
      return {
        ...present(row, clock.now()), model: row.model, conflict: row.conflict, statusChangedAt: row.status_changed_at.toISOString(),
        history: row.history as unknown as z.infer<typeof HistoryEntry>[], comments: comments.map(presentComment), stockoutHelp: help.map(presentStockoutHelp),
      };
    },
  });

  app.post('/consumable-requests/:id/comments', {
    config: { capability: 'requests:read' },
    schema: {
      summary: 'Comment on a request (anyone who may see it); the status does not change',
      tags: ['requests'],
      params: IdParams,
      body: z.object({ body: Text.trim().min(1, 'must not be empty').max(2000) }),
      response: { 201: Comment, ...ERRORS },
    },
    handler: async (request, reply) => reply.status(201).send(presentComment(await commentOnRequest(store, principalOf(request), request.params.id, request.body.body, clock.now()))),
  });

  app.post('/consumable-requests/:id/status', {
    config: { capability: 'requests:action' },
    schema: {
      summary: 'Move a request on the board: ignore, query, delete, reopen (a rejection override needs a dealer admin and a comment)',
      tags: ['requests'],
      params: IdParams,
      body: z.object({ to: z.enum(['outstanding', 'ignored', 'queried', 'deleted', 'completed']), comment: text({ max: 2000, min: 0 }).optional() }),
      response: { 200: Change, ...ERRORS },
    },
    handler: async (request) => ({ id: request.params.id, ...(await changeRequestStatus(store, principalOf(request), request.params.id, request.body.to, { comment: request.body.comment }, clock.now())) }),
  });

  app.post('/consumable-requests/:id/action', {
    config: { capability: 'requests:action' },
    schema: {
      summary: "Mark a request actioned with the ERP's reference; the same externalId again is a no-op, a different one is 409",
      description: "An ERP's action on a request whose printer's fulfilment setting is internal (the supply-job module takes it) is 409.",
      tags: ['requests'],
      params: IdParams,
      body: z.object({ externalId: text({ max: 100 }), comment: Text.max(2000).optional() }),
      response: { 200: Change, ...ERRORS },
    },
    handler: async (request) => ({ id: request.params.id, ...(await changeRequestStatus(store, principalOf(request), request.params.id, 'actioned', request.body, clock.now())) }),
  });
};
