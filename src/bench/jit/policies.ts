import { forecastSupply, type FleetPrior, type GaugeModel, type GaugeState, type LevelObservation, type MeterSample } from '../../forecasting/index.js';
import {
  authorizeRequest, consolidateRequests, consumedSinceLastOrder, depletionDistribution, evaluateTrigger, DEFAULT_LEAD_TIME_DISTRIBUTION, DEFAULT_NEXT_EVALUATION_HOURS,
  type AuthorizationInput, type ConsolidationCandidate, type ForecastView, type RequestSettings, type StockoutRiskContext,
} from '../../requests/index.js';
import { addBusinessDays } from './lead-times.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The replenishment policies compared in one run (CONTRACT "Just in time"), in the order they are shown. */
export const POLICIES = ['low-alert-30', 'fixed-20', 'ekm-default', 'ndd-orbix', 'tonerloop', 'oracle'] as const;
export type PolicyName = (typeof POLICIES)[number];

/** A policy's verdict for one supply at one moment, with why in words. */
export interface PolicyDecision {
  order: boolean;
  reason: string;
}

/** What a dealer's monitoring tool sees of one supply at a reading: the normalized level, the device's state and its own bookkeeping. */
export interface SupplyView {
  /** CONTRACT remainingPercent: null when the gauge gives no number. */
  remainingPercent: number | null;
  state: GaugeState;
  /** Total pages on the device's meter now. */
  pagesNow: number;
  /** The meter when the cartridge in now was seen going in; null for the one that was in before monitoring began. */
  pagesAtInstall: number | null;
  /** The part's rated yield in pages (ISO/IEC 19752/19798). */
  ratedYield: number;
  /** Days left by the common straight line through the levels since the last rise (StraightLine); null without one. */
  straightLineDays: number | null;
  /** The last order of this supply and what the device said then; null before the first. */
  lastOrder: { at: number; pages: number; remainingPercent: number | null } | null;
  /** An order for this supply has not been installed yet: every rule ships one cartridge per depletion. */
  openOrder: boolean;
}

const saysLowOrEmpty = (v: SupplyView) => v.state === 'low' || v.state === 'empty';
const quiet = (reason: string): PolicyDecision => ({ order: false, reason });
const open = quiet('An order for this supply is on its way or on the shelf.');

/**
 * A level threshold: at or below `percent` where the gauge gives a number; where it gives none (state-only
 * gauges, −3, −2) a threshold cannot be read, and the device's own "low" or "empty" stands in for it.
 */
function levelAtOrBelow(v: SupplyView, percent: number): string | null {
  if (v.remainingPercent !== null) return v.remainingPercent <= percent ? `the level is ${v.remainingPercent} %, at or below ${percent} %` : null;
  return saysLowOrEmpty(v) ? `the device says ${v.state} and gives no level` : null;
}

/**
 * The PCM 30 % rule through TonerLoop's own implementation of it (src/requests): pages since the last
 * order against the rated yield, or the level's fall. A state-only gauge only passes on pages.
 */
function thirtyPercentRule(v: SupplyView, now: number): { passed: boolean; reason: string } {
  const input: AuthorizationInput = {
    origin: 'automatic', supplyIndex: 1, device: { lastSeenAt: now, lastMeterAt: now },
    current: { pages: v.pagesNow, remainingPercent: v.remainingPercent, state: v.state },
    lastOrder: v.lastOrder, expectedYieldPages: v.ratedYield, requests: [], contracts: [], lastInstallAt: null,
  };
  return consumedSinceLastOrder(input, { minConsumedSinceLastOrderPercent: 30 } as RequestSettings, now);
}

/** (1) Lexmark PCM style: order when the printer raises its "low" (or "empty") alert, if 30 % was used since the last order. */
export function lowAlert30(v: SupplyView, now: number): PolicyDecision {
  if (v.openOrder) return open;
  if (!saysLowOrEmpty(v)) return quiet(`The device says ${v.state}.`);
  const rule = thirtyPercentRule(v, now);
  return rule.passed ? { order: true, reason: `The device says ${v.state}; ${rule.reason}` } : quiet(rule.reason);
}

/** (2) The dealer's rule of thumb: order at 20 %. */
export function fixed20(v: SupplyView): PolicyDecision {
  if (v.openOrder) return open;
  const fired = levelAtOrBelow(v, 20);
  return fired ? { order: true, reason: `Ordered: ${fired}.` } : quiet('Above 20 %.');
}

