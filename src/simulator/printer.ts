import type { ModelSpec, SupplySpec } from './catalogue.js';
import type { Behaviour, SwapHabit } from './behaviour.js';
import { alertFor, type ActiveAlert } from './alerts.js';
import { Random } from './random.js';
import type { TruthEvent, TruthSink } from './truth.js';
import { expectedDay, HOUR_WEIGHTS, planDay, type DayPlan, type UsageProfile } from './usage.js';

export const HOUR = 3_600_000;
const ISO_PAGE = 0.05; // rated yields assume 5 % coverage
const ANY_CARTRIDGE = -2; // an action planned from outside applies to whatever cartridge is in by then

/** The true state of one supply slot. For a waste box, `remaining` is the free space. */
export interface SupplyState {
  readonly index: number;
  readonly spec: SupplySpec;
  remaining: number;
  /** Pages at 5 % this cartridge really yields (varies around the rated yield). */
  realYield: number;
  /** What was left when this cartridge went in (1 for a new one). */
  startRemaining: number;
  /** Extra the gauge shows after a shake or re-seat; decays as toner is used. */
  gaugeBias: number;
  low: boolean;
  empty: boolean;
  /** Bumped at every install, so actions planned for the old cartridge are dropped. */
  generation: number;
  installedAt: number;
  /** Cartridges delivered through the simulator's delivery API, waiting on the shelf. */
  spares: number;
}

type ActionType = 'replace' | 'move-in' | 'early-swap' | 'shake' | 'offline' | 'online' | 'delivery';
interface Action { at: number; type: ActionType; supply: number | null; generation: number }

/** One simulated printer: its model, its users' habits, and the truth of its supplies, advanced hour by hour. */
export class SimPrinter {
  /** Start of the hour up to which the state is computed. */
  time: number;
  pageCount: number;
  /** Pages with any colour on them, of `pageCount` (the rest are mono): what vendor colour counters count. */
  colorPageCount: number;
  online = true;
  poweredOnAt: number;
  readonly supplies: SupplyState[];
  readonly alerts: ActiveAlert[] = [];
  /** Pages the users wanted but could not print because a supply was out or the printer was off. */
  pagesLost = 0;
  private nextAlertIndex = 1;
  private pageFraction = 0;
  private colorPageFraction = 0;
  private day: DayPlan = { pages: 0, colorPages: 0, blackCoverage: 0, colorCoverage: 0 };
  private readonly actions: Action[] = [];
  private readonly random: Random;
  /**
   * What people and cartridges draw (delays, swaps, shakes, yields of new cartridges). In `delivered` mode a stream
   * of its own, so the printing (days planned, outages) does not depend on when deliveries come: every
   * replenishment policy run on one seed meets the same offices. In `self` mode the printer's one stream, as always.
   */
  private readonly people: Random;
  /** When this printer's people swap in a cartridge waiting on the shelf. */
  readonly swapHabit: SwapHabit;

  constructor(
    readonly id: number,
    readonly serial: string,
    readonly model: ModelSpec,
    readonly usage: UsageProfile,
    private readonly behaviour: Behaviour,
    seed: string | number,
    start: number,
    private readonly truth: TruthSink,
  ) {
    this.random = Random.derive(seed, `printer-${id}`);
    this.people = behaviour.supplyMode === 'delivered' ? Random.derive(seed, `printer-${id}/people`) : this.random;
    this.swapHabit = drawHabit(behaviour.swapHabits, Random.derive(seed, `habit-${id}`));
    this.time = Math.floor(start / HOUR) * HOUR;
    this.poweredOnAt = this.time - this.random.uniform(1, 30 * 24) * HOUR;
    this.pageCount = Math.round(this.random.uniform(500, 150_000));
    // The life before the simulation at the office's colour share: no draw, so the printer's random stream is what it was.
    this.colorPageCount = Math.round(this.pageCount * usage.colorShare);
    // A fleet is never freshly installed: each supply starts part-way through its life.
    this.supplies = model.supplies.map((spec, i) => {
      const remaining = this.random.uniform(0.05, 1);
      return { index: i + 1, spec, remaining, startRemaining: remaining, realYield: this.drawYield(spec), gaugeBias: 0, low: false, empty: false, generation: 0, installedAt: this.time, spares: 0 };
    });
    if (this.time % (24 * HOUR) !== 0) this.day = planDay(usage, new Date(this.time - (this.time % (24 * HOUR))), this.random);
  }

