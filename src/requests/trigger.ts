import { projectForecast } from '../forecasting/index.js';
import type { RequestSettings } from './settings.js';
import { DAY_MS, toMillis, type ForecastView, type Instant, type SupplyNow, type TriggerKind } from './types.js';

/** The trigger's verdict for one supply. */
export interface TriggerDecision {
  raise: boolean;
  trigger: TriggerKind | null;
  /** A days-remaining trigger fired while the gauge still reads above the upper threshold. */
  rapidUse: boolean;
  reason: string;
}

/** The settings the trigger reads. */
export type TriggerSettings = Pick<RequestSettings, 'leadTimeDays' | 'safetyBufferDays' | 'lowerThresholdPercent' | 'upperThresholdPercent' | 'triggerMode'>;

/** Days left at `now` on the pessimistic edge of the forecast band, or null without a forecast. */
export function pessimisticDaysRemaining(forecast: ForecastView | null, now: Instant): number | null {
  if (!forecast) return null;
  if (forecast.daysRemaining === null) {
    const depletesAt = forecast.depletionDate === null ? NaN : Date.parse(forecast.depletionDate);
    return Number.isFinite(depletesAt) ? (depletesAt - toMillis(now)) / DAY_MS : null;
  }
  // The forecast's day counts are as of when it was computed; an evaluation a day later sees a day less on both band edges.
  const projected = projectForecast(forecast, toMillis(now));
  return projected.daysRemainingLow ?? projected.daysRemaining;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Decides whether a supply needs a request now, by forecast and/or level, and whether it is being used up unusually fast. */
export function evaluateTrigger(supply: SupplyNow, settings: TriggerSettings, now: Instant): TriggerDecision {
  const horizon = settings.leadTimeDays + settings.safetyBufferDays;
  const useForecast = settings.triggerMode !== 'level';
  const useLevel = settings.triggerMode !== 'forecast';

  const days = useForecast ? pessimisticDaysRemaining(supply.forecast, now) : null;
  // The low band edge is used on purpose: a cartridge that arrives a day early wastes little, one that
  // arrives a day late stops the printer.
  const bandNote = supply.forecast?.daysRemainingLow != null ? ' (pessimistic edge of the forecast band)' : '';
  const forecastFires = days !== null && days <= horizon;

  const percent = supply.remainingPercent;
  const levelFires = useLevel && (supply.state === 'empty' || supply.state === 'low' || (percent !== null && percent <= settings.lowerThresholdPercent));

  if (forecastFires) {
    // Rapid use only when the gauge gives a number: a device that says only "ok" may be anywhere.
    const rapidUse = percent !== null && percent > settings.upperThresholdPercent;
    const rapid = rapidUse ? ` while the level is still ${percent} %, above the ${settings.upperThresholdPercent} % upper threshold: rapid use` : '';
    const alsoLevel = levelFires ? '; the level threshold fired as well' : '';
    return { raise: true, trigger: 'forecast', rapidUse, reason: `Runs out in ${round1(days)} days${bandNote}, within the ${settings.leadTimeDays}-day lead time plus ${settings.safetyBufferDays}-day buffer${rapid}${alsoLevel}.` };
  }
  if (levelFires) {
    const what = percent !== null && percent <= settings.lowerThresholdPercent ? `The level is ${percent} %, at or below the ${settings.lowerThresholdPercent} % lower threshold` : `The device reports the supply ${supply.state}`;
    return { raise: true, trigger: 'level', rapidUse: false, reason: `${what}.` };
  }
  return { raise: false, trigger: null, rapidUse: false, reason: quietReason(days, horizon, useForecast, useLevel, supply) };
}

function quietReason(days: number | null, horizon: number, useForecast: boolean, useLevel: boolean, supply: SupplyNow): string {
  const parts: string[] = [];
  if (useForecast) parts.push(days === null ? 'there is no forecast yet' : `it runs out in ${round1(days)} days, beyond the ${horizon}-day horizon`);
  if (useLevel) parts.push(supply.remainingPercent === null ? `the level is unknown (state ${supply.state})` : `the level is ${supply.remainingPercent} %`);
  const text = parts.join(' and ');
  return `No request: ${text}.`;
}
