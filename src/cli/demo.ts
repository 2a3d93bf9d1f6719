import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer } from '../app/server.js';
import type { Store } from '../app/store.js';
import { hashToken, type Principal } from '../auth/index.js';
import { CollectorAgent } from '../collection/agent/agent.js';
import { ServerClient } from '../collection/agent/server-client.js';
import { registerCollector, setCollectorSettings, setCollectorSite } from '../collectors/index.js';
import { loadConfig } from '../config/index.js';
import { createCustomer, createSite } from '../customers/index.js';
import { ScaledClock, systemClock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import { createConsoleLogger } from '../platform/logger.js';
import { writeSettings } from '../requests/index.js';
import { parseScenario } from '../simulator/scenario.js';
import { startSimulator } from '../simulator/server.js';
import { printerAddress } from '../simulator/addresses.js';
import type { ModelSpec } from '../simulator/catalogue.js';
import { createStockItem, setRelatedStock } from '../stock/index.js';
import { createUser } from '../users/index.js';
import { DemoClient, type DemoLogin } from './demo-client.js';
import { demoStockCatalogue, SimulatedWarehouse, DEMO_TRIP_MS } from './demo-warehouse.js';
import { wholeNumber } from './options.js';

/** What a demo data folder remembers between runs: where simulated time got to, and the demo's own logins and tokens. */
interface DemoState {
  /**
   * 1: a stand-in ERP took the requests (before the job module); 2: the job module and a stand-in warehouse moving jobs by
   * status; 3: the job module and simulated people working the warehouse by scanning, through the API; 4: the collector
   * stands at the Head office site, so the printers it finds have a delivery address.
   */
  version: 1 | 2 | 3 | 4;
  simStart: string;
  simNow: string;
  seed: string;
  printers: number;
  adminPassword: string | null;
  keyUser: { email: string; password: string };
  collectorToken: string;
  /** Version 2's stand-in warehouse login, no longer used. */
  warehouseUserId?: string;
  /** Version 3: the simulated people's logins (job history names each), and the newcomer's warehouse operator login. */
  people?: { dispatcher: DemoLogin; operator: DemoLogin; carrier: DemoLogin; newcomer: DemoLogin };
  /** The unit labels of the boxes on the shelf the simulated operator counted in, by SKU. */
  shelf?: Record<string, string[]>;
}

export interface DemoOptions {
  printers?: string;
  port?: string;
  dataDir?: string;
  speed?: string;
  snmpPort?: string;
}

const DAY = 86_400_000;
const FIRST_ADDRESS = '127.0.60.1';

/**
 * `tonerloop demo`: the server on an embedded database, a simulated fleet in accelerated time, a
 * collector polling it, TonerLoop's job module booking supply jobs, and simulated people — a dispatcher, a
 * warehouse operator packing by scan, a carrier — shipping them through the API, all on loopback — so a newcomer logs in and watches cartridges run down, requests appear, jobs
 * ship and loops close. The data folder keeps the simulated time, so a second run continues where the
 * first stopped.
 */
export async function demoCommand(options: DemoOptions, env: NodeJS.ProcessEnv): Promise<void> {
  const printers = wholeNumber('--printers', options.printers, { fallback: 50, min: 1, max: 2000 });
  const speed = wholeNumber('--speed', options.speed, { fallback: 3600, min: 1, max: 86_400 });
  const snmpPort = wholeNumber('--snmp-port', options.snmpPort, { fallback: 16161, min: 1, max: 65535, what: 'a port number' });
  const dataDir = resolve(options.dataDir ?? './data/demo');
  mkdirSync(dataDir, { recursive: true });
  const statePath = join(dataDir, 'demo.json');
  const saved = existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as DemoState) : null;
  if (saved && saved.printers !== printers) throw new AppError('bad-request', `${dataDir} holds a demo of ${saved.printers} printers; use --printers ${saved.printers} or another --data-dir.`);

  const config = loadConfig({ port: options.port ?? '8080', host: '127.0.0.1', dataDir: join(dataDir, 'database') }, env);
  // Collectors call home every minute of real time, which is an hour of simulated time here.
  const scaled = { ...config, collectorSilentMinutes: Math.min(config.collectorSilentMinutes * speed, 10_000_000) };
  // A person watches the demo: plain lines of what happens on a terminal (warnings, and the events marked as notices),
  // the structured JSON of `serve` when the output goes to a pipe or a file.
  const logger = createConsoleLogger(env.TONERLOOP_LOG_LEVEL ? config.logLevel : process.stdout.isTTY ? 'info' : 'warn');
  const simStart = saved?.simStart ?? new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();
  const clock = new ScaledClock(saved?.simNow ?? simStart, speed);
  const server = await startServer(scaled, clock, logger, { peopleClock: systemClock });
  const store = server.store;
  const admin = (await store.repos.users.listByEmail(config.adminEmail)).find((user) => user.role === 'dealer-admin');
  if (!admin) {
    await server.stop();
    throw new AppError('bad-request', `The database in ${dataDir} has no user ${config.adminEmail}; start the demo with a new --data-dir.`);
  }
  const principal: Principal = { kind: 'user', id: admin.id, dealerId: admin.dealer_id, role: 'dealer-admin', customerId: null, email: admin.email };

  let state: DemoState;
  try {
    state = saved ?? await setUpDemo(store, principal, { printers, simStart, snmpPort, adminPassword: server.firstAdmin?.generatedPassword ?? null }, clock.now());
  } catch (error) {
    await server.stop();
    throw error;
  }
  let shelf: () => Record<string, string[]> | undefined = () => state.shelf;
  const save = () => {
    state = { ...state, simNow: clock.now().toISOString(), shelf: shelf() };
    writeFileSync(`${statePath}.tmp`, JSON.stringify(state, null, 2));
    renameSync(`${statePath}.tmp`, statePath);
  };
  save();

  // A demo folder from before collectors had sites: its collector is put at the Head office site before it reads again,
  // so its printers get that site (their delivery address) on their next reading. Version 4 is saved once the warehouse's
  // upgrade below is done too.
  if (state.version < 4) {
    try {
      await placeDemoCollector(store, principal, state.collectorToken, clock.now());
    } catch (error) {
      await server.stop();
      throw error;
    }
  }

  const simulator = await startSimulator({
    scenario: parseScenario({ printers, seed: state.seed, start: state.simStart }), clock, firstAddress: FIRST_ADDRESS, snmpPort,
    ippPort: null, controlPort: null, community: 'public', v3Users: [], logger,
  }).catch(async (error: Error) => {
    await server.stop();
    throw new AppError('bad-request', `The simulated printers cannot listen on UDP port ${snmpPort} (${error.message}); choose another with --snmp-port.`);
  });
  const agent = new CollectorAgent({
    server: new ServerClient(server.url, state.collectorToken), stateDir: join(dataDir, 'collector'), queueMaxBytes: 200 * 1024 * 1024,
    clock, logger, agentVersion: 'demo',
  });
  const agentDone = agent.run();
  // The job module takes the requests (fulfilment internal): a stock catalogue for the simulated models, and the
  // simulated people's logins. Done once per data folder, also for one an earlier demo ran (versions 1 and 2).
  const models = [...new Map(simulator.simulation.printers.map((p) => [p.model.id, p.model])).values()];
  const printersOf = (modelId: string) => simulator.simulation.printers.filter((p) => p.model.id === modelId).length;
  if (!state.people) {
    // The logins are kept before the users are made, so a set-up stopped half-way finds the passwords it made them with.
    state = { ...state, people: { dispatcher: demoLogin('dispatcher'), operator: demoLogin('operator'), carrier: demoLogin('carrier'), newcomer: demoLogin('warehouse') } };
    save();
  }
  if (state.version < 3) {
    try {
      await setUpWarehouse(store, principal, models, printersOf, state.people!, clock.now());
    } catch (error) {
      await simulator.stop();
      await server.stop();
      throw error;
    }
    state = { ...state, version: 3 };
    save();
  }
  if (state.version < 4) {
    state = { ...state, version: 4 };
    save();
  }
  // The job creator runs where the server's background work runs: on the printers' clock, hourly by default. Jobs are
  // people's work, but what a job must do is beat a cartridge running out, and that happens on the printers' clock: an
  // hourly run on the people's clock would be 150 printer days at the default speed, and every printer would run dry
  // before its toner was booked. On the printers' clock a request waits at most an hour of printer time, as it does for
  // a dealer whose ERP polls hourly, and the simulated warehouse's waits are printer hours for the same reason. Its people
  // work through the HTTP API with their own logins, as the portal's users do.
  const people = state.people!;
  const warehouse = new SimulatedWarehouse({
    dispatcher: new DemoClient(server.url, people.dispatcher), operator: new DemoClient(server.url, people.operator), carrier: new DemoClient(server.url, people.carrier),
    clock, logger, simulation: simulator.simulation, stock: demoStockCatalogue(models, printersOf), shelf: state.shelf ?? {},
  });
  shelf = () => warehouse.shelf();
  let warehousePass: Promise<void> | null = null;
  const warehouseTick = setInterval(() => {
    // One pass at a time: a slow pass must not overlap the next and move (and deliver) a job twice.
    if (warehousePass) return;
    warehousePass = warehouse.step().catch((error: unknown) => logger.warn({ err: error }, 'demo warehouse step failed')).finally(() => { warehousePass = null; });
  }, 1000);
  const saveTick = setInterval(save, 10_000);

  const url = server.url.replace('127.0.0.1', 'localhost');
  const adminPassword = config.adminPassword ? '(the one in TONERLOOP_ADMIN_PASSWORD)' : state.adminPassword ?? '(set when this demo folder was created)';
  process.stdout.write(
    `\nTonerLoop demo: ${printers} simulated printers, one hour of printer time every ${(3600 / speed).toFixed(speed >= 3600 ? 0 : 1)} s.\n` +
    `  Portal:     ${url}\n` +
    `  Dealer:     ${config.adminEmail} / ${adminPassword}\n` +
    `  Key user:   ${state.keyUser.email} / ${state.keyUser.password}\n` +
    `  Warehouse:  ${people.newcomer.email} / ${people.newcomer.password} (pack an order yourself on the scan station: see the README)\n` +
    `  Simulated:  ${clock.now().toISOString().slice(0, 16).replace('T', ' ')} UTC, data in ${dataDir}\n` +
    `Requests appear within a minute as cartridges run low; the job module books them into supply jobs within a printer hour; a simulated warehouse operator packs them by scanning and a simulated carrier delivers them about ${(DEMO_TRIP_MS / DAY).toFixed(1)} printer days later.\n` +
    `Stop with Ctrl+C; run it again to continue.\n\n`,
  );

  await new Promise<void>((resolveStop) => {
    const shutdown = () => {
      clearInterval(warehouseTick);
      clearInterval(saveTick);
      save();
      agent.stop();
      // The warehouse's pass in flight finishes before the server it talks to stops.
      void (warehousePass ?? Promise.resolve()).then(() => agentDone).then(() => simulator.stop()).then(() => server.stop()).then(resolveStop, resolveStop);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}

/** First run: a customer with a site, a collector polling the simulated printers, and a key user. */
async function setUpDemo(store: Store, principal: Principal, options: { printers: number; simStart: string; snmpPort: number; adminPassword: string | null }, now: Date): Promise<DemoState> {
  const customer = await createCustomer(store, principal, { name: 'Northwind Offices', externalRef: 'C-1001' }, now);
  const site = await createSite(store, principal, customer.id, { name: HEAD_OFFICE, address: '1 Harbour Street', city: 'Leeds', postcode: 'LS1 4AP', country: 'United Kingdom' }, now);
  // Installed at the Head office: the printers it finds stand there, and their supply jobs go to its address.
  const { collector, token } = await registerCollector(store, principal, { customerId: customer.id, name: 'Northwind office collector', siteId: site.id }, now);
  const targets = Array.from({ length: options.printers }, (_, i) => `${printerAddress(FIRST_ADDRESS, i)}:${options.snmpPort}`);
  await setCollectorSettings(store, principal, collector.id, { targets, ipp: { enabled: false }, pollIntervalSeconds: 7200, configRefreshSeconds: 60, concurrency: 32, snmp: { timeoutMs: 1500, retries: 1 } }, now);
  const keyUser = { email: 'keyuser@northwind.example', password: randomBytes(9).toString('base64url') };
  await createUser(store, principal, { email: keyUser.email, name: 'Nora Key (Northwind)', password: keyUser.password, role: 'customer-key-user', customerId: customer.id }, now);
  // Version 1's set-up; the warehouse's (version 3) follows.
  return { version: 1, simStart: options.simStart, simNow: options.simStart, seed: 'demo', printers: options.printers, adminPassword: options.adminPassword, keyUser, collectorToken: token };
}

const DEMO_DOMAIN = 'tonerloop-demo.example';
const HEAD_OFFICE = 'Head office';

/** Puts the demo's collector (known by its token) at its customer's Head office site; nothing when it is there already. */
export async function placeDemoCollector(store: Store, principal: Principal, collectorToken: string, now: Date): Promise<void> {
  const collector = await store.repos.collectors.findByTokenHash(hashToken(collectorToken));
  if (!collector || collector.site_id !== null) return;
  const site = (await store.repos.customers.listSites({ dealerId: principal.dealerId, customerId: null }, collector.customer_id)).find((s) => s.name === HEAD_OFFICE);
  if (site) await setCollectorSite(store, principal, collector.id, site.id, now);
}

/** A login of the demo's own: a name at the demo's domain and a fresh password. */
function demoLogin(name: string): DemoLogin {
  return { email: `${name}@${DEMO_DOMAIN}`, password: randomBytes(12).toString('base64url') };
}

/**
 * The demo's stock catalogue, as a dealer builds it on the Stock page: an item per part number of the simulated models
 * and each model's related stock (named as the printers report their model). The shelf is filled by the simulated
 * operator, who receives boxes and scans each one in: counts come from scans.
 */
async function seedDemoStock(store: Store, principal: Principal, models: readonly ModelSpec[], printersOf: (modelId: string) => number, now: Date): Promise<void> {
  for (const { par: _, bin: __, ...item } of demoStockCatalogue(models, printersOf)) {
    // A set-up interrupted half-way left some items: they are there already.
    await createStockItem(store, principal, item, now).catch((error: unknown) => { if (!(error instanceof AppError && error.code === 'conflict')) throw error; });
  }
  for (const model of models) await setRelatedStock(store, principal, model.name, model.supplies.map((s) => s.partNumber), now);
}

/**
 * The warehouse's part of the demo: the stock catalogue of the simulated models (the simulated operator fills the shelf
 * by receiving and scanning), fulfilment internal (a demo folder from before the job module had its stand-in ERP take
 * requests as external), and the logins — a dispatcher who releases jobs, a warehouse operator who packs by scanning, a
 * carrier's account that confirms deliveries (the delivery API is dealer staff's), and a warehouse operator login for the
 * newcomer who wants to pack an order themselves.
 */
async function setUpWarehouse(store: Store, principal: Principal, models: readonly ModelSpec[], printersOf: (modelId: string) => number, people: NonNullable<DemoState['people']>, now: Date): Promise<void> {
  await seedDemoStock(store, principal, models, printersOf, now);
  await writeSettings(store, principal, 'dealer', principal.dealerId, { fulfilment: 'internal' }, now);
  const accounts = [
    { login: people.dispatcher, name: 'Dana Dispatch (simulated)', role: 'dispatcher' as const },
    { login: people.operator, name: 'Sam Scanner (simulated warehouse operator)', role: 'warehouse-operator' as const },
    { login: people.carrier, name: 'DPD delivery reports (simulated carrier)', role: 'dispatcher' as const },
    { login: people.newcomer, name: 'You, at the scan station', role: 'warehouse-operator' as const },
  ];
  for (const { login, name, role } of accounts) {
    if ((await store.repos.users.listByEmail(login.email)).some((user) => user.dealer_id === principal.dealerId)) continue;
    await createUser(store, principal, { email: login.email, name, password: login.password, role }, now);
  }
}
