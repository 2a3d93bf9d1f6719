import { performance } from 'node:perf_hooks';
import { normalizeLevel, unitOf } from '../collection/index.js';
import {
  baselineDaysRemaining, colorMeter, continuousMeter, daysUntilPages, detectCycles, fleetPriorOf, forecastSupply, inferGauge, isColorSupply, meterAt,
  type BaselineReading, type CartridgeCycle, type FleetPrior, type LevelObservation, type MeterSample, type PageRate,
} from '../forecasting/index.js';
import { PERSONALITIES } from '../simulator/personality.js';
import { parseScenario } from '../simulator/scenario.js';
import { Simulation } from '../simulator/simulation.js';
import type { PrinterSnapshot } from '../simulator/snapshot.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// RFC 3805 PrtAlertCodeTC: almost-empty/almost-full and empty/full codes of marker supplies (as the collector reads them).
const LOW_CODES = new Set([1104, 1105, 1106, 1107, 1108, 1115]);
const EMPTY_CODES = new Set([1101, 1102, 1103, 1109, 1110, 1116]);
const MARKER_SUPPLIES_GROUP = 11;
// Gauges that say nothing but "low" and "empty": they cannot tell a cartridge moved in from a new one either.
const STATE_ONLY = new Set(Object.entries(PERSONALITIES).filter(([, p]) => p.kind === 'low-only' || p.kind === 'unknown').map(([name]) => name));

export interface ForecastBenchOptions {
  printers?: number;
  days?: number;
  /** Readings per device over the run (default one every 4 hours). */
  samplesPerDevice?: number;
  /** Every how many readings a moment is scored (default 6: once a day, at an hour that varies from printer to printer). */
  scoreEvery?: number;
  seed?: string | number;
  /** Band widening passed to the forecaster (default: its own). */
  widening?: number;
  progress(message: string): void;
}

/** Figures for one method on one group of moments. */
export interface MethodScore {
  estimated: number;
  mae: number | null;
  bias: number | null;
  coverage: number;
  inBand: number | null;
}

export interface PersonalityScore {
  personality: string;
  /** Moments where the truth was 3 to 21 days out. */
  moments: number;
  ours: MethodScore;
  baseline: MethodScore;
  /**
   * A forecaster that knows the truth now: the toner really left and the printer's true average habit
   * (the simulator's state and usage profile). What is left of its error is the future's own noise
   * (day-to-day volume and coverage, outages, a sibling colour out): a floor no forecaster gets under by much.
   */
  knowingTheTruth: MethodScore;
  /** Our pages-remaining error relative to the true pages left (bias and mean absolute), where we estimated. */
  pagesRemainingError: { bias: number; mean: number };
  /** The same, only moments after at least one whole observed cycle of that supply. */
  afterOneCycle: { moments: number; ours: MethodScore; baseline: MethodScore; knowingTheTruth: MethodScore };
  /**
   * Ours at moments when the device already said "low" for the supply, and before it did; before it did,
   * also a forecaster knowing all the truth but this cartridge's own yield draw and, on state-only gauges,
   * whether it was moved in (see SimPrinter.expectedPagesLeftAtRatedYield): the floor where the gauge says
   * nothing before "low".
   */
  byLowState: { afterLow: MethodScore; beforeLow: MethodScore; beforeLowKnowingAllButYield: MethodScore };
}

/** Colour supplies of devices that publish colour counters, forecast on colour pages and again with the counters withheld. */
export interface ColorCounterScore {
  /** `all`, or one personality. */
  personality: string;
  /** Devices with colour counters behind the figures. */
  devices: number;
  /** Moments where the truth was 3 to 21 days out (the same moments for both). */
  moments: number;
  /** As forecast: colour pages (the colour counter). */
  withCounters: MethodScore;
  /** The same readings with meters.mono and meters.color withheld: total pages, as on a device without counters. */
  withoutCounters: MethodScore;
}

