import { continuousMeter, DAY, meterAt } from './meters.js';
import type { FleetPrior, LevelObservation, MeterSample, SupplyHistory } from './types.js';

// Colorants that print on mono pages too (black, and the greys of photo devices): their use follows total pages.
const PRINTS_ON_MONO_PAGES = new Set(['black', 'photo-black', 'matte-black', 'gray', 'light-gray']);

/** Whether a supply's use follows colour pages: a toner, drum or developer of a colorant other than black or grey. */
export function isColorSupply(color: string | null | undefined): boolean {
  return !!color && !PRINTS_ON_MONO_PAGES.has(color);
}

/** The page count a supply's forecast runs on, and the readings that go with it. */
export interface PagesAxis {
  /** `color`: pages with any colour on them (the device's colour counter); `total`: every page. */
  axis: 'total' | 'color';
  /** Meter samples on this axis (raw: resets are handled by continuousMeter), with `total` holding its count; on the total axis, the device's own. */
  meters: readonly MeterSample[];
  /** The supply's level readings the axis covers: on a colour counter that appeared part-way, those since it did. */
  levels: readonly LevelObservation[];
}

/** The samples of the colour counter up to `now`, as a meter of their own. */
export function colorMeter(samples: readonly MeterSample[], now = Infinity): MeterSample[] {
  const out: MeterSample[] = [];
  for (const s of samples) {
    if (s.at > now) break;
    if (s.color !== null && s.color !== undefined && Number.isFinite(s.color)) out.push({ at: s.at, total: s.color });
  }
  return out;
}

/**
 * Which pages a supply's use follows. Colour toner goes on colour pages, not on every page, so for a colour
 * supply on a device with a colour counter the forecast counts colour pages: toner per colour page does not
 * move when the office prints more or less in colour, and the colour-page rate follows that change directly.
 * The counter must cover the supply's readings (from its first one), or have `minDays` of its own, in which case
 * the readings before it are left out; else, and for black supplies and devices without one, total pages.
 */
export function pagesAxisOf(supply: SupplyHistory, meters: readonly MeterSample[], now: number, minDays: number): PagesAxis {
  const total: PagesAxis = { axis: 'total', meters, levels: supply.levels };
  if (!isColorSupply(supply.color)) return total;
  const color = colorMeter(meters, now);
  if (color.length < 2) return total;
  const from = color[0]!.at;
  if (from <= (supply.levels[0]?.at ?? Infinity)) return { axis: 'color', meters: color, levels: supply.levels };
  if (color[color.length - 1]!.at - from < minDays * DAY) return total;
  const levels = supply.levels.filter((o) => (o.lastAt ?? o.at) >= from).map((o) => (o.at >= from ? o : { ...o, at: from }));
  return { axis: 'color', meters: color, levels };
}

/**
 * A fleet prior in colour pages for one device. Priors (and the stored cycles behind them) stay in total pages,
 * so that realized yields compare across the fleet whether a device publishes a colour counter or not; a
 * colour-page forecast scales the prior by this device's own colour share over the last `windowDays` (a
 * cartridge that lasts 4,000 pages at a 25 % colour share lasts 1,000 colour pages). `colorMeters` is the
 * device's colour counter as a meter (colorMeter: the colour axis's meters, already derived). Null when the
 * device printed nothing in colour or in total over the window.
 */
export function priorInColorPages(prior: FleetPrior, meters: readonly MeterSample[], colorMeters: readonly MeterSample[], now: number, windowDays: number): { prior: FleetPrior; colorShare: number } | null {
  const total = continuousMeter(meters, now);
  const color = continuousMeter(colorMeters, now);
  const from = Math.max(now - windowDays * DAY, total[0]?.at ?? now, color[0]?.at ?? now);
  const pages = (meterAt(total, now) ?? 0) - (meterAt(total, from) ?? 0);
  const colorPages = (meterAt(color, now) ?? 0) - (meterAt(color, from) ?? 0);
  if (!(pages > 0) || !(colorPages > 0)) return null;
  const colorShare = Math.min(1, colorPages / pages);
  return { prior: { ...prior, yieldPages: prior.yieldPages * colorShare }, colorShare };
}
