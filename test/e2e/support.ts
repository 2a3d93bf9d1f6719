import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
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
import { createTestDatabase } from '../support/database.js';
import { buildDealer, loginCookie, type DealerWorld } from '../support/factories.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
// Eight simulated hours per real second: a small cartridge's two-week life in under a minute.
const RATE = 8 * 3600;
const START = '2026-03-02T06:00:00Z';
export const MODEL = 'HP LaserJet Pro M404dn';

/** One mono printer on a 1 % gauge whose small cartridges last a few working days; only cartridges TonerLoop delivers get installed. */
const SCENARIO = {
  // Seed e2e-7 starts the printer on a cartridge about 80 % full (checked by the tests), so the forecast has a life to learn from.
  printers: 1, seed: 'e2e-7', start: START,
  catalogue: [{
    id: 'e2e-mono', vendor: 'HP', name: MODEL, sysObjectId: '1.3.6.1.4.1.11.2.3.9.1', serialPrefix: 'PHBQ', color: false,
    personality: 'percent-1', lowPercent: 10, supplies: [{ kind: 'toner', color: 'black', description: 'Black Cartridge HP CF259A', partNumber: 'CF259A', ratedYield: 700 }],
  }],
  behaviour: { supplyMode: 'delivered', earlySwapProbability: 0, shakeProbability: 0, movedCartridgeProbability: 0, offlinePerDayProbability: 0, yieldSpread: 0.02, replacementDelayHours: [1, 2] },
};

/** Polls `probe` every quarter second until it answers, failing after `seconds` of real time. */
export async function waitFor<T>(what: string, seconds: number, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out after ${seconds} s waiting for ${what}.`);
}

type Method = 'GET' | 'POST' | 'PUT';

/** The loop's parts on one accelerated clock: server (with its background work when asked), simulated printer, collector. */
export interface Loop {
  clock: ScaledClock;
  store: Store;
  url: string;
  world: DealerWorld;
  simulator: RunningSimulator;
  admin: Record<string, string>;
  /** What was left of the printer's cartridge when the simulator started (the simulation moves on as the clock runs). */
  firstRemaining: number;
  api(method: Method, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; json: any }>;
  /** The simulator's ground truth so far: installs, depletions and their causes. */
  truth(): TruthEvent[];
  /** Collector, simulator, workers, server and database, stopped in that order. */
  stop(): Promise<void>;
}

/**
 * Starts the whole loop for one end-to-end test: a fresh database and dealer, the HTTP server on loopback, the dealer's
 * request settings (`settings`), the collector configured to poll the simulated printer at `address`, the simulator and
 * the collector — and the server's background work on the printers' clock when `workers` (as `serve` runs it).
 */
export async function startLoop(options: { label: string; address: string; settings: Record<string, unknown>; workers: boolean; beforeStart?(loop: Loop): Promise<void> }): Promise<Loop> {
  const clock = new ScaledClock(START, RATE);
  const truthPath = join(mkdtempSync(join(tmpdir(), `tonerloop-${options.label}-`)), 'truth.jsonl');
  const snmpPort = 20000 + Math.floor(Math.random() * 20000);
  const db = await createTestDatabase();
  const store = createStore(db.database);
  // Sessions and collector health on the accelerated clock would expire in seconds: give them a year.
  const app = await buildApp(testHttpContext(store, clock, { sessionPolicy: { idleMs: 365 * DAY, maxMs: 365 * DAY }, health: { silentAfterMs: 365 * DAY, unreachableAfterFailures: 3 } }), createLogger('silent'));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const world = await buildDealer(store, options.label);
  const api: Loop['api'] = async (method, path, headers, body) => {
    const response = await fetch(`${url}/api/v1${path}`, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, json: (await response.json().catch(() => null)) as any };
  };
  const admin = { cookie: await loginCookie(app, world.admin.email) };
  expect((await api('PUT', '/request-settings', admin, options.settings)).status).toBe(200);
  expect((await api('PUT', `/collectors/${world.collector.id}/config`, admin, {
    targets: [`${options.address}:${snmpPort}`], ipp: { enabled: false }, pollIntervalSeconds: 3600, configRefreshSeconds: 60, snmp: { timeoutMs: 1000, retries: 1 },
  })).status).toBe(200);
  let workers: JobRunner | null = null;
  let simulator: RunningSimulator | null = null;
  const parts: Partial<Loop> = { clock, store, url, world, admin, api };
  const stop = async () => {
    agent?.stop();
    await agentDone;
    await simulator?.stop();
    await workers?.stop();
    await app.close();
    await db.cleanup();
  };
  let agent: CollectorAgent | null = null;
  let agentDone: Promise<void> = Promise.resolve();
  try {
    if (options.workers) {
      workers = createWorkers(store, clock, createLogger('silent'), { receiptRetentionMs: 90 * DAY, loginWindowMs: 15 * 60_000 });
      workers.start();
    }
    simulator = await startSimulator({
      scenario: parseScenario(SCENARIO), clock, firstAddress: options.address, snmpPort, ippPort: null, controlPort: null,
      community: 'public', v3Users: [], truthFile: truthPath, logger: createLogger('silent'),
    });
    const firstRemaining = simulator.simulation.truthAt(0, Date.parse(START)).supplies[0]!.remaining;
    const loop: Loop = {
      ...(parts as Omit<Loop, 'simulator' | 'truth' | 'stop' | 'firstRemaining'>), simulator, stop, firstRemaining,
      truth: () => readFileSync(truthPath, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as TruthEvent),
    };
    await options.beforeStart?.(loop);
    agent = new CollectorAgent({
      server: new ServerClient(url, world.collectorToken), stateDir: mkdtempSync(join(tmpdir(), `tonerloop-${options.label}-agent-`)), queueMaxBytes: 50_000_000,
      clock, logger: createLogger('silent'), agentVersion: 'e2e',
    });
    agentDone = agent.run();
    return loop;
  } catch (error) {
    await stop();
    throw error;
  }
}
