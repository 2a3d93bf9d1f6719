import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/app/store.js';
import type { Principal } from '../../src/auth/index.js';
import { registerCollector } from '../../src/collectors/index.js';
import { createContract } from '../../src/contracts/index.js';
import { createCustomer, createSite } from '../../src/customers/index.js';
import { createDealer } from '../../src/dealers/index.js';
import { ImportRunner } from '../../src/imports/index.js';
import type { Role } from '../../src/db/schema.js';
import { registerIntegration } from '../../src/integrations/index.js';
import { writeSettings } from '../../src/requests/index.js';
import { createStockItem } from '../../src/stock/index.js';
import { createUser } from '../../src/users/index.js';

export const PASSWORD = 'correct horse battery staple';
const NOW = new Date('2026-11-21T10:00:00Z');

/** A dealer with one of each kind of caller and a customer with a site and a device: the world most tests need. */
export async function buildDealer(store: Store, label: string) {
  const { dealer, admin } = await createDealer(store, { name: `Dealer ${label}`, adminEmail: `admin-${label}-${randomUUID().slice(0, 8)}@example.test`, adminPassword: PASSWORD }, NOW);
  const adminPrincipal: Principal = { kind: 'user', id: admin.id, dealerId: dealer.id, role: 'dealer-admin', customerId: null, email: admin.email };
  const customer = await createCustomer(store, adminPrincipal, { name: `Customer ${label}`, externalRef: `C-${label}` }, NOW);
  const otherCustomer = await createCustomer(store, adminPrincipal, { name: `Other customer ${label}` }, NOW);
  const site = await createSite(store, adminPrincipal, customer.id, { name: 'Head office', city: 'Leeds' }, NOW);
  const device = await insertDevice(store, dealer.id, customer.id, site.id, `SN-${label}-0001`);
  const otherDevice = await insertDevice(store, dealer.id, otherCustomer.id, null, `SN-${label}-9999`);
  const user = async (role: Role, customerId: string | null = null) =>
    createUser(store, adminPrincipal, { email: `${role}-${label}-${randomUUID().slice(0, 8)}@example.test`, name: role, password: PASSWORD, role, customerId }, NOW);
  const dispatcher = await user('dispatcher');
  const warehouse = await user('warehouse-operator');
  const keyUser = await user('customer-key-user', customer.id);
  const otherKeyUser = await user('customer-key-user', otherCustomer.id);
  const { collector, token: collectorToken } = await registerCollector(store, adminPrincipal, { customerId: customer.id, name: `Collector ${label}` }, NOW);
  const { integration, token: integrationToken } = await registerIntegration(store, adminPrincipal, { name: `ERP ${label}` }, NOW);
  // The dealer has an ERP polling the B2B queue, so fulfilment is external, as the upgrade to supply jobs sets it for such a dealer.
  await writeSettings(store, adminPrincipal, 'dealer', dealer.id, { fulfilment: 'external' }, NOW);
  const request = await insertRequest(store, dealer.id, device.id, customer.id, 1);
  // A supply job of the device and an exception of the request, for the routes that name them.
  const job = await insertJob(store, dealer.id, device, 'J-000001');
  const exception = await insertException(store, dealer.id, request.id, device);
  const { row: contract } = await createContract(store, adminPrincipal, { customerId: customer.id, name: `Service ${label}`, deviceIds: null }, NOW);
  // The other customer's printer as the customer's collector read it: a move candidate waiting for staff.
  const move = await insertMove(store, dealer.id, otherDevice, customer.id, collector.id);
  // A dry-run import, for the route that shows an import's progress and outcome.
  const checked = await new ImportRunner(store).start(adminPrincipal, `customer\n${customer.name}\n`, { dryRun: true }, NOW);
  await checked.finished;
  const importRun = { id: checked.id };
  // A catalogue item fitting the device's black toner, for the stock routes.
  const { row: stockItem } = await createStockItem(store, adminPrincipal, { sku: `HP-59A-${label}`, description: 'HP 59A black toner', kind: 'toner', color: 'black', yieldPages: 3000, partNumbers: ['CF259A'] }, NOW);
  return {
    stockItem, importRun, move, request, job, exception, contract, dealer, admin, adminPrincipal, customer, otherCustomer, site, device, otherDevice, dispatcher, warehouse, keyUser, otherKeyUser, collector, collectorToken, integration, integrationToken };
}

export type DealerWorld = Awaited<ReturnType<typeof buildDealer>>;

