import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IntegrationRow } from '../db/schema.js';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams, text } from '../http/schemas.js';
import { listIntegrations, registerIntegration, revokeIntegration } from './integrations.service.js';

const Integration = z.object({
  id: z.uuid(),
  name: z.string(),
  tokenHint: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revoked: z.boolean(),
});

function present(row: IntegrationRow): z.infer<typeof Integration> {
  return { id: row.id, name: row.name, tokenHint: row.token_hint, createdAt: row.created_at.toISOString(), lastUsedAt: row.last_used_at?.toISOString() ?? null, revoked: row.revoked_at !== null };
}

/** ERP integrations and their tokens (dealer admins). */
export const integrationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.tonerloop;

  app.post('/integrations', {
    config: { capability: 'integrations:manage' },
    schema: { summary: 'Register an ERP integration; returns its token once', tags: ['integrations'], body: z.object({ name: text({ max: 200 }) }), response: { 201: Integration.extend({ token: z.string() }), ...ERRORS } },
    handler: async (request, reply) => {
      const { integration, token } = await registerIntegration(store, principalOf(request), request.body, clock.now());
      return reply.status(201).send({ ...present(integration), token });
    },
  });

  app.get('/integrations', {
    config: { capability: 'integrations:manage' },
    schema: { summary: 'List integrations', tags: ['integrations'], response: { 200: z.object({ items: z.array(Integration) }), ...ERRORS } },
    handler: async (request) => ({ items: (await listIntegrations(store, principalOf(request))).map(present) }),
  });

  app.post('/integrations/:id/revoke', {
    config: { capability: 'integrations:manage' },
    schema: { summary: "Revoke an integration's token", tags: ['integrations'], params: IdParams, response: { 200: Integration, ...ERRORS } },
    handler: async (request) => present(await revokeIntegration(store, principalOf(request), request.params.id, clock.now())),
  });
};