  /** Advances the true state to the last whole hour at or before `t` (epoch ms). */
  advanceTo(t: number): void {
    while (this.time + HOUR <= t) this.stepHour();
  }

  /** A cartridge for supply `index` arrives at the printer at `at` (epoch ms): the delivery API. */
  deliver(index: number, at: number): void {
    if (!this.supplies.some((s) => s.index === index)) throw new RangeError(`Printer ${this.serial} has no supply ${index}.`);
    this.schedule({ at: Math.max(at, this.time), type: 'delivery', supply: index, generation: -1 });
  }

  /** When the cartridges for supply `index` sent through the delivery API and not arrived yet will arrive, soonest first. */
  deliveriesOnTheWay(index: number): number[] {
    return this.actions.filter((a) => a.type === 'delivery' && a.supply === index).map((a) => a.at);
  }

  /** Plans an event at `at` whatever cartridge is in then (scenario files use this): a shake, an outage, a part-used cartridge moved in. */
  plan(type: 'shake' | 'offline' | 'move-in', supply: number | null, at: number): void {
    if (supply !== null && !this.supplies.some((s) => s.index === supply)) throw new RangeError(`Printer ${this.serial} has no supply ${supply}.`);
    this.schedule({ at: Math.max(at, this.time), type, supply, generation: ANY_CARTRIDGE });
  }

  /** What the gauge sees of a supply (truth plus a shake's bias), 0–1. */
  gauge(state: SupplyState): number {
    return Math.min(1, state.remaining + state.gaugeBias);
  }

  private stepHour(): void {
    const start = this.time;
    while (this.actions.length > 0 && this.actions[0]!.at <= start) this.apply(this.actions.shift()!);
    const hour = new Date(start).getUTCHours();
    if (hour === 0) this.planNewDay(start);
    const wanted = this.day.pages * HOUR_WEIGHTS[hour]!;
    if (wanted > 0) {
      if (!this.online || this.supplies.some((s) => s.empty)) this.pagesLost += wanted;
      else this.print(wanted, start);
    }
    this.time = start + HOUR;
  }

  private planNewDay(dayStart: number): void {
    this.day = planDay(this.usage, new Date(dayStart), this.random);
    if (this.online && this.random.chance(this.behaviour.offlinePerDayProbability)) {
      const at = dayStart + this.random.int(0, 23) * HOUR;
      this.schedule({ at, type: 'offline', supply: null, generation: -1 });
    }
  }

  /** Prints `pages` during the hour from `start`, stopping at the moment a supply runs out. */
  private print(pages: number, start: number): void {
    const use = this.supplies.map((s) => this.usePerPage(s, this.day));
    let share = 1;
    this.supplies.forEach((s, i) => {
      const perHour = use[i]! * pages;
      if (perHour > s.remaining) share = Math.min(share, s.remaining / perHour);
    });
    const printed = pages * share;
    this.pagesLost += pages - printed;
    this.pageFraction += printed;
    this.pageCount += Math.floor(this.pageFraction);
    this.pageFraction -= Math.floor(this.pageFraction);
    this.colorPageFraction += this.day.pages > 0 ? (printed * this.day.colorPages) / this.day.pages : 0;
    this.colorPageCount = Math.min(this.pageCount, this.colorPageCount + Math.floor(this.colorPageFraction));
    this.colorPageFraction -= Math.floor(this.colorPageFraction);
    const at = start + share * HOUR;
    this.supplies.forEach((s, i) => {
      const used = use[i]! * printed;
      s.remaining = Math.max(0, s.remaining - used);
      s.gaugeBias = Math.max(0, s.gaugeBias - used);
      if (s.remaining <= 1e-12 && use[i]! > 0 && !s.empty) this.runOut(s, at);
      else this.checkLow(s, Math.round(start + HOUR / 2));
    });
  }

  /** Pages the printer prints on average in each hour of the week (Monday 00:00 UTC first, holidays aside): its habit as truth. */
  expectedPagesPerHourOfWeek(): number[] {
    const workday = expectedDay(this.usage, false).pages;
    const weekend = expectedDay(this.usage, true).pages;
    return Array.from({ length: 168 }, (_, h) => (h < 120 ? workday : weekend) * HOUR_WEIGHTS[h % 24]!);
  }

  /** Pages the cartridge in slot `index` now still gives at the printer's average use: the truth a forecaster could at best know. */
  expectedPagesLeft(index: number): number {
    const s = this.supply(index);
    const perPage = this.usePerPage(s, expectedDay(this.usage, false));
    return perPage > 0 ? s.remaining / perPage : Infinity;
  }

