import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/app/store.js';
import { createWorkers } from '../../src/app/workers.js';
import { CollectorAgent } from '../../src/collection/agent/agent.js';
import { ServerClient } from '../../src/collection/agent/server-client.js';
import { buildApp } from '../../src/http/app.js';
import type { JobRunner } from '../../src/jobs/index.js';
import { ScaledClock } from '../../src/platform/clock.js';
import { createLogger } from '../../src/platform/logger.js';
import { parseScenario } from '../../src/simulator/scenario.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import type { TruthEvent } from '../../src/simulator/truth.js';
import { testHttpContext } from '../support/app.js';
import { createTestDatabase, ENGINE } from '../support/database.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';

const DAY = 86_400_000;
// Eight simulated hours per real second: a small cartridge's two-week life in under a minute.
const RATE = 8 * 3600;
const START = '2026-03-02T06:00:00Z';
const SNMP_PORT = 20000 + Math.floor(Math.random() * 20000);
const LEAD_DAYS = 1;
const MODEL = 'HP LaserJet Pro M404dn';

/** One mono printer on a 1 % gauge whose small cartridges last a few working days; only cartridges TonerLoop delivers get installed. */
const SCENARIO = {
  // Seed e2e-7 starts the printer on a cartridge about 80 % full (checked below), so the forecast has a life to learn from.
  printers: 1, seed: 'e2e-7', start: START,
  catalogue: [{
    id: 'e2e-mono', vendor: 'HP', name: MODEL, sysObjectId: '1.3.6.1.4.1.11.2.3.9.1', serialPrefix: 'PHBQ', color: false,
    personality: 'percent-1', lowPercent: 10, supplies: [{ kind: 'toner', color: 'black', description: 'Black Cartridge HP CF259A', partNumber: 'CF259A', ratedYield: 700 }],
  }],
  behaviour: { supplyMode: 'delivered', earlySwapProbability: 0, shakeProbability: 0, movedCartridgeProbability: 0, offlinePerDayProbability: 0, yieldSpread: 0.02, replacementDelayHours: [1, 2] },
};

