import { randomUUID } from 'node:crypto';
import type { Store } from '../app/store.js';
import type { Principal } from '../auth/index.js';
import { AppError } from '../platform/errors.js';
import { evaluateDeviceRequests } from '../requests/index.js';
import { refreshDeviceForecasts } from './forecast-refresh.js';
import type { UploadedReading } from './readings.schemas.js';

export interface IngestOutcome {
  accepted: number;
  duplicates: number;
  rejected: { readingId: string; reason: string }[];
}

/**
 * Takes a batch (see ingestReadings) and then recomputes the forecasts of the devices it touched. The
 * readings are committed first: a failing forecast is logged and retried with the next reading, never
 * a lost upload.
 */
export async function ingestAndForecast(
  store: Store, principal: Principal, readings: UploadedReading[], now: Date, unreachableAfter: number, log: { error(fields: object, message: string): void },
): Promise<IngestOutcome> {
  const { outcome, deviceIds } = await ingestReadings(store, principal, readings, now, unreachableAfter);
  for (const deviceId of deviceIds) {
    try {
      await refreshDeviceForecasts(store.repos, principal.dealerId, deviceId, now);
      await evaluateDeviceRequests(store, principal.dealerId, deviceId, now);
    } catch (error) {
      log.error({ err: error, deviceId }, 'forecast or requests could not be evaluated');
    }
  }
  return outcome;
}

/** Why a reading cannot be used, or null when it can. Pure: the rules for what a usable reading is. */
export function rejectionOf(reading: UploadedReading): string | null {
  if (reading.error !== null) return null;
  if (reading.serial === null) return 'The reading has no serial number, so it cannot be matched to a device.';
  return null;
}

/**
 * Takes a collector's batch of readings: all of it in one transaction, idempotent by readingId (a
 * repeated upload changes nothing and counts as duplicates), historic readings placed in time order,
 * devices created on first sight under the collector's customer.
 */
export async function ingestReadings(store: Store, principal: Principal, readings: UploadedReading[], now: Date, unreachableAfter: number): Promise<{ outcome: IngestOutcome; deviceIds: string[] }> {
  if (principal.kind !== 'collector') throw new AppError('forbidden', 'Only a collector token can upload readings.');
  const ids = new Set<string>();
  for (const reading of readings) {
    if (ids.has(reading.readingId)) throw new AppError('bad-request', `readingId ${reading.readingId} appears twice in this batch.`);
    ids.add(reading.readingId);
  }
  const ordered = [...readings].sort((a, b) => Date.parse(a.collectedAt) - Date.parse(b.collectedAt));
  return store.transaction(async ({ telemetry }) => {
    await telemetry.lockBatch(principal.dealerId, ordered.map((r) => (r.serial ? `serial:${r.serial.toUpperCase()}` : `target:${principal.id}:${r.target}`)));
    const outcome: IngestOutcome = { accepted: 0, duplicates: 0, rejected: [] };
    const touched = new Set<string>();
    for (const reading of ordered) {
      if (!(await telemetry.recordReceipt(principal.dealerId, principal.id, reading, now))) {
        outcome.duplicates++;
        continue;
      }
      outcome.accepted++;
      const at = new Date(reading.collectedAt);
      const reason = rejectionOf(reading);
      if (reason) {
        outcome.rejected.push({ readingId: reading.readingId, reason });
        await telemetry.settleReceipt(principal.dealerId, reading.readingId, { deviceId: null, rejectedReason: reason });
        continue;
      }
      if (reading.error !== null || reading.serial === null) {
        await telemetry.observeTarget(principal.dealerId, principal.id, reading.target, { deviceId: null, error: reading.error }, at, unreachableAfter);
        continue;
      }
      const device = await telemetry.sightDevice(principal.dealerId, principal.customerId, { ...reading, serial: reading.serial.toUpperCase() }, randomUUID(), now);
      await telemetry.settleReceipt(principal.dealerId, reading.readingId, { deviceId: device.id, rejectedReason: null });
      touched.add(device.id);
      await telemetry.observeTarget(principal.dealerId, principal.id, reading.target, { deviceId: device.id, error: null }, at, unreachableAfter);
      await telemetry.observeMeters(principal.dealerId, device.id, reading.meters, at);
      for (const supply of reading.supplies) {
        await telemetry.setCurrentSupply(principal.dealerId, device.id, supply, at, randomUUID());
        await telemetry.observeLevel(principal.dealerId, device.id, supply, at);
      }
    }
    return { outcome, deviceIds: [...touched] };
  });
}