/** Happen EKM's public defaults (BRIEF): a 7-day lead time and a 5 % lower threshold; a days trigger above 15 % is "rapid use". */
export const EKM_DEFAULTS = { leadTimeDays: 7, lowerThresholdPercent: 5, upperThresholdPercent: 15 } as const;

/** (3) Happen EKM defaults: days remaining (its straight line) within the 7-day lead time, or the level at 5 %. */
export function ekmDefault(v: SupplyView): PolicyDecision {
  if (v.openOrder) return open;
  if (v.straightLineDays !== null && v.straightLineDays <= EKM_DEFAULTS.leadTimeDays) {
    const rapid = v.remainingPercent !== null && v.remainingPercent > EKM_DEFAULTS.upperThresholdPercent ? ' (rapid use)' : '';
    return { order: true, reason: `Ordered: ${v.straightLineDays.toFixed(1)} days left, within the ${EKM_DEFAULTS.leadTimeDays}-day lead time${rapid}.` };
  }
  const fired = levelAtOrBelow(v, EKM_DEFAULTS.lowerThresholdPercent);
  return fired ? { order: true, reason: `Ordered: ${fired}.` } : quiet('Neither the lead time nor the lower threshold is reached.');
}

/** NDD Orbix's default trigger (BRIEF): 30 days left, 80 % of the yield used, or the level at 25 %. */
export const NDD_DEFAULTS = { daysLeft: 30, yieldUsedPercent: 80, levelPercent: 25 } as const;

/** (4) NDD Orbix default: ≤ 30 days left, or 80 % of the rated yield printed since the install, or the level ≤ 25 %. */
export function nddOrbix(v: SupplyView): PolicyDecision {
  if (v.openOrder) return open;
  if (v.straightLineDays !== null && v.straightLineDays <= NDD_DEFAULTS.daysLeft) return { order: true, reason: `Ordered: ${v.straightLineDays.toFixed(1)} days left.` };
  if (v.pagesAtInstall !== null && v.pagesNow - v.pagesAtInstall >= (NDD_DEFAULTS.yieldUsedPercent / 100) * v.ratedYield) {
    return { order: true, reason: `Ordered: ${v.pagesNow - v.pagesAtInstall} pages printed since the install, ${NDD_DEFAULTS.yieldUsedPercent} % of the ${v.ratedYield}-page yield.` };
  }
  const fired = levelAtOrBelow(v, NDD_DEFAULTS.levelPercent);
  return fired ? { order: true, reason: `Ordered: ${fired}.` } : quiet('No trigger reached.');
}

/** The pure threshold policies, by name, for the runner. */
export const THRESHOLD_POLICIES: Record<Exclude<PolicyName, 'tonerloop' | 'oracle'>, (v: SupplyView, now: number) => PolicyDecision> = {
  'low-alert-30': lowAlert30, 'fixed-20': fixed20, 'ekm-default': ekmDefault, 'ndd-orbix': nddOrbix,
};

/**
 * (6) The oracle: knows when the supply will really run out with nothing on the shelf (`runsOutBareAt`, the
 * cartridges already on their way arriving as they will) and the lead time the next order will really take, and
 * ships so that it arrives one day before — the latest moment it may still order, given that its next chance is the
 * next reading, `stepMs` from now. Unlike the rules it may order while a cartridge is on its way (`onTheWayAt`, the
 * soonest), when that one comes too late and a new order would come sooner.
 */
export function oracle(input: { runsOutBareAt: number | null; onTheWayAt: number | null; leadTimeBusinessDays: number; nextLeadTimeBusinessDays?: number; stepMs: number }, now: number): PolicyDecision {
  if (input.runsOutBareAt === null) return quiet('It does not run out within the look-ahead.');
  const wanted = input.runsOutBareAt - DAY;
  // It knows the lead time of an order at the next reading too: an item going out of stock before then is no surprise.
  if (addBusinessDays(now + input.stepMs, input.nextLeadTimeBusinessDays ?? input.leadTimeBusinessDays) <= wanted) return quiet('An order at the next reading still arrives a day before empty.');
  // runsOutBareAt already counts the cartridges on their way that come in time: a new order is then for the depletion
  // after them. Only one on its way that comes too late makes a new order pointless, when that order would come later still.
  if (input.onTheWayAt !== null && input.onTheWayAt > input.runsOutBareAt && addBusinessDays(now, input.leadTimeBusinessDays) >= input.onTheWayAt) return quiet('The cartridge on its way comes sooner than a new order would.');
  return { order: true, reason: `Runs out with nothing on site ${new Date(input.runsOutBareAt).toISOString()}; an order now arrives in ${input.leadTimeBusinessDays} business days.` };
}

