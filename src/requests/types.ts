import type { Principal } from '../auth/index.js';

/** What the device says about a supply, as normalized by collection (CONTRACT device reading). */
export type SupplyState = 'ok' | 'low' | 'empty' | 'some-remaining' | 'unknown';

/** The forecast fields the request rules need; the rest of the device forecast is ignored here. */
export interface ForecastView {
  daysRemaining: number | null;
  /** Pessimistic edge of the uncertainty band; absent or null when the forecaster gave no band. */
  daysRemainingLow?: number | null;
  /** Optimistic edge of the band (its 90th percentile); absent or null when unknown. */
  daysRemainingHigh?: number | null;
  /** ISO timestamp of the expected depletion, as of when the forecast was computed. */
  depletionDate: string | null;
}

/** A supply's current state: the latest normalized level plus its forecast. */
export interface SupplyNow {
  remainingPercent: number | null;
  state: SupplyState;
  forecast: ForecastView | null;
}

/** The CONTRACT request statuses. */
export type RequestStatus = 'outstanding' | 'actioned' | 'ignored' | 'queried' | 'deleted' | 'rejected' | 'completed';

/** Every request status, in queue order. */
export const REQUEST_STATUSES: readonly RequestStatus[] = ['outstanding', 'actioned', 'ignored', 'queried', 'deleted', 'rejected', 'completed'];

/** Statuses in which a request still stands for "toner is on its way or about to be": they block a second request. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['outstanding', 'queried', 'actioned'];

/** How a request came to be: raised by the trigger, or entered by a person. */
export type RequestOrigin = 'automatic' | 'manual';

/** What raised an automatic request (null for manual ones). */
export type TriggerKind = 'forecast' | 'level';

/** Portal role of a user actor, as the auth domain defines it. */
export type UserRole = Extract<Principal, { kind: 'user' }>['role'];

/** Who changed a request: a portal user, an ERP integration, or TonerLoop itself (trigger, loop closure). */
export type RequestActor =
  | { kind: 'user'; id: string; role: UserRole }
  | { kind: 'integration'; id: string }
  | { kind: 'system'; id: string };

/** Accepted wherever a point in time is passed in: a Date, epoch milliseconds or an ISO string. */
export type Instant = Date | number | string;

/** Epoch milliseconds of an instant; NaN for an unparseable string, which callers treat as "unknown". */
export function toMillis(instant: Instant): number {
  if (instant instanceof Date) return instant.getTime();
  if (typeof instant === 'number') return instant;
  return Date.parse(instant);
}

/** One hour in milliseconds. */
export const HOUR_MS = 3_600_000;
/** One day in milliseconds. */
export const DAY_MS = 24 * HOUR_MS;
