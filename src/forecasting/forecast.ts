import { detectCycles } from './cycles.js';
import { combineEstimates, fitTonerPerPage } from './fit.js';
import { spansEnough } from './fleet.js';
import { intervalOf, type GaugeModel } from './gauge.js';
import { lowMarkOf, median, standardDeviation } from './low-mark.js';
import { continuousMeter, DAY, daysUntilPages, meterAt, pageRate } from './meters.js';
import { pagesAxisOf, priorInColorPages } from './pages-axis.js';
import { projectForecast } from './project.js';
import type { CartridgeCycle, FleetPrior, ForecastOutcome, GaugeState, LevelPoint, MeterSample, SupplyHistory } from './types.js';

/** z of a normal's 90th percentile: the band a forecast gives is its 10th–90th percentile (read back by src/requests/stockout-risk.ts). */
export const Z90 = 1.2815515655446004;
// Twelve weeks: long enough that a month's bursts and stalls average out, short enough to follow a change of habit.
const RATE_WINDOW_DAYS = 84;
// Relative error of toner per page carried over from earlier cartridges: real yields spread ±8 % or so
// around the rated one from cartridge to cartridge, and coverage drifts.
const EARLIER_CYCLE_ERROR = 0.1;
const LOW_MARK_ERROR_DEVICE = 2.5;
const LOW_MARK_ERROR_FLEET = 5;
/** Widening of the band found to make the 10–90 % band hold the truth ~80 % of the time (tuned on the simulator, seed "tune"). */
export const BAND_WIDENING = 1.2;

export interface ForecastInput {
  supply: SupplyHistory;
  /** The device's page-meter samples (raw; resets are handled here), with its colour counter where it has one. */
  meters: readonly MeterSample[];
  now: number;
  /** The device's gauge, from inferGauge over all its supplies. */
  gauge: GaugeModel;
  /** What the fleet learned about this part number, for devices without history. */
  prior?: FleetPrior | null;
  /** Band widening factor (default BAND_WIDENING). */
  widening?: number;
}

const none = (reason: string): ForecastOutcome => ({ forecast: null, reason });
const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Forecasts one supply at `now` from readings up to `now`: pages left (toner left ÷ toner per page)
 * turned into days by the device's own hour-of-week page rate, with a 10–90 % band. Toner per page
 * comes from this cartridge's gauge steps, earlier cartridges and the fleet, weighted by precision;
 * a quantized gauge bounds the toner left as an interval. A colour supply on a device that counts colour
 * pages is forecast on colour pages (pagesAxisOf): toner per colour page, colour pages a day, pages
 * remaining in colour pages.
 */
export function forecastSupply(input: ForecastInput): ForecastOutcome {
  // A printer that went silent printed on after its last reading: the forecast is made as of that reading and
  // projected to `now` (same depletion date, fewer days left), not restarted at `now` from its last level.
  const readAt = lastReadingAt(input);
  if (readAt === null || readAt >= input.now) return forecastAsOfNow(input);
  const outcome = forecastAsOfNow({ ...input, now: readAt });
  if (!outcome.forecast) return outcome;
  const projected = projectForecast(outcome.forecast, input.now);
  return { forecast: { ...projected, daysRemaining: round1(projected.daysRemaining), daysRemainingLow: round1(projected.daysRemainingLow), daysRemainingHigh: round1(projected.daysRemainingHigh), pagesRemaining: Math.round(projected.pagesRemaining) }, reason: null };
}

/** When this supply or the page meter was last read at or before `now` (a run still unchanged at `now` counts as read at `now`); null without readings. */
function lastReadingAt(input: ForecastInput): number | null {
  let at = -Infinity;
  for (const level of input.supply.levels) if (level.at <= input.now) at = Math.max(at, Math.min(level.lastAt ?? level.at, input.now));
  // Meters come in time order (continuousMeter and pageRate read them so): the last one at or before `now` is the latest.
  for (let k = input.meters.length - 1; k >= 0; k--) {
    if (input.meters[k]!.at <= input.now) {
      at = Math.max(at, input.meters[k]!.at);
      break;
    }
  }
  return Number.isFinite(at) ? at : null;
}