/** Inserts an outstanding automatic request for a device's supply. */
export async function insertRequest(store: Store, dealerId: string, deviceId: string, customerId: string, supplyIndex: number) {
  const id = randomUUID();
  const entry = { at: NOW.toISOString(), from: null, to: 'outstanding', actor: { kind: 'system', id: 'tonerloop' }, comment: null, externalId: null, override: false };
  await store.repos.requests.insertUnlessOpen({
    id, dealer_id: dealerId, device_id: deviceId, customer_id: customerId, supply_index: supplyIndex, supply_indexes: JSON.stringify([supplyIndex]), origin: 'automatic',
    trigger: 'forecast', rapid_use: false, status: 'outstanding', external_id: null, comment: 'Runs out within lead time.', authorization_results: JSON.stringify([]),
    pages_at_order: null, percent_at_order: null, status_changed_at: NOW, history: JSON.stringify([entry]), created_at: NOW,
  });
  return { id };
}

/** Inserts a booked supply job (without lines) for a device. */
export async function insertJob(store: Store, dealerId: string, device: { id: string; customer_id: string; site_id: string | null }, number: string) {
  const id = randomUUID();
  await store.db.insertInto('supply_jobs').values({
    id, dealer_id: dealerId, number, status: 'booked', device_id: device.id, customer_id: device.customer_id, site_id: device.site_id,
    history: JSON.stringify([{ at: NOW.toISOString(), from: null, to: 'booked', actor: { kind: 'system', id: 'job-creator', name: 'TonerLoop job creator' }, why: 'New job.' }]),
    status_changed_at: NOW, created_at: NOW, updated_at: NOW,
  }).execute();
  // The dealer's job counter moves past it, as the job creator's would.
  const n = Number(number.replace(/\D/g, ''));
  await store.db.insertInto('supply_job_counters').values({ dealer_id: dealerId, last_number: n })
    .onConflict((oc) => oc.column('dealer_id').doUpdateSet({ last_number: sql`greatest(supply_job_counters.last_number, ${n})` })).execute();
  return { id, number };
}

/** Notes an open fulfilment exception (no SKU) of a request. */
export async function insertException(store: Store, dealerId: string, requestId: string, device: { id: string; customer_id: string }) {
  const id = randomUUID();
  await store.db.insertInto('fulfilment_exceptions').values({ id, dealer_id: dealerId, request_id: requestId, customer_id: device.customer_id, device_id: device.id, reason: 'no-sku', message: 'No SKU for the black toner.', created_at: NOW, updated_at: NOW }).execute();
  return { id };
}

/** Notes a pending move candidate: `device` (another customer's) read by `collectorId` of `toCustomerId`. */
export async function insertMove(store: Store, dealerId: string, device: { id: string; serial: string; customer_id: string }, toCustomerId: string, collectorId: string) {
  const at = NOW.toISOString();
  const ids = await store.repos.moves.notePending(dealerId, toCustomerId, collectorId, [{
    newId: randomUUID(), deviceId: device.id, identity: device.serial, fromCustomerId: device.customer_id, firstAt: at, lastAt: at,
    evidence: { readingId: randomUUID(), collectedAt: at, target: '10.0.0.9:161', protocol: 'snmp', serial: device.serial, mac: null, model: null, pageCounter: 1 },
  }], NOW);
  return { id: ids.get(device.id)! };
}

/** Inserts a device with two supplies straight through the repositories. */
export async function insertDevice(store: Store, dealerId: string, customerId: string, siteId: string | null, serial: string) {
  const device = await store.repos.devices.upsertBySerial(dealerId, { id: randomUUID(), customerId, siteId, serial, model: 'HP LaserJet Pro M404dn' }, NOW);
  await store.db
    .insertInto('supplies')
    .values([
      { id: randomUUID(), dealer_id: dealerId, device_id: device.id, supply_index: 1, kind: 'toner', color: 'black', description: 'Black Cartridge HP CF259A', part_number: 'CF259A', is_receptacle: false, remaining_percent: 37, state: 'ok', raw: JSON.stringify({ level: 37, max: 100, unit: 'percent' }), updated_at: NOW },
      { id: randomUUID(), dealer_id: dealerId, device_id: device.id, supply_index: 2, kind: 'drum', color: null, description: 'Imaging drum', part_number: null, is_receptacle: false, remaining_percent: null, state: 'some-remaining', raw: null, updated_at: NOW },
    ])
    .execute();
  return { ...device, serial };
}

/** Logs in through the API and returns the Cookie header value. */
export async function loginCookie(app: FastifyInstance, email: string, password = PASSWORD): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`login failed for ${email}: ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'tl_session');
  return `tl_session=${cookie!.value}`;
}
