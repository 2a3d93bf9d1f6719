import { continuousMeter, detectCycles, fleetPriorOf, inferGauge, type CartridgeCycle, type FleetPrior, type LevelObservation, type MeterSample } from '../../forecasting/index.js';
import { businessDaysBetween } from '../../lead-times/index.js';
import { pessimisticDaysRemaining, supplyLeadTime, type ForecastView, type StockoutRiskContext } from '../../requests/index.js';
import type { SupplySpec } from '../../simulator/catalogue.js';
import type { SimPrinter } from '../../simulator/printer.js';
import { Random } from '../../simulator/random.js';
import { parseScenario } from '../../simulator/scenario.js';
import { Simulation } from '../../simulator/simulation.js';
import type { TruthEvent } from '../../simulator/truth.js';
import { readSupply } from '../forecast.js';
import { addBusinessDays, drawLeadTime } from './lead-times.js';
import { Ledger, Tally, type JitFigures, type StockoutCause } from './ledger.js';
import { lookAhead } from './look-ahead.js';
import { backOrderModel, StockEpisodes } from './stock-episodes.js';
import { oracle, StraightLine, THRESHOLD_POLICIES, tonerloopForecast, tonerloopOrders, type PolicyName, type SupplyView, type TonerloopSupply } from './policies.js';
import { jitSettings, type JitScenario } from './scenario.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A forecast is made again at least this often, and at every reading once the supply is this close to the trigger's horizon. */
const FORECAST_MAX_AGE = DAY;
const NEAR_HORIZON_DAYS = 1;
/** The device's gauge model (inferGauge over all its supplies) is taken again at most this often: it settles within days and then holds. */
const GAUGE_MAX_AGE = DAY;

/** What one fleet-year is run with. */
export interface FleetYearOptions {
  printers: number;
  days: number;
  seed: string;
  /** Days simulated before the measured year: forecasts get history, and the printers' first cartridges settle. */
  warmupDays: number;
  /** Hours between readings (the collector's poll and upload). */
  stepHours: number;
  scenario: JitScenario;
  progress(message: string): void;
}

/** One group's figures (a gauge personality or a swap habit), with its shipments (a group's share of the waste is its shipments × its waste %). */
export type GroupFigures = JitFigures & { group: string; printers: number; shipments: number };

/** One policy's fleet-year. */
export interface PolicyResult extends JitFigures {
  policy: PolicyName;
  shipments: number;
  byPersonality: GroupFigures[];
  byBehaviour: GroupFigures[];
  /** The stockout printer-days per 1,000 by what stopped the printer (nothing ordered, or an order or back order on its way that came too late). */
  stockoutsByCause: { cause: StockoutCause; stockoutDeviceDaysPer1000: number }[];
  /** Shipments of 5 business days or more (waiting for stock, then the carrier): their share and mean lead time. */
  backOrders: { sharePercent: number; meanLeadTimeBusinessDays: number };
  seconds: number;
}

interface ManagedSupply {
  index: number;
  spec: SupplySpec;
  line: StraightLine;
  runs: LevelObservation[];
  remainingPercent: number | null;
  state: SupplyView['state'];
  pagesAtInstall: number | null;
  lastInstallAt: number | null;
  openOrder: boolean;
  lastOrder: SupplyView['lastOrder'];
  orders: number;
  /**
   * A cartridge that went in, until the readings show it: a rise is believed once a second reading confirms it
   * (forecasting's withoutBadReads), and only then does a tool know of the install — loop closure included.
   */
  unconfirmedInstall: { at: number; pages: number; readings: number } | null;
  /** Median realized yield of this supply's own finished cycles, once there is one. */
  ownYieldPages: number | null;
  forecast: { view: ForecastView | null; at: number; percent: number | null; state: string } | null;
  oracle: { runsOutBareAt: number | null; until: number } | null;
}

