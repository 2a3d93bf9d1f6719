import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { DealerWorld } from './factories.js';
import { loginCookie } from './factories.js';

/** A caller of the API as one person: `call(method, path, body?)` answers the JSON, failing the test unless it succeeds. */
export async function apiAs(app: FastifyInstance, email: string) {
  const cookie = await loginCookie(app, email);
  return async <T = any>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<T> => {
    const response = await app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json() as T;
  };
}

/**
 * Gets the world's dealer ready for the job module through the API: fulfilment back to internal (the world registers
 * an ERP, which sets it external), a stock item for the colour printers' cyan (W2031A; the world has one for CF259A),
 * and manual orders by hand — `noSku` a supply no stock item fits (an exception once the requests are taken).
 */
export async function prepareSupplyJobs(app: FastifyInstance, world: DealerWorld, orders: { deviceId: string; supplyIndex: number }[]) {
  const admin = await apiAs(app, world.admin.email);
  await admin('PUT', '/request-settings', { fulfilment: 'internal' });
  await admin('POST', '/stock-items', { sku: 'HP-207A-C', description: 'HP 207A cyan toner', kind: 'toner', color: 'cyan', yieldPages: 1250, partNumbers: ['W2031A'], barcodes: [] });
  for (const order of orders) {
    const placed = await admin<{ id: string; status: string }>('POST', '/consumable-requests', { ...order, quantity: 1, comment: 'Ordered for the jobs board.' });
    // A rule may say no to a hand order of a supply that is not low yet; the dealer admin overrides it.
    if (placed.status !== 'outstanding') await admin('POST', `/consumable-requests/${placed.id}/status`, { to: 'outstanding', comment: 'Override: the customer asked for it.' });
  }
  return admin;
}