export interface ForecastBenchResult {
  printers: number;
  days: number;
  seed: string;
  sampleHours: number;
  seconds: { simulate: number; score: number };
  byPersonality: PersonalityScore[];
  /** Colour-supply MAE with and without colour counters, over all such devices, then by personality. */
  colorCounters: ColorCounterScore[];
  installs: { real: number; found: number; reported: number; falseReported: number; earlySwaps1Pct: number; residualWithin5: number };
}

interface SupplyLog {
  index: number;
  partNumber: string;
  color: string | null;
  scored: boolean;
  runs: LevelObservation[];
  readings: BaselineReading[];
  /** Pages the cartridge in really still gave at the printer's average use, at each reading (the simulator's truth). */
  truePagesLeft: number[];
  /** The same counted at the part's rated yield instead of this cartridge's own, and on state-only gauges as if every install were new (expectedPagesLeftAtRatedYield). */
  pagesLeftAtRatedYield: number[];
}
interface DeviceLog {
  personality: string;
  /** The printer's true average pages per hour of the week. */
  habit: PageRate;
  times: number[];
  /** Total pages, with the colour counter where the device publishes one (meters.color of the snapshot). */
  meters: MeterSample[];
  colorCounters: boolean;
  supplies: SupplyLog[];
}

/** What a collector would upload for one supply of a snapshot: the CONTRACT level and state. */
export function readSupply(snapshot: PrinterSnapshot, index: number) {
  const w = snapshot.supplies.find((s) => s.index === index)!;
  const alerts = snapshot.alerts.filter((a) => a.group === MARKER_SUPPLIES_GROUP && a.groupIndex === index);
  const normalized = normalizeLevel({
    level: w.level, max: w.maxCapacity, unit: unitOf(w.unit), isReceptacle: w.supplyClass === 4,
    deviceSaysLow: alerts.some((a) => LOW_CODES.has(a.code)), deviceSaysEmpty: alerts.some((a) => EMPTY_CODES.has(a.code)), lowPercent: null,
  });
  return { ...normalized, raw: { level: w.level, max: w.maxCapacity, unit: unitOf(w.unit) } };
}

class Tally {
  n = 0; estimated = 0; abs = 0; err = 0; band = 0; banded = 0;
  add(estimate: number | null, truth: number, band?: [number, number]) {
    this.n++;
    if (estimate === null) return;
    this.estimated++;
    this.abs += Math.abs(estimate - truth);
    this.err += estimate - truth;
    if (band) {
      this.banded++;
      if (band[0] <= truth && truth <= band[1]) this.band++;
    }
  }
  score(): MethodScore {
    const e = this.estimated;
    return { estimated: e, mae: e ? this.abs / e : null, bias: e ? this.err / e : null, coverage: this.n ? e / this.n : 0, inBand: this.banded ? this.band / this.banded : null };
  }
}

/** A page rate from a known hour-of-week profile (the fields about learning it do not apply). */
function habitOf(perHourOfWeek: number[]): PageRate {
  const weeklyPages = perHourOfWeek.reduce((a, b) => a + b, 0);
  return { perHourOfWeek, weeklyPages, pagesPerWorkday: perHourOfWeek.slice(0, 24).reduce((a, b) => a + b, 0), dailyCv: 0, workdaysSeen: 0, daysCovered: 0 };
}