/** The forecast as of `now`, taken to be the moment of the last reading. */
function forecastAsOfNow(input: ForecastInput): ForecastOutcome {
  const axis = pagesAxisOf(input.supply, input.meters, input.now, RATE_WINDOW_DAYS);
  const prior = input.prior ?? null;
  if (axis.axis === 'total') return forecastOnAxis(input, { ...PAGE_WORDS, fleet: prior ? fleetBasis(prior) : '' });
  const scaled = prior ? priorInColorPages(prior, input.meters, axis.meters, input.now, RATE_WINDOW_DAYS) : null;
  const fleet = prior && scaled ? `${fleetBasis(prior)}, ${Math.round(scaled.prior.yieldPages)} colour pages at this device's colour share of ${Math.round(100 * scaled.colorShare)} %` : '';
  return forecastOnAxis({ ...input, supply: { ...input.supply, levels: axis.levels }, meters: axis.meters, prior: scaled?.prior ?? null }, { ...COLOR_PAGE_WORDS, fleet });
}

const fleetBasis = (prior: FleetPrior) => `the fleet's realized yield of ${Math.round(prior.yieldPages)} pages (${prior.cycles} cycles)`;

/** How the basis and the reasons name the pages a forecast counts; `fleet` states the prior. */
interface PageWords { page: string; pages: string; meter: string; meters: string; nothing: string; fleet: string; counted: string | null }
const PAGE_WORDS: PageWords = { page: 'page', pages: 'pages', meter: 'page-meter', meters: 'meters', nothing: 'nothing', fleet: '', counted: null };
const COLOR_PAGE_WORDS: PageWords = {
  page: 'colour page', pages: 'colour pages', meter: 'colour-page meter', meters: 'colour-page meters', nothing: 'no colour pages', fleet: '',
  counted: 'pages remaining are colour pages (the device counts them)',
};

