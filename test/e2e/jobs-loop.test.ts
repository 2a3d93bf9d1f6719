import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoClient } from '../../src/cli/demo-client.js';
import { SimulatedWarehouse } from '../../src/cli/demo-warehouse.js';
import { createLogger } from '../../src/platform/logger.js';
import { ENGINE } from '../support/database.js';
import { PASSWORD } from '../support/factories.js';
import { DAY, HOUR, MODEL, startLoop, waitFor, type Loop } from './support.js';

const LEAD_DAYS = 1;
const SKU = 'E2E-59A';
const CARRIER_EMAIL = 'carrier-reports@e2e-jobs.test';

describe(`the whole loop through the job module and the warehouse in accelerated time: simulator → collector → server → supply job → picking and packing by scan → dispatch → delivery → install (${ENGINE})`, () => {
  let loop: Loop;
  let warehouse: SimulatedWarehouse;
  let working = true;
  let passes: Promise<void> = Promise.resolve();

  beforeAll(async () => {
    // No ERP: TonerLoop's job module takes the requests, with a catalogue item as the model's related stock, and its
    // warehouse ships them — the demo's simulated dispatcher, operator and carrier, each through the HTTP API with the
    // dealer's own logins; the shelf is filled by receiving and scanning units in, never by a typed count.
    loop = await startLoop({
      label: 'e2e-jobs', address: '127.0.46.1', workers: true,
      settings: { leadTimeDays: LEAD_DAYS, safetyBufferDays: 0.5, triggerMode: 'forecast', fulfilment: 'internal' },
      beforeStart: async ({ api, admin, url, world, clock, simulator }) => {
        expect((await api('POST', '/stock-items', admin, { sku: SKU, description: 'HP 59A black toner (e2e)', kind: 'toner', color: 'black', yieldPages: 700, partNumbers: ['CF259A'] })).status).toBe(201);
        expect((await api('PUT', '/related-stock', admin, { model: MODEL, skus: [SKU] })).status).toBe(200);
        expect((await api('POST', '/users', admin, { email: CARRIER_EMAIL, name: 'Carrier reports (e2e)', password: PASSWORD, role: 'dispatcher' })).status).toBe(201);
        const as = (email: string) => new DemoClient(url, { email, password: PASSWORD });
        warehouse = new SimulatedWarehouse({
          dispatcher: as(world.dispatcher.email), operator: as(world.warehouse.email), carrier: as(CARRIER_EMAIL),
          clock, logger: createLogger('silent'), simulation: simulator.simulation, stock: [{ sku: SKU, par: 5, bin: 'A-01' }],
          // Released and packed within the printer hour, delivered by a same-day courier: the trip fits the lead time.
          times: { releaseAfterMs: HOUR, packAfterMs: HOUR, transitMs: () => 12 * HOUR },
        });
        await warehouse.step();
        // The warehouse works on, pass after pass, while the test watches.
        passes = (async () => {
          while (working) {
            await warehouse.step();
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        })();
      },
    });
  }, 60_000);

  afterAll(async () => {
    working = false;
    await passes;
    await loop?.stop();
  });

  it('books the request into a supply job, packs it by scanning unit and order label, dispatches it, the carrier delivers it, and request and job complete when it goes in', async () => {
    const { api, admin, simulator, store, world } = loop;
    expect(loop.firstRemaining).toBeGreaterThan(0.7);
    const serial = simulator.simulation.printer(0).serial;
    // 0. The shelf: five boxes received with unit labels and each scanned in at its bin.
    const shelf = () => store.db.selectFrom('stock_levels as l').innerJoin('stock_items as i', 'i.id', 'l.stock_item_id').select(['l.location', 'l.on_hand', 'l.reserved']).where('i.sku', '=', SKU).execute();
    expect(await shelf()).toEqual([{ location: 'A-01', on_hand: 5, reserved: 0 }]);

    // 1. The cartridge runs down; the forecast raises a request, and the job creator's scheduled run takes it.
    const request = await waitFor('a request taken by the job module', 150, async () => {
      const items = (await api('GET', '/consumable-requests?status=all', admin)).json.items as { id: string; createdAt: string; serial: string; status: string; trigger: string; externalId: string | null; deviceId: string }[];
      return items.find((r) => r.serial === serial && r.externalId !== null);
    });
    expect(request.trigger).toBe('forecast');
    expect(request.externalId).toMatch(/^J-\d{6}$/);
    const raisedAt = Date.parse(request.createdAt);
    // The ERP sees nothing: the request was never on the B2B queue.
    expect((await api('GET', '/consumable-requests?status=all', { authorization: `Bearer ${world.integrationToken}` })).json.items.filter((r: { serial: string }) => r.serial === serial)).toEqual([]);

    // 2. The job: booked by TonerLoop's job creator with the model's related stock, the job number as the B2B ID.
    const jobs = (await api('GET', `/jobs?deviceId=${request.deviceId}`, admin)).json.items as { id: string; number: string }[];
    expect(jobs.map((j) => j.number)).toEqual([request.externalId]);
    const job = (await api('GET', `/jobs/${jobs[0]!.id}`, admin)).json;
    expect(job).toMatchObject({ serial, orderLabel: request.externalId, lines: [{ requestId: request.id, sku: SKU, selectedBy: 'related-stock', quantity: 1 }] });
    expect(job.history[0]).toMatchObject({ to: 'booked', actor: { name: 'TonerLoop job creator' } });

    // 3–4. Released, picked and packed by scan, dispatched, delivered; the printer uses up its cartridge, the delivered
    // one goes in, the collector sees it: request and job complete.
    const completed = await waitFor('the request to complete', 150, async () => {
      const detail = (await api('GET', `/consumable-requests/${request.id}`, admin)).json;
      return detail.status === 'completed' ? detail : undefined;
    });
    expect(completed.history.map((h: { to: string }) => h.to)).toEqual(['outstanding', 'actioned', 'completed']);
    const finished = await waitFor('the job to complete', 10, async () => {
      const detail = (await api('GET', `/jobs/${job.id}`, admin)).json;
      return detail.status === 'completed' ? detail : undefined;
    });
    const moves = finished.history.map((h: { to: string; actor: { name: string }; why: string | null }) => [h.to, h.actor.name, h.why]);
    expect(moves.map((m: string[]) => m[0])).toEqual(['booked', 'ready', 'packed', 'dispatched', 'delivered', 'completed']);
    expect(moves[1]).toEqual(['ready', world.dispatcher.name, 'Released to the warehouse.']);
    expect(moves[2]).toEqual(['packed', world.warehouse.name, 'Every line scanned into its box at station bench-1.']);
    expect(moves[3]![1]).toBe(world.warehouse.name);
    expect(moves[3]![2]).toMatch(/^Handed to DPD, tracking number 1550\d{10}\.$/);
    expect(moves[4]![1]).toBe('Carrier reports (e2e)');
    // Completed by the loop itself (the install seen), not by a person.
    expect(finished.history[5].actor).toMatchObject({ kind: 'system', name: 'TonerLoop' });

    // Packed by scans: a unit label, then the job's order label, both accepted at the bench, by the operator.
    const scans = await store.db.selectFrom('warehouse_scans').select(['station', 'mode', 'code', 'accepted', 'user_id']).where('dealer_id', '=', world.dealer.id).orderBy('seq').execute();
    // Five boxes at first, and the weekly supplier delivery tops the shelf up to five again (a box per printer week here).
    const receiving = scans.filter((s) => s.mode === 'receive');
    const received = receiving.filter((s) => s.accepted).length;
    expect(received).toBeGreaterThanOrEqual(5);
    // Every box counted in by the operator at goods-in.
    expect(new Set(receiving.map((s) => `${s.station} ${s.user_id}`))).toEqual(new Set([`goods-in ${world.warehouse.id}`]));
    const packing = scans.filter((s) => s.mode === 'pack');
    expect(packing.map((s) => [s.station, s.accepted, s.user_id])).toEqual([['bench-1', true, world.warehouse.id], ['bench-1', true, world.warehouse.id]]);
    expect(packing[0]!.code).toMatch(/^U[0-9A-Z]{10}$/);
    expect(packing[1]!.code).toBe(job.orderLabel);
    const unit = await store.db.selectFrom('stock_units').select(['label', 'status', 'job_id']).where('label', '=', packing[0]!.code).executeTakeFirstOrThrow();
    expect(unit).toEqual({ label: packing[0]!.code, status: 'dispatched', job_id: job.id });
    // The carrier's delivery: 12 hours after dispatch, with the tracking number the job's history names.
    const shipment = await store.db.selectFrom('shipments').selectAll().where('job_id', '=', job.id).executeTakeFirstOrThrow();
    expect(moves[3]![2]).toBe(`Handed to DPD, tracking number ${shipment.tracking_number}.`);
    expect(shipment.delivered_at!.getTime() - shipment.dispatched_at.getTime()).toBe(12 * HOUR);
    // The cartridge left the shelf: reserved when the job went ready, packed by scan, taken off when it was dispatched;
    // on hand is every box scanned in but that one.
    expect(await shelf()).toEqual([{ location: 'A-01', on_hand: received - 1, reserved: 0 }]);

    // 5. The ground truth: the cartridge ran out after the request was raised plus the lead time, and the install was the delivered one.
    const events = loop.truth().filter((e) => e.supply === 1);
    const depleted = events.find((e) => e.type === 'depleted' && Date.parse(e.at) > raisedAt);
    const installed = events.filter((e) => e.type === 'install' && Date.parse(e.at) > raisedAt);
    expect(installed.map((e) => e.cause)).toEqual(['delivered']);
    // The cartridge reached the printer with the carrier's confirmed delivery, not before it, and then went in.
    const arrived = events.find((e) => e.type === 'delivered' && Date.parse(e.at) > raisedAt);
    expect(Date.parse(arrived!.at)).toBeGreaterThanOrEqual(shipment.delivered_at!.getTime());
    expect(Date.parse(installed[0]!.at)).toBeGreaterThanOrEqual(Date.parse(arrived!.at));
    expect(depleted, 'the cartridge ran out after the request').toBeDefined();
    expect(Date.parse(depleted!.at) - raisedAt).toBeGreaterThanOrEqual(LEAD_DAYS * DAY);
  }, 330_000);
});
