import { randomUUID } from 'node:crypto';
import type { Repositories, Store } from '../app/store.js';
import type { ConsumableRequestRow, DeviceRow, StoredStockoutRisk, SupplyRow } from '../db/schema.js';
import { CONSUMABLE_KINDS, type PriorCache } from '../forecasting/index.js';
// Not the fulfilment index: it imports this domain's index, and the loop closure needs only this one function.
import { closeJobLines } from '../fulfilment/close.js';
import { selectSku, supplyToFill } from '../fulfilment/select-sku.js';
import { deviceLeadTime } from '../lead-times/index.js';
import { authorizeRequest, consumedSinceLastOrder, type AuthorizationInput } from './authorize.js';
import { consolidateRequests, type ConsolidationCandidate } from './consolidation.js';
import { resolveSettings, settingValues, type RequestSettings } from './settings.js';
import { deviceSettingLevels } from './settings.service.js';
import { concernsCurrentCartridge, initialStatus, mayRetrigger, reauthorize, transition, type RequestHistoryEntry, type RequestStatusState } from './status.js';
import { supplyLeadTime, stockWaitNote, type SupplyLeadTime } from './stock-wait.js';
import { REEVALUATION_HOURS, stockoutRisk, type StockoutRiskContext } from './stockout-risk.js';
import { evaluateTrigger, type TriggerDecision } from './trigger.js';
import { OPEN_STATUSES, type ForecastView, type RequestActor, type RequestStatus, type SupplyState } from './types.js';

const SYSTEM: RequestActor = { kind: 'system', id: 'tonerloop' };
/** Statuses of a request that stands for a cartridge that was (or is being) sent: what the 30 % rule counts from. */
const ORDERED: readonly RequestStatus[] = ['outstanding', 'queried', 'actioned', 'completed'];

/** The status-machine view of a stored request. */
export function stateOf(row: Pick<ConsumableRequestRow, 'id' | 'status' | 'external_id' | 'comment' | 'status_changed_at' | 'history'>): RequestStatusState {
  return { id: row.id, status: row.status, externalId: row.external_id, comment: row.comment, statusChangedAt: row.status_changed_at.toISOString(), history: row.history as unknown as RequestHistoryEntry[] };
}

/** Whether a request orders this supply: as its anchor or as a colour consolidated into it. */
export const ordersSupply = (request: Pick<ConsumableRequestRow, 'supply_index' | 'supply_indexes'>, index: number) =>
  request.supply_index === index || request.supply_indexes.includes(index);

/** The open request (outstanding, actioned, queried …) already ordering this supply, other than `exclude`; one per cartridge. */
export function openOrderOf<R extends Pick<ConsumableRequestRow, 'id' | 'status' | 'supply_index' | 'supply_indexes'>>(requests: readonly R[], index: number, exclude?: string): R | undefined {
  return requests.find((r) => r.id !== exclude && ordersSupply(r, index) && OPEN_STATUSES.includes(r.status));
}

/** Everything the rules need to know about one device, gathered once per evaluation. */
export interface DeviceRequestContext {
  device: DeviceRow;
  settings: RequestSettings;
  supplies: SupplyRow[];
  /** Every request of the device, newest first. */
  requests: ConsumableRequestRow[];
  installs: Map<number, { at: Date; newAt: Date | null }>;
  /** Pages a cartridge of each supply lasts: this device's own cycles, else the dealer's fleet for the part number. */
  yields: Map<number, number>;
  contracts: AuthorizationInput['contracts'];
  pagesNow: number | null;
  lastMeterAt: Date | null;
  /**
   * Per supply index: business days from order to the cartridge on this device's site, with their weights, and the
   * wait for stock they count — what the service-level trigger's stockout risk rests on. Chosen in loadRequestContext,
   * the one place a device's lead times are chosen, and read on first use; a supply not in it goes by the site's carrier.
   */
  leadTimes: () => Promise<DeviceLeadTimes>;
}

/** A device's lead times: its site's carrier distribution, and each supply's own where the wait for stock shifts it. */
interface DeviceLeadTimes {
  carrier: SupplyLeadTime;
  bySupply: ReadonlyMap<number, SupplyLeadTime>;
}

