import { contractInForce, type RequestSettings } from './settings.js';
import { agoInWords } from '../platform/text.js';
import { HOUR_MS, OPEN_STATUSES, toMillis, type Instant, type RequestOrigin, type RequestStatus, type SupplyState } from './types.js';

/** Everything the authorization rules look at for one request; gathered by the service, judged here. */
export interface AuthorizationInput {
  origin: RequestOrigin;
  /** The request being authorized, so it does not count as its own open duplicate. */
  requestId?: string | null;
  supplyIndex: number;
  device: {
    /** Last time the device answered a poll at all. */
    lastSeenAt: Instant | null;
    /** Time of the newest page-meter reading. */
    lastMeterAt: Instant | null;
  };
  current: { pages: number | null; remainingPercent: number | null; state: SupplyState };
  /** The last order for this supply (any origin, not deleted), with what the device said at that moment. */
  lastOrder: { at: Instant; pages: number | null; remainingPercent: number | null } | null;
  /** Pages one cartridge of this supply is expected to last: learned from earlier cycles, else the rated yield. */
  expectedYieldPages: number | null;
  /** Other requests of the device, any status. */
  requests: readonly { id: string; supplyIndex: number; status: RequestStatus; origin: RequestOrigin; createdAt: Instant }[];
  /** Contracts of the customer that cover this device. */
  contracts: readonly { id: string; name: string; autoReplenish: boolean; validFrom?: Instant | null; validUntil?: Instant | null }[];
  /** Last time a new cartridge of this supply was seen installed, or null if never. */
  lastInstallAt: Instant | null;
  /** Last time a brand-new (full) cartridge went in, as opposed to one moved in from another printer; absent or null if never. */
  lastNewInstallAt?: Instant | null;
}

/** The names of the authorization rules, in the order they run. */
export type RuleName = 'deviceConnected' | 'metersFresh' | 'consumedSinceLastOrder' | 'noOpenRequestForSupply' | 'coveredByEntitledContract' | 'manualOrderConflict';

/** One rule's verdict with its reason, kept on the request so staff see why. */
export interface RuleResult {
  rule: RuleName;
  passed: boolean;
  reason: string;
}

/** An authorization rule: pure, one verdict, one sentence. */
export type AuthorizationRule = (input: AuthorizationInput, settings: RequestSettings, now: Instant) => RuleResult;

