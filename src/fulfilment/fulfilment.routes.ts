import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal } from '../auth/index.js';
import { presentDevice } from '../devices/index.js';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams } from '../http/schemas.js';
import {
  CommentBody, ConfirmBody, Exception, Job, JobCounts, JobDetail, JobQuery, JobStatus, presentException, presentJob, ResolveBody, RunResult, RunSettings, StatusBody,
} from './fulfilment.schemas.js';
import {
  changeJobStatus, commentOnJob, confirmExcess, jobDetail, jobRunSettings, listExceptions, listJobs, resolveException, runJobsNow, setJobRunSettings,
} from './jobs.service.js';

const DAY_MS = 86_400_000;
const forCustomer = (principal: Principal) => principal.kind === 'user' && principal.role === 'customer-key-user';
const Changed = z.object({ id: z.uuid(), number: z.string(), status: JobStatus, from: JobStatus });

/** Supply jobs (TonerLoop's own job module): the creator, the board, a job, its moves and comments, and the exceptions list. */
export const fulfilmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.tonerloop;

  app.post('/jobs/run', {
    config: { capability: 'jobs:work' },
    schema: {
      summary: 'Take the outstanding requests now (dealer staff): each becomes a line of a supply job, or an exception with why',
      description: 'Only requests whose printer\'s fulfilment setting is internal; the same run happens every runEveryMinutes (job-settings). Requests another run is taking at the same moment are taken once.',
      tags: ['jobs'],
      response: { 200: RunResult, ...ERRORS },
    },
    handler: async (request) => runJobsNow(store, principalOf(request), clock.now()),
  });

  app.get('/jobs', {
    config: { capability: 'jobs:read' },
    schema: {
      summary: 'The jobs board, newest first: filter by status, device, customer, site and age; counts per status (whatever status was asked for)',
      description: 'A customer key user sees only their own company\'s jobs, without the dealer\'s notes.',
      tags: ['jobs'],
      querystring: JobQuery,
      response: { 200: z.object({ items: z.array(Job), counts: JobCounts }), ...ERRORS },
    },
    handler: async (request) => {
      const { limit, olderThanDays, ...filter } = request.query;
      const createdBefore = olderThanDays === undefined ? undefined : new Date(clock.now().getTime() - olderThanDays * DAY_MS);
      const { items, counts } = await listJobs(store, principalOf(request), { ...filter, createdBefore }, limit);
      return { items: items.map(({ row, lines, allowedMoves }) => presentJob(row, lines, [], forCustomer(principalOf(request)), allowedMoves)), counts };
    },
  });

  app.get('/jobs/exceptions', {
    config: { capability: 'jobs:work' },
    schema: {
      summary: 'Requests the job creator could not turn into a job line (a serial that matches no printer, a supply without SKU), oldest first',
      description: 'They stay outstanding; resolve one by picking the SKU or linking the printer. all=true lists resolved ones too.',
      tags: ['jobs'],
      querystring: z.object({ all: z.enum(['true', 'false']).default('false'), limit: z.coerce.number().int().min(1).max(1000).default(200) }),
      response: { 200: z.object({ items: z.array(Exception) }), ...ERRORS },
    },
    handler: async (request) => ({ items: (await listExceptions(store, principalOf(request), { open: request.query.all !== 'true' }, request.query.limit)).map(presentException) }),
  });

  app.post('/jobs/exceptions/:id/resolve', {
    config: { capability: 'jobs:work' },
    schema: {
      summary: 'Fix an exception: pick the SKU (the line is selectedBy manual) and/or link the printer; the job is created at once',
      description: '409 when it was resolved already, or the fix does not cover what is missing (the sentence says what still is).',
      tags: ['jobs'],
      params: IdParams,
      body: ResolveBody,
      response: { 200: z.object({ exceptionId: z.uuid(), jobId: z.uuid(), number: z.string(), consolidated: z.boolean() }), ...ERRORS },
    },
    handler: async (request) => resolveException(store, principalOf(request), request.params.id, request.body, clock.now()),
  });

  app.get('/job-settings', {
    config: { capability: 'settings:read' },
    schema: { summary: 'How often the job creator takes the dealer\'s outstanding requests, and when it last did', tags: ['jobs'], response: { 200: RunSettings, ...ERRORS } },
    handler: async (request) => jobRunSettings(store, principalOf(request)),
  });

  app.put('/job-settings', {
    config: { capability: 'settings:write' },
    schema: {
      summary: 'Change how often the job creator runs (dealer admin): every 5 to 1440 minutes, 60 by default',
      tags: ['jobs'],
      body: z.strictObject({ runEveryMinutes: z.number().int('must be a whole number').min(5, 'must be at least 5').max(1440, 'must be at most 1440') }),
      response: { 200: RunSettings, ...ERRORS },
    },
    handler: async (request) => setJobRunSettings(store, principalOf(request), request.body, clock.now()),
  });

  app.get('/jobs/:id', {
    config: { capability: 'jobs:read' },
    schema: {
      summary: 'One supply job with its lines (SKU and why), comments, history, the printer\'s levels and forecasts, its last supply job and the pages printed since',
      tags: ['jobs'],
      params: IdParams,
      response: { 200: JobDetail, ...ERRORS },
    },
    handler: async (request) => {
      const principal = principalOf(request);
      const now = clock.now();
      const { row, lines, comments, previous, device, pagesSinceLastJob, allowedMoves } = await jobDetail(store, principal, request.params.id, now);
      const customer = forCustomer(principal);
      return {
        ...presentJob(row, lines, comments, customer, allowedMoves),
        device: device ? presentDevice(device.device, device.supplies, device.status, device.siteName, now) : null,
        lastSupplyJob: previous ? { id: previous.id, number: previous.number, status: previous.status, createdAt: previous.created_at.toISOString() } : null,
        pagesSinceLastSupplyJob: pagesSinceLastJob,
        history: customer ? [] : (row.history as unknown as z.infer<typeof JobDetail>['history']),
      };
    },
  });

  app.post('/jobs/:id/status', {
    config: { capability: 'jobs:pack' },
    schema: {
      summary: 'Move a job: booked → ready (stock reserved; back orders and substitutes) → packed → dispatched → delivered → completed, or cancelled from any open status',
      description: 'A move the status machine forbids is 409 with the allowed moves. Packed and dispatched are 409 here, always: a job is packed at the scan station when every unit is scanned into its box (POST /warehouse/scans), and dispatched through POST /jobs/{id}/dispatch, which checks the box against the lines. Completed is loop closure or a dealer admin. Cancelling deletes the job\'s actioned requests, so the supply can be ordered again.',
      tags: ['jobs'],
      params: IdParams,
      body: StatusBody,
      response: { 200: Changed, ...ERRORS },
    },
    handler: async (request) => changeJobStatus(store, principalOf(request), request.params.id, request.body.status, request.body.comment?.trim() || null, clock.now()),
  });

  app.post('/jobs/:id/confirm-excess', {
    config: { capability: 'jobs:work' },
    schema: {
      summary: 'Confirm that a job flagged for excess supply ships anyway, saying why; it may then go ready',
      tags: ['jobs'],
      params: IdParams,
      body: ConfirmBody,
      response: { 200: z.object({ id: z.uuid(), number: z.string(), confirmedAt: z.iso.datetime(), changed: z.boolean() }), ...ERRORS },
    },
    handler: async (request) => confirmExcess(store, principalOf(request), request.params.id, request.body.comment, clock.now()),
  });

  app.post('/jobs/:id/comments', {
    config: { capability: 'jobs:work' },
    schema: {
      summary: 'Comment on a job (dealer staff); the status does not change',
      tags: ['jobs'],
      params: IdParams,
      body: CommentBody,
      response: { 201: z.object({ id: z.uuid(), body: z.string(), createdAt: z.iso.datetime(), author: z.object({ kind: z.string(), id: z.string(), name: z.string() }) }), ...ERRORS },
    },
    handler: async (request, reply) => {
      const c = await commentOnJob(store, principalOf(request), request.params.id, request.body.body, clock.now());
      return reply.status(201).send({ id: c.id, body: c.body, createdAt: c.created_at.toISOString(), author: { kind: c.author_kind, id: c.author_id, name: c.author_name } });
    },
  });
};
