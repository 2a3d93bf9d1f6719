import { addBusinessDays, type StockoutRisk } from './stockout-risk.js';
import { DAY_MS, toMillis, type Instant } from './types.js';

/** What can soften a stockout no order can prevent any more. */
export type StockoutHelpKind = 'expedite' | 'economy-mode' | 'less-colour' | 'spare';

/** A cartridge delivered to a printer of the same customer and not yet seen installed: a spare on site. */
export interface SpareOnSite {
  /** The request it was delivered for (the at-risk request's own delivery means the replacement is already there). */
  requestId: string;
  deviceId: string;
  serial: string | null;
  /** Where in its site the printer stands, as staff or the customer entered it. */
  location: string | null;
  siteName: string | null;
  /** The spare stands at the same site as the printer that will run out. */
  sameSite: boolean;
  sku: string;
  jobNumber: string;
  deliveredAt: string;
  /** Days until the holding printer's own cartridge runs out, counted now; null without a forecast. */
  ownDaysRemaining: number | null;
}

/** One step that helps, in one sentence; `daysGained` only when an honest figure exists. */
export interface StockoutHelp {
  kind: StockoutHelpKind;
  text: string;
  daysGained: number | null;
  spare: Omit<SpareOnSite, 'requestId' | 'ownDaysRemaining'> | null;
}

/** What stockoutHelp decides on: the stored risk, when it was computed, the supply at risk and the spares on site. */
export interface StockoutHelpInput {
  risk: Pick<StockoutRisk, 'unavoidable' | 'depletionDate' | 'expectedArrival' | 'leadTimeDays'>;
  /** When the risk was computed (the request's creation): its lead times count from then. */
  riskAt: Instant;
  requestId: string;
  deviceId: string;
  supply: { kind: string | null; color: string | null; partNumber: string | null };
  spares: readonly SpareOnSite[];
}

// Economy (toner-save) and draft modes spend less toner or ink per page; a drum or fuser wears per page whatever the mode.
const MARKING_KINDS = new Set(['toner', 'ink', 'toner-cartridge', 'ink-cartridge']);
// At most this many spares are named: the nearest first; more would be a list nobody reads.
const MAX_SPARES = 3;

const whole = (days: number) => Math.round(days);
const daysText = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
const dayMonth = (at: number) => new Date(at).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/**
 * What helps when even an order placed now arrives after the forecast empty date: ship faster, print with less toner
 * (or less colour, for a colour cartridge), or borrow a spare delivered to another printer of the same customer. Empty
 * when the stockout is avoidable, and when the request's own cartridge has already been delivered. Pure; `now` is
 * passed in: the steps are for an order or a swap made now.
 */
export function stockoutHelp(input: StockoutHelpInput, now: Instant): StockoutHelp[] {
  const { risk, supply } = input;
  if (!risk.unavoidable || input.spares.some((s) => s.requestId === input.requestId)) return [];
  const t = toMillis(now);
  // The usual lead time in business days, as the risk counted it, laid from now: when an order placed now arrives.
  const usual = addBusinessDays(t, businessDaysBetween(toMillis(input.riskAt), Date.parse(risk.expectedArrival)));
  const help: StockoutHelp[] = [expedite(input, t, usual)];
  const what = [supply.color, supply.kind].filter(Boolean).join(' ') || 'supply';
  if (supply.kind !== null && MARKING_KINDS.has(supply.kind)) {
    help.push({ kind: 'economy-mode', daysGained: null, spare: null, text: `Ask the customer to print in economy (toner-save or draft) mode until the replacement arrives: each page then takes less from the ${what}, so it lasts longer.` });
    if (supply.color !== null && supply.color !== 'black') {
      help.push({ kind: 'less-colour', daysGained: null, spare: null, text: `Ask the customer to print drafts and internal documents in black and white until the replacement arrives: only colour pages use the ${what}.` });
    }
  }
  help.push(...spares(input, (usual - t) / DAY_MS));
  return help;
}

/** Business days from `from` to `to` as a lead time counts them (the fewest whose arrival is not before `to`). */
function businessDaysBetween(from: number, to: number): number {
  let days = 0;
  while (days < 366 && addBusinessDays(from, days) < to) days++;
  return days;
}

/** Ship by the fastest service: how many days sooner than the usual arrival the fastest lead time known brings it, ordered now. */
function expedite(input: StockoutHelpInput, now: number, usual: number): StockoutHelp {
  const { risk } = input;
  const fastest = addBusinessDays(now, risk.leadTimeDays.min);
  const empty = Date.parse(risk.depletionDate);
  const gained = whole((usual - fastest) / DAY_MS);
  if (gained < 1) {
    return { kind: 'expedite', daysGained: null, spare: null, text: 'Ship it by the fastest service the carrier offers (same-day or overnight courier): even the fastest lead time known arrives after the forecast empty date.' };
  }
  const emptyFor = (arrival: number) => Math.max(0, whole((arrival - empty) / DAY_MS));
  const days = risk.leadTimeDays.min;
  const standstill = Number.isFinite(empty) ? `, so the printer stands empty for about ${daysText(emptyFor(fastest))} instead of ${daysText(emptyFor(usual))}` : '';
  return {
    kind: 'expedite', daysGained: gained, spare: null,
    text: `Ship it express: at the fastest lead time known (${days} business day${days === 1 ? '' : 's'}) it arrives around ${dayMonth(fastest)}, ${daysText(gained)} sooner than usual${standstill}.`,
  };
}

/**
 * Spares of the same part on site that can be lent: one delivered for this very printer first (put it in at empty), then
 * those at the customer's other printers, nearest first, whose own cartridge outlasts a reorder at the usual lead time —
 * lending one that does not only moves the stockout to that printer.
 */
function spares(input: StockoutHelpInput, reorderDays: number): StockoutHelp[] {
  const part = input.supply.partNumber ? ` ${input.supply.partNumber}` : '';
  const here = (s: { deviceId: string }) => s.deviceId === input.deviceId;
  return input.spares
    .filter((s) => here(s) || s.ownDaysRemaining === null || s.ownDaysRemaining > reorderDays)
    .sort((a, b) => Number(here(b)) - Number(here(a)) || Number(b.sameSite) - Number(a.sameSite) || a.deliveredAt.localeCompare(b.deliveredAt))
    .slice(0, MAX_SPARES)
    .map(({ requestId: _request, ownDaysRemaining, ...spare }) => {
      const delivered = dayMonth(Date.parse(spare.deliveredAt));
      if (here(spare)) {
        return { kind: 'spare' as const, daysGained: null, spare, text: `A spare${part} (${spare.sku}, job ${spare.jobNumber}) was delivered for this printer on ${delivered} and is not yet installed: put it in when the printer runs out.` };
      }
      const printer = `printer ${spare.serial ?? '(serial unknown)'}${spare.location ? ` (${spare.location})` : ''}`;
      const where = spare.sameSite ? 'at the same site' : `at ${spare.siteName ?? 'another site of the customer'}`;
      const own = ownDaysRemaining === null
        ? ' Its own cartridge has no forecast yet: reorder one for it when you lend this.'
        : ` Its own cartridge has about ${daysText(whole(ownDaysRemaining))} left, time enough to reorder one for it.`;
      return { kind: 'spare' as const, daysGained: null, spare, text: `Lend the spare${part} (${spare.sku}, job ${spare.jobNumber}) delivered on ${delivered} to ${printer} ${where} and not yet installed there.${own}` };
    });
}
