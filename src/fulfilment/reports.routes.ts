import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS } from '../http/schemas.js';
import { BackorderLine, ExcessJob, ExcessQuery, LimitQuery, PeriodQuery, ReportSummary, ShippedVsConsumed } from './reports.schemas.js';
import { backorderReport, excessReport, reportPeriod, reportSummary, shippedVsConsumedReport } from './reports.service.js';

/** Reports on supply jobs for dealer staff (jobs:work): the board by status and age, back orders, excess-supply flags, and shipped vs consumed per customer. */
export const jobReportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.tonerloop;

  app.get('/jobs/reports/summary', {
    config: { capability: 'jobs:work' },
    schema: {
      summary: 'Jobs per status and age (under 1 day, 1–3, 3–7, 7 days or more in their status), with counts of back orders, open exceptions and excess-supply flags',
      description: 'Dealer staff only. Age is the time since the job entered the status it is in now.',
      tags: ['jobs'],
      response: { 200: ReportSummary, ...ERRORS },
    },
    handler: async (request) => reportSummary(store, principalOf(request), clock.now()),
  });

  app.get('/jobs/reports/backorders', {
    config: { capability: 'jobs:work' },
    schema: {
      summary: 'Open back-order lines with their SKU, job, expected date and days waiting, the soonest expected first',
      description: 'Dealer staff only. Open: the line is a back order, not closed, and its job has not been dispatched (booked, ready or packed).',
      tags: ['jobs'],
      querystring: LimitQuery,
      response: { 200: z.object({ items: z.array(BackorderLine) }), ...ERRORS },
    },
    handler: async (request) => ({ items: await backorderReport(store, principalOf(request), request.query.limit, clock.now()) }),
  });

  app.get('/jobs/reports/excess', {
    config: { capability: 'jobs:work' },
    schema: {
      summary: 'Jobs flagged for excess supply, with the figures, whether a dispatcher confirmed them and who; those waiting first',
      description: 'Dealer staff only. Cancelled jobs are left out.',
      tags: ['jobs'],
      querystring: ExcessQuery,
      response: { 200: z.object({ items: z.array(ExcessJob) }), ...ERRORS },
    },
    handler: async (request) => {
      const { confirmed, limit } = request.query;
      return { items: await excessReport(store, principalOf(request), confirmed === undefined ? undefined : confirmed === 'true', limit) };
    },
  });

  app.get('/jobs/reports/shipped-vs-consumed', {
    config: { capability: 'jobs:work' },
    schema: {
      summary: 'Per customer: toner and ink cartridges shipped by supply jobs against cartridges consumed in a period, with the ratio',
      description: 'Dealer staff only. Shipped: cartridges on the lines of jobs dispatched in [from, to) (the move to dispatched in the job\'s history), back-order lines and jobs cancelled since left out. '
        + 'Consumed: cartridge cycles (toner and ink supplies) of the customer\'s printers that ended in [from, to), the cartridge emptied or swapped out; one cycle ended counts as one cartridge consumed, whatever it had left. '
        + 'The period defaults to the 90 days before now; from must be before to, at most 3660 days apart (400 otherwise).',
      tags: ['jobs'],
      querystring: PeriodQuery,
      response: { 200: ShippedVsConsumed, ...ERRORS },
    },
    handler: async (request) => shippedVsConsumedReport(store, principalOf(request), reportPeriod(request.query, clock.now())),
  });
};
