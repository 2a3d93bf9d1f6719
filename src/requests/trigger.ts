import { projectForecast } from '../forecasting/index.js';
import { DEFAULT_REQUEST_SETTINGS, type RequestSettings } from './settings.js';
import { stockoutRisk, type StockoutRisk, type StockoutRiskContext } from './stockout-risk.js';
import { DAY_MS, toMillis, type ForecastView, type Instant, type SupplyNow, type TriggerKind } from './types.js';

/** The trigger's verdict for one supply. */
export interface TriggerDecision {
  raise: boolean;
  trigger: TriggerKind | null;
  /** A days-remaining trigger fired while the gauge still reads above the upper threshold. */
  rapidUse: boolean;
  reason: string;
  /** Service-level mode only: the chance of running out and what it rests on (null without a forecast). */
  stockoutRisk?: StockoutRisk | null;
}

/** The wanted chance, in percent, that the replacement is on site before the supply runs out (CONTRACT default). */
export const DEFAULT_SERVICE_LEVEL_PERCENT = DEFAULT_REQUEST_SETTINGS.serviceLevelPercent;

/** The settings the trigger reads. */
export type TriggerSettings = Pick<RequestSettings, 'leadTimeDays' | 'safetyBufferDays' | 'lowerThresholdPercent' | 'upperThresholdPercent' | 'triggerMode' | 'serviceLevelPercent'>;

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

/**
 * Decides whether a supply needs a request now, by forecast and/or level, and whether it is being used up unusually
 * fast. `context` (lead-time distribution, next evaluation) is read by the service-level mode only.
 */
export function evaluateTrigger(supply: SupplyNow, settings: TriggerSettings, now: Instant, context: StockoutRiskContext = {}): TriggerDecision {
  if (settings.triggerMode === 'service-level') return serviceLevelTrigger(supply, settings, now, context);
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

const percent1 = (p: number) => (p >= 10 ? Math.round(p) : p >= 0.1 ? round1(p) : Number(p.toPrecision(1)));
// One formatter for every reason: toLocaleDateString builds a new one per call, which was half of bench jit's service-level time.
const DAY_MONTH = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
/** "14 Dec": a date as the trigger's reasons write it (UTC). */
export const dayMonth = (iso: string) => { const d = new Date(iso); return Number.isFinite(d.getTime()) ? DAY_MONTH.format(d) : 'an unknown date'; };

/**
 * Service level: order when waiting for the next evaluation would leave a larger chance of running out before
 * the replacement is on site than the service level allows. The level trigger stays as the net for a supply
 * without a forecast (and a gauge that says low or empty when the forecast was wrong).
 */
function serviceLevelTrigger(supply: SupplyNow, settings: TriggerSettings, now: Instant, context: StockoutRiskContext): TriggerDecision {
  const serviceLevel = Math.min(99.99, Math.max(50, settings.serviceLevelPercent));
  const allowed = 100 - serviceLevel;
  const risk = stockoutRisk(supply.forecast, now, context);
  const percent = supply.remainingPercent;
  const levelFires = supply.state === 'empty' || supply.state === 'low' || (percent !== null && percent <= settings.lowerThresholdPercent);
  const basis = risk ? ` (depletion around ${dayMonth(risk.depletionDate)}${risk.bandLow && risk.bandHigh ? `, band ${dayMonth(risk.bandLow)}–${dayMonth(risk.bandHigh)}` : ''}; lead time ${risk.leadTimeDays.min === risk.leadTimeDays.max ? risk.leadTimeDays.min : `${risk.leadTimeDays.min}–${risk.leadTimeDays.max}`} business day${risk.leadTimeDays.max === 1 ? '' : 's'}${context.leadTimeNote ? `: ${context.leadTimeNote}` : ''})` : '';
  const chance = risk ? `a ${percent1(risk.probabilityPercent)} % chance of running out before a cartridge ordered at the next reading arrives` : '';
  const allowance = `the ${percent1(allowed)} % a ${serviceLevel} % service level allows`;
  if (risk && risk.probabilityPercent > allowed) {
    const rapidUse = percent !== null && percent > settings.upperThresholdPercent;
    const rapid = rapidUse ? ` The level is still ${percent} %, above the ${settings.upperThresholdPercent} % upper threshold: rapid use.` : '';
    const late = risk.unavoidable ? ' Even an order placed now cannot arrive before the forecast empty date.' : '';
    const alsoLevel = levelFires ? ' The level threshold fired as well.' : '';
    return { raise: true, trigger: 'forecast', rapidUse, stockoutRisk: risk, reason: `Waiting would leave ${chance}, above ${allowance}${basis}.${late}${rapid}${alsoLevel}` };
  }
  if (levelFires) {
    const what = percent !== null && percent <= settings.lowerThresholdPercent ? `The level is ${percent} %, at or below the ${settings.lowerThresholdPercent} % lower threshold` : `The device reports the supply ${supply.state}`;
    return { raise: true, trigger: 'level', rapidUse: false, stockoutRisk: risk, reason: `${what}.` };
  }
  const forecastPart = risk ? `${chance}, within ${allowance}${basis}` : 'there is no forecast yet';
  const levelPart = percent === null ? `the level is unknown (state ${supply.state})` : `the level is ${percent} %`;
  return { raise: false, trigger: null, rapidUse: false, stockoutRisk: risk, reason: `No request: ${forecastPart}, and ${levelPart}.` };
}

function quietReason(days: number | null, horizon: number, useForecast: boolean, useLevel: boolean, supply: SupplyNow): string {
  const parts: string[] = [];
  if (useForecast) parts.push(days === null ? 'there is no forecast yet' : `it runs out in ${round1(days)} days, beyond the ${horizon}-day horizon`);
  if (useLevel) parts.push(supply.remainingPercent === null ? `the level is unknown (state ${supply.state})` : `the level is ${supply.remainingPercent} %`);
  const text = parts.join(' and ');
  return `No request: ${text}.`;
}
