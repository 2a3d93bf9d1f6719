import type { RequestSettings } from './settings.js';
import { pessimisticDaysRemaining, type TriggerDecision } from './trigger.js';
import type { Instant, SupplyNow } from './types.js';

/** One supply of a device with its trigger verdict, as consolidation sees it. */
export interface ConsolidationCandidate {
  index: number;
  /** Colorant; null for drums, fusers and waste boxes, which are never bundled as colours. */
  color: string | null;
  supply: SupplyNow;
  decision: TriggerDecision;
  /** A request is already open for this supply, so it must not be ordered twice. */
  hasOpenRequest?: boolean;
  /** False when it may not ride along in another supply's request (e.g. too little used since its last order). */
  joinable?: boolean;
}

/** Supplies that go out together in one request. */
export interface RequestGroup {
  /** The supply whose trigger caused the request (the one running out first). */
  anchorIndex: number;
  /** Every supply in the request, the anchor first. */
  supplyIndexes: number[];
  reason: string;
}

/** The settings consolidation reads. */
export type ConsolidationSettings = Pick<RequestSettings, 'consolidateColours' | 'leadTimeDays'>;

/**
 * Groups a device's triggered supplies into requests. With consolidation on, a colour joins the request
 * of a triggering colour when it runs out within one lead time of it: otherwise it would trigger its own
 * shipment that many days later. `windowDays` defaults to the lead time.
 */
export function consolidateRequests(candidates: readonly ConsolidationCandidate[], settings: ConsolidationSettings, now: Instant, windowDays = settings.leadTimeDays): RequestGroup[] {
  const eligible = candidates.filter((c) => !c.hasOpenRequest);
  // A level trigger without a forecast is treated as running out now: it is the most urgent there is.
  const daysOf = new Map(eligible.map((c) => [c.index, pessimisticDaysRemaining(c.supply.forecast, now) ?? (c.decision.raise ? 0 : null)]));
  const byUrgency = eligible.filter((c) => c.decision.raise).sort((a, b) => (daysOf.get(a.index) ?? 0) - (daysOf.get(b.index) ?? 0) || a.index - b.index);
  const taken = new Set<number>();
  const groups: RequestGroup[] = [];
  for (const anchor of byUrgency) {
    if (taken.has(anchor.index)) continue;
    taken.add(anchor.index);
    const group: RequestGroup = { anchorIndex: anchor.index, supplyIndexes: [anchor.index], reason: anchor.decision.reason };
    if (settings.consolidateColours && anchor.color !== null) {
      const limit = (daysOf.get(anchor.index) ?? 0) + windowDays;
      const companions = eligible.filter((c) => !taken.has(c.index) && c.joinable !== false && c.color !== null && (daysOf.get(c.index) ?? Infinity) <= limit);
      for (const c of companions) {
        taken.add(c.index);
        group.supplyIndexes.push(c.index);
      }
      if (companions.length > 0) {
        group.reason += ` Consolidated with ${companions.map((c) => c.color).join(', ')}: ${companions.length === 1 ? 'it runs' : 'they run'} out within ${windowDays} days of it.`;
      }
    }
    groups.push(group);
  }
  return groups;
}