/** The forecast on one page axis: `input.meters`, the levels and the prior all count the same pages. */
function forecastOnAxis(input: ForecastInput, words: PageWords): ForecastOutcome {
  const { now, gauge, prior } = input;
  const meters = continuousMeter(input.meters, now);
  if (meters.length < 2) return none(`fewer than two ${words.meter} readings`);
  const rate = pageRate(meters, now, RATE_WINDOW_DAYS);
  if (!rate) return none(`less than a day of ${words.meter} history`);
  if (rate.weeklyPages <= 0) return none(`the device printed ${words.nothing} in the last ${RATE_WINDOW_DAYS / 7} weeks`);

  const earlierYield = median(earlierFullCyclePages(input, gauge, meters, now));
  const analysis = detectCycles(input.supply.levels, { gauge, meters, now, typicalYieldPages: earlierYield ?? prior?.yieldPages ?? null });
  const last = analysis.last;
  if (!last) return none('no readings of this supply yet');
  const pagesNow = meterAt(meters, now)!;
  if (last.state === 'empty') {
    return { forecast: { daysRemaining: 0, daysRemainingLow: 0, daysRemainingHigh: 0, pagesRemaining: 0, remainingPercent: 0, depletionDate: new Date(last.at).toISOString(), basis: 'the device reports the supply empty', asOf: new Date(now).toISOString() }, reason: null };
  }
  const cycles = analysis.cycles;
  const cur = cycles[cycles.length - 1]!;
  const earlier = cycles.slice(0, -1);

  // The low mark of a state-only gauge: learned from this device's whole cycles, else the fleet's.
  // How far one cartridge's mark strays: from the device's own marks once it has three (a sensor that trips
  // at the same toner left, or one fooled by coverage from page to page), else a default.
  const deviceMarks = earlier.map(lowMarkOf).filter((x): x is number => x !== null);
  const deviceLow = median(deviceMarks);
  const lowMark = deviceLow ?? prior?.lowMarkPercent ?? null;
  const ownSpread = deviceMarks.length >= 3 ? standardDeviation(deviceMarks)! : null;
  const lowError = deviceLow === null ? LOW_MARK_ERROR_FLEET : ownSpread !== null ? Math.min(2 * LOW_MARK_ERROR_FLEET, Math.max(1, ownSpread)) : LOW_MARK_ERROR_DEVICE;
  const stateOnly = gauge.kind === 'state-only';

  const points: LevelPoint[] = [...cur.points];
  if (stateOnly && cur.lowPages !== null && lowMark !== null && !analysis.undecidedRise) points.push({ pages: cur.lowPages, percent: lowMark, at: cur.lowAt! });
  points.sort((a, b) => a.pages - b.pages);

  if (stateOnly && points.length === 0) return none(stateOnlyWait(last.state, lowMark));

  // Toner per page, from three sources.
  const basis: string[] = [];
  const estimates: { value: number; relativeError: number }[] = [];
  const fit = fitTonerPerPage(points.filter((p) => p.percent > 0 || !stateOnly));
  if (fit) {
    const relativeError = stateOnly && points.length === 2 ? Math.hypot(lowError, 2) / Math.max(10, 100 - (lowMark ?? 0)) + 0.03 : fit.relativeError;
    estimates.push({ value: fit.tonerPerPage, relativeError });
    basis.push(`${fit.points} level points of this cartridge`);
  }
  const earlierRates = earlier.map((c) => earlierRate(c, stateOnly ? lowMark : null, earlierYield ?? prior?.yieldPages ?? null)).filter((x): x is number => x !== null).slice(-3);
  if (earlierRates.length > 0) {
    estimates.push({ value: median(earlierRates)!, relativeError: EARLIER_CYCLE_ERROR * (earlierRates.length === 1 ? 1.2 : 1) });
    basis.push(`${earlierRates.length} earlier cartridge${earlierRates.length > 1 ? 's' : ''} in this printer`);
  }
  if (prior) {
    estimates.push({ value: 100 / prior.yieldPages, relativeError: Math.max(0.15, prior.yieldSpread) });
    basis.push(words.fleet);
  }
  const tau = combineEstimates(estimates);
  if (!tau) return none('no toner-per-page estimate yet: too few gauge steps on this cartridge, no earlier cartridge and no fleet figure for its part number');

  // Where the toner left is anchored: the last known level, or the gauge's interval now.
  const interval = !stateOnly && last.remainingPercent !== null && !analysis.gaugeDistorted ? intervalOf(gauge, last.remainingPercent, last.state) : null;
  let anchor: { pages: number; percent: number; error: number } | null = null;
  const lastPoint = points[points.length - 1];
  if (lastPoint) anchor = { pages: lastPoint.pages, percent: lastPoint.percent, error: stateOnly && cur.lowPages === lastPoint.pages ? lowError : 0 };
  else if (interval && Number.isFinite(interval.hi)) anchor = { pages: pagesNow, percent: (interval.lo + interval.hi) / 2, error: (interval.hi - interval.lo) / Math.sqrt(12) };
  if (!anchor) return none(stateOnly ? stateOnlyWait(last.state, lowMark) : 'the gauge has not moved yet on this cartridge');

  const fromAnchor = anchor.percent / tau.value;
  let pages = fromAnchor - (pagesNow - anchor.pages);
  const pagesError = Math.hypot(fromAnchor * tau.relativeError, anchor.error / tau.value);
  if (interval) pages = Math.min(Math.max(pages, interval.lo / tau.value), interval.hi / tau.value);
  if (stateOnly && lowMark !== null && !cur.lowPages && last.state !== 'low') pages = Math.max(pages, (lowMark - lowError) / tau.value);
  pages = Math.max(pages, 0);

  const days = daysUntilPages(rate, now, pages);
  const futureWorkdays = Math.max(1, (days * 5) / 7);
  const rateError = rate.dailyCv * Math.sqrt(1 / Math.max(1, rate.workdaysSeen) + 1 / futureWorkdays);
  const pagesRelError = pagesError / Math.max(pages, rate.pagesPerWorkday / 2, 1);
  const sigma = (input.widening ?? BAND_WIDENING) * Math.hypot(pagesRelError, rateError);
  const low = daysUntilPages(rate, now, pages * Math.exp(-Z90 * sigma));
  const high = daysUntilPages(rate, now, pages * Math.exp(Z90 * sigma));
  if (!Number.isFinite(days)) return none('the page rate is too low to reach the end of this cartridge');

  basis.push(`${Math.round(rate.pagesPerWorkday)} ${words.pages} per working day from ${Math.round(rate.daysCovered)} days of ${words.meters}`);
  if (!stateOnly && gauge.step > 1) basis.push(`a ${gauge.step} % gauge read as intervals`);
  if (stateOnly && lowMark !== null) basis.push(`"low" means about ${Math.round(lowMark)} % left`);
  if (analysis.gaugeDistorted) basis.push('the gauge is ignored while a shaken cartridge overstates it');
  if (words.counted) basis.push(words.counted);
  return {
    forecast: {
      daysRemaining: round1(days), daysRemainingLow: round1(Math.min(low, days)), daysRemainingHigh: round1(Math.max(high, days)),
      pagesRemaining: Math.round(pages), remainingPercent: round1(pages * tau.value),
      depletionDate: new Date(now + days * DAY).toISOString(), basis: `toner per ${words.page} from ${basis.join('; ')}`, asOf: new Date(now).toISOString(),
    },
    reason: null,
  };
}