/** The stockout-risk context of one supply: its lead times, the next evaluation, and the wait for stock in words. */
function riskContext(leadTimes: DeviceLeadTimes, index: number): StockoutRiskContext {
  const own = leadTimes.bySupply.get(index) ?? leadTimes.carrier;
  return { leadTimes: own.leadTimes, nextEvaluationHours: REEVALUATION_HOURS, ...(own.stockWait && { leadTimeNote: stockWaitNote(own.stockWait) }) };
}

/** Loads what authorizing a request of this device needs. */
export async function loadRequestContext(repos: Repositories, dealerId: string, device: DeviceRow, now: Date, priors?: PriorCache): Promise<DeviceRequestContext> {
  const [levels, supplies, requests, installs, yields, lastMeter] = await Promise.all([
    deviceSettingLevels(repos, dealerId, device, now), repos.devices.suppliesOf(dealerId, [device.id]), repos.requests.ofDevice(device.id),
    repos.requests.lastInstalls(device.id), repos.requests.expectedYields(device.id), repos.requests.lastMeter(device.id),
  ]);
  const unlearned = supplies.filter((s) => !yields.has(s.supply_index) && s.part_number !== null);
  // A device without finished cycles of its own goes by what the fleet learned, as its forecast does.
  const fleet = await repos.telemetry.fleetPriors(dealerId, [...new Set(unlearned.map((s) => s.part_number!))], priors);
  for (const supply of unlearned) {
    const fleetYield = fleet.get(supply.part_number!)?.yieldPages;
    if (fleetYield !== undefined) yields.set(supply.supply_index, fleetYield);
  }
  const settings = settingValues(resolveSettings(levels.levels));
  // Read on first use only: the service-level trigger and a raised request's risk need them, a fixed-days evaluation
  // that raises nothing and a manual order's authorization do not.
  let leadTimes: Promise<DeviceLeadTimes> | undefined;
  return {
    device, settings, supplies, requests, installs, yields,
    leadTimes: () => (leadTimes ??= supplyLeadTimes(repos, dealerId, device, levels, supplies, settings.fulfilment === 'internal', now)),
    contracts: levels.contracts.map((c) => ({ id: c.id, name: c.name, autoReplenish: c.auto_replenish, validFrom: c.valid_from, validUntil: c.valid_until })),
    pagesNow: lastMeter?.total ?? null, lastMeterAt: lastMeter?.confirmed_at ?? null,
  };
}

/**
 * The lead times of each of a device's supplies: its site's carrier distribution (learned from its deliveries, else the
 * lead-time setting it inherits, else the built-in default), and under TonerLoop's own job module that distribution
 * shifted by the wait for stock when the item the job module would ship (selectSku) has none free (supplyLeadTime). An
 * external ERP's learned times include its own warehouse. One query for the stock of every supply's item.
 */
async function supplyLeadTimes(repos: Repositories, dealerId: string, device: DeviceRow, levels: Awaited<ReturnType<typeof deviceSettingLevels>>, supplies: readonly SupplyRow[], internal: boolean, now: Date): Promise<DeviceLeadTimes> {
  const consumables = supplies.filter((s) => !s.is_receptacle && CONSUMABLE_KINDS.includes(s.kind)).map((s) => supplyToFill(s.supply_index, s));
  const [site, sources] = await Promise.all([
    deviceLeadTime(repos, dealerId, device, levels.levels, now),
    internal && consumables.length > 0 ? repos.supplyJobs.stockedSkuSources(dealerId, { contractId: levels.contract?.id ?? null, model: device.model, partNumbers: consumables.flatMap((s) => s.partNumbers) }) : null,
  ]);
  const carrier = { leadTimes: site.distribution, stockWait: null };
  if (!sources) return { carrier, bySupply: new Map() };
  const contract = levels.contract ? { name: levels.contract.name, items: sources.contract } : null;
  return {
    carrier,
    bySupply: new Map(consumables.map((supply) => {
      const choice = selectSku(supply, { contract, model: device.model, related: sources.related, partMatches: sources.partMatches });
      const item = choice.item && [...sources.contract, ...sources.related, ...sources.partMatches].find((i) => i.id === choice.item!.id);
      const stock = item ? { description: item.description, freeUnits: item.freeUnits, nextExpectedAt: item.nextExpectedAt, supplierLeadTimeDays: item.leadTimeDays } : null;
      return [supply.index, supplyLeadTime(site.distribution, stock, now)];
    })),
  };
}

