import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS } from '../http/schemas.js';
import { ImportBody, ImportQuery, ImportResult } from './imports.schemas.js';
import { importCsv } from './imports.service.js';

/** Bulk import of customers, sites and devices from a CSV file. */
export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock, importMaxBytes } = app.tonerloop;

  // Inside this plugin only CSV is accepted (JSON gets 415, not a confusing parse error), with its own larger size limit.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: importMaxBytes }, (_request, body, done) => done(null, body));

  app.post('/imports/csv', {
    config: { capability: 'imports:run' },
    bodyLimit: importMaxBytes,
    schema: {
      summary: 'Import customers, sites and devices from CSV (all or nothing; importing the same file again changes nothing)',
      tags: ['imports'],
      consumes: ['text/csv'],
      querystring: ImportQuery,
      body: ImportBody,
      response: { 200: ImportResult, ...ERRORS },
    },
    handler: async (request) => importCsv(store, principalOf(request), request.body, { dryRun: request.query.dryRun, log: request.log }, clock.now()),
  });
};