/**
 * Why a state-only gauge gives nothing to count from yet, in the words of what it says now: a supply the
 * device calls "low" is never explained as "some remaining" (the card shows the state, the explanation this).
 */
function stateOnlyWait(state: GaugeState, lowMark: number | null): string {
  if (state === 'low') {
    return lowMark === null
      ? 'the gauge says "low" but not how much is left, and what "low" leaves on this model is not known yet (no whole cartridge seen in this printer, no fleet figure for its part number)'
      : 'the gauge says "low" but not how much is left, and this cartridge was not seen going in or turning low';
  }
  const says = state === 'ok' ? '"ok"' : state === 'some-remaining' ? '"some remaining"' : 'nothing about the level';
  return `the gauge only says ${says} and no install or low mark has been seen yet`;
}

/**
 * Toner per page of an earlier cartridge: its fitted line, if its points span enough of the gauge; on a state-only
 * gauge, a new cartridge swapped out after "low" (an early swap, no empty seen) gives it from install to
 * the low mark, which is only ever learned from whole cycles — unless it said "low" after less than half
 * the pages a typical cartridge here takes to get there: then it was not new (moved in from another
 * printer, which such a gauge cannot tell) and would make every later forecast short.
 */
function earlierRate(c: CartridgeCycle, lowMark: number | null, typicalPages: number | null): number | null {
  if (c.tonerPerPage !== null && spansEnough(c)) return c.tonerPerPage;
  if (lowMark === null || c.start !== 'new' || c.end !== 'swapped' || c.lowPages === null || c.lowPages <= c.installPages) return null;
  const pagesToLow = c.lowPages - c.installPages;
  if (typicalPages !== null && pagesToLow < 0.5 * typicalPages * (1 - lowMark / 100)) return null;
  return (100 - lowMark) / pagesToLow;
}

/** Pages of earlier whole cycles (new cartridge to empty), for telling installs from shakes on state-only gauges. */
function earlierFullCyclePages(input: ForecastInput, gauge: GaugeModel, meters: readonly MeterSample[], now: number): number[] {
  if (gauge.kind !== 'state-only') return [];
  const first = detectCycles(input.supply.levels, { gauge, meters, now, typicalYieldPages: input.prior?.yieldPages ?? null });
  return first.cycles.filter((c) => c.start === 'new' && c.end === 'depleted').map((c) => c.pagesPrinted);
}
