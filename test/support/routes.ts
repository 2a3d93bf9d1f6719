import { randomUUID } from 'node:crypto';
import type { DealerWorld } from './factories.js';

/** How a route relates to another tenant's data, for the isolation test. */
export type Reach =
  /** The request names the victim's resource: a foreign caller must get 403 or 404. */
  | 'targets-victim'
  /** The request reads or writes only the caller's own tenant: it may succeed, but must not reveal the victim's data. */
  | 'own-tenant';

export interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The route as Fastify and the OpenAPI document name it, e.g. /api/v1/customers/{id}. */
  route: string;
  reach: Reach;
  /** Who the route is for when it is not dealer staff (the bad-input test calls it as them). */
  caller?: 'collector';
  /** A valid request against the victim dealer's world. */
  url(w: DealerWorld): string;
  body?(w: DealerWorld): unknown;
  contentType?: string;
  /** Bodies that must be refused with 400, each with why (sent raw when the route takes text); "@device", "@customer", "@otherDevice" stand for the world's ids. */
  badBodies?: [string, unknown][];
  /** Query strings that must be refused with 400. */
  badQueries?: string[];
}

const SETTINGS_BAD: [string, unknown][] = [
  ['unknown setting', { leadTime: 3 }], ['negative lead time', { leadTimeDays: -1 }], ['threshold above 100', { lowerThresholdPercent: 120 }],
  ['unknown trigger mode', { triggerMode: 'sometimes' }], ['lower threshold above upper', { lowerThresholdPercent: 40, upperThresholdPercent: 20 }], ['body is an array', []],
];

/** A stock item body with some fields changed. */
const stockItem = (sku: string, change: Record<string, unknown> = {}) => ({ sku, description: 'HP 59A black toner', kind: 'toner', color: 'black', yieldPages: 3000, partNumbers: ['CF259A'], barcodes: [], ...change });

const csv = (w: DealerWorld) => `customer,serial,model\n${w.customer.name},SN-NEW-${randomUUID().slice(0, 6)},Model X\n`;