  /**
   * Pages left as a forecaster would put them that knows all the truth but this cartridge's own yield
   * draw (what was in it at install, the printer's habit and coverage, the pages since): toner used is
   * counted at the part's rated yield. Before a state-only gauge says "low" nothing tells a cartridge
   * that yields 8 % more from one that yields 8 % less, so this is the floor for such gauges. Nor does
   * such a gauge tell a part-used cartridge moved in from a new one: with `installsLookNew`, a cartridge
   * put in during the run is taken to have started full.
   */
  expectedPagesLeftAtRatedYield(index: number, options: { installsLookNew?: boolean } = {}): number {
    const s = this.supply(index);
    const start = options.installsLookNew && s.generation > 0 ? 1 : s.startRemaining;
    const perPage = this.usePerPage(s, expectedDay(this.usage, false)) * (s.realYield / s.spec.ratedYield);
    const left = start - (s.startRemaining - s.remaining) * (s.realYield / s.spec.ratedYield);
    return perPage > 0 ? Math.max(0, left) / perPage : Infinity;
  }

  private usePerPage(s: SupplyState, day: DayPlan): number {
    const colorShare = day.pages > 0 ? day.colorPages / day.pages : 0;
    switch (s.spec.kind) {
      case 'toner':
        return s.spec.color === 'black' || s.spec.color === null
          ? day.blackCoverage / ISO_PAGE / s.realYield
          : (colorShare * day.colorCoverage) / ISO_PAGE / s.realYield;
      case 'drum':
      case 'waste-toner':
        return 1 / s.realYield;
    }
  }

  private checkLow(s: SupplyState, at: number): void {
    const low = this.gauge(s) * 100 <= this.model.lowPercent;
    if (low === s.low) return;
    s.low = low;
    if (!low) return this.clearAlerts(s.index);
    this.raiseAlert(s, 'low', at);
    this.record(s, 'low', at);
    if (this.people.chance(this.behaviour.shakeProbability)) this.schedule({ at: at + this.people.uniform(1, 72) * HOUR, type: 'shake', supply: s.index, generation: s.generation });
    if (this.people.chance(this.behaviour.earlySwapProbability)) {
      this.schedule({ at: at + this.people.uniform(...this.behaviour.earlySwapDelayHours) * HOUR, type: 'early-swap', supply: s.index, generation: s.generation });
    }
    if (this.swapHabit === 'at-low' && s.spares > 0) this.scheduleSwapFromShelf(s, at);
  }

  /** People who swap at "low" or on arrival put the cartridge from the shelf in once they get to it. */
  private scheduleSwapFromShelf(s: SupplyState, from: number): void {
    this.schedule({ at: from + this.people.uniform(...this.behaviour.replacementDelayHours) * HOUR, type: 'early-swap', supply: s.index, generation: s.generation });
  }

  private runOut(s: SupplyState, at: number): void {
    s.remaining = 0;
    s.gaugeBias = 0;
    s.empty = true;
    s.low = true;
    this.clearAlerts(s.index);
    this.raiseAlert(s, 'empty', at);
    this.record(s, 'depleted', at);
    if (this.behaviour.supplyMode === 'self' || s.spares > 0) this.scheduleReplacement(s, at);
  }

  private scheduleReplacement(s: SupplyState, from: number): void {
    this.schedule({ at: from + this.people.uniform(...this.behaviour.replacementDelayHours) * HOUR, type: 'replace', supply: s.index, generation: s.generation });
  }

  private apply(action: Action): void {
    const s = action.supply === null ? undefined : this.supply(action.supply);
    const current = s !== undefined && (action.generation === s.generation || action.generation === ANY_CARTRIDGE);
    switch (action.type) {
      case 'replace':
        if (current && (s.spares > 0 || this.behaviour.supplyMode === 'self')) this.install(s, s.spares > 0 ? 'delivered' : 'replacement', action.at);
        break;
      case 'move-in':
        if (current) this.install(s, 'replacement', action.at, true);
        break;
      case 'early-swap':
        if (current && !s.empty && (s.spares > 0 || this.behaviour.supplyMode === 'self')) this.install(s, 'early-swap', action.at);
        break;
      case 'shake':
        if (current && !s.empty) {
          s.gaugeBias += this.people.uniform(0.03, 0.1);
          this.record(s, 'shaken', action.at);
          this.checkLow(s, action.at);
        }
        break;
      case 'delivery':
        if (s) {
          s.spares += 1;
          this.record(s, 'delivered', action.at);
          if (s.empty) this.scheduleReplacement(s, action.at);
          else if (this.swapHabit === 'on-arrival' || (this.swapHabit === 'at-low' && s.low)) this.scheduleSwapFromShelf(s, action.at);
        }
        break;
      case 'offline':
        if (this.online) {
          this.online = false;
          this.recordPrinter('offline', action.at);
          this.schedule({ at: action.at + this.random.uniform(...this.behaviour.offlineHours) * HOUR, type: 'online', supply: null, generation: -1 });
        }
        break;
      case 'online':
        this.online = true;
        this.poweredOnAt = action.at;
        this.recordPrinter('online', action.at);
        break;
    }
  }

