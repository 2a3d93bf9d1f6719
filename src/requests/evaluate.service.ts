import { randomUUID } from 'node:crypto';
import type { Repositories } from '../app/store.js';
import { authorizeRequest } from './authorize.js';
import { resolveSettings, settingValues } from './settings.js';
import { concernsCurrentCartridge, initialStatus, mayRetrigger, reauthorize, transition, type RequestHistoryEntry, type RequestStatusState } from './status.js';
import { evaluateTrigger } from './trigger.js';
import type { RequestActor, RequestStatus, SupplyState } from './types.js';

const SYSTEM: RequestActor = { kind: 'system', id: 'tonerloop' };
const CONSUMABLE_KINDS = new Set(['toner', 'ink', 'drum', 'developer']);

function stateOf(row: { id: string; status: string; external_id: string | null; comment: string | null; status_changed_at: Date; history: Record<string, unknown>[] }): RequestStatusState {
  return { id: row.id, status: row.status as RequestStatus, externalId: row.external_id, comment: row.comment, statusChangedAt: row.status_changed_at.toISOString(), history: row.history as unknown as RequestHistoryEntry[] };
}

/**
 * After a device's forecasts change: closes the loop on actioned requests whose new cartridge has been
 * seen, and raises (authorized or rejected, with reasons) an automatic request for each supply that will
 * run out within lead time + buffer. One open request per supply, however many evaluations race.
 */
export async function evaluateDeviceRequests(repos: Repositories, dealerId: string, deviceId: string, now: Date): Promise<void> {
  const device = await repos.devices.get({ dealerId, customerId: null }, deviceId);
  if (!device) return;
  const settings = settingValues(resolveSettings({}));
  const [supplies, requests, installs, yields, meters] = await Promise.all([
    repos.devices.suppliesOf(dealerId, [deviceId]), repos.requests.ofDevice(deviceId), repos.requests.lastInstalls(deviceId),
    repos.requests.expectedYields(deviceId), repos.telemetry.meterHistory(deviceId, new Date(now.getTime() - 400 * 86_400_000)),
  ]);
  const lastMeter = meters.at(-1);
  const pagesNow = lastMeter?.total ?? null;
  // Loop closure: an actioned request is completed once a new cartridge went in after it was actioned.
  for (const request of requests.filter((r) => r.status === 'actioned')) {
    const installed = installs.get(request.supply_index);
    if (installed && installed > request.status_changed_at) {
      const { request: next } = transition(stateOf(request), 'completed', SYSTEM, now, { comment: 'New cartridge seen installed: loop closed.' });
      await repos.requests.saveStatus(request.id, { status: 'completed', externalId: next.externalId, comment: next.comment, statusChangedAt: now, history: next.history as unknown as Record<string, unknown>[] });
      request.status = 'completed';
    }
  }
  for (const supply of supplies.filter((s) => !s.is_receptacle && CONSUMABLE_KINDS.has(s.kind))) {
    const forecast = supply.forecast ? { daysRemaining: supply.forecast.daysRemaining, daysRemainingLow: supply.forecast.daysRemainingLow, depletionDate: supply.forecast.depletionDate } : null;
    const decision = evaluateTrigger({ remainingPercent: supply.remaining_percent, state: supply.state as SupplyState, forecast }, settings, now);
    if (!decision.raise) continue;
    const lastInstallAt = installs.get(supply.supply_index) ?? null;
    const latest = requests.find((r) => r.supply_index === supply.supply_index);
    // An ignored or rejected request holds until a new cartridge is seen: no flood of repeats for one depletion.
    if (latest && ['outstanding', 'queried', 'actioned'].includes(latest.status)) continue;
    if (latest?.status === 'ignored' && !mayRetrigger(stateOf(latest), lastInstallAt)) continue;
    // A rejection for this cartridge is re-examined rather than repeated: one request per depletion.
    const pendingRejection = latest?.status === 'rejected' && concernsCurrentCartridge(stateOf(latest), lastInstallAt) ? latest : null;
    const lastOrder = requests.find((r) => r.supply_index === supply.supply_index && r.status !== 'deleted' && r !== pendingRejection);
    const authorization = authorizeRequest({
      origin: 'automatic', supplyIndex: supply.supply_index,
      device: { lastSeenAt: device.last_seen_at, lastMeterAt: lastMeter?.confirmed_at ?? null },
      current: { pages: pagesNow, remainingPercent: supply.remaining_percent, state: supply.state as SupplyState },
      lastOrder: lastOrder ? { at: lastOrder.created_at, pages: lastOrder.pages_at_order, remainingPercent: lastOrder.percent_at_order } : null,
      expectedYieldPages: yields.get(supply.supply_index) ?? null,
      requestId: pendingRejection?.id ?? null,
      requests: requests.map((r) => ({ id: r.id, supplyIndex: r.supply_index, status: r.status as RequestStatus, origin: r.origin, createdAt: r.created_at })),
      contracts: [],
      lastInstallAt,
    }, settings, now);
    if (pendingRejection) {
      const reopened = reauthorize(stateOf(pendingRejection), authorization, now);
      await repos.requests.saveAuthorization(pendingRejection.id, authorization.results, reopened ? { statusChangedAt: now, history: reopened.request.history as unknown as Record<string, unknown>[] } : null);
      continue;
    }
    const initial = initialStatus(authorization, SYSTEM, now);
    await repos.requests.insertUnlessOpen({
      id: randomUUID(), dealer_id: dealerId, device_id: deviceId, customer_id: device.customer_id, supply_index: supply.supply_index,
      supply_indexes: JSON.stringify([supply.supply_index, ...(supply.forecast?.consolidateWith ?? [])]), origin: 'automatic', trigger: decision.trigger,
      rapid_use: decision.rapidUse, status: initial.status, external_id: null, comment: [decision.reason, initial.entry.comment].filter(Boolean).join(' '),
      authorization_results: JSON.stringify(authorization.results), pages_at_order: pagesNow, percent_at_order: supply.remaining_percent,
      status_changed_at: now, history: JSON.stringify([initial.entry]), created_at: now,
    });
  }
}