/** Every route of the API with a valid request and its bad inputs. The catalogue test fails when a route is missing here. */
export const ROUTES: RouteCase[] = [
  { method: 'GET', route: '/api/health', reach: 'own-tenant', url: () => '/api/health' },
  { method: 'POST', route: '/api/v1/auth/login', reach: 'own-tenant', url: () => '/api/v1/auth/login', body: (w) => ({ email: w.admin.email, password: 'wrong password!' }),
    badBodies: [['missing password', { email: 'a@b.c' }], ['email of wrong type', { email: 42, password: 'x' }], ['empty object', {}]] },
  { method: 'GET', route: '/api/v1/auth/me', reach: 'own-tenant', url: () => '/api/v1/auth/me' },
  { method: 'POST', route: '/api/v1/users', reach: 'targets-victim', url: () => '/api/v1/users',
    body: (w) => ({ email: `new-${randomUUID().slice(0, 8)}@example.test`, name: 'Key user', password: 'long enough password', role: 'customer-key-user', customerId: w.customer.id }),
    badBodies: [['missing email', { name: 'x', password: 'long enough password', role: 'dispatcher' }], ['unknown role', { email: 'x@y.z', name: 'x', password: 'long enough password', role: 'owner' }],
      ['short password', { email: 'x@y.z', name: 'x', password: 'short', role: 'dispatcher' }], ['key user without customer', { email: 'x@y.z', name: 'x', password: 'long enough password', role: 'customer-key-user' }]] },
  { method: 'GET', route: '/api/v1/users', reach: 'own-tenant', url: () => '/api/v1/users' },
  { method: 'POST', route: '/api/v1/users/{id}/disable', reach: 'targets-victim', url: (w) => `/api/v1/users/${w.dispatcher.id}/disable` },
  { method: 'POST', route: '/api/v1/customers', reach: 'own-tenant', url: () => '/api/v1/customers', body: () => ({ name: `Intruder ${randomUUID().slice(0, 8)}` }),
    badBodies: [['missing name', {}], ['name of wrong type', { name: 12 }], ['blank name', { name: '   ' }], ['name too long', { name: 'x'.repeat(201) }], ['body is an array', []]] },
  { method: 'GET', route: '/api/v1/customers', reach: 'own-tenant', url: () => '/api/v1/customers', badQueries: ['limit=0', 'limit=abc', 'limit=100000', 'cursor=not-a-cursor'] },
  { method: 'GET', route: '/api/v1/customers/{id}', reach: 'targets-victim', url: (w) => `/api/v1/customers/${w.customer.id}` },
  { method: 'PATCH', route: '/api/v1/customers/{id}', reach: 'targets-victim', url: (w) => `/api/v1/customers/${w.customer.id}`, body: () => ({ name: 'Renamed by intruder' }),
    badBodies: [['no field to change', {}], ['name of wrong type', { name: false }]] },
  { method: 'POST', route: '/api/v1/customers/{id}/sites', reach: 'targets-victim', url: (w) => `/api/v1/customers/${w.customer.id}/sites`, body: () => ({ name: `Depot ${randomUUID().slice(0, 6)}` }),
    badBodies: [['missing name', { city: 'York' }], ['postcode too long', { name: 'x', postcode: 'x'.repeat(41) }]] },
  { method: 'GET', route: '/api/v1/customers/{id}/sites', reach: 'targets-victim', url: (w) => `/api/v1/customers/${w.customer.id}/sites` },
  { method: 'GET', route: '/api/v1/customers/{id}/sites/{siteId}', reach: 'targets-victim', url: (w) => `/api/v1/customers/${w.customer.id}/sites/${w.site.id}` },
  { method: 'GET', route: '/api/v1/devices', reach: 'own-tenant', url: () => '/api/v1/devices', badQueries: ['customerId=nope', 'limit=-1', 'serial=', 'mac=00:11', 'cursor=%7B%7D', 'status=sleepy', 'q=', 'sort=fastest', 'sort=soonest&cursor=WyJBQkMiXQ'] },
  { method: 'GET', route: '/api/v1/devices/{id}', reach: 'targets-victim', url: (w) => `/api/v1/devices/${w.device.id}` },
  { method: 'POST', route: '/api/v1/devices', reach: 'targets-victim', url: () => '/api/v1/devices', body: (w) => ({ customerId: w.customer.id, serial: `SN-${randomUUID().slice(0, 8)}` }),
    badBodies: [['missing serial', { customerId: randomUUID() }], ['serial with spaces', { customerId: randomUUID(), serial: 'A B' }], ['customerId not a UUID', { customerId: 'x', serial: 'AB1' }]] },
  { method: 'PUT', route: '/api/v1/devices/{id}/serial', reach: 'targets-victim', url: (w) => `/api/v1/devices/${w.device.id}/serial`, body: () => ({ serial: `SN-${randomUUID().slice(0, 8)}` }),
    badBodies: [['missing serial', {}], ['serial with spaces', { serial: 'A B' }], ['placeholder serial', { serial: 'unknown' }], ['serial of wrong type', { serial: 42 }]] },
  { method: 'PUT', route: '/api/v1/devices/{id}/location', reach: 'targets-victim', url: (w) => `/api/v1/devices/${w.device.id}/location`, body: () => ({ location: '2nd floor, by reception' }),
    badBodies: [['missing location', {}], ['location too long', { location: 'x'.repeat(201) }], ['location with a line break', { location: 'floor 2\nroom 5' }], ['empty location', { location: '  ' }], ['location of wrong type', { location: 42 }], ['siteId not a UUID', { location: null, siteId: 'head office' }]] },
  { method: 'POST', route: '/api/v1/collectors', reach: 'targets-victim', url: () => '/api/v1/collectors', body: (w) => ({ customerId: w.customer.id, name: 'Intruder collector' }),
    badBodies: [['missing customerId', { name: 'x' }], ['missing name', { customerId: randomUUID() }], ['siteId not a UUID', { customerId: randomUUID(), name: 'x', siteId: 'head office' }]] },
  { method: 'GET', route: '/api/v1/collectors', reach: 'own-tenant', url: () => '/api/v1/collectors' },
  { method: 'PUT', route: '/api/v1/collectors/{id}/site', reach: 'targets-victim', url: (w) => `/api/v1/collectors/${w.collector.id}/site`, body: (w) => ({ siteId: w.site.id }),
    badBodies: [['missing siteId', {}], ['siteId not a UUID', { siteId: 'head office' }], ['siteId of wrong type', { siteId: 42 }]] },
  { method: 'POST', route: '/api/v1/collectors/{id}/revoke', reach: 'targets-victim', url: (w) => `/api/v1/collectors/${w.collector.id}/revoke` },
  { method: 'GET', route: '/api/v1/collector/config', reach: 'own-tenant', caller: 'collector', url: () => '/api/v1/collector/config' },
  { method: 'POST', route: '/api/v1/collector/heartbeat', reach: 'own-tenant', caller: 'collector', url: () => '/api/v1/collector/heartbeat',
    body: () => ({ agentVersion: '1', startedAt: '2026-11-21T09:00:00Z', queue: { readings: 0, bytes: 0, full: false }, lastPollAt: null, printers: 0, failingTargets: 0, lastError: null }),
    badBodies: [['missing queue', { agentVersion: '1', startedAt: '2026-11-21T09:00:00Z' }]] },
  // A foreign collector naming the victim's serial must create its own device, never touch the victim's.
  { method: 'POST', route: '/api/v1/collector/readings', reach: 'own-tenant', caller: 'collector', url: () => '/api/v1/collector/readings', body: (w) => ({ readings: [{ readingId: randomUUID(), collectedAt: '2026-11-21T09:00:00Z', target: '10.0.0.5:161', protocol: 'snmp', serial: w.device.serial, model: null, meters: { total: 1, mono: null, color: null }, supplies: [], error: null }] }),
    badBodies: [['no readings', { readings: [] }], ['readingId not a UUID', { readings: [{ readingId: 'x' }] }], ['too many readings', { readings: Array.from({ length: 501 }, () => ({})) }]] },
  { method: 'GET', route: '/api/v1/collectors/{id}/config', reach: 'targets-victim', url: (w) => `/api/v1/collectors/${w.collector.id}/config` },
  { method: 'PUT', route: '/api/v1/collectors/{id}/config', reach: 'targets-victim', url: (w) => `/api/v1/collectors/${w.collector.id}/config`, body: () => ({ pollIntervalSeconds: 600 }),
    badBodies: [['unknown field', { pollEvery: 5 }], ['range too large', { ranges: ['10.0.0.0/8'] }], ['interval too short', { pollIntervalSeconds: 1 }]] },
  { method: 'GET', route: '/api/v1/consumable-requests', reach: 'own-tenant', url: () => '/api/v1/consumable-requests', badQueries: ['status=pending', 'limit=0', 'sort=oldest'] },
  { method: 'POST', route: '/api/v1/consumable-requests/{id}/action', reach: 'targets-victim', url: (w) => `/api/v1/consumable-requests/${w.request.id}/action`, body: () => ({ externalId: 'INTRUDER-1' }),
    badBodies: [['missing externalId', {}], ['blank externalId', { externalId: '  ' }], ['externalId of wrong type', { externalId: 7 }]] },
  { method: 'POST', route: '/api/v1/consumable-requests/{id}/status', reach: 'targets-victim', url: (w) => `/api/v1/consumable-requests/${w.request.id}/status`, body: () => ({ to: 'ignored' }),
    badBodies: [['unknown status', { to: 'shipped' }], ['missing status', { comment: 'x' }]] },
  { method: 'POST', route: '/api/v1/consumable-requests', reach: 'targets-victim', url: () => '/api/v1/consumable-requests', body: (w) => ({ deviceId: w.device.id, supplyIndex: 2, quantity: 1 }),
    badBodies: [['missing deviceId', { supplyIndex: 1 }], ['quantity zero', { deviceId: randomUUID(), supplyIndex: 1, quantity: 0 }], ['fractional quantity', { deviceId: randomUUID(), supplyIndex: 1, quantity: 1.5 }],
      ['supplyIndex of wrong type', { deviceId: randomUUID(), supplyIndex: 'black' }], ['supply the device does not have', { deviceId: '@device', supplyIndex: 9 }]] },
  { method: 'GET', route: '/api/v1/consumable-requests/{id}', reach: 'targets-victim', url: (w) => `/api/v1/consumable-requests/${w.request.id}` },
  { method: 'POST', route: '/api/v1/consumable-requests/{id}/comments', reach: 'targets-victim', url: (w) => `/api/v1/consumable-requests/${w.request.id}/comments`, body: () => ({ body: 'Intruder was here' }),
    badBodies: [['missing body', {}], ['blank body', { body: '   ' }], ['body too long', { body: 'x'.repeat(2001) }]] },
  { method: 'GET', route: '/api/v1/devices/{id}/order-options', reach: 'targets-victim', url: (w) => `/api/v1/devices/${w.device.id}/order-options` },
  { method: 'GET', route: '/api/v1/request-settings', reach: 'own-tenant', url: () => '/api/v1/request-settings' },
  { method: 'PUT', route: '/api/v1/request-settings', reach: 'own-tenant', url: () => '/api/v1/request-settings', body: () => ({ leadTimeDays: 9 }),
    badBodies: SETTINGS_BAD },
  { method: 'GET', route: '/api/v1/customers/{id}/request-settings', reach: 'targets-victim', url: (w) => `/api/v1/customers/${w.customer.id}/request-settings` },
  { method: 'PUT', route: '/api/v1/customers/{id}/request-settings', reach: 'targets-victim', url: (w) => `/api/v1/customers/${w.customer.id}/request-settings`, body: () => ({ autoReplenish: false }), badBodies: SETTINGS_BAD },
  { method: 'GET', route: '/api/v1/contracts/{id}/request-settings', reach: 'targets-victim', url: (w) => `/api/v1/contracts/${w.contract.id}/request-settings` },
  { method: 'PUT', route: '/api/v1/contracts/{id}/request-settings', reach: 'targets-victim', url: (w) => `/api/v1/contracts/${w.contract.id}/request-settings`, body: () => ({ safetyBufferDays: 1 }), badBodies: SETTINGS_BAD },
  { method: 'GET', route: '/api/v1/devices/{id}/request-settings', reach: 'targets-victim', url: (w) => `/api/v1/devices/${w.device.id}/request-settings` },
  { method: 'PUT', route: '/api/v1/devices/{id}/request-settings', reach: 'targets-victim', url: (w) => `/api/v1/devices/${w.device.id}/request-settings`, body: () => ({ triggerMode: 'level' }), badBodies: SETTINGS_BAD },
  { method: 'POST', route: '/api/v1/contracts', reach: 'targets-victim', url: () => '/api/v1/contracts', body: (w) => ({ customerId: w.customer.id, name: `Intruder ${randomUUID().slice(0, 6)}` }),
    badBodies: [['missing name', { customerId: randomUUID() }], ['customerId not a UUID', { customerId: 'x', name: 'A' }], ['validFrom after validUntil', { customerId: randomUUID(), name: 'A', validFrom: '2027-02-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z' }],
      ['date without time', { customerId: randomUUID(), name: 'A', validFrom: '2027-02-01' }], ['unknown setting', { customerId: randomUUID(), name: 'A', settings: { leadTime: 3 } }],
      ['device of another customer', { customerId: '@customer', name: 'Wrong device', deviceIds: ['@otherDevice'] }]] },
  { method: 'GET', route: '/api/v1/contracts', reach: 'own-tenant', url: () => '/api/v1/contracts', badQueries: ['customerId=x'] },
  { method: 'GET', route: '/api/v1/contracts/{id}', reach: 'targets-victim', url: (w) => `/api/v1/contracts/${w.contract.id}` },
  { method: 'PATCH', route: '/api/v1/contracts/{id}', reach: 'targets-victim', url: (w) => `/api/v1/contracts/${w.contract.id}`, body: () => ({ autoReplenish: false }),
    badBodies: [['no field to change', {}], ['validUntil of wrong type', { validUntil: 5 }], ['device list with a bad id', { deviceIds: ['x'] }]] },
  { method: 'DELETE', route: '/api/v1/contracts/{id}', reach: 'targets-victim', url: (w) => `/api/v1/contracts/${w.contract.id}` },
  { method: 'GET', route: '/api/v1/fleet/overview', reach: 'own-tenant', url: () => '/api/v1/fleet/overview', badQueries: ['customerId=x', 'q='] },
  { method: 'GET', route: '/api/v1/devices/{id}/history', reach: 'targets-victim', url: (w) => `/api/v1/devices/${w.device.id}/history`, badQueries: ['days=0', 'days=abc', 'days=10000'] },
  { method: 'GET', route: '/api/v1/devices/{id}/cycles', reach: 'targets-victim', url: (w) => `/api/v1/devices/${w.device.id}/cycles` },
  { method: 'POST', route: '/api/v1/devices/{id}/refresh', reach: 'targets-victim', url: (w) => `/api/v1/devices/${w.device.id}/refresh` },
  { method: 'GET', route: '/api/v1/fleet/statistics', reach: 'own-tenant', url: () => '/api/v1/fleet/statistics', badQueries: ['customerId=x', 'silentDays=0', 'silentDays=abc'] },
  { method: 'GET', route: '/api/v1/collector-defaults', reach: 'own-tenant', url: () => '/api/v1/collector-defaults' },
  { method: 'PUT', route: '/api/v1/collector-defaults', reach: 'own-tenant', url: () => '/api/v1/collector-defaults', body: () => ({ snmp: { community: 'intruder' } }),
    badBodies: [['bad SNMP version', { snmp: { version: '4' } }], ['bad range', { ranges: ['not a range'] }]] },
  { method: 'GET', route: '/api/v1/device-moves', reach: 'own-tenant', url: () => '/api/v1/device-moves', badQueries: ['status=maybe', 'limit=0', 'limit=abc'] },
  { method: 'POST', route: '/api/v1/device-moves/{id}/confirm', reach: 'targets-victim', url: (w) => `/api/v1/device-moves/${w.move.id}/confirm` },
  { method: 'POST', route: '/api/v1/device-moves/{id}/reject', reach: 'targets-victim', url: (w) => `/api/v1/device-moves/${w.move.id}/reject` },
  { method: 'GET', route: '/api/v1/device-move-settings', reach: 'own-tenant', url: () => '/api/v1/device-move-settings' },
  { method: 'PUT', route: '/api/v1/device-move-settings', reach: 'own-tenant', url: () => '/api/v1/device-move-settings', body: () => ({ autoApplyMoves: false }),
    badBodies: [['missing setting', {}], ['not a boolean', { autoApplyMoves: 'yes' }], ['unknown field', { autoApplyMoves: false, autoApply: true }]] },
  { method: 'POST', route: '/api/v1/integrations', reach: 'own-tenant', url: () => '/api/v1/integrations', body: () => ({ name: 'Intruder ERP' }),
    badBodies: [['missing name', {}], ['name of wrong type', { name: [] }]] },
  { method: 'GET', route: '/api/v1/integrations', reach: 'own-tenant', url: () => '/api/v1/integrations' },
  { method: 'POST', route: '/api/v1/integrations/{id}/revoke', reach: 'targets-victim', url: (w) => `/api/v1/integrations/${w.integration.id}/revoke` },
  { method: 'POST', route: '/api/v1/imports/csv', reach: 'own-tenant', url: () => '/api/v1/imports/csv', contentType: 'text/csv', body: csv,
    badBodies: [['empty file', ''], ['unclosed quote', 'customer,serial\n"Acme,SN1\n'], ['unknown column', 'client,serial\nAcme,SN1\n'],
      ['rows with errors', 'customer,serial\n,SN1\nAcme,SN 2\n'], ['same serial for two customers', 'customer,serial\nA,SN1\nB,SN1\n']],
    badQueries: ['dryRun=perhaps', 'wait=perhaps'] },
  { method: 'GET', route: '/api/v1/imports/{id}', reach: 'targets-victim', url: (w) => `/api/v1/imports/${w.importRun.id}` },
  { method: 'POST', route: '/api/v1/stock-items', reach: 'own-tenant', url: () => '/api/v1/stock-items', body: () => stockItem(`INTRUDER-${randomUUID().slice(0, 6)}`),
    badBodies: [['missing sku', { description: 'x', kind: 'toner' }], ['unknown kind', stockItem('X-1', { kind: 'tonre' })], ['negative yield', stockItem('X-1', { yieldPages: -1 })],
      ['fractional yield', stockItem('X-1', { yieldPages: 1.5 })], ['unknown substitute', stockItem('X-1', { substitutes: ['NO-SUCH-SKU'] })], ['sku with spaces', stockItem('X 1')],
      ['unknown field', stockItem('X-1', { price: 3 })], ['body is an array', []]] },
  { method: 'GET', route: '/api/v1/stock-items', reach: 'own-tenant', url: () => '/api/v1/stock-items', badQueries: ['limit=0', 'limit=abc', 'cursor=not-a-cursor'] },
  { method: 'GET', route: '/api/v1/stock-items/{id}', reach: 'targets-victim', url: (w) => `/api/v1/stock-items/${w.stockItem.id}` },
  { method: 'PUT', route: '/api/v1/stock-items/{id}', reach: 'targets-victim', url: (w) => `/api/v1/stock-items/${w.stockItem.id}`, body: (w) => stockItem(w.stockItem.sku, { description: 'Changed by intruder' }),
    badBodies: [['unknown kind', stockItem('X-1', { kind: 'paper' })], ['missing description', { sku: 'X-1', kind: 'toner' }], ['substitute of wrong type', stockItem('X-1', { substitutes: [42] })]] },
  { method: 'POST', route: '/api/v1/stock-items/import', reach: 'own-tenant', url: () => '/api/v1/stock-items/import', contentType: 'text/csv',
    body: () => `sku,description,kind\nINTRUDER-${randomUUID().slice(0, 6)},Intruder toner,toner\n`,
    badBodies: [['empty file', ''], ['unknown column', 'sku,name\nA,B\n'], ['missing kind column', 'sku,description\nA,B\n'], ['unknown kind', 'sku,description,kind\nA,B,tonre\n'],
      ['same sku twice', 'sku,description,kind\nA,B,toner\nA,C,toner\n']],
    badQueries: ['dryRun=perhaps'] },
  { method: 'GET', route: '/api/v1/related-stock', reach: 'own-tenant', url: () => `/api/v1/related-stock?model=${encodeURIComponent('HP LaserJet Pro M404dn')}` },
  { method: 'PUT', route: '/api/v1/related-stock', reach: 'own-tenant', url: () => '/api/v1/related-stock', body: () => ({ model: 'Intruder model', skus: [] }),
    badBodies: [['missing model', { skus: [] }], ['blank model', { model: ' ', skus: [] }], ['unknown SKU', { model: 'M', skus: ['NO-SUCH-SKU'] }], ['skus of wrong type', { model: 'M', skus: 'HP-59A' }]] },
  { method: 'GET', route: '/api/v1/related-stock/suggestions', reach: 'own-tenant', url: () => `/api/v1/related-stock/suggestions?model=${encodeURIComponent('HP LaserJet Pro M404dn')}` },
  { method: 'GET', route: '/api/v1/printer-models', reach: 'own-tenant', url: () => '/api/v1/printer-models' },
  { method: 'GET', route: '/api/v1/contracts/{id}/default-stock', reach: 'targets-victim', url: (w) => `/api/v1/contracts/${w.contract.id}/default-stock` },
  { method: 'PUT', route: '/api/v1/contracts/{id}/default-stock', reach: 'targets-victim', url: (w) => `/api/v1/contracts/${w.contract.id}/default-stock`, body: () => ({ skus: [] }),
    badBodies: [['missing skus', {}], ['unknown SKU', { skus: ['NO-SUCH-SKU'] }], ['skus of wrong type', { skus: [1] }]] },
  { method: 'POST', route: '/api/v1/jobs/run', reach: 'own-tenant', url: () => '/api/v1/jobs/run' },
  { method: 'GET', route: '/api/v1/jobs', reach: 'own-tenant', url: () => '/api/v1/jobs', badQueries: ['status=shipped', 'deviceId=x', 'customerId=x', 'siteId=x', 'olderThanDays=-1', 'limit=0'] },
  { method: 'GET', route: '/api/v1/jobs/{id}', reach: 'targets-victim', url: (w) => `/api/v1/jobs/${w.job.id}` },
  { method: 'POST', route: '/api/v1/jobs/{id}/status', reach: 'targets-victim', url: (w) => `/api/v1/jobs/${w.job.id}/status`, body: () => ({ status: 'cancelled', comment: 'Intruder' }),
    badBodies: [['unknown status', { status: 'lost' }], ['missing status', { comment: 'x' }], ['comment too long', { status: 'ready', comment: 'x'.repeat(2001) }]] },
  { method: 'POST', route: '/api/v1/jobs/{id}/comments', reach: 'targets-victim', url: (w) => `/api/v1/jobs/${w.job.id}/comments`, body: () => ({ body: 'Intruder was here' }),
    badBodies: [['missing body', {}], ['blank body', { body: '   ' }], ['body too long', { body: 'x'.repeat(2001) }]] },
  { method: 'POST', route: '/api/v1/jobs/{id}/confirm-excess', reach: 'targets-victim', url: (w) => `/api/v1/jobs/${w.job.id}/confirm-excess`, body: () => ({ comment: 'Intruder says ship it' }),
    badBodies: [['missing comment', {}], ['blank comment', { comment: ' ' }]] },
  { method: 'GET', route: '/api/v1/jobs/exceptions', reach: 'own-tenant', url: () => '/api/v1/jobs/exceptions', badQueries: ['all=maybe', 'limit=0'] },
  { method: 'POST', route: '/api/v1/jobs/exceptions/{id}/resolve', reach: 'targets-victim', url: (w) => `/api/v1/jobs/exceptions/${w.exception.id}/resolve`, body: () => ({ sku: 'INTRUDER' }),
    badBodies: [['deviceId not a UUID', { deviceId: 'x' }], ['sku of wrong type', { sku: 5 }]] },
  { method: 'GET', route: '/api/v1/job-settings', reach: 'own-tenant', url: () => '/api/v1/job-settings' },
  { method: 'PUT', route: '/api/v1/job-settings', reach: 'own-tenant', url: () => '/api/v1/job-settings', body: () => ({ runEveryMinutes: 60 }),
    badBodies: [['missing interval', {}], ['interval too short', { runEveryMinutes: 1 }], ['fractional interval', { runEveryMinutes: 7.5 }], ['unknown field', { runEveryMinutes: 60, every: 5 }]] },
  { method: 'GET', route: '/api/v1/jobs/reports/summary', reach: 'own-tenant', url: () => '/api/v1/jobs/reports/summary' },
  { method: 'GET', route: '/api/v1/jobs/reports/backorders', reach: 'own-tenant', url: () => '/api/v1/jobs/reports/backorders', badQueries: ['limit=0', 'limit=abc', 'limit=100000'] },
  { method: 'GET', route: '/api/v1/jobs/reports/excess', reach: 'own-tenant', url: () => '/api/v1/jobs/reports/excess', badQueries: ['confirmed=maybe', 'limit=0'] },
  { method: 'GET', route: '/api/v1/jobs/reports/shipped-vs-consumed', reach: 'own-tenant', url: () => '/api/v1/jobs/reports/shipped-vs-consumed',
    badQueries: ['from=yesterday', 'to=2026-13-01T00:00:00Z', 'from=2026-06-01T00:00:00Z&to=2026-05-01T00:00:00Z', 'from=2026-06-01T00:00:00Z&to=2026-06-01T00:00:00Z', 'from=1000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z'] },
  { method: 'POST', route: '/api/v1/warehouse/receipts', reach: 'own-tenant', url: () => '/api/v1/warehouse/receipts', body: (w) => ({ sku: w.stockItem.sku, quantity: 1 }),
    badBodies: [['missing sku', { quantity: 1 }], ['neither quantity nor serials', { sku: 'X' }], ['quantity and serials', { sku: 'X', quantity: 1, serials: ['A'] }], ['zero quantity', { sku: 'X', quantity: 0 }],
      ['fractional quantity', { sku: 'X', quantity: 1.5 }], ['too many', { sku: 'X', quantity: 501 }], ['no serials', { sku: 'X', serials: [] }], ['serial with a space', { sku: 'X', serials: ['A B'] }], ['serial twice', { sku: 'X', serials: ['A1', 'A1'] }]] },
  // No receipt of the victim's is in the world: a foreign id must be 404 like any other.
  { method: 'GET', route: '/api/v1/warehouse/receipts/{id}/labels.pdf', reach: 'targets-victim', url: () => `/api/v1/warehouse/receipts/${randomUUID()}/labels.pdf` },
  { method: 'POST', route: '/api/v1/warehouse/scans', reach: 'own-tenant', url: () => '/api/v1/warehouse/scans', body: (w) => ({ station: 'bench-1', code: w.job.number }),
    badBodies: [['missing code', { station: 'bench-1' }], ['missing station', { code: 'U0000000000' }], ['empty code', { station: 'bench-1', code: '  ' }], ['unknown mode', { station: 'b', code: 'x', mode: 'count' }], ['code too long', { station: 'b', code: 'x'.repeat(201) }]] },
  { method: 'GET', route: '/api/v1/warehouse/stations/{station}', reach: 'own-tenant', url: () => '/api/v1/warehouse/stations/bench-1' },
  { method: 'POST', route: '/api/v1/jobs/{id}/dispatch', reach: 'targets-victim', url: (w) => `/api/v1/jobs/${w.job.id}/dispatch`, body: () => ({ carrier: 'DPD', trackingNumber: 'INTRUDER-1' }),
    badBodies: [['missing tracking number', { carrier: 'DPD' }], ['missing carrier', { trackingNumber: 'T1' }], ['unknown field', { carrier: 'DPD', trackingNumber: 'T1', weight: 3 }]] },
  { method: 'POST', route: '/api/v1/jobs/{id}/delivered', reach: 'targets-victim', url: (w) => `/api/v1/jobs/${w.job.id}/delivered`, body: () => ({}),
    badBodies: [['at not a date-time', { at: 'yesterday' }], ['unknown field', { by: 'courier' }]] },
  { method: 'GET', route: '/api/v1/warehouse/pick-list', reach: 'own-tenant', url: () => '/api/v1/warehouse/pick-list', badQueries: ['jobIds=x', 'jobIds=00000000-0000-0000-0000-000000000000,nope'] },
  { method: 'GET', route: '/api/v1/warehouse/pick-list.pdf', reach: 'targets-victim', url: (w) => `/api/v1/warehouse/pick-list.pdf?jobIds=${w.job.id}`, badQueries: ['jobIds=x'] },
  { method: 'GET', route: '/api/v1/jobs/{id}/packing-slip.pdf', reach: 'targets-victim', url: (w) => `/api/v1/jobs/${w.job.id}/packing-slip.pdf` },
  { method: 'GET', route: '/api/v1/jobs/{id}/shipping-label.pdf', reach: 'targets-victim', url: (w) => `/api/v1/jobs/${w.job.id}/shipping-label.pdf` },
  { method: 'GET', route: '/api/v1/warehouse/discrepancies', reach: 'own-tenant', url: () => '/api/v1/warehouse/discrepancies', badQueries: ['limit=0', 'limit=abc', 'limit=1001'] },
  { method: 'GET', route: '/api/v1/stock/purchase-suggestions', reach: 'own-tenant', url: () => '/api/v1/stock/purchase-suggestions?weeks=4', badQueries: ['weeks=0', 'weeks=27', 'weeks=abc', 'weeks=1.5'] },
  { method: 'GET', route: '/api/v1/stock/purchase-suggestions.csv', reach: 'own-tenant', url: () => '/api/v1/stock/purchase-suggestions.csv', badQueries: ['weeks=0', 'weeks=-1'] },
  { method: 'GET', route: '/api/v1/stock/purchasing-settings', reach: 'own-tenant', url: () => '/api/v1/stock/purchasing-settings' },
  { method: 'PUT', route: '/api/v1/stock/purchasing-settings', reach: 'own-tenant', url: () => '/api/v1/stock/purchasing-settings', body: () => ({ supplierLeadTimeDays: 7 }),
    badBodies: [['missing lead time', {}], ['negative lead time', { supplierLeadTimeDays: -1 }], ['fractional lead time', { supplierLeadTimeDays: 1.5 }], ['lead time over a year', { supplierLeadTimeDays: 366 }], ['unknown field', { supplierLeadTimeDays: 7, supplier: 'X' }]] },
  { method: 'PUT', route: '/api/v1/stock-items/{id}/lead-time', reach: 'targets-victim', url: (w) => `/api/v1/stock-items/${w.stockItem.id}/lead-time`, body: () => ({ leadTimeDays: 3 }),
    badBodies: [['missing lead time', {}], ['negative lead time', { leadTimeDays: -1 }], ['lead time as text', { leadTimeDays: 'three' }]] },
  { method: 'POST', route: '/api/v1/purchase-orders', reach: 'own-tenant', url: () => '/api/v1/purchase-orders', body: (w) => ({ supplier: 'Intruder supplies', reference: `PO-${randomUUID().slice(0, 8)}`, lines: [{ sku: w.stockItem.sku, quantity: 2 }] }),
    badBodies: [['missing lines', { supplier: 'S', reference: 'R' }], ['no lines', { supplier: 'S', reference: 'R', lines: [] }], ['zero quantity', { supplier: 'S', reference: 'R', lines: [{ sku: 'X', quantity: 0 }] }],
      ['fractional quantity', { supplier: 'S', reference: 'R', lines: [{ sku: 'X', quantity: 1.5 }] }], ['missing supplier', { reference: 'R', lines: [{ sku: 'X', quantity: 1 }] }], ['blank reference', { supplier: 'S', reference: ' ', lines: [{ sku: 'X', quantity: 1 }] }],
      ['expectedAt not a date-time', { supplier: 'S', reference: 'R', expectedAt: 'next week', lines: [{ sku: 'X', quantity: 1 }] }], ['unknown field', { supplier: 'S', reference: 'R', price: 3, lines: [{ sku: 'X', quantity: 1 }] }], ['unknown SKU', { supplier: 'S', reference: 'R-unknown', lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] }]] },
  { method: 'GET', route: '/api/v1/purchase-orders', reach: 'own-tenant', url: () => '/api/v1/purchase-orders', badQueries: ['status=closed'] },
  // No purchase order of the victim's is in the world: a foreign id must be 404 like any other.
  { method: 'GET', route: '/api/v1/purchase-orders/{id}', reach: 'targets-victim', url: () => `/api/v1/purchase-orders/${randomUUID()}` },
  { method: 'POST', route: '/api/v1/purchase-orders/{id}/cancel', reach: 'targets-victim', url: () => `/api/v1/purchase-orders/${randomUUID()}/cancel` },
  { method: 'POST', route: '/api/v1/deliveries', reach: 'own-tenant', url: () => '/api/v1/deliveries', body: () => ({ trackingNumber: 'INTRUDER-TRACKING-1' }),
    badBodies: [['missing tracking number', {}], ['blank tracking number', { trackingNumber: '  ' }], ['at not a date-time', { trackingNumber: 'T1', at: 'yesterday' }], ['unknown field', { trackingNumber: 'T1', carrier: 'DPD' }]] },
  { method: 'POST', route: '/api/v1/deliveries/import', reach: 'own-tenant', url: () => '/api/v1/deliveries/import', contentType: 'text/csv', body: () => 'trackingNumber,deliveredAt\nINTRUDER-TRACKING-1,2026-11-21T09:00:00Z\n',
    badBodies: [['no tracking number column', 'reference,deliveredAt\nX,2026-11-21T09:00:00Z\n'], ['no delivery time column', 'trackingNumber,recipient\nX,Reception\n'], ['unterminated quote', 'trackingNumber,deliveredAt\n"X,2026-11-21T09:00:00Z\n']] },
  // Last, because it ends the caller's session.
  { method: 'POST', route: '/api/v1/auth/logout', reach: 'own-tenant', url: () => '/api/v1/auth/logout' },
  { method: 'GET', route: '/api/v1/audit', reach: 'own-tenant', url: () => '/api/v1/audit', badQueries: ['limit=0', 'beforeId=x'] },
];

/** Strings that belong to the victim and must never appear in a foreign caller's response. */
export function secretsOf(w: DealerWorld): string[] {
  return [w.move.id, w.request.id, w.job.id, w.exception.id, w.customer.id, w.customer.external_ref!, w.site.id, w.device.id, w.device.serial, w.otherDevice.serial, w.collector.id, w.integration.id, w.admin.email, w.dispatcher.id, w.dealer.id, w.stockItem.id, w.stockItem.sku];
}

/** Payload and content type of a catalogue request. */
export function requestBody(route: RouteCase, body: unknown): { payload?: string; headers: Record<string, string> } {
  if (body === undefined) return { headers: {} };
  return { payload: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': route.contentType ?? 'application/json' } };
}

/** A bad body as JSON, with the "@device"-style placeholders replaced by the world's ids. */
export function badBodyJson(body: unknown, w: DealerWorld): string {
  return JSON.stringify(body).replaceAll('"@device"', JSON.stringify(w.device.id)).replaceAll('"@customer"', JSON.stringify(w.customer.id)).replaceAll('"@otherDevice"', JSON.stringify(w.otherDevice.id));
}