/** The authorization input for a request of `origin` anchored on `supply`; `exclude` is the request being re-examined. */
export function authorizationInput(ctx: DeviceRequestContext, supply: SupplyRow, origin: 'automatic' | 'manual', exclude: string | null): AuthorizationInput {
  const lastOrder = ctx.requests.find((r) => r.id !== exclude && ordersSupply(r, supply.supply_index) && ORDERED.includes(r.status));
  return {
    origin, supplyIndex: supply.supply_index, requestId: exclude,
    device: { lastSeenAt: ctx.device.last_seen_at, lastMeterAt: ctx.lastMeterAt },
    current: { pages: ctx.pagesNow, remainingPercent: supply.remaining_percent, state: supply.state as SupplyState },
    lastOrder: lastOrder ? { at: lastOrder.created_at, pages: lastOrder.pages_at_order, remainingPercent: lastOrder.percent_at_order } : null,
    expectedYieldPages: ctx.yields.get(supply.supply_index) ?? null,
    // A consolidated request counts against every supply it orders.
    requests: ctx.requests.filter((r) => r.id !== exclude)
      .flatMap((r) => [...new Set([r.supply_index, ...r.supply_indexes])].map((index) => ({ id: r.id, supplyIndex: index, status: r.status, origin: r.origin, createdAt: r.created_at }))),
    contracts: ctx.contracts,
    lastInstallAt: ctx.installs.get(supply.supply_index)?.at ?? null,
    lastNewInstallAt: ctx.installs.get(supply.supply_index)?.newAt ?? null,
  };
}

/**
 * Re-evaluates one device's requests under a per-device lock, so evaluations after uploads, the
 * schedule and manual orders of the same device run one at a time: closes the loop on actioned requests
 * whose new cartridge has been seen, re-examines rejections, and raises (authorized or rejected, with
 * reasons) one automatic request per group of supplies running out together. The partial unique index
 * stays as the last guard: one open request per supply, however many processes race.
 */
export async function evaluateDeviceRequests(store: Store, dealerId: string, deviceId: string, now: Date, priors?: PriorCache): Promise<void> {
  await store.transaction(async (repos) => {
    await repos.requests.lockDevice(dealerId, deviceId);
    const device = await repos.devices.get({ dealerId, customerId: null }, deviceId);
    if (!device) return;
    await evaluateLocked(repos, dealerId, await loadRequestContext(repos, dealerId, device, now, priors), now);
  });
}

