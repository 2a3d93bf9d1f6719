import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/app/store.js';
import { CollectorAgent } from '../../src/collection/agent/agent.js';
import { ServerClient } from '../../src/collection/agent/server-client.js';
import { buildApp } from '../../src/http/app.js';
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

/** One mono printer on a 1 % gauge whose small cartridges last a few working days; only cartridges TonerLoop delivers get installed. */
const SCENARIO = {
  // Seed e2e-7 starts the printer on a cartridge about 80 % full (checked below), so the forecast has a life to learn from.
  printers: 1, seed: 'e2e-7', start: START,
  catalogue: [{
    id: 'e2e-mono', vendor: 'HP', name: 'HP LaserJet Pro M404dn', sysObjectId: '1.3.6.1.4.1.11.2.3.9.1', serialPrefix: 'PHBQ', color: false,
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

describe(`the whole loop in accelerated time: simulator → collector → server → ERP → delivery → install (${ENGINE})`, () => {
  const clock = new ScaledClock(START, RATE);
  const truthPath = join(mkdtempSync(join(tmpdir(), 'tonerloop-e2e-')), 'truth.jsonl');
  let store: Store;
  let cleanup: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let url: string;
  let world: DealerWorld;
  let simulator: RunningSimulator;
  let agent: CollectorAgent;
  let agentDone: Promise<void>;
  const truth = () => readFileSync(truthPath, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as TruthEvent);
  const erp = () => ({ authorization: `Bearer ${world.integrationToken}` });
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
    world = await buildDealer(store, 'e2e');
    const admin = { cookie: await loginCookie(app, world.admin.email) };
    // This loop goes through an external ERP polling the B2B queue (jobs-loop.test.ts goes through TonerLoop's job module):
    // the dealer-level settings are replaced here, so fulfilment stays external.
    expect((await api('PUT', '/request-settings', admin, { leadTimeDays: LEAD_DAYS, safetyBufferDays: 0.5, triggerMode: 'forecast', fulfilment: 'external' })).status).toBe(200);
    expect((await api('PUT', `/collectors/${world.collector.id}/config`, admin, {
      targets: [`127.0.45.1:${SNMP_PORT}`], ipp: { enabled: false }, pollIntervalSeconds: 3600, configRefreshSeconds: 60, snmp: { timeoutMs: 1000, retries: 1 },
    })).status).toBe(200);
    simulator = await startSimulator({
      scenario: parseScenario(SCENARIO), clock, firstAddress: '127.0.45.1', snmpPort: SNMP_PORT, ippPort: null, controlPort: null,
      community: 'public', v3Users: [], truthFile: truthPath, logger: createLogger('silent'),
    });
    agent = new CollectorAgent({
      server: new ServerClient(url, world.collectorToken), stateDir: mkdtempSync(join(tmpdir(), 'tonerloop-e2e-agent-')), queueMaxBytes: 50_000_000,
      clock, logger: createLogger('silent'), agentVersion: 'e2e',
    });
    agentDone = agent.run();
  }, 60_000);

  afterAll(async () => {
    agent?.stop();
    await agentDone;
    await simulator?.stop();
    await app?.close();
    await cleanup?.();
  });

  it('raises the request ahead of the lead time, lets the ERP action it, and closes the loop when the delivered cartridge goes in', async () => {
    expect(simulator.simulation.truthAt(0, Date.parse(START)).supplies[0]!.remaining).toBeGreaterThan(0.7);
    // 1. The cartridge runs down; the forecast raises a request before it runs out.
    const request = await waitFor('an outstanding request', 150, async () => {
      const items = (await api('GET', '/consumable-requests?status=outstanding', erp())).json.items as { id: string; createdAt: string; serial: string; trigger: string }[];
      return items.find((r) => r.serial === simulator.simulation.printer(0).serial);
    });
    expect(request.trigger).toBe('forecast');
    const raisedAt = Date.parse(request.createdAt);

    // 2. The ERP actions it; the dealer ships it with the lead time.
    const actioned = await api('POST', `/consumable-requests/${request.id}/action`, erp(), { externalId: 'JIM2-E2E-1' });
    expect(actioned.json).toMatchObject({ status: 'actioned', externalId: 'JIM2-E2E-1', changed: true });
    simulator.simulation.deliver(0, 1, Math.max(clock.now().getTime(), raisedAt + LEAD_DAYS * DAY));

    // 3. The printer uses up its cartridge, the delivered one goes in, the collector sees it, the loop closes.
    const completed = await waitFor('the request to complete', 60, async () => {
      const detail = (await api('GET', `/consumable-requests/${request.id}`, erp())).json;
      return detail.status === 'completed' ? detail : undefined;
    });
    expect(completed.history.map((h: { to: string }) => h.to)).toEqual(['outstanding', 'actioned', 'completed']);

    // 4. The ground truth: the cartridge did run out after the request was raised plus the lead time, and the install was the delivered one.
    const events = truth().filter((e) => e.supply === 1);
    const depleted = events.find((e) => e.type === 'depleted' && Date.parse(e.at) > raisedAt);
    const installed = events.find((e) => e.type === 'install' && Date.parse(e.at) > raisedAt);
    expect(installed?.cause).toBe('delivered');
    // Raised in time: at least the lead time before the cartridge actually ran out.
    expect(depleted, 'the cartridge ran out after the request').toBeDefined();
    expect(Date.parse(depleted!.at) - raisedAt).toBeGreaterThanOrEqual(LEAD_DAYS * DAY);
    expect(events.filter((e) => e.type === 'install' && Date.parse(e.at) > raisedAt)).toHaveLength(1);
  }, 330_000);
});