/** One supply of a device as TonerLoop's trigger sees it. */
export interface TonerloopSupply {
  index: number;
  color: string | null;
  remainingPercent: number | null;
  state: GaugeState;
  /** The stored forecast (as the forecast worker made it, as of its last reading), or null. */
  forecast: ForecastView | null;
  /** This supply's own lead times and wait for stock (supplyLeadTime), when they differ from the device's context. */
  riskContext?: StockoutRiskContext;
  lastOrder: { at: number; pages: number; remainingPercent: number | null } | null;
  openOrder: boolean;
  /** When a new cartridge was last seen going in, or null. */
  lastInstallAt: number | null;
  /** Pages a cartridge of it lasts: the fleet's realized yield for the part, else null (as the service reads it). */
  expectedYieldPages: number | null;
}

/** One device at a reading: its supplies, its page meter and when it was last heard. */
export interface TonerloopDevice {
  pagesNow: number;
  lastSeenAt: number;
  lastMeterAt: number;
  supplies: TonerloopSupply[];
}

/** What TonerLoop decides for one device at `now`: which supplies to ship (a consolidated request ships several), and why. */
export interface TonerloopOrders {
  supplyIndexes: number[];
  reasons: string[];
}

function authorizationInputOf(device: TonerloopDevice, s: TonerloopSupply): AuthorizationInput {
  return {
    origin: 'automatic', supplyIndex: s.index, device: { lastSeenAt: device.lastSeenAt, lastMeterAt: device.lastMeterAt },
    current: { pages: device.pagesNow, remainingPercent: s.remainingPercent, state: s.state },
    lastOrder: s.lastOrder, expectedYieldPages: s.expectedYieldPages,
    requests: s.openOrder ? [{ id: `open-${s.index}`, supplyIndex: s.index, status: 'actioned', origin: 'automatic', createdAt: s.lastOrder?.at ?? 0 }] : [],
    contracts: [], lastInstallAt: s.lastInstallAt, lastNewInstallAt: s.lastInstallAt,
  };
}

/**
 * (5) TonerLoop's default, through the production functions of src/requests as the request evaluation runs them
 * (evaluate.service.ts without its storage): the trigger per supply (evaluateTrigger on the stored forecast,
 * projected to `now`), colour consolidation (consolidateRequests; a colour rides along only if the 30 % rule lets
 * it), and the authorization rules on each request's anchor (authorizeRequest). An open order blocks a supply.
 * `context` gives the service-level trigger its lead times and the time to the next reading; a supply's own
 * `riskContext` (its lead times with the wait for its item's stock, supplyLeadTime) takes its place for that supply.
 */
export function tonerloopOrders(device: TonerloopDevice, settings: RequestSettings, now: number, context: StockoutRiskContext = {}): TonerloopOrders {
  if (settings.triggerMode === 'service-level' && device.supplies.every((s) => s.openOrder || !serviceLevelMayFire(s, settings, now, s.riskContext ?? context))) return { supplyIndexes: [], reasons: [] };
  const candidates: ConsolidationCandidate[] = device.supplies.map((s) => {
    const supply = { remainingPercent: s.remainingPercent, state: s.state, forecast: s.forecast };
    return {
      index: s.index, color: s.color, supply, decision: evaluateTrigger(supply, settings, now, s.riskContext ?? context), hasOpenRequest: s.openOrder,
      joinable: consumedSinceLastOrder(authorizationInputOf(device, s), settings, now).passed,
    };
  });
  const orders: TonerloopOrders = { supplyIndexes: [], reasons: [] };
  for (const group of consolidateRequests(candidates, settings, now)) {
    const anchor = device.supplies.find((s) => s.index === group.anchorIndex)!;
    const authorization = authorizeRequest(authorizationInputOf(device, anchor), settings, now);
    if (!authorization.authorized) continue;
    orders.supplyIndexes.push(...group.supplyIndexes);
    orders.reasons.push(group.reason);
  }
  return orders;
}

// A request goes out only for a supply the trigger raises and that has no open request (consolidateRequests: only
// those may anchor one), so a device none of whose other supplies can fire orders nothing. Where `false` is proven
// below, evaluateTrigger's full reckoning (the chance over every lead time, the reason in words, which is most of an
// evaluation's cost, at every reading of every supply of a fleet-year) is skipped with the same outcome.
const PERCENT_SLACK = 1e-4; // ≥ twice normalCdf's error (1.5e-7 as a probability), so the bound holds on its approximation too

