/** Forecasting: cartridge cycles and days remaining from supply readings and page meters. Pure; `now` is passed in. */
export { CONSUMABLE_KINDS } from './types.js';
export type { CartridgeCycle, CycleEnd, CycleStart, FleetPrior, PriorCache, ForecastOutcome, GaugeState, LevelObservation, LevelPoint, MeterSample, SupplyForecast, SupplyHistory } from './types.js';
export { inferGauge, intervalOf, type GaugeModel, type Rounding } from './gauge.js';
export { continuousMeter, meterAt, pageRate, daysUntilPages, robustDailyLevel, type PageRate } from './meters.js';
export { detectCycles, withoutBadReads, type CycleAnalysis, type CycleOptions } from './cycles.js';
export { fleetPriorOf, priorFrom, FLEET_PRIOR } from './fleet.js';
export { colorMeter, isColorSupply, pagesAxisOf, priorInColorPages, type PagesAxis } from './pages-axis.js';
export { forecastSupply, BAND_WIDENING, Z90, type ForecastInput } from './forecast.js';
export { projectForecast, type ForecastFigures } from './project.js';
export { baselineDaysRemaining, type BaselineReading } from './baseline.js';
export { consolidationHints, type DepletionOf } from './consolidation.js';
