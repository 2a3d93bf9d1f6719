import { randomUUID } from 'node:crypto';
import type { Store } from '../app/store.js';
import { actorOf, scopeOf, type Principal } from '../auth/index.js';
import type { DeviceRow, SupplyRow } from '../db/schema.js';
import { cleanSerial } from '../collection/index.js';
import { siteOfCustomer } from '../customers/index.js';
import { AppError } from '../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../platform/pagination.js';
import type { DeviceFilter, DeviceStatus, SoonestKey } from './devices.repository.js';

export interface DeviceWithSupplies {
  device: DeviceRow;
  supplies: SupplyRow[];
  status: DeviceStatus;
  /** Its site's name; null without a site. */
  siteName: string | null;
}

/**
 * The devices the caller may see a page at a time, each with its supplies, status and site name (three queries
 * after the page's): by identity (serial, or `mac:…`), or with sort 'soonest' by the soonest run-out date, devices
 * without one last. A cursor belongs to its sort; one from the other sort is refused as not handed out.
 */
export async function listDevices(store: Store, principal: Principal, filter: DeviceFilter, options: { limit: number; cursor?: string; sort?: 'serial' | 'soonest' }, now: Date): Promise<Page<DeviceWithSupplies>> {
  const scope = scopeOf(principal);
  let page: Page<DeviceRow>;
  if (options.sort === 'soonest') {
    const after = options.cursor === undefined ? undefined : decodeSoonestCursor(options.cursor);
    const rows = await store.repos.devices.listSoonest(scope, filter, { limit: options.limit, after, now });
    page = toPage(rows, options.limit, (row) => JSON.stringify([row.runs_out_at?.toISOString() ?? null, row.identity]));
  } else {
    const afterIdentity = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
    page = toPage(await store.repos.devices.list(scope, filter, { limit: options.limit, afterIdentity, now }), options.limit, (row) => row.identity);
  }
  return { items: await withDetails(store, principal.dealerId, page.items, now), nextCursor: page.nextCursor };
}