interface DeviceState {
  /** Toners and drums: what the policies order. Waste boxes are kept supplied apart (TonerLoop orders no receptacles). */
  managed: ManagedSupply[];
  waste: number[];
  otherRuns: LevelObservation[][];
  meters: MeterSample[];
  pagesNow: number;
  /** An event since the oracle last looked ahead: its look-ahead may no longer hold. */
  changed: boolean;
  gauge: { model: ReturnType<typeof inferGauge>; at: number } | null;
}

const isManaged = (spec: SupplySpec) => spec.kind !== 'waste-toner';

/** Adds a reading to a supply's level runs the way storage keeps them: a change starts a run, the same value confirms it. */
function addRun(runs: LevelObservation[], at: number, reading: ReturnType<typeof readSupply>): void {
  const last = runs[runs.length - 1];
  if (last && last.remainingPercent === reading.remainingPercent && last.state === reading.state) last.lastAt = at;
  else runs.push({ at, lastAt: at, remainingPercent: reading.remainingPercent, state: reading.state, raw: reading.raw });
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * The fleet's priors per part number from the cycles finished so far (the forecast worker's stored cycles, read
 * monthly here), and each supply's own median realized yield (what requests.expectedYields reads for the 30 % rule).
 */
function learnFromCycles(devices: readonly DeviceState[], now: number): Map<string, FleetPrior | null> {
  const byPart = new Map<string, CartridgeCycle[]>();
  for (const d of devices) {
    if (d.meters.length === 0) continue;
    const gauge = inferGauge([...d.managed.map((m) => m.runs), ...d.otherRuns], d.meters, now);
    const meters = continuousMeter(d.meters, now);
    for (const m of d.managed) {
      const { cycles } = detectCycles(m.runs, { gauge, meters, now, typicalYieldPages: null });
      const ended = cycles.filter((c) => c.end !== 'open');
      const yields = ended.map((c) => c.realizedYield).filter((y): y is number => y !== null);
      m.ownYieldPages = yields.length > 0 ? median(yields) : null;
      const list = byPart.get(m.spec.partNumber) ?? [];
      list.push(...ended);
      byPart.set(m.spec.partNumber, list);
    }
  }
  return new Map([...byPart].map(([part, cycles]) => [part, fleetPriorOf(cycles)]));
}

/**
 * Runs one policy over the fleet-year: a fresh simulation of the same seed in `delivered` mode (a cartridge
 * arrives only when the policy ordered it), read every few hours as a collector would, the policy asked at each
 * reading, its orders delivered after a drawn business-day lead time. The same seed gives every policy the same
 * offices, printing and lead-time draws (the k-th order of a supply takes the k-th draw).
 */
