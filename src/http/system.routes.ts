import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** Health and the OpenAPI document: the two routes that need no login. */
export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/health', {
    config: { public: true },
    schema: {
      summary: 'Is the server up, and which database serves it',
      tags: ['system'],
      response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['embedded', 'postgres']) }) },
    },
    handler: async () => {
      await app.tonerloop.store.db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
      return { status: 'ok' as const, database: app.tonerloop.store.engine };
    },
  });

  app.get('/api/openapi.json', {
    config: { public: true },
    schema: { hide: true },
    handler: async () => app.swagger(),
  });
};