/**
 * False only when the service-level trigger cannot raise this supply at `now`. Its level net (the same rule in every
 * mode, so asked of evaluateTrigger in level mode) does not fire; and the chance it compares, a weighted mean over the
 * lead times of the depletion CDF at each arrival, is at most the CDF at the latest arrival (a cartridge ordered at the
 * next evaluation on the longest lead time: the CDF rises with time), which is within what the service level allows.
 */
export function serviceLevelMayFire(s: Pick<TonerloopSupply, 'remainingPercent' | 'state' | 'forecast'>, settings: RequestSettings, now: number, context: StockoutRiskContext): boolean {
  const supply = { remainingPercent: s.remainingPercent, state: s.state, forecast: s.forecast };
  if (evaluateTrigger(supply, { ...settings, triggerMode: 'level' }, now).raise) return true;
  const depletion = s.forecast ? depletionDistribution(s.forecast, now) : null;
  if (!depletion) return false;
  // The lead times stockoutRisk counts: those with a weight, or its default when none has one with days ≥ 0.
  const weighted = (context.leadTimes ?? []).filter((w) => w.weight > 0);
  const longest = Math.max(...weighted.map((w) => w.days), ...(weighted.some((w) => w.days >= 0) ? [] : DEFAULT_LEAD_TIME_DISTRIBUTION.map((w) => w.days)));
  const orderAt = now + Math.max(0, context.nextEvaluationHours ?? DEFAULT_NEXT_EVALUATION_HOURS) * HOUR;
  const allowedPercent = 100 - Math.min(99.99, Math.max(50, settings.serviceLevelPercent));
  return 100 * depletion.cdf((addBusinessDays(orderAt, longest) - now) / DAY) >= allowedPercent - PERCENT_SLACK;
}

/**
 * A supply's forecast as the forecast worker stores it (telemetry/forecast-refresh.ts): forecastSupply on the level
 * runs and page meters as of the last reading, with the device's inferred gauge and the fleet's prior for the part.
 */
export function tonerloopForecast(input: { partNumber: string; color: string | null; levels: readonly LevelObservation[]; meters: readonly MeterSample[]; gauge: GaugeModel; prior: FleetPrior | null; now: number }): ForecastView | null {
  const { forecast } = forecastSupply({ supply: { partNumber: input.partNumber, color: input.color, levels: input.levels }, meters: input.meters, now: input.now, gauge: input.gauge, prior: input.prior });
  return forecast ? { daysRemaining: forecast.daysRemaining, daysRemainingLow: forecast.daysRemainingLow, daysRemainingHigh: forecast.daysRemainingHigh, depletionDate: forecast.depletionDate } : null;
}

/**
 * The common straight line (forecasting/baseline.ts: least squares of level against time since the last rise,
 * extrapolated to 0) kept as running sums, so a year of readings every four hours costs one step each rather
 * than a pass over the cartridge's readings. Gives what baselineDaysRemaining gives on the same readings.
 */
export class StraightLine {
  private n = 0;
  private st = 0;
  private sy = 0;
  private stt = 0;
  private sty = 0;
  private origin = 0;
  private last: number | null = null;
  private readonly distinct = new Set<number>();

  /** Takes one reading (in time order); a rise starts a new line, as every rise is taken for an install. */
  add(at: number, remainingPercent: number | null): void {
    if (remainingPercent === null) return;
    if (this.last !== null && remainingPercent > this.last) this.reset();
    if (this.n === 0) this.origin = at;
    const t = (at - this.origin) / DAY;
    this.n++; this.st += t; this.sy += remainingPercent; this.stt += t * t; this.sty += t * remainingPercent;
    if (this.distinct.size < 2) this.distinct.add(remainingPercent);
    this.last = remainingPercent;
  }

  /** Days until the line reaches 0 from `now`; null with fewer than two distinct levels or a line that does not fall. */
  daysRemaining(now: number): number | null {
    if (this.distinct.size < 2) return null;
    const { n, st, sy, stt, sty } = this;
    const slope = (n * sty - st * sy) / (n * stt - st * st);
    if (!(slope < 0)) return null;
    const levelNow = (sy - slope * st) / n + slope * ((now - this.origin) / DAY);
    return Math.max(0, levelNow / -slope);
  }

  private reset(): void {
    this.n = this.st = this.sy = this.stt = this.sty = 0;
    this.distinct.clear();
  }
}
