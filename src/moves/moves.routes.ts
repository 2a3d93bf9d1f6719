import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../http/auth-hooks.js';
import { ERRORS, IdParams } from '../http/schemas.js';
import { DeviceMove, MoveQuery, MoveSettings, presentMove } from './moves.schemas.js';
import { confirmMove, listMoves, moveSettings, rejectMove, setMoveSettings } from './moves.service.js';

/** Printers read by another customer's collector than their own: the candidates, their decision, the dealer setting. */
export const moveRoutes: FastifyPluginAsyncZod = async (app) => {
  const { store, clock, health, receiptRetentionMs, forecasts } = app.tonerloop;

  app.get('/device-moves', {
    config: { capability: 'moves:read' },
    schema: {
      summary: "Move candidates: printers of one customer read by another customer's collector, with both customers and the evidence; pending ones hold their readings",
      tags: ['devices'], querystring: MoveQuery, response: { 200: z.object({ items: z.array(DeviceMove) }), ...ERRORS },
    },
    handler: async (request) => {
      const { status, limit } = request.query;
      return { items: (await listMoves(store, principalOf(request), status === 'all' ? null : status, limit)).map(presentMove) };
    },
  });

  app.post('/device-moves/:id/confirm', {
    config: { capability: 'moves:decide' },
    schema: {
      summary: "Confirm a move: the device moves to the customer whose collector read it (keeping its history; audited) and the readings held for it are taken in. Confirming again changes nothing; 409 for a rejected move",
      tags: ['devices'], params: IdParams, response: { 200: DeviceMove, ...ERRORS },
    },
    handler: async (request) => {
      const { move, deviceIds } = await confirmMove(store, principalOf(request), request.params.id, clock.now(), { unreachableAfter: health.unreachableAfterFailures, maxAgeMs: receiptRetentionMs });
      if (deviceIds.length > 0) forecasts.wake();
      return presentMove(move);
    },
  });

  app.post('/device-moves/:id/reject', {
    config: { capability: 'moves:decide' },
    schema: {
      summary: "Reject a move: the device stays, its held readings are discarded (audited), and later readings of it from that customer's collectors are refused with a reason. 409 for a move already applied",
      tags: ['devices'], params: IdParams, response: { 200: DeviceMove, ...ERRORS },
    },
    handler: async (request) => presentMove(await rejectMove(store, principalOf(request), request.params.id, clock.now())),
  });

  app.get('/device-move-settings', {
    config: { capability: 'settings:read' },
    schema: { summary: 'Whether moves between customers apply without staff confirming them (dealer-wide)', tags: ['settings'], response: { 200: MoveSettings, ...ERRORS } },
    handler: async (request) => moveSettings(store, principalOf(request)),
  });

  app.put('/device-move-settings', {
    config: { capability: 'settings:write' },
    schema: { summary: 'Set whether moves between customers apply without staff confirming them (dealer-wide; audited)', tags: ['settings'], body: MoveSettings, response: { 200: MoveSettings, ...ERRORS } },
    handler: async (request) => setMoveSettings(store, principalOf(request), request.body, clock.now()),
  });
};