/** The outcome of every rule; authorized only if all passed. */
export interface Authorization {
  authorized: boolean;
  results: RuleResult[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The highest level at which printers' "low" sensors trip (forecasting/low-mark.ts: 5 % to 40 %). */
const LOW_SENSOR_MAX_PERCENT = 40;

function age(at: Instant | null, now: Instant): number | null {
  if (at === null) return null;
  const ms = toMillis(at);
  return Number.isFinite(ms) ? (toMillis(now) - ms) / HOUR_MS : null;
}

const ageText = (hours: number) => agoInWords(hours * HOUR_MS);

/** Shipping to a printer nobody hears from is how toner piles up in a cupboard: the device must have been seen recently. */
export const deviceConnected: AuthorizationRule = (input, settings, now) => {
  const hours = age(input.device.lastSeenAt, now);
  const rule = 'deviceConnected';
  if (hours === null) return { rule, passed: false, reason: 'The device has never been seen by a collector.' };
  if (hours > settings.maxMeterAgeHours) return { rule, passed: false, reason: `The device was last seen ${ageText(hours)}, longer than the ${settings.maxMeterAgeHours}-hour window.` };
  return { rule, passed: true, reason: `The device was seen ${ageText(hours)}.` };
};

/** The consumption evidence below is only as good as the newest page meter. */
export const metersFresh: AuthorizationRule = (input, settings, now) => {
  const hours = age(input.device.lastMeterAt, now);
  const rule = 'metersFresh';
  if (hours === null) return { rule, passed: false, reason: 'No page-meter reading has been received from the device.' };
  if (hours > settings.maxMeterAgeHours) return { rule, passed: false, reason: `The newest page meter is from ${ageText(hours)}, older than ${settings.maxMeterAgeHours} hours.` };
  return { rule, passed: true, reason: `The page meter is from ${ageText(hours)}.` };
};

/**
 * The classic 30 % rule (Lexmark PCM). Pages printed are exact on every printer, so they carry the rule
 * on coarse and low-only gauges; a level drop counts too when the gauge gives numbers. Either is enough.
 * Levels are only compared within one cartridge: once a cartridge went in after the order (usually the
 * one it shipped), the level at the order belonged to another, and a new one is measured from its 100 %.
 */
export const consumedSinceLastOrder: AuthorizationRule = (input, settings) => {
  const rule = 'consumedSinceLastOrder';
  const min = settings.minConsumedSinceLastOrderPercent;
  const order = input.lastOrder;
  if (!order) return { rule, passed: true, reason: 'This is the first order for this supply.' };
  const evidence: string[] = [];
  let best: number | null = null;
  // Pages since the order count whatever went in since: every page printed used toner of this supply.
  if (order.pages !== null && input.current.pages !== null && input.expectedYieldPages) {
    const pages = Math.max(0, input.current.pages - order.pages);
    const share = (pages / input.expectedYieldPages) * 100;
    best = Math.max(best ?? 0, share);
    evidence.push(`${pages} pages printed of about ${input.expectedYieldPages} per cartridge (${round1(share)} %)`);
  }
  const level = input.current.remainingPercent;
  const swappedSince = input.lastInstallAt !== null && toMillis(input.lastInstallAt) > toMillis(order.at);
  // The cartridge in now is a full one that went in after the order (not one moved in from another printer).
  const newSince = swappedSince && input.lastNewInstallAt != null && toMillis(input.lastNewInstallAt) >= toMillis(input.lastInstallAt!);
  if (newSince && level !== null) {
    const drop = 100 - level;
    best = Math.max(best ?? 0, drop);
    evidence.push(`a new cartridge installed since then fell from 100 % to ${level} %`);
  } else if (!swappedSince && order.remainingPercent !== null && level !== null && level <= order.remainingPercent) {
    // A rise in level means a cartridge was swapped even if no install was recognized, so the drop says nothing; pages still do.
    const drop = order.remainingPercent - level;
    best = Math.max(best ?? 0, drop);
    evidence.push(`the level fell from ${order.remainingPercent} % to ${level} %`);
  }
  // A state-only gauge still says something: a full cartridge that went in after the order and now
  // reports low or empty has used most of itself since, as low sensors trip at 40 % or below.
  if (newSince && level === null && (input.current.state === 'low' || input.current.state === 'empty')) {
    const share = input.current.state === 'empty' ? 100 : 100 - LOW_SENSOR_MAX_PERCENT;
    best = Math.max(best ?? 0, share);
    evidence.push(`a new cartridge installed since then already reports ${input.current.state}`);
  }
  if (best === null) return { rule, passed: false, reason: `There is no page or level evidence of how much was used since the last order, so the ${min} % rule cannot be met.` };
  const what = evidence.join(' and ');
  if (best < min) return { rule, passed: false, reason: `Only ${round1(best)} % was used since the last order (${what}); at least ${min} % is required.` };
  return { rule, passed: true, reason: `${round1(best)} % was used since the last order (${what}).` };
};

/** One depletion, one order: a second open request for the same supply would ship two cartridges. */
export const noOpenRequestForSupply: AuthorizationRule = (input) => {
  const rule = 'noOpenRequestForSupply';
  const open = input.requests.find((r) => r.id !== input.requestId && r.supplyIndex === input.supplyIndex && OPEN_STATUSES.includes(r.status));
  if (open) return { rule, passed: false, reason: `Request ${open.id} for this supply is still ${open.status}.` };
  return { rule, passed: true, reason: 'No other request for this supply is open.' };
};

/**
 * Whether the device is replenished automatically on `now`, and why. Auto-replenishment is on
 * dealer-wide by default (CONTRACT), so a device no contract covers is entitled by that setting; a
 * covering contract must itself entitle it and be in force. One answer for automatic requests and for
 * the warning a person ordering by hand gets.
 */
export function entitlement(settings: Pick<RequestSettings, 'autoReplenish'>, contracts: AuthorizationInput['contracts'], now: Instant): { entitled: boolean; reason: string } {
  if (!settings.autoReplenish) return { entitled: false, reason: 'Automatic replenishment is switched off for this device.' };
  if (contracts.length === 0) return { entitled: true, reason: 'No contract covers the device; the automatic-replenishment setting entitles it.' };
  const active = contracts.filter((c) => contractInForce(c, now));
  const entitled = active.find((c) => c.autoReplenish);
  if (entitled) return { entitled: true, reason: `Contract ${entitled.name} entitles the device to automatic replenishment.` };
  if (active.length === 0) return { entitled: false, reason: `No contract covering the device is in force today (${contracts.map((c) => c.name).join(', ')}).` };
  return { entitled: false, reason: `Contract ${active.map((c) => c.name).join(', ')} covers the device without automatic replenishment.` };
}

/** Automatic requests need an entitlement (see entitlement). */
export const coveredByEntitledContract: AuthorizationRule = (input, settings, now) => {
  const rule = 'coveredByEntitledContract';
  if (input.origin === 'manual') return { rule, passed: true, reason: 'Manual requests do not need an automatic-replenishment entitlement.' };
  const { entitled, reason } = entitlement(settings, input.contracts, now);
  return { rule, passed: entitled, reason };
};

/**
 * A manual order on an auto-replenished device is recorded as a conflict: the automatic request for the
 * same supply in the same cartridge cycle fails, instead of a second cartridge shipping (PCM's weak spot).
 */
export const manualOrderConflict: AuthorizationRule = (input) => {
  const rule = 'manualOrderConflict';
  if (input.origin === 'manual') return { rule, passed: true, reason: 'The request is itself a manual order.' };
  const since = input.lastInstallAt === null ? -Infinity : toMillis(input.lastInstallAt);
  const conflict = input.requests.find((r) => r.id !== input.requestId && r.origin === 'manual' && r.supplyIndex === input.supplyIndex && toMillis(r.createdAt) > since && r.status !== 'deleted' && r.status !== 'rejected');
  if (conflict) return { rule, passed: false, reason: `Manual request ${conflict.id} already orders this supply for the current cartridge (${conflict.status}).` };
  return { rule, passed: true, reason: 'No manual order for this supply since the last cartridge was installed.' };
};

/** Every rule, in the order they run and are shown. */
export const AUTHORIZATION_RULES: readonly AuthorizationRule[] = [deviceConnected, metersFresh, consumedSinceLastOrder, noOpenRequestForSupply, coveredByEntitledContract, manualOrderConflict];

/** Runs every rule (never stopping at the first failure, so staff see all reasons at once) and decides. */
export function authorizeRequest(input: AuthorizationInput, settings: RequestSettings, now: Instant): Authorization {
  const results = AUTHORIZATION_RULES.map((rule) => rule(input, settings, now));
  return { authorized: results.every((r) => r.passed), results };
}

/** The warning shown to a user ordering by hand on a device replenished automatically (see entitlement), or null when there is none. */
export function manualOrderWarning(autoReplenished: boolean): string | null {
  return autoReplenished
    ? 'This device is replenished automatically; a manual order is recorded and stops the automatic request for the same supply until a new cartridge is installed.'
    : null;
}