/** Simulates the fleet, reading every device as a collector would (online times only). */
function collect(options: Required<Omit<ForecastBenchOptions, 'widening'>>, simulation: Simulation): DeviceLog[] {
  const step = (options.days * DAY) / options.samplesPerDevice;
  const devices: DeviceLog[] = simulation.printers.map((p) => ({
    personality: p.model.personality, habit: habitOf(p.expectedPagesPerHourOfWeek()), times: [], meters: [], colorCounters: p.model.colorCounters,
    supplies: p.supplies.map((s) => ({ index: s.index, partNumber: s.spec.partNumber, color: s.spec.color, scored: s.spec.kind !== 'waste-toner', runs: [], readings: [], truePagesLeft: [], pagesLeftAtRatedYield: [] })),
  }));
  for (let k = 1; k <= options.samplesPerDevice; k++) {
    const t = simulation.start + Math.round(k * step);
    if (k % 500 === 0) options.progress(`simulated ${Math.round((k * step) / DAY)} of ${options.days} days`);
    devices.forEach((d, i) => {
      const snapshot = simulation.snapshotAt(i, t);
      if (!snapshot.online) return;
      d.times.push(t);
      d.meters.push({ at: t, total: snapshot.pageCount, color: snapshot.meters.color });
      for (const s of d.supplies) {
        const r = readSupply(snapshot, s.index);
        s.truePagesLeft.push(simulation.printers[i]!.expectedPagesLeft(s.index));
        s.pagesLeftAtRatedYield.push(simulation.printers[i]!.expectedPagesLeftAtRatedYield(s.index, { installsLookNew: STATE_ONLY.has(d.personality) }));
        s.readings.push({ at: t, remainingPercent: r.remainingPercent });
        const last = s.runs[s.runs.length - 1];
        if (last && last.remainingPercent === r.remainingPercent && last.state === r.state) last.lastAt = t;
        else s.runs.push({ at: t, lastAt: t, remainingPercent: r.remainingPercent, state: r.state, raw: r.raw });
      }
    });
  }
  return devices;
}

