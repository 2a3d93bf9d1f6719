import type { Repositories } from '../app/store.js';
import type { StoredForecast } from '../db/schema.js';
import { CONSUMABLE_KINDS, consolidationHints, continuousMeter, detectCycles, forecastSupply, inferGauge, type GaugeState, type PriorCache, type LevelObservation, type MeterSample } from '../forecasting/index.js';
import { endSentence } from '../platform/text.js';

// A year and a bit of history: enough for earlier cycles and the weekly page pattern.
const HISTORY_DAYS = 400;
// Colours running out within this many days of each other are worth one shipment (BRIEF: 7-day lead time).
const SHIPPING_WINDOW_DAYS = 7;

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Recomputes the cartridge cycles and forecasts of one device's supplies from its stored level runs and
 * page meters, as of its latest reading: readings may be historic (uploaded late from a collector's buffer) or
 * from a simulation running ahead of the clock, and a forecast made later than its last reading would assume the
 * printer printed nothing since. Its `asOf` is that reading; readers project it to their own time (projectForecast).
 */
export async function refreshDeviceForecasts(repos: Repositories, dealerId: string, deviceId: string, serverNow: Date, priorCache: PriorCache = new Map()): Promise<void> {
  const since = new Date(serverNow.getTime() - HISTORY_DAYS * 86_400_000);
  const [history, meterRows, supplies] = await Promise.all([repos.telemetry.levelHistory(deviceId, since), repos.telemetry.meterHistory(deviceId, since), repos.telemetry.suppliesOf(deviceId)]);
  // A run is two samples: the counters read first at observed_at and still the same at confirmed_at. The colour
  // counter (where the device publishes one) rides along: colour supplies are forecast on colour pages.
  const meters: MeterSample[] = meterRows.filter((m) => m.total !== null).flatMap((m) =>
    (m.confirmed_at > m.observed_at ? [m.observed_at, m.confirmed_at] : [m.observed_at]).map((at) => ({ at: at.getTime(), total: m.total!, color: m.color })),
  );
  const levelsBySupply = new Map<number, LevelObservation[]>();
  let latest = -Infinity;
  for (const row of history) {
    const runs = levelsBySupply.get(row.supply_index) ?? [];
    runs.push({ at: row.observed_at.getTime(), lastAt: row.confirmed_at.getTime(), remainingPercent: row.remaining_percent, state: row.state as GaugeState, raw: { level: row.raw_level, max: row.raw_max, unit: null } });
    levelsBySupply.set(row.supply_index, runs);
    latest = Math.max(latest, row.confirmed_at.getTime());
  }
  for (const m of meters) latest = Math.max(latest, m.at);
  if (!Number.isFinite(latest)) latest = serverNow.getTime();
  const gauge = inferGauge([...levelsBySupply.values()], meters, latest);
  const asOf = new Date(latest).toISOString();
  const consumables = supplies.filter((supply) => !supply.is_receptacle && CONSUMABLE_KINDS.includes(supply.kind));
  // What the dealer's other printers learned about each cartridge type: the estimate for a device without history of its own.
  const priors = await repos.telemetry.fleetPriors(dealerId, [...new Set(consumables.map((s) => s.part_number).filter((p): p is string => p !== null))], priorCache);
  const forecasts = consumables.map((supply) => ({
    supply,
    outcome: forecastSupply({ supply: { partNumber: supply.part_number, color: supply.color, levels: levelsBySupply.get(supply.supply_index) ?? [] }, meters, now: latest, gauge, prior: supply.part_number ? priors.get(supply.part_number) ?? null : null }),
  }));
  const hints = consolidationHints(
    forecasts.filter(({ supply }) => supply.kind === 'toner' || supply.kind === 'ink')
      .map(({ supply, outcome }) => ({ index: supply.supply_index, color: supply.color, depletesAt: outcome.forecast ? Date.parse(outcome.forecast.depletionDate) : null })),
    SHIPPING_WINDOW_DAYS,
  );
  // Stored cycles count total pages on every device, colour supplies included: the fleet's realized yields and
  // priors (by part number) then compare across devices with and without a colour counter; a forecast on colour
  // pages scales the prior by the device's own colour share (priorInColorPages) rather than mixing the two.
  const continuous = continuousMeter(meters, latest);
  for (const { supply } of forecasts) {
    const { cycles } = detectCycles(levelsBySupply.get(supply.supply_index) ?? [], { gauge, meters: continuous, now: latest, typicalYieldPages: null });
    await repos.telemetry.replaceCycles(dealerId, deviceId, supply.supply_index, supply.part_number, cycles);
  }
  const stored: { supplyIndex: number; forecast: StoredForecast }[] = [];
  for (const { supply, outcome } of forecasts) {
    const forecast: StoredForecast = outcome.forecast
      ? {
          daysRemaining: round(outcome.forecast.daysRemaining), daysRemainingLow: round(outcome.forecast.daysRemainingLow), daysRemainingHigh: round(outcome.forecast.daysRemainingHigh),
          pagesRemaining: Math.round(outcome.forecast.pagesRemaining), depletionDate: outcome.forecast.depletionDate, basis: outcome.forecast.basis, asOf,
          ...(hints.has(supply.supply_index) ? { consolidateWith: hints.get(supply.supply_index) } : {}),
        }
      : { daysRemaining: null, daysRemainingLow: null, daysRemainingHigh: null, pagesRemaining: null, depletionDate: null, basis: endSentence(`No forecast yet: ${outcome.reason}`), asOf };
    stored.push({ supplyIndex: supply.supply_index, forecast });
  }
  await repos.telemetry.setForecasts(deviceId, stored);
}