async function waitFor<T>(what: string, seconds: number, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out after ${seconds} s waiting for ${what}.`);
}

describe(`the whole loop through the job module in accelerated time: simulator → collector → server → supply job → delivery → install (${ENGINE})`, () => {
  const clock = new ScaledClock(START, RATE);
  const truthPath = join(mkdtempSync(join(tmpdir(), 'tonerloop-e2e-jobs-')), 'truth.jsonl');
  let store: Store;
  let cleanup: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let workers: JobRunner;
  let url: string;
  let world: DealerWorld;
  let simulator: RunningSimulator;
  let agent: CollectorAgent;
  let agentDone: Promise<void>;
  let admin: Record<string, string>;
  let dispatcher: Record<string, string>;
  const truth = () => readFileSync(truthPath, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as TruthEvent);
  const api = async (method: 'GET' | 'POST' | 'PUT', path: string, headers: Record<string, string>, body?: unknown) => {
    const response = await fetch(`${url}/api/v1${path}`, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, json: (await response.json().catch(() => null)) as any };
  };

  beforeAll(async () => {
    const db = await createTestDatabase();
    cleanup = db.cleanup;
    store = createStore(db.database);
    // Sessions and collector health on the accelerated clock would expire in seconds: give them a year.
    app = await buildApp(testHttpContext(store, clock, { sessionPolicy: { idleMs: 365 * DAY, maxMs: 365 * DAY }, health: { silentAfterMs: 365 * DAY, unreachableAfterFailures: 3 } }), createLogger('silent'));
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    world = await buildDealer(store, 'e2e-jobs');
    admin = { cookie: await loginCookie(app, world.admin.email) };
    dispatcher = { cookie: await loginCookie(app, world.dispatcher.email) };
    // No ERP: TonerLoop's job module takes the requests, with a catalogue item on the shelf as the model's related stock.
    expect((await api('PUT', '/request-settings', admin, { leadTimeDays: LEAD_DAYS, safetyBufferDays: 0.5, triggerMode: 'forecast', fulfilment: 'internal' })).status).toBe(200);
    const item = await api('POST', '/stock-items', admin, { sku: 'E2E-59A', description: 'HP 59A black toner (e2e)', kind: 'toner', color: 'black', yieldPages: 700, partNumbers: ['CF259A'] });
    expect(item.status).toBe(201);
    expect((await api('PUT', '/related-stock', admin, { model: MODEL, skus: ['E2E-59A'] })).status).toBe(200);
    await store.db.insertInto('stock_levels').values({ dealer_id: world.dealer.id, stock_item_id: item.json.id, on_hand: 5 }).execute();
    expect((await api('PUT', `/collectors/${world.collector.id}/config`, admin, {
      targets: [`127.0.46.1:${SNMP_PORT}`], ipp: { enabled: false }, pollIntervalSeconds: 3600, configRefreshSeconds: 60, snmp: { timeoutMs: 1000, retries: 1 },
    })).status).toBe(200);
    // The server's background work on the printers' clock, as `serve` runs it: the job creator's hourly run among it.
    workers = createWorkers(store, clock, createLogger('silent'), { receiptRetentionMs: 90 * DAY, loginWindowMs: 15 * 60_000 });
    workers.start();
    simulator = await startSimulator({
      scenario: parseScenario(SCENARIO), clock, firstAddress: '127.0.46.1', snmpPort: SNMP_PORT, ippPort: null, controlPort: null,
      community: 'public', v3Users: [], truthFile: truthPath, logger: createLogger('silent'),
    });
    agent = new CollectorAgent({
      server: new ServerClient(url, world.collectorToken), stateDir: mkdtempSync(join(tmpdir(), 'tonerloop-e2e-jobs-agent-')), queueMaxBytes: 50_000_000,
      clock, logger: createLogger('silent'), agentVersion: 'e2e',
    });
    agentDone = agent.run();
  }, 60_000);

  afterAll(async () => {
    agent?.stop();
    await agentDone;
    await simulator?.stop();
    await workers?.stop();
    await app?.close();
    await cleanup?.();
  });

  it('raises the request, books it into a supply job on the hourly run, and completes request and job when the delivered cartridge goes in', async () => {
    expect(simulator.simulation.truthAt(0, Date.parse(START)).supplies[0]!.remaining).toBeGreaterThan(0.7);
    const serial = simulator.simulation.printer(0).serial;
    // 1. The cartridge runs down; the forecast raises a request, and the job creator's scheduled run takes it.
    const request = await waitFor('a request taken by the job module', 150, async () => {
      const items = (await api('GET', '/consumable-requests?status=all', admin)).json.items as { id: string; createdAt: string; serial: string; status: string; trigger: string; externalId: string | null; deviceId: string }[];
      return items.find((r) => r.serial === serial && r.status === 'actioned');
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
    expect(job).toMatchObject({ status: 'booked', serial, lines: [{ requestId: request.id, sku: 'E2E-59A', selectedBy: 'related-stock', quantity: 1 }] });
    expect(job.history[0].actor.name).toBe('TonerLoop job creator');

    // 3. The dispatcher releases it, the warehouse packs and ships it, the carrier delivers it after the lead time.
    for (const status of ['ready', 'packed', 'dispatched']) expect((await api('POST', `/jobs/${job.id}/status`, dispatcher, { status })).json.status).toBe(status);
    await waitFor('the lead time to pass', 30, async () => (clock.now().getTime() >= raisedAt + LEAD_DAYS * DAY ? true : undefined));
    expect((await api('POST', `/jobs/${job.id}/status`, dispatcher, { status: 'delivered' })).json.status).toBe('delivered');
    simulator.simulation.deliver(0, 1, clock.now().getTime());

    // 4. The printer uses up its cartridge, the delivered one goes in, the collector sees it: request and job complete.
    const completed = await waitFor('the request to complete', 90, async () => {
      const detail = (await api('GET', `/consumable-requests/${request.id}`, admin)).json;
      return detail.status === 'completed' ? detail : undefined;
    });
    expect(completed.history.map((h: { to: string }) => h.to)).toEqual(['outstanding', 'actioned', 'completed']);
    const finished = await waitFor('the job to complete', 10, async () => {
      const detail = (await api('GET', `/jobs/${job.id}`, admin)).json;
      return detail.status === 'completed' ? detail : undefined;
    });
    expect(finished.history.map((h: { to: string }) => h.to)).toEqual(['booked', 'ready', 'packed', 'dispatched', 'delivered', 'completed']);
    // The cartridge left the shelf: reserved when the job went ready, taken off when it was dispatched.
    const stock = await store.db.selectFrom('stock_levels as l').innerJoin('stock_items as i', 'i.id', 'l.stock_item_id').select(['l.on_hand', 'l.reserved']).where('i.sku', '=', 'E2E-59A').executeTakeFirstOrThrow();
    expect(stock).toEqual({ on_hand: 4, reserved: 0 });

    // 5. The ground truth: the cartridge ran out after the request was raised plus the lead time, and the install was the delivered one.
    const events = truth().filter((e) => e.supply === 1);
    const depleted = events.find((e) => e.type === 'depleted' && Date.parse(e.at) > raisedAt);
    const installed = events.filter((e) => e.type === 'install' && Date.parse(e.at) > raisedAt);
    expect(installed.map((e) => e.cause)).toEqual(['delivered']);
    expect(depleted, 'the cartridge ran out after the request').toBeDefined();
    expect(Date.parse(depleted!.at) - raisedAt).toBeGreaterThanOrEqual(LEAD_DAYS * DAY);
  }, 330_000);
});
