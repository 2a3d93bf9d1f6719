import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { createTestApp } from '../support/app.js';
import { insertDevice, insertRequest, loginCookie, type DealerWorld } from '../support/factories.js';

type Ctx = Awaited<ReturnType<typeof createTestApp>>;
type Method = 'GET' | 'POST' | 'PUT';

/** A person calling the API: `call` answers status and JSON; `ok` fails the test unless the call succeeds. */
export async function person(ctx: Ctx, email: string) {
  const cookie = await loginCookie(ctx.app, email);
  const call = async (method: Method, url: string, payload?: object) => {
    const response = await ctx.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });
    return { status: response.statusCode, body: response.headers['content-type']?.toString().startsWith('application/json') ? response.json() : response.rawPayload };
  };
  const ok = async <T = any>(method: Method, url: string, payload?: object): Promise<T> => {
    const answer = await call(method, url, payload);
    expect(answer.status, `${method} ${url}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
    return answer.body as T;
  };
  return { call, ok };
}

/**
 * The warehouse's world on top of the dealer's: the job module takes the dealer's requests, a cyan and a magenta item
 * beside the world's black (HP 59A), and a way to make a ready job for a new printer needing black and/or cyan.
 */
export async function warehouseWorld(ctx: Ctx, world: DealerWorld) {
  const admin = await person(ctx, world.admin.email);
  const dispatcher = await person(ctx, world.dispatcher.email);
  const operator = await person(ctx, world.warehouse.email);
  await admin.ok('PUT', '/request-settings', { fulfilment: 'internal' });
  await ctx.store.db.updateTable('consumable_requests').set({ status: 'ignored' }).where('id', '=', world.request.id).execute();
  const cyan = `CYAN-${randomUUID().slice(0, 4)}`;
  const magenta = `MAGENTA-${randomUUID().slice(0, 4)}`;
  await admin.ok('POST', '/stock-items', { sku: cyan, description: 'Cyan toner W2031A', kind: 'toner', color: 'cyan', yieldPages: 1250, partNumbers: ['W2031A'], barcodes: [] });
  await admin.ok('POST', '/stock-items', { sku: magenta, description: 'Magenta toner W2033A', kind: 'toner', color: 'magenta', yieldPages: 1250, partNumbers: ['W2033A'], barcodes: ['5901234123457'] });
  const black = world.stockItem.sku;
  let printers = 0;

  /** Units in stock, registered by serial (counted at once). */
  const stock = async (sku: string, count: number): Promise<string[]> => {
    const receipt = await operator.ok('POST', '/warehouse/receipts', { sku, serials: Array.from({ length: count }, () => `SER-${randomUUID().slice(0, 12)}`) });
    return receipt.units.map((u: { label: string }) => u.label);
  };

  /** A booked job for a new printer: one black line and, when asked, one cyan line. */
  const bookedJob = async (withCyan = true): Promise<{ id: string; number: string; orderLabel: string }> => {
    const device = await insertDevice(ctx.store, world.dealer.id, world.customer.id, world.site.id, `WH-${++printers}-${randomUUID().slice(0, 6)}`);
    await ctx.store.db.insertInto('supplies').values({ id: randomUUID(), dealer_id: world.dealer.id, device_id: device.id, supply_index: 3, kind: 'toner', color: 'cyan', description: 'Cyan W2031A', part_number: 'W2031A', part_numbers: ['W2031A'], is_receptacle: false, remaining_percent: 6, state: 'low', raw: null, updated_at: ctx.clock.now() }).execute();
    await insertRequest(ctx.store, world.dealer.id, device.id, world.customer.id, 1);
    if (withCyan) await insertRequest(ctx.store, world.dealer.id, device.id, world.customer.id, 3);
    await dispatcher.ok('POST', '/jobs/run');
    const { items } = await dispatcher.ok('GET', `/jobs?deviceId=${device.id}`);
    expect(items).toHaveLength(1);
    return items[0];
  };

  /** A booked job made ready (its lines reserve what is in stock). */
  const readyJob = async (withCyan = true) => {
    const job = await bookedJob(withCyan);
    await dispatcher.ok('POST', `/jobs/${job.id}/status`, { status: 'ready' });
    return job;
  };

  let stations = 0;
  /** A new station name and a function scanning codes at it (as the operator unless told), answering the CONTRACT shape. */
  const station = (who = operator) => {
    const name = `bench-${++stations}`;
    return async (code: string, mode?: 'pack' | 'receive') => who.ok('POST', '/warehouse/scans', { station: name, code, ...(mode && { mode }) });
  };

  return { admin, dispatcher, operator, black, cyan, magenta, stock, bookedJob, readyJob, station };
}
