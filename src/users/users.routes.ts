import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../db/schema.js';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams } from '../http/schemas.js';
import { User, UserInput, presentUser } from './users.schemas.js';
import { createUser, disableUser, listUsers } from './users.service.js';

/** Users and roles of a dealer (dealer admins only). */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock } = app.tonerloop;

  app.post('/users', {
    config: { capability: 'users:manage' },
    schema: { summary: 'Add a user', tags: ['users'], body: UserInput, response: { 201: User, ...ERRORS } },
    handler: async (request, reply) => {
      const user = await createUser(store, principalOf(request), { ...request.body, role: request.body.role as Role }, clock.now());
      return reply.status(201).send(presentUser(user));
    },
  });

  app.get('/users', {
    config: { capability: 'users:manage' },
    schema: { summary: 'List users', tags: ['users'], response: { 200: z.object({ items: z.array(User) }), ...ERRORS } },
    handler: async (request) => ({ items: (await listUsers(store, principalOf(request))).map(presentUser) }),
  });

  app.post('/users/:id/disable', {
    config: { capability: 'users:manage' },
    schema: { summary: 'Disable a user and end their sessions', tags: ['users'], params: IdParams, response: { 200: User, ...ERRORS } },
    handler: async (request) => presentUser(await disableUser(store, principalOf(request), request.params.id, clock.now())),
  });
};