/** `tonerloop bench forecast`: days-remaining forecasts against the simulator's truth, next to the straight-line baseline. */
export function runForecastBench(input: ForecastBenchOptions): ForecastBenchResult {
  const options = { printers: 1000, days: 365, seed: 'bench', scoreEvery: 6, ...input, samplesPerDevice: input.samplesPerDevice ?? (input.days ?? 365) * 6 };
  const t0 = performance.now();
  options.progress(`simulating ${options.printers} printers for ${options.days} days (seed "${options.seed}"), reading each every ${((options.days * 24) / options.samplesPerDevice).toFixed(1)} hours`);
  const simulation = new Simulation(parseScenario({ printers: options.printers, seed: options.seed }));
  const devices = collect(options, simulation);
  const end = simulation.start + options.days * DAY;
  const t1 = performance.now();

  // Truth per supply: depletion times and install times.
  const truth = new Map<string, { depleted: number[]; depletedPages: number[]; installs: { at: number; early: boolean; residual: number }[]; events: { at: number; type: string }[] }>();
  for (const e of simulation.log.events) {
    if (e.supply === null) continue;
    const key = `${e.printer}/${e.supply}`;
    let entry = truth.get(key);
    if (!entry) truth.set(key, (entry = { depleted: [], depletedPages: [], installs: [], events: [] }));
    const at = Date.parse(e.at);
    if (e.type === 'depleted') {
      entry.depleted.push(at);
      entry.depletedPages.push(e.pageCount);
    }
    if (e.type === 'install' || e.type === 'moved-in') entry.installs.push({ at, early: e.cause === 'early-swap', residual: e.residual ?? 0 });
    if (e.type === 'depleted' || e.type === 'install' || e.type === 'moved-in') entry.events.push({ at, type: e.type });
  }

  // Cycles seen over the whole run: install detection, and monthly fleet priors from cycles already finished.
  options.progress('detecting cartridge cycles');
  const cyclesByPart = new Map<string, CartridgeCycle[]>();
  const installs = { real: 0, found: 0, reported: 0, falseReported: 0, earlySwaps1Pct: 0, residualWithin5: 0 };
  devices.forEach((d, i) => {
    const gauge = inferGauge(d.supplies.map((s) => s.runs), d.meters, end);
    const meters = continuousMeter(d.meters, end);
    for (const s of d.supplies) {
      if (!s.scored) continue;
      const { cycles } = detectCycles(s.runs, { gauge, meters, now: end, typicalYieldPages: null });
      const list = cyclesByPart.get(s.partNumber) ?? [];
      list.push(...cycles);
      cyclesByPart.set(s.partNumber, list);
      // A rise is believed once a second reading confirms it (withoutBadReads), and the simulator carries out a swap at the
      // next whole hour: an install with fewer than two readings after it cannot be told yet.
      const real = truth.get(`${i}/${s.index}`)?.installs.filter((x) => x.at > d.times[0]! && x.at + HOUR <= d.times[d.times.length - 2]!) ?? [];
      const reported = cycles.filter((c) => c.start !== 'already-in');
      installs.real += real.length;
      installs.reported += reported.length;
      const near = (a: number, b: number) => Math.abs(a - b) <= 2 * DAY;
      installs.found += real.filter((x) => reported.some((c) => near(c.installedAt, x.at))).length;
      installs.falseReported += reported.filter((c) => !real.some((x) => near(c.installedAt, x.at))).length;
      if (d.personality !== 'percent-1') continue;
      for (const x of real.filter((r) => r.early)) {
        installs.earlySwaps1Pct++;
        const before = cycles.find((c) => c.end === 'swapped' && c.endedAt !== null && near(c.endedAt, x.at));
        if (before?.residualPercent != null && Math.abs(before.residualPercent - 100 * x.residual) <= 5) installs.residualWithin5++;
      }
    }
  });
  const priorCache = new Map<string, FleetPrior | null>();
  const priorAt = (part: string, now: number) => {
    const month = Math.floor((now - simulation.start) / (30 * DAY));
    const key = `${part}/${month}`;
    if (!priorCache.has(key)) {
      const cutoff = simulation.start + month * 30 * DAY;
      priorCache.set(key, fleetPriorOf((cyclesByPart.get(part) ?? []).filter((c) => c.endedAt !== null && c.endedAt <= cutoff)));
    }
    return priorCache.get(key)!;
  };

  options.progress('forecasting at sampled moments and scoring against the truth');
  const counted = new Map<string, { devices: number; with: Tally; without: Tally }>();
  const countedOf = (name: string) => counted.get(name) ?? counted.set(name, { devices: 0, with: new Tally(), without: new Tally() }).get(name)!;
  const tallies = new Map<string, { ours: Tally; base: Tally; ours1: Tally; base1: Tally; truth: Tally; truth1: Tally; afterLow: Tally; beforeLow: Tally; beforeLowFair: Tally; pages: number[] }>();
  devices.forEach((d, i) => {
    if (i % 100 === 0) options.progress(`scored ${i} of ${devices.length} printers`);
    const tally = tallies.get(d.personality) ?? { ours: new Tally(), base: new Tally(), ours1: new Tally(), base1: new Tally(), truth: new Tally(), truth1: new Tally(), afterLow: new Tally(), beforeLow: new Tally(), beforeLowFair: new Tally(), pages: [] as number[] };
    tallies.set(d.personality, tally);
    // The same readings without the colour counter, for the colour supplies of devices that have one.
    const totalOnly = d.colorCounters ? d.meters.map((m) => ({ at: m.at, total: m.total })) : d.meters;
    const colorPages = d.colorCounters ? continuousMeter(colorMeter(d.meters)) : [];
    if (d.colorCounters) for (const name of ['all', d.personality]) countedOf(name).devices++;
    for (let j = i % options.scoreEvery; j < d.times.length; j += options.scoreEvery) {
      const now = d.times[j]!;
      let gauge: ReturnType<typeof inferGauge> | null = null;
      for (const s of d.supplies) {
        if (!s.scored) continue;
        const t = truth.get(`${i}/${s.index}`);
        const nextIndex = t ? t.depleted.findIndex((x) => x > now) : -1;
        if (nextIndex < 0) continue;
        const next = t!.depleted[nextIndex]!;
        const days = (next - now) / DAY;
        if (days < 3 || days > 21) continue;
        const lastEvent = t!.events.filter((e) => e.at <= now).pop();
        if (lastEvent?.type === 'depleted') continue; // out and waiting for a cartridge: not a forecasting moment
        gauge ??= inferGauge(d.supplies.map((x) => x.runs), d.meters, now);
        const supply = { partNumber: s.partNumber, color: s.color, levels: s.runs };
        const outcome = forecastSupply({ supply, meters: d.meters, now, gauge, prior: priorAt(s.partNumber, now), widening: options.widening });
        const f = outcome.forecast;
        const ours: [number | null, number, [number, number] | undefined] = [f ? f.daysRemaining : null, days, f ? [f.daysRemainingLow, f.daysRemainingHigh] : undefined];
        const onColorPages = d.colorCounters && isColorSupply(s.color);
        if (onColorPages) {
          const without = forecastSupply({ supply, meters: totalOnly, now, gauge, prior: priorAt(s.partNumber, now), widening: options.widening }).forecast;
          for (const name of ['all', d.personality]) {
            countedOf(name).with.add(...ours);
            countedOf(name).without.add(without ? without.daysRemaining : null, days, without ? [without.daysRemainingLow, without.daysRemainingHigh] : undefined);
          }
        }
        const base = baselineDaysRemaining(s.readings, now);
        tally.ours.add(...ours);
        let k = s.runs.length - 1;
        while (k > 0 && s.runs[k]!.at > now) k--;
        const said = s.runs[k]?.state;
        if (said === 'low') tally.afterLow.add(...ours);
        else {
          tally.beforeLow.add(...ours);
          tally.beforeLowFair.add(daysUntilPages(d.habit, now, s.pagesLeftAtRatedYield[j]!), days);
        }
        // On colour pages the truth is the colour counter at the depletion, read between the two readings around it.
        const truePagesLeft = onColorPages ? meterAt(colorPages, next)! - d.meters[j]!.color! : t!.depletedPages[nextIndex]! - d.meters[j]!.total;
        if (f) tally.pages.push((f.pagesRemaining - truePagesLeft) / Math.max(1, truePagesLeft));
        tally.base.add(base, days);
        const known = daysUntilPages(d.habit, now, s.truePagesLeft[j]!);
        tally.truth.add(known, days);
        if (t!.installs.filter((x) => x.at <= now).length >= 2) {
          tally.ours1.add(...ours);
          tally.base1.add(base, days);
          tally.truth1.add(known, days);
        }
      }
    }
  });
  const byPersonality = [...tallies].map(([personality, t]) => ({
    personality, moments: t.ours.n, ours: t.ours.score(), baseline: t.base.score(), knowingTheTruth: t.truth.score(),
    pagesRemainingError: { bias: t.pages.reduce((a, b) => a + b, 0) / Math.max(1, t.pages.length), mean: t.pages.reduce((a, b) => a + Math.abs(b), 0) / Math.max(1, t.pages.length) },
    afterOneCycle: { moments: t.ours1.n, ours: t.ours1.score(), baseline: t.base1.score(), knowingTheTruth: t.truth1.score() },
    byLowState: { afterLow: t.afterLow.score(), beforeLow: t.beforeLow.score(), beforeLowKnowingAllButYield: t.beforeLowFair.score() },
  }));
  const colorCounters = [...counted].map(([personality, c]) => ({ personality, devices: c.devices, moments: c.with.n, withCounters: c.with.score(), withoutCounters: c.without.score() }));
  const t2 = performance.now();
  return {
    printers: options.printers, days: options.days, seed: String(options.seed), sampleHours: (options.days * 24) / options.samplesPerDevice,
    seconds: { simulate: (t1 - t0) / 1000, score: (t2 - t1) / 1000 }, byPersonality, colorCounters, installs,
  };
}