// A soonest-first cursor holds the last row's [run-out date or null, identity].
function decodeSoonestCursor(cursor: string): SoonestKey {
  const key = decodeCursor(cursor);
  try {
    const parsed: unknown = JSON.parse(key);
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[1] === 'string') {
      if (parsed[0] === null) return { runsOutAt: null, identity: parsed[1] };
      if (typeof parsed[0] === 'string' && !Number.isNaN(Date.parse(parsed[0]))) return { runsOutAt: new Date(parsed[0]), identity: parsed[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('bad-request', 'The cursor is not one this server handed out for sort=soonest; start again without it.');
}

/** Devices with their supplies, dashboard status and site name, in the order given. */
async function withDetails(store: Store, dealerId: string, devices: DeviceRow[], now: Date): Promise<DeviceWithSupplies[]> {
  const ids = devices.map((d) => d.id);
  const siteIds = devices.flatMap((d) => (d.site_id === null ? [] : [d.site_id]));
  const [supplies, statuses, siteNames] = await Promise.all([
    store.repos.devices.suppliesOf(dealerId, ids), store.repos.devices.statuses(dealerId, ids, now), store.repos.devices.siteNames(dealerId, siteIds),
  ]);
  const byDevice = new Map<string, SupplyRow[]>();
  for (const supply of supplies) byDevice.set(supply.device_id, [...(byDevice.get(supply.device_id) ?? []), supply]);
  return devices.map((device) => ({
    device, supplies: byDevice.get(device.id) ?? [], status: statuses.get(device.id) ?? 'healthy', siteName: device.site_id === null ? null : siteNames.get(device.site_id) ?? null,
  }));
}

/** How many of the caller's devices (matching the filter) are unreachable, ordering, low and healthy; and their models. */
export async function fleetOverview(store: Store, principal: Principal, filter: Omit<DeviceFilter, 'status'>, now: Date) {
  const [counts, models] = await Promise.all([store.repos.devices.countByStatus(scopeOf(principal), filter, now), store.repos.devices.models(scopeOf(principal))]);
  return { counts, total: Object.values(counts).reduce((a, b) => a + b, 0), models };
}

/** One device the caller may see, with its supplies, or `not-found`. */
export async function getDevice(store: Store, principal: Principal, id: string, now: Date): Promise<DeviceWithSupplies> {
  const device = await store.repos.devices.get(scopeOf(principal), id);
  if (!device) throw new AppError('not-found', `No device with id ${id}.`);
  return (await withDetails(store, principal.dealerId, [device], now))[0]!;
}

/** Registers a device by hand (before any collector has seen it); its serial must be new to the dealer. */
export async function createDevice(
  store: Store,
  principal: Principal,
  input: { customerId: string; siteId?: string | null; serial: string; model?: string | null },
  now: Date,
): Promise<DeviceRow> {
  return store.transaction(async (repos) => {
    const scope = scopeOf(principal);
    if (!(await repos.customers.get(scope, input.customerId))) throw new AppError('not-found', `No customer with id ${input.customerId}.`);
    if (input.siteId) await siteOfCustomer(repos, scope, input.customerId, input.siteId);
    const device = await repos.devices.insert(principal.dealerId, { id: randomUUID(), customerId: input.customerId, siteId: input.siteId ?? null, serial: input.serial, model: input.model ?? null }, now);
    if (!device) throw new AppError('conflict', `A device with serial ${input.serial} already exists.`);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'device.created', entityType: 'device', entityId: device.id, details: { serial: device.serial } }, now);
    return device;
  });
}

/**
 * Enters the serial of a printer that tells none (from its label), so it is shown and found by it; its
 * readings keep matching it by MAC, and once the printer tells a serial itself that one wins (telemetry
 * audits a difference). Refused for a device that tells its own serial, or when another device of the
 * dealer has this one.
 */
export async function enterSerial(store: Store, principal: Principal, id: string, input: { serial: string }, now: Date): Promise<DeviceRow> {
  const serial = cleanSerial(input.serial);
  if (serial === null) throw new AppError('bad-request', `"${input.serial}" is not a serial number.`, { field: 'serial' });
  return store.transaction(async (repos) => {
    const scope = scopeOf(principal);
    const device = await repos.devices.get(scope, id);
    if (!device) throw new AppError('not-found', `No device with id ${id}.`);
    if (device.serial !== null && !device.serial_by_hand) throw new AppError('conflict', `Device ${device.serial} has a serial of its own (told by the printer, or registered with it), which cannot be changed by hand.`);
    if (device.serial === serial) return device;
    const holder = await repos.devices.bySerial(principal.dealerId, serial);
    if (holder && holder.id !== id) throw new AppError('conflict', `Another device already has serial ${serial}.`, { field: 'serial', deviceId: scope.customerId === null ? holder.id : undefined });
    const updated = await repos.devices.setSerialByHand(scope, id, serial, now);
    if (!updated) throw new AppError('conflict', `Device ${id} told its own serial number meanwhile; it cannot be changed by hand.`);
    await repos.audit.record({ dealerId: principal.dealerId, ...actorOf(principal), action: 'device.serial-entered', entityType: 'device', entityId: id, details: { serial, previousSerial: device.serial, mac: device.mac } }, now);
    return updated;
  });
}

/**
 * Says (or, with null, clears) where in its site a printer stands and, when siteId is given, which of its customer's
 * sites that is; audited. For dealer staff and a key user of its customer, who may move it between their own sites.
 */
export async function setLocation(store: Store, principal: Principal, id: string, input: { location: string | null; siteId?: string | null | undefined }, now: Date): Promise<DeviceRow> {
  return store.transaction(async (repos) => {
    const scope = scopeOf(principal);
    const device = await repos.devices.get(scope, id);
    if (!device) throw new AppError('not-found', `No device with id ${id}.`);
    const siteId = input.siteId === undefined ? device.site_id : input.siteId;
    if (device.location === input.location && device.site_id === siteId) return device;
    if (siteId !== null && siteId !== device.site_id) await siteOfCustomer(repos, scope, device.customer_id, siteId, `The customer of device ${id}`);
    const updated = await repos.devices.setLocation(scope, id, input.location, siteId, now);
    if (!updated) throw new AppError('not-found', `No device with id ${id}.`);
    const actor = { dealerId: principal.dealerId, ...actorOf(principal), entityType: 'device', entityId: id } as const;
    if (device.location !== input.location) await repos.audit.record({ ...actor, action: 'device.location-set', details: { location: input.location, previousLocation: device.location } }, now);
    if (device.site_id !== siteId) await repos.audit.record({ ...actor, action: 'device.site-set', details: { siteId, previousSiteId: device.site_id } }, now);
    return updated;
  });
}

/** "Refresh now": the device's collector is told to read it at its next configuration fetch. */
export async function requestRefresh(store: Store, principal: Principal, id: string, now: Date): Promise<{ requestedAt: string }> {
  if (!(await store.repos.devices.requestRefresh(scopeOf(principal), id, now))) throw new AppError('not-found', `No device with id ${id}.`);
  return { requestedAt: now.toISOString() };
}
