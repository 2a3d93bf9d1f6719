import type { Store } from '../app/store.js';
import { scopeOf, type Principal } from '../auth/index.js';
import { AppError } from '../platform/errors.js';

const DAY_MS = 86_400_000;

/** A device's level history per supply and its page-meter runs over the last `days`, for the device page's chart. */
export async function deviceHistory(store: Store, principal: Principal, deviceId: string, days: number, now: Date) {
  const device = await store.repos.devices.get(scopeOf(principal), deviceId);
  if (!device) throw new AppError('not-found', `No device with id ${deviceId}.`);
  const since = new Date(now.getTime() - days * DAY_MS);
  const [levels, meters] = await Promise.all([store.repos.telemetry.levelHistory(deviceId, since), store.repos.telemetry.meterHistory(deviceId, since)]);
  const bySupply = new Map<number, { at: string; confirmedAt: string; percent: number | null; state: string }[]>();
  for (const row of levels) {
    const points = bySupply.get(row.supply_index) ?? [];
    points.push({ at: row.observed_at.toISOString(), confirmedAt: row.confirmed_at.toISOString(), percent: row.remaining_percent, state: row.state });
    bySupply.set(row.supply_index, points);
  }
  return {
    since: since.toISOString(),
    levels: [...bySupply].sort(([a], [b]) => a - b).map(([supplyIndex, points]) => ({ supplyIndex, points })),
    meters: meters.map((m) => ({ at: m.observed_at.toISOString(), confirmedAt: m.confirmed_at.toISOString(), total: m.total === null ? null : Number(m.total) })),
  };
}

/** A device's cartridge cycles, newest first: install, end, pages, realized yield and toner left at a swap. */
export async function deviceCycles(store: Store, principal: Principal, deviceId: string) {
  const device = await store.repos.devices.get(scopeOf(principal), deviceId);
  if (!device) throw new AppError('not-found', `No device with id ${deviceId}.`);
  return store.repos.telemetry.cyclesOf(deviceId);
}
