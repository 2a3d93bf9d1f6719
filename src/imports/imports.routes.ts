import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, ErrorBody, IdParams } from '../http/schemas.js';
import { ImportBody, ImportQuery, ImportResult, ImportRun, presentImportRun } from './imports.schemas.js';
import { findImport } from './imports.service.js';
import type { ImportRunner } from './runner.js';

// Files up to this size are answered when done unless the caller says otherwise: about 10,000 rows, which
// import in about a second, so a script or the portal gets the report in one call as before.
const WAIT_UP_TO_BYTES = 1024 * 1024;

/**
 * Bulk import of customers, sites and devices from a CSV file, run in the background by the app's one runner
 * (which the app stops on close, and the server starts recovering before it listens: app/server.ts) and watched by its id.
 */
export const importRoutes = (runner: ImportRunner): FastifyPluginAsyncZod => async (app) => {
  const { store, clock, importMaxBytes } = app.tonerloop;

  // Inside this plugin only CSV is accepted (JSON gets 415, not a confusing parse error), with its own larger size limit.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: importMaxBytes }, (_request, body, done) => done(null, body));

  app.post('/imports/csv', {
    config: { capability: 'imports:run' },
    bodyLimit: importMaxBytes,
    schema: {
      summary: 'Import customers, sites and devices from CSV (all or nothing; importing the same file again changes nothing)',
      description:
        'The import runs in the background: checked, then written in short chunks while other requests are served, and undone if it ' +
        'fails or its server stops. 202 answers at once with the import to watch at GET /imports/{id}; 200 (with wait) answers when it is done.',
      tags: ['imports'],
      consumes: ['text/csv'],
      querystring: ImportQuery,
      body: ImportBody,
      response: { 200: ImportResult, 202: ImportRun, ...ERRORS, 503: ErrorBody },
    },
    handler: async (request, reply) => {
      const { dryRun, wait } = request.query;
      const principal = principalOf(request);
      const started = await runner.start(principal, request.body, { dryRun, log: request.log }, clock.now());
      if (wait ?? Buffer.byteLength(request.body) <= WAIT_UP_TO_BYTES) return reply.status(200).send(await started.finished);
      // Its outcome is in the imports table for whoever asks; nobody awaits it here.
      started.finished.catch(() => {});
      const run = await findImport(store, principal, started.id);
      return reply.status(202).header('location', `/api/v1/imports/${started.id}`).send(presentImportRun(run));
    },
  });

  app.get('/imports/:id', {
    config: { capability: 'imports:run' },
    schema: {
      summary: 'An import: its status, progress, and the report or the row errors once it has finished',
      tags: ['imports'],
      params: IdParams,
      response: { 200: ImportRun, ...ERRORS },
    },
    handler: async (request) => presentImportRun(await findImport(store, principalOf(request), request.params.id)),
  });
};