export function runPolicyYear(policy: PolicyName, options: FleetYearOptions): PolicyResult {
  const started = performance.now();
  const { scenario } = options;
  const settings = jitSettings(scenario);
  // Back orders are stock-out episodes per item (stock-episodes.ts); the carrier's lead times are the rest of the list.
  const backOrders = backOrderModel(scenario.leadTimeBusinessDays);
  const riskContext: StockoutRiskContext = { leadTimes: backOrders.carrier, nextEvaluationHours: options.stepHours };
  // The service level has no fixed horizon: a forecast is kept fresh from about the longest lead time (in calendar days)
  // on — the longest carrier's days after the longest stock-out.
  const longestOf = (list: readonly { days: number }[]) => Math.max(0, ...list.map((w) => w.days));
  const longestLead = longestOf(backOrders.carrier) + longestOf(backOrders.episodeBusinessDays);
  const horizon = settings.triggerMode === 'service-level' ? Math.ceil((longestLead * 7) / 5) + 2 : settings.leadTimeDays + settings.safetyBufferDays;
  const b = scenario.behaviour;
  const devices: DeviceState[] = [];
  let ledger: Ledger | null = null;
  const sink = {
    record(event: TruthEvent) {
      ledger?.record(event);
      const d = devices[event.printer];
      if (!d || event.supply === null) return;
      if (event.type === 'delivered' || event.type === 'install' || event.type === 'moved-in' || event.type === 'depleted') d.changed = true;
      if (event.type !== 'install' && event.type !== 'moved-in') return;
      const m = d.managed.find((x) => x.index === event.supply);
      if (m) m.unconfirmedInstall = { at: Date.parse(event.at), pages: event.pageCount, readings: 0 };
    },
  };
  const simulation = new Simulation(parseScenario({
    printers: options.printers, seed: options.seed,
    behaviour: { supplyMode: 'delivered', swapHabits: { atEmpty: b.swapAtEmpty, atLow: b.swapAtLow, onArrival: b.swapOnArrival } },
  }), [sink]);
  // The truth log would keep every event of the year in memory; the ledger has what it needs.
  simulation.log.events.length = 0;
  const start = simulation.start;
  const from = start + options.warmupDays * DAY;
  const to = from + options.days * DAY;
  const step = options.stepHours * HOUR;
  const all = new Tally();
  const groups = new Map<string, Tally>();
  const groupOf = (name: string) => groups.get(name) ?? groups.set(name, new Tally()).get(name)!;
  ledger = new Ledger(simulation.printers, (p, index) => isManaged(p.supplies[index - 1]!.spec), (p) => [all, groupOf(`personality/${p.model.personality}`), groupOf(`behaviour/${p.swapHabit}`)], from, to);

  for (const p of simulation.printers) {
    devices.push({
      managed: p.supplies.filter((s) => isManaged(s.spec)).map((s) => ({
        index: s.index, spec: s.spec, line: new StraightLine(), runs: [], remainingPercent: null, state: 'unknown', pagesAtInstall: null, lastInstallAt: null,
        openOrder: false, lastOrder: null, orders: 0, unconfirmedInstall: null, ownYieldPages: null, forecast: null, oracle: null,
      })),
      waste: p.supplies.filter((s) => !isManaged(s.spec)).map((s) => s.index),
      otherRuns: p.supplies.filter((s) => !isManaged(s.spec)).map(() => []),
      meters: [], pagesNow: p.pageCount, changed: true, gauge: null,
    });
  }

  const episodes = new StockEpisodes(options.seed, backOrders, start, to);
  // The carrier's days are drawn per order (the k-th order of a supply takes the k-th draw under every policy); an order
  // placed while its item is out of stock first waits for the restock. `carrierDays` lets a consolidated shipment share one draw.
  const leadTimeOf = (printer: number, m: ManagedSupply, at: number, carrierDays = drawLeadTime(backOrders.carrier, Random.derive(options.seed, `lead/${printer}/${m.index}/${m.orders}`))) => {
    const episode = episodes.at(m.spec.partNumber, at);
    return carrierDays + (episode ? businessDaysBetween(at, episode.end) : 0);
  };
  /**
   * The item's stock as a dealer's stock module shows it to TonerLoop's trigger: free on the shelf, or out with the
   * supplier's promised date (which may slip: stock-episodes.ts) as the open purchase order's expected date.
   */
  const stockOf = (m: ManagedSupply, at: number) => {
    const episode = episodes.at(m.spec.partNumber, at);
    return { description: m.spec.partNumber, freeUnits: episode ? 0 : 1, nextExpectedAt: episode?.promisedEnd ?? null, supplierLeadTimeDays: 7 };
  };
  const order = (printer: number, m: ManagedSupply, at: number, leadTime = leadTimeOf(printer, m, at)) => {
    const arrivesAt = addBusinessDays(at, leadTime);
    simulation.deliver(printer, m.index, arrivesAt);
    m.orders++;
    m.openOrder = true;
    m.lastOrder = { at, pages: devices[printer]!.pagesNow, remainingPercent: m.remainingPercent };
    ledger!.shipped(printer, at, m.index, arrivesAt, leadTime);
    // The oracle's look-ahead must see the delivery now on its way.
    devices[printer]!.changed = true;
  };

  let priors = new Map<string, FleetPrior | null>();
  let priorsAt = start;
  for (let t = start + step; t <= to; t += step) {
    const warmingUp = t <= from;
    if (t === from) ledger.open(simulation.printers);
    if ((t - start) % (30 * DAY) === 0) options.progress(`${policy}: day ${Math.round((t - from) / DAY)} of ${options.days}`);
    if (policy === 'tonerloop' && t - priorsAt >= 30 * DAY) {
      priors = learnFromCycles(devices, t);
      priorsAt = t;
    }
    simulation.printers.forEach((printer, i) => {
      const d = devices[i]!;
      printer.advanceTo(t);
      // Waste boxes are outside the comparison: a spare box is always on the shelf.
      for (const w of d.waste) if (printer.supplies[w - 1]!.spares === 0) simulation.deliver(i, w, t);
      // Before the measured year an empty supply nobody ordered gets a cartridge at once (the customer's own stock).
      if (warmingUp) for (const m of d.managed) if (printer.supplies[m.index - 1]!.empty && printer.supplies[m.index - 1]!.spares === 0 && !m.openOrder) simulation.deliver(i, m.index, t);
      if (!printer.online) return;
      const snapshot = simulation.snapshotAt(i, t);
      d.pagesNow = snapshot.pageCount;
      if (policy === 'tonerloop') d.meters.push({ at: t, total: snapshot.pageCount, color: snapshot.meters.color });
      for (const m of d.managed) {
        const r = readSupply(snapshot, m.index);
        m.remainingPercent = r.remainingPercent;
        m.state = r.state;
        const install = m.unconfirmedInstall;
        if (install && ++install.readings >= 2) {
          // Loop closure: the order is done once its cartridge is seen in (the install from the truth, seen when the readings confirm it).
          m.openOrder = false;
          m.pagesAtInstall = install.pages;
          m.lastInstallAt = install.at;
          m.unconfirmedInstall = null;
          // The forecast worker recomputes on this upload: the new cartridge's cycle begins.
          m.forecast = null;
        }
        if (policy === 'tonerloop') addRun(m.runs, t, r);
        else m.line.add(t, r.remainingPercent);
      }
      if (policy === 'tonerloop') d.waste.forEach((w, k) => addRun(d.otherRuns[k]!, t, readSupply(snapshot, w)));
      decide(policy, i, printer, d, t);
    });
  }
  ledger.close(simulation.printers);

  function decide(name: PolicyName, i: number, printer: SimPrinter, d: DeviceState, t: number): void {
    if (name === 'tonerloop') return decideTonerloop(i, d, t);
    if (name === 'oracle') return decideOracle(i, printer, d, t);
    const rule = THRESHOLD_POLICIES[name];
    for (const m of d.managed) {
      const view: SupplyView = {
        remainingPercent: m.remainingPercent, state: m.state, pagesNow: d.pagesNow, pagesAtInstall: m.pagesAtInstall, ratedYield: m.spec.ratedYield,
        straightLineDays: m.line.daysRemaining(t), lastOrder: m.lastOrder, openOrder: m.openOrder,
      };
      if (rule(view, t).order) order(i, m, t);
    }
  }

  function decideTonerloop(i: number, d: DeviceState, t: number): void {
    const gaugeOf = () => {
      if (!d.gauge || t - d.gauge.at >= GAUGE_MAX_AGE) d.gauge = { model: inferGauge([...d.managed.map((x) => x.runs), ...d.otherRuns], d.meters, t), at: t };
      return d.gauge.model;
    };
    for (const m of d.managed) {
      const f = m.forecast;
      // The forecast worker recomputes after every upload; between two recomputes the trigger projects the stored one to
      // its `now` (as production does). Recomputing is what costs, so it is done when it can change the decision: a day
      // old, the level or state moved, or the supply close to the trigger's horizon.
      const days = f ? pessimisticDaysRemaining(f.view, t) : null;
      const stale = !f || t - f.at >= FORECAST_MAX_AGE || f.state !== m.state || (f.percent !== m.remainingPercent && (m.remainingPercent === null || f.percent === null || Math.abs(f.percent - m.remainingPercent) >= 5 || m.remainingPercent > f.percent))
        || (days !== null && days <= horizon + NEAR_HORIZON_DAYS);
      if (!stale || m.openOrder) continue;
      const view = tonerloopForecast({ partNumber: m.spec.partNumber, color: m.spec.color, levels: m.runs, meters: d.meters, gauge: gaugeOf(), prior: priors.get(m.spec.partNumber) ?? null, now: t });
      m.forecast = { view, at: t, percent: m.remainingPercent, state: m.state };
    }
    const supplies: TonerloopSupply[] = d.managed.map((m) => ({
      index: m.index, color: m.spec.kind === 'toner' ? m.spec.color : null, remainingPercent: m.remainingPercent, state: m.state, forecast: m.forecast?.view ?? null,
      // What the stock module says of the item, through production's own rule (the reason's words are not needed here),
      // on the distribution production gives a new dealer's site: the whole list, back orders included — the site has
      // no deliveries to learn from, and a part on the shelf now may be out by the time its order is placed.
      riskContext: { ...riskContext, leadTimes: supplyLeadTime(scenario.leadTimeBusinessDays, stockOf(m, t), t).leadTimes },
      lastOrder: m.lastOrder, openOrder: m.openOrder, lastInstallAt: m.lastInstallAt, expectedYieldPages: m.ownYieldPages ?? priors.get(m.spec.partNumber)?.yieldPages ?? null,
    }));
    const decided = tonerloopOrders({ pagesNow: d.pagesNow, lastSeenAt: t, lastMeterAt: t, supplies }, settings, t, riskContext);
    if (decided.supplyIndexes.length === 0) return;
    // A consolidated request travels as one shipment: the anchor's carrier draw for all of it, each item after its own restock.
    const anchor = d.managed.find((m) => m.index === decided.supplyIndexes[0])!;
    const carrierDays = drawLeadTime(backOrders.carrier, Random.derive(options.seed, `lead/${i}/${anchor.index}/${anchor.orders}`));
    for (const index of decided.supplyIndexes) {
      const m = d.managed.find((x) => x.index === index)!;
      order(i, m, t, leadTimeOf(i, m, t, carrierDays));
    }
  }

  function decideOracle(i: number, printer: SimPrinter, d: DeviceState, t: number): void {
    for (const m of d.managed) {
      if (d.changed || !m.oracle || t >= m.oracle.until) m.oracle = lookAhead(printer, m.index, t);
    }
    d.changed = false;
    for (const m of d.managed) {
      // It knows the actual lead time of an order now and of one at the next reading (its item's stock included).
      const leadTime = leadTimeOf(i, m, t);
      const nextLeadTime = leadTimeOf(i, m, t + step);
      const onTheWayAt = printer.deliveriesOnTheWay(m.index)[0] ?? null;
      if (oracle({ runsOutBareAt: m.oracle?.runsOutBareAt ?? null, onTheWayAt, leadTimeBusinessDays: leadTime, nextLeadTimeBusinessDays: nextLeadTime, stepMs: step }, t).order) {
        order(i, m, t, leadTime);
        m.oracle = lookAhead(printer, m.index, t);
      }
    }
  }

  const figures = all.figures(options.days);
  const grouped = (prefix: string) => [...groups].filter(([name]) => name.startsWith(prefix))
    .map(([name, tally]) => ({ group: name.slice(prefix.length), printers: tally.printers, shipments: tally.shipments, ...tally.figures(options.days) }));
  return {
    policy, ...figures, shipments: all.shipments, byPersonality: grouped('personality/'), byBehaviour: grouped('behaviour/'), stockoutsByCause: all.stockoutsByCause(options.days), backOrders: all.backOrderShare(),
    seconds: (performance.now() - started) / 1000,
  };
}
