import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS } from '../http/schemas.js';
import { listAudit } from './audit.service.js';

const AuditEntry = z.object({
  id: z.number().int(),
  at: z.iso.datetime(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  details: z.unknown(),
});

/** The dealer's audit log, newest first (dealer admins). */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store } = app.tonerloop;

  app.get('/audit', {
    config: { capability: 'audit:read' },
    schema: {
      summary: 'Read the audit log, newest first',
      tags: ['audit'],
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), beforeId: z.coerce.number().int().positive().optional() }),
      response: { 200: z.object({ items: z.array(AuditEntry) }), ...ERRORS },
    },
    handler: async (request) => {
      const rows = await listAudit(store, principalOf(request), request.query);
      return {
        items: rows.map((r) => ({ id: r.id, at: r.at.toISOString(), actorType: r.actor_type, actorId: r.actor_id, action: r.action, entityType: r.entity_type, entityId: r.entity_id, details: r.details })),
      };
    },
  });
};
