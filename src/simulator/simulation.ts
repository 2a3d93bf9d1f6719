import { AppError } from '../platform/errors.js';
import { DEFAULT_CATALOGUE, type ModelSpec } from './catalogue.js';
import { SimPrinter, type SupplyState } from './printer.js';
import { Random } from './random.js';
import { renderSnapshot } from './render.js';
import type { Scenario } from './scenario.js';
import type { PrinterSnapshot } from './snapshot.js';
import { TruthLog, type TruthSink } from './truth.js';
import { drawUsage } from './usage.js';

/** The true state of one supply, for scoring: what the printer would never tell. */
export interface SupplyTruth {
  index: number;
  kind: string;
  color: string | null;
  partNumber: string;
  /** True fraction left (for a waste box: free space), 0–1. */
  remaining: number;
  /** What the gauge sees (truth plus a shake's bias). */
  gauge: number;
  low: boolean;
  empty: boolean;
  installedAt: string;
}

/** The truth of one printer at its current simulated hour. */
export interface PrinterTruth {
  printer: number;
  serial: string;
  model: string;
  at: string;
  online: boolean;
  pageCount: number;
  pagesLost: number;
  supplies: SupplyTruth[];
}

/**
 * A fleet of simulated printers over one simulated timeline. Used in-process (advance a year in
 * seconds) and behind the SNMP and IPP faces (each request advances its printer lazily to "now").
 */
export class Simulation {
  readonly printers: SimPrinter[];
  readonly log = new TruthLog();
  readonly start: number;

  constructor(readonly scenario: Scenario, sinks: TruthSink[] = []) {
    this.start = Date.parse(scenario.start);
    const catalogue = scenario.catalogue ?? DEFAULT_CATALOGUE;
    const models = scenario.models ? scenario.models.map((id) => findModel(catalogue, id)) : catalogue;
    const truth: TruthSink = { record: (event) => { this.log.record(event); for (const sink of sinks) sink.record(event); } };
    const serials = new Random(`${scenario.seed}/serials`);
    const used = new Set<string>();
    this.printers = Array.from({ length: scenario.printers }, (_, id) => {
      const model = models[id % models.length]!;
      const usage = drawUsage(Random.derive(scenario.seed, `usage-${id}`), model.color);
      let serial: string;
      do serial = model.serialPrefix + String(serials.int(0, 10 ** (10 - model.serialPrefix.length) - 1)).padStart(10 - model.serialPrefix.length, '0');
      while (used.has(serial));
      used.add(serial);
      return new SimPrinter(id, serial, model, usage, scenario.behaviour, scenario.seed, this.start, truth);
    });
    for (const event of scenario.events) {
      const printer = this.printer(event.printer);
      const at = Date.parse(event.at);
      if (event.type === 'deliver') printer.deliver(event.supply ?? 1, at);
      else printer.plan(event.type, event.supply, at);
    }
  }

  /** One printer by position, or `not-found`. */
  printer(index: number): SimPrinter {
    const printer = this.printers[index];
    if (!printer) throw new AppError('not-found', `The simulation has no printer ${index} (it has ${this.printers.length}).`);
    return printer;
  }

  /** Advances every printer to `t` (epoch ms). */
  advanceAll(t: number): void {
    for (const printer of this.printers) printer.advanceTo(t);
  }

  /** What printer `index` shows on the wire at `t`, advancing it there first. */
  snapshotAt(index: number, t: number): PrinterSnapshot {
    const printer = this.printer(index);
    printer.advanceTo(t);
    return renderSnapshot(printer);
  }

  /** The truth of printer `index` at `t`, advancing it there first. */
  truthAt(index: number, t: number): PrinterTruth {
    const printer = this.printer(index);
    printer.advanceTo(t);
    return {
      printer: index,
      serial: printer.serial,
      model: printer.model.name,
      at: new Date(printer.time).toISOString(),
      online: printer.online,
      pageCount: printer.pageCount,
      pagesLost: Math.round(printer.pagesLost),
      supplies: printer.supplies.map((s) => supplyTruth(printer, s)),
    };
  }

  /** The delivery API: a cartridge for `supply` of printer `index` arrives at `at` (epoch ms). */
  deliver(index: number, supply: number, at: number): void {
    this.printer(index).deliver(supply, at);
  }
}

function supplyTruth(printer: SimPrinter, s: SupplyState): SupplyTruth {
  return {
    index: s.index, kind: s.spec.kind, color: s.spec.color, partNumber: s.spec.partNumber, remaining: s.remaining,
    gauge: printer.gauge(s), low: s.low, empty: s.empty, installedAt: new Date(s.installedAt).toISOString(),
  };
}

function findModel(catalogue: ModelSpec[], id: string): ModelSpec {
  const model = catalogue.find((m) => m.id === id);
  if (!model) throw new AppError('bad-request', `The catalogue has no model "${id}"; it has ${catalogue.map((m) => m.id).join(', ')}.`);
  return model;
}
