import { DAY } from './meters.js';

/** The figures of a forecast that age: day counts as of when it was made, and the depletion date they lead to. */
export interface ForecastFigures {
  daysRemaining: number | null;
  /** The band's edges and the pages, where the reader has them. */
  daysRemainingLow?: number | null;
  daysRemainingHigh?: number | null;
  pagesRemaining?: number | null;
  /** ISO date-time; the fixed point the projection keeps. */
  depletionDate: string | null;
}

/**
 * A forecast seen at a later `now`: the depletion date stays, and every day count shrinks by the time that
 * passed since it was made (told by the depletion date itself: days remaining then minus days until it now),
 * never below zero. A printer that stops reporting keeps running out on the same date; its days left count
 * down instead of restarting at "now" from its last level. Pages remaining shrink in proportion (the page rate
 * behind the days is the device's own). An earlier `now` (a simulation running ahead of the clock) changes
 * nothing. Unrounded; pure.
 */
export function projectForecast<F extends ForecastFigures>(forecast: F, now: number): F {
  const { daysRemaining, depletionDate } = forecast;
  const depletesAt = depletionDate === null ? NaN : Date.parse(depletionDate);
  if (daysRemaining === null || !Number.isFinite(depletesAt)) return forecast;
  const elapsed = daysRemaining - (depletesAt - now) / DAY;
  if (!(elapsed > 0)) return forecast;
  const less = <T extends number | null | undefined>(days: T): T => (typeof days === 'number' ? Math.max(0, days - elapsed) : days) as T;
  const days = less(daysRemaining);
  const pages = typeof forecast.pagesRemaining === 'number' && daysRemaining > 0 ? (forecast.pagesRemaining * days) / daysRemaining : forecast.pagesRemaining;
  return { ...forecast, daysRemaining: days, daysRemainingLow: less(forecast.daysRemainingLow), daysRemainingHigh: less(forecast.daysRemainingHigh), pagesRemaining: pages } as F;
}
