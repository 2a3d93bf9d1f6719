import { DEFAULT_REQUEST_SETTINGS, type AuthorizationInput, type RequestActor, type RequestSettings, type RequestStatus, type RequestStatusState, type SupplyNow } from '../../src/requests/index.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const NOW = Date.parse('2026-11-21T10:00:00Z');

/** An ISO timestamp `days` from NOW (negative for the past). */
export const daysFromNow = (days: number) => new Date(NOW + days * DAY).toISOString();

/** Effective settings: the defaults with some fields changed. */
export const settings = (overrides: Partial<RequestSettings> = {}): RequestSettings => ({ ...DEFAULT_REQUEST_SETTINGS, ...overrides });

/** A supply with a forecast computed just now: `days` left, `low` on the pessimistic band edge. */
export function supply(remainingPercent: number | null, days: number | null, low: number | null = null, state: SupplyNow['state'] = 'ok'): SupplyNow {
  return {
    remainingPercent,
    state,
    forecast: days === null ? null : { daysRemaining: days, daysRemainingLow: low, depletionDate: daysFromNow(days) },
  };
}

/** A healthy automatic request's authorization input: connected, fresh meters, 40 % used since the last order. */
export function authInput(overrides: Partial<AuthorizationInput> = {}): AuthorizationInput {
  return {
    origin: 'automatic',
    requestId: 'req-new',
    supplyIndex: 1,
    device: { lastSeenAt: NOW - 2 * HOUR, lastMeterAt: NOW - 2 * HOUR },
    current: { pages: 14_000, remainingPercent: 10, state: 'ok' },
    lastOrder: { at: NOW - 60 * DAY, pages: 10_000, remainingPercent: 50 },
    expectedYieldPages: 10_000,
    requests: [],
    contracts: [],
    // The cartridge in now went in before the last order: its level at the order (50 %) and now (10 %) are of one cartridge.
    lastInstallAt: NOW - 90 * DAY,
    ...overrides,
  };
}

export const dispatcher: RequestActor = { kind: 'user', id: 'u-dispatch', role: 'dispatcher' };
export const admin: RequestActor = { kind: 'user', id: 'u-admin', role: 'dealer-admin' };
export const keyUser: RequestActor = { kind: 'user', id: 'u-key', role: 'customer-key-user' };
export const erp: RequestActor = { kind: 'integration', id: 'int-erp' };
export const system: RequestActor = { kind: 'system', id: 'loop-closure' };

/** A request in the given status, with an empty history. */
export function request(status: RequestStatus, overrides: Partial<RequestStatusState> = {}): RequestStatusState {
  return { id: 'req-1', status, externalId: null, comment: null, statusChangedAt: new Date(NOW - DAY).toISOString(), history: [], ...overrides };
}
