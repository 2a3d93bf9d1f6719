/**
 * What the forecaster sees: the readings a collector uploads (CONTRACT supply readings and page
 * meters), as plain data with epoch-millisecond times. Nothing here knows how a printer encodes its
 * gauge; that is inferred from the values themselves (gauge.ts).
 */

/** CONTRACT supply states. */
export type GaugeState = 'ok' | 'low' | 'empty' | 'some-remaining' | 'unknown';

/**
 * One supply reading, or a run of identical readings: first seen at `at`, confirmed unchanged until
 * `lastAt` (storage keeps level changes, not millions of identical rows, without losing when a level
 * was last confirmed).
 */
export interface LevelObservation {
  at: number;
  /** Last time the same value and state were read; defaults to `at`. */
  lastAt?: number;
  /** CONTRACT remainingPercent: null for −3 ("some remaining"), −2 and other unknowns. */
  remainingPercent: number | null;
  state: GaugeState;
  /** What the device sent, when known: a level above max marks an over-max gauge. */
  raw?: { level: number | null; max: number | null; unit: string | null };
}

/** One page-meter sample (prtMarkerLifeCount / printer-impressions-completed). */
export interface MeterSample {
  at: number;
  total: number;
  /** Pages with any colour on them so far (a vendor MIB's colour counter), when the device publishes it. */
  color?: number | null;
}

/** One supply's readings in time order, with what identifies its cartridge type. */
export interface SupplyHistory {
  partNumber: string | null;
  /** The supply's colorant (CONTRACT colour name): a colour one is forecast on colour pages where the device counts them. */
  color?: string | null;
  levels: readonly LevelObservation[];
}

/** A moment where the true level is known: a gauge boundary crossed, an install, a depletion. */
export interface LevelPoint {
  pages: number;
  percent: number;
  at: number;
}

/** How the cycle began. `already-in`: the cartridge was in before the history starts. */
export type CycleStart = 'new' | 'moved-in' | 'already-in';
/** How it ended: ran out, was swapped with toner left, or is still in. */
export type CycleEnd = 'depleted' | 'swapped' | 'open';

/** One cartridge's life in one printer: install → depletion or swap. */
export interface CartridgeCycle {
  start: CycleStart;
  installedAt: number;
  installPages: number;
  /** Percent the cartridge held when it went in (100 for a new one), null when unknown. */
  startPercent: number | null;
  end: CycleEnd;
  endedAt: number | null;
  endPages: number | null;
  /** Pages printed while this cartridge was in (so far, for an open cycle). */
  pagesPrinted: number;
  /** Percent of a full cartridge used in this printer, when the gauge tells. */
  tonerUsedPercent: number | null;
  /** Pages a full cartridge gives in this printer at its coverage (100 / toner per page). */
  realizedYield: number | null;
  /** Percent left in the cartridge when it was swapped out (wasted toner); 0 when depleted. */
  residualPercent: number | null;
  /** Percent of a cartridge per page, fitted through this cycle's level points. */
  tonerPerPage: number | null;
  /** Known-level moments of this cycle, in page order. */
  points: LevelPoint[];
  /** When a low-/state-only gauge first said "low" in this cycle (page count), else null. */
  lowPages: number | null;
  lowAt: number | null;
  /** Rises of the gauge that were shakes or re-seats, not installs. */
  shakes: number;
}

/** What the fleet has learned about a cartridge type (part number): for devices without history. */
export interface FleetPrior {
  /** Median realized yield in pages per full cartridge. */
  yieldPages: number;
  /** Relative spread of the realized yield across the fleet (robust σ / median). */
  yieldSpread: number;
  /** Median percent left when a low-only gauge first says "low"; null when unknown. */
  lowMarkPercent: number | null;
  /** Cycles behind the figures. */
  cycles: number;
}

/** Fleet priors by `dealerId/partNumber`, read once and shared (one forecast worker round, say): priors move slowly. */
export type PriorCache = Map<string, FleetPrior | null>;

/** The forecast of one supply at `now`. */
export interface SupplyForecast {
  daysRemaining: number;
  /** 10th and 90th percentile of days remaining. */
  daysRemainingLow: number;
  daysRemainingHigh: number;
  pagesRemaining: number;
  /** Estimated percent left now. */
  remainingPercent: number;
  /** ISO date-time of the expected depletion. */
  depletionDate: string;
  /** In words: what the estimate rests on. */
  basis: string;
  /** ISO date-time of the last reading it rests on (of the supply or the page meter): it is projected from then. */
  asOf: string;
}

/** A forecast, or null with the reason there is none (never invented from nothing). */
export type ForecastOutcome = { forecast: SupplyForecast; reason: null } | { forecast: null; reason: string };

/** Supply kinds that run out and are ordered: the ones forecast, requested and counted as low. */
export const CONSUMABLE_KINDS: readonly string[] = ['toner', 'ink', 'drum', 'developer'];