  private install(s: SupplyState, cause: 'replacement' | 'early-swap' | 'delivered', at: number, forceMoved = false): void {
    const residual = s.remaining;
    const moved = forceMoved || (cause === 'replacement' && this.people.chance(this.behaviour.movedCartridgeProbability));
    if (cause === 'delivered' || (cause === 'early-swap' && s.spares > 0)) s.spares -= 1;
    s.remaining = s.startRemaining = moved ? this.people.uniform(0.3, 0.8) : 1;
    s.realYield = this.drawYield(s.spec, this.people);
    s.gaugeBias = 0;
    s.empty = false;
    s.low = false;
    s.generation += 1;
    s.installedAt = at;
    this.clearAlerts(s.index);
    this.record(s, moved ? 'moved-in' : 'install', at, { cause, residual });
    this.checkLow(s, at);
  }

  private drawYield(spec: SupplySpec, random = this.random): number {
    return spec.ratedYield * Math.max(0.6, random.normal(1, this.behaviour.yieldSpread));
  }

  /**
   * A copy of this printer that goes on exactly as this one would (same state, plans and random streams) and
   * tells its truth to `truth` instead: for looking ahead (what an oracle knows) without touching this one.
   */
  fork(truth: TruthSink): SimPrinter {
    const copy = Object.create(SimPrinter.prototype) as SimPrinter;
    Object.assign(copy, this);
    const fields = copy as unknown as { supplies: SupplyState[]; alerts: ActiveAlert[]; actions: Action[]; day: DayPlan; random: Random; people: Random; truth: TruthSink };
    fields.supplies = this.supplies.map((s) => ({ ...s }));
    fields.alerts = this.alerts.map((a) => ({ ...a }));
    fields.actions = this.actions.map((a) => ({ ...a }));
    fields.day = { ...this.day };
    fields.random = this.random.clone();
    fields.people = this.people === this.random ? fields.random : this.people.clone();
    fields.truth = truth;
    return copy;
  }

  private schedule(action: Action): void {
    let i = this.actions.length;
    while (i > 0 && this.actions[i - 1]!.at > action.at) i--;
    this.actions.splice(i, 0, action);
  }

  private supply(index: number): SupplyState {
    return this.supplies.find((s) => s.index === index)!;
  }

  private raiseAlert(s: SupplyState, kind: 'low' | 'empty', at: number): void {
    this.alerts.push({ ...alertFor(s.spec, s.index, kind), alertIndex: this.nextAlertIndex++, at });
  }

  private clearAlerts(index: number): void {
    for (let i = this.alerts.length - 1; i >= 0; i--) if (this.alerts[i]!.supply === index) this.alerts.splice(i, 1);
  }

  private record(s: SupplyState, type: TruthEvent['type'], at: number, extra: Pick<TruthEvent, 'cause' | 'residual'> = {}): void {
    this.truth.record({ at: new Date(at).toISOString(), printer: this.id, serial: this.serial, supply: s.index, type, remaining: s.remaining, pageCount: this.pageCount, ...extra });
  }

  private recordPrinter(type: 'offline' | 'online', at: number): void {
    this.truth.record({ at: new Date(at).toISOString(), printer: this.id, serial: this.serial, supply: null, type, remaining: null, pageCount: this.pageCount });
  }
}

function drawHabit(weights: Behaviour['swapHabits'], random: Random): SwapHabit {
  const total = weights.atEmpty + weights.atLow + weights.onArrival;
  // A fleet of one habit draws nothing.
  if (weights.atEmpty === total) return 'at-empty';
  if (weights.atLow === total) return 'at-low';
  if (weights.onArrival === total) return 'on-arrival';
  const x = random.uniform(0, total);
  return x < weights.atEmpty ? 'at-empty' : x < weights.atEmpty + weights.atLow ? 'at-low' : 'on-arrival';
}