async function evaluateLocked(repos: Repositories, dealerId: string, ctx: DeviceRequestContext, now: Date): Promise<void> {
  // Loop closure: an actioned request completes once a new cartridge went into its (anchor) supply after it was actioned.
  const closed: string[] = [];
  for (const request of ctx.requests.filter((r) => r.status === 'actioned')) {
    const installed = ctx.installs.get(request.supply_index)?.at;
    if (installed && installed > request.status_changed_at) {
      const { request: next } = transition(stateOf(request), 'completed', SYSTEM, now, { comment: 'New cartridge seen installed: loop closed.' });
      await repos.requests.saveStatus(request.id, { status: 'completed', externalId: next.externalId, comment: next.comment, statusChangedAt: now, history: next.history as unknown as Record<string, unknown>[] });
      request.status = 'completed';
      closed.push(request.id);
    }
  }
  // The supply-job line of a request closes with it, and its job completes once all its lines have.
  await closeJobLines(repos, closed, now);

  const candidates: (ConsolidationCandidate & { row: SupplyRow })[] = [];
  // The fixed-days rules read no lead-time distribution.
  const serviceLevel = ctx.settings.triggerMode === 'service-level' ? await ctx.leadTimes() : null;
  for (const supply of ctx.supplies.filter((s) => !s.is_receptacle && CONSUMABLE_KINDS.includes(s.kind))) {
    const index = supply.supply_index;
    const forecast = supply.forecast ? { daysRemaining: supply.forecast.daysRemaining, daysRemainingLow: supply.forecast.daysRemainingLow, daysRemainingHigh: supply.forecast.daysRemainingHigh, depletionDate: supply.forecast.depletionDate } : null;
    const current = { remainingPercent: supply.remaining_percent, state: supply.state as SupplyState, forecast };
    // A decision put off is taken again at the next evaluation: after the next upload, or the hourly pass at the latest.
    const decision = evaluateTrigger(current, ctx.settings, now, serviceLevel ? riskContext(serviceLevel, index) : {});
    const lastInstallAt = ctx.installs.get(index)?.at ?? null;
    const latest = ctx.requests.find((r) => ordersSupply(r, index));
    const open = openOrderOf(ctx.requests, index) !== undefined;
    // An ignore holds until a new cartridge is seen: no flood of repeats for one depletion.
    const held = latest?.status === 'ignored' && !mayRetrigger(stateOf(latest), lastInstallAt);
    // A rejection for this cartridge is re-examined rather than repeated: one request per depletion.
    const pendingRejection = latest?.status === 'rejected' && latest.supply_index === index && concernsCurrentCartridge(stateOf(latest), lastInstallAt) ? latest : null;
    if (pendingRejection && decision.raise) {
      const authorization = authorizeRequest(authorizationInput(ctx, supply, pendingRejection.origin, pendingRejection.id), ctx.settings, now);
      const reopened = reauthorize(stateOf(pendingRejection), authorization, now);
      // A reopened request goes out now: the risk it goes out on is today's, not the one it was first refused on.
      await repos.requests.saveAuthorization(pendingRejection.id, authorization.results, reopened ? { statusChangedAt: now, history: reopened.request.history as unknown as Record<string, unknown>[], stockoutRisk: await riskOf(decision, current.forecast, ctx, index, now) } : null);
      if (reopened) pendingRejection.status = 'outstanding';
    }
    // A colour rides along in another colour's request only when it may be ordered now: nothing open, and the 30 % rule met.
    const joinable = consumedSinceLastOrder(authorizationInput(ctx, supply, 'automatic', null), ctx.settings, now).passed;
    candidates.push({ index, color: supply.color, supply: current, decision, hasOpenRequest: open || held || pendingRejection !== null, joinable, row: supply });
  }

  for (const group of consolidateRequests(candidates, ctx.settings, now)) {
    const anchor = candidates.find((c) => c.index === group.anchorIndex);
    if (!anchor) continue;
    const authorization = authorizeRequest(authorizationInput(ctx, anchor.row, 'automatic', null), ctx.settings, now);
    const initial = initialStatus(authorization, SYSTEM, now);
    const row = {
      id: randomUUID(), dealer_id: dealerId, device_id: ctx.device.id, customer_id: ctx.device.customer_id, supply_index: anchor.index,
      supply_indexes: JSON.stringify(group.supplyIndexes), origin: 'automatic' as const, trigger: anchor.decision.trigger,
      rapid_use: anchor.decision.rapidUse, status: initial.status, external_id: null, comment: [group.reason, initial.entry.comment].filter(Boolean).join(' '),
      authorization_results: JSON.stringify(authorization.results), pages_at_order: ctx.pagesNow, percent_at_order: anchor.row.remaining_percent,
      status_changed_at: now, history: JSON.stringify([initial.entry]), created_at: now, quantity: 1, serial: ctx.device.serial,
    };
    const risk = await riskOf(anchor.decision, anchor.supply.forecast, ctx, anchor.index, now);
    if (await repos.requests.insertUnlessOpen({ ...row, stockout_risk: risk && JSON.stringify(risk) })) {
      ctx.requests.unshift({ ...row, supply_indexes: group.supplyIndexes, authorization_results: authorization.results, history: [initial.entry as unknown as Record<string, unknown>], conflict: null, stockout_risk: risk });
    }
  }
}

/**
 * The stockout risk a raised request records: the service-level trigger's own, or for a fixed-days rule the same
 * reckoning made now, so every automatic request can say whether its cartridge can still arrive in time. Null
 * without a forecast.
 */
async function riskOf(decision: TriggerDecision, forecast: ForecastView | null, ctx: DeviceRequestContext, index: number, now: Date): Promise<StoredStockoutRisk | null> {
  const risk = decision.stockoutRisk !== undefined ? decision.stockoutRisk : stockoutRisk(forecast, now, riskContext(await ctx.leadTimes(), index));
  return risk ? { ...risk, assessedAt: now.toISOString() } : null;
}