const TARGETS: Record<string, string> = {
  'percent-1': '≤ 1.5', 'tenths-of-grams': '≤ 1.5', 'over-max': '≤ 1.5', 'percent-10': '≤ 2.5, ≤ ½ base', 'ricoh-near-end': '≤ 2.5, ≤ ½ base',
  'percent-25': '≤ 2.5, ≤ ½ base', 'low-only': '≤ 4 after 1 cycle', unknown: '≤ 4 after 1 cycle',
};

const fmt = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));
const pct = (x: number | null, digits = 0) => (x === null ? '—' : `${(100 * x).toFixed(digits)} %`);

/** The forecast results as table rows: per personality, ours next to the baseline. */
export function forecastTable(r: ForecastBenchResult): { header: string[]; rows: string[][] } {
  const row = (name: string, moments: number, o: MethodScore, b: MethodScore, target: string) => [
    name, String(moments), fmt(o.mae), fmt(o.bias), pct(o.coverage), pct(o.inBand), fmt(b.mae), fmt(b.bias), pct(b.coverage), target,
  ];
  const rows: string[][] = [];
  for (const p of r.byPersonality) {
    rows.push(row(p.personality, p.moments, p.ours, p.baseline, TARGETS[p.personality] ?? ''));
    rows.push(row('  a forecaster knowing the toner left and the habit', p.moments, p.knowingTheTruth, p.baseline, '').map((c, k) => (k >= 5 ? '' : c)));
    rows.push([`  pages remaining: relative bias ${pct(p.pagesRemainingError.bias)}, mean abs ${pct(p.pagesRemainingError.mean)}`, '', '', '', '', '', '', '', '', '']);
    rows.push(row(`  after one observed cycle`, p.afterOneCycle.moments, p.afterOneCycle.ours, p.afterOneCycle.baseline, ''));
    rows.push(row('    knowing the truth, after one observed cycle', p.afterOneCycle.moments, p.afterOneCycle.knowingTheTruth, p.baseline, '').map((c, k) => (k >= 5 ? '' : c)));
    const ownOnly = (name: string, score: MethodScore) => row(name, score.estimated, score, score, '').map((c, k) => (k >= 6 ? '' : c));
    rows.push(ownOnly('  once the device said "low"', p.byLowState.afterLow));
    rows.push(ownOnly('  before it said "low"', p.byLowState.beforeLow));
    rows.push(ownOnly(`    knowing all the truth but this cartridge's yield${STATE_ONLY.has(p.personality) ? ' and whether it was moved in' : ''}`, p.byLowState.beforeLowKnowingAllButYield).map((c, k) => (k >= 5 ? '' : c)));
  }
  for (const c of r.colorCounters) {
    const ownOnly = (name: string, score: MethodScore) => row(name, c.moments, score, score, '').map((cell, k) => (k >= 6 ? '' : cell));
    const all = c.personality === 'all';
    rows.push(ownOnly(all ? `colour supplies of the ${c.devices} devices with colour counters: on colour pages` : `  ${c.personality} (${c.devices} devices): on colour pages`, c.withCounters));
    rows.push(ownOnly(`${all ? '' : '  '}  the same moments, counters withheld (total pages)`, c.withoutCounters));
  }
  const i = r.installs;
  // One decimal: these targets sit next to 100 % and 0 %, where rounding would hide a miss.
  rows.push([`installs found (of ${i.real} real)`, '', pct(i.found / Math.max(1, i.real), 1), '', '', '', '', '', '', '≥ 99 %']);
  rows.push([`reported installs that were false (of ${i.reported})`, '', pct(i.falseReported / Math.max(1, i.reported), 1), '', '', '', '', '', '', '< 1 %']);
  rows.push([`early swaps on 1 % gauges: residual within 5 points (of ${i.earlySwaps1Pct})`, '', pct(i.residualWithin5 / Math.max(1, i.earlySwaps1Pct), 1), '', '', '', '', '', '', '100 %']);
  return {
    header: ['personality (truth 3–21 days out)', 'moments', 'MAE days', 'bias', 'coverage', 'in band', 'base MAE', 'base bias', 'base cover', 'target'],
    rows,
  };
}
