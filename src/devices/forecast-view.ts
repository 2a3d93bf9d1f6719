import type { DeviceRow, StoredForecast } from '../db/schema.js';
import { projectForecast } from '../forecasting/index.js';
import { agoInWords, sentences } from '../platform/text.js';
import { STALE_AFTER_MS } from './devices.repository.js';

/** A supply's forecast as the API shows it at `now`: the stored one projected, null `asOf` before the first, and whether it is stale. */
export interface ForecastView extends Omit<StoredForecast, 'consolidateWith' | 'asOf'> {
  consolidateWith: number[];
  asOf: string | null;
  stale: boolean;
}

/** What of the device decides whether its forecasts still stand. */
export type ForecastDevice = Pick<DeviceRow, 'replaced_by' | 'replaced_at' | 'unreachable_since'>;

const NO_FORECAST = 'No forecast yet: no readings of this supply have been analysed.';
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Whether a forecast rests on readings the device no longer confirms: it was replaced, its collector is failing
 * to read it, or its last reading is older than 48 h — the same silence after which the dashboard calls it
 * unreachable and the default authorization (maxMeterAgeHours) stops ordering on its meters, so a forecast is
 * never "stale" under a healthy badge nor fresh under an unreachable one. A printer polled every 15 minutes to
 * every few hours misses many polls before then; what it printed meanwhile is projected at its own rate.
 */
export function isStale(asOf: string, device: ForecastDevice, now: Date): boolean {
  return device.replaced_by !== null || device.unreachable_since !== null || now.getTime() - Date.parse(asOf) > STALE_AFTER_MS;
}

/**
 * A stored forecast seen at `now`: days and pages projected from the last reading it rests on (the depletion
 * date stays, the days left count down), flagged stale as isStale says and said so in `basis` ("last read 3 days
 * ago; projected from then"). A replaced printer has no forecast: nothing is ordered for it. `basis` is always
 * whole sentences.
 */
export function presentForecast(forecast: StoredForecast | null, device: ForecastDevice, now: Date): ForecastView {
  const asOf = forecast?.asOf ?? null;
  const stale = asOf !== null && isStale(asOf, device, now);
  const lastRead = asOf === null ? null : `last read ${agoInWords(now.getTime() - Date.parse(asOf))}`;
  if (device.replaced_by !== null) {
    const when = device.replaced_at ? ` on ${device.replaced_at.toISOString().slice(0, 10)}` : '';
    return {
      daysRemaining: null, daysRemainingLow: null, daysRemainingHigh: null, pagesRemaining: null, depletionDate: null, consolidateWith: [], asOf, stale: true,
      basis: sentences(`Another printer took this one's place${when}: no forecast is kept and nothing is ordered for it`, lastRead && capitalized(lastRead)),
    };
  }
  if (!forecast) return { daysRemaining: null, daysRemainingLow: null, daysRemainingHigh: null, pagesRemaining: null, depletionDate: null, basis: NO_FORECAST, consolidateWith: [], asOf, stale };
  const projected = projectForecast(forecast, now.getTime());
  const forecasting = forecast.daysRemaining !== null;
  return {
    daysRemaining: round1(projected.daysRemaining), daysRemainingLow: round1(projected.daysRemainingLow), daysRemainingHigh: round1(projected.daysRemainingHigh),
    pagesRemaining: projected.pagesRemaining === null ? null : Math.round(projected.pagesRemaining), depletionDate: forecast.depletionDate,
    basis: sentences(capitalized(forecast.basis), stale && lastRead && capitalized(forecasting ? `${lastRead}; projected from then` : lastRead)),
    consolidateWith: forecast.consolidateWith ?? [], asOf, stale,
  };
}
