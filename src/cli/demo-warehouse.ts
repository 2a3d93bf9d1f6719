import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { ModelSpec } from '../simulator/catalogue.js';
import type { Simulation } from '../simulator/simulation.js';
import { DemoApiError, type DemoClient } from './demo-client.js';
import { SimulatedOperator, type ApiJob, type ApiJobLine, type Shelf } from './demo-operator.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * How long (printer time) each person takes: the dispatcher releases a booked job after a few hours (long enough for the
 * hourly job creator to add other toner due for the printer: one shipment), the operator picks and packs it the same
 * day and hands it to the carrier, and the carrier delivers the next working day, somewhere between 20 and 40 hours.
 */
export const DEMO_TIMES: DemoTimes = { releaseAfterMs: 4 * HOUR, packAfterMs: 3 * HOUR, dispatchPackedAfterMs: 2 * HOUR, transitMs: (number: string) => (20 + (Number(number.replace(/\D/g, '')) % 5) * 5) * HOUR };
/** How long each simulated person waits before their step, in printer time; transit by job number. */
export interface DemoTimes {
  releaseAfterMs: number;
  packAfterMs: number;
  dispatchPackedAfterMs: number;
  transitMs(number: string): number;
}
/** The usual trip from booked to delivered, for the demo's banner. */
export const DEMO_TRIP_MS = DEMO_TIMES.releaseAfterMs + DEMO_TIMES.packAfterMs + 30 * HOUR;
// A supplier delivery tops the shelves up once a printer week.
const RESTOCK_EVERY_MS = 7 * DAY;

/** A stock item the demo keeps on its shelf: how many boxes (par), at which bin. */
export interface DemoStock {
  sku: string;
  par: number;
  bin: string;
}

/** One stock item per cartridge, drum and waste box the simulated models take, how many of them to keep on the shelf, and its bin. */
export function demoStockCatalogue(models: readonly ModelSpec[], printersOf: (modelId: string) => number) {
  const items = new Map<string, { sku: string; description: string; kind: string; color: string | null; yieldPages: number; partNumbers: string[]; par: number; bin: string }>();
  for (const model of models) {
    for (const supply of model.supplies) {
      const item = items.get(supply.partNumber) ?? { sku: supply.partNumber, description: supply.description, kind: supply.kind, color: supply.color, yieldPages: supply.ratedYield, partNumbers: [supply.partNumber], par: 2, bin: `A-${String(items.size + 1).padStart(2, '0')}` };
      // Two spare, plus one for each printer that takes it: a week's demand never empties the shelf.
      item.par += printersOf(model.id);
      items.set(supply.partNumber, item);
    }
  }
  return [...items.values()];
}

/** The simulated people, each logged in to the API with their own account, the printers' clock, and the printers delivered to. */
export interface SimulatedWarehouseOptions {
  dispatcher: DemoClient;
  operator: DemoClient;
  carrier: DemoClient;
  clock: Clock;
  logger: Logger;
  simulation: Simulation;
  stock: readonly DemoStock[];
  /** The unit labels on the shelf a previous run counted in, by SKU. */
  shelf?: Record<string, string[]>;
  /** The operator's bench (scan station) and carrier. */
  bench?: string;
  carrierName?: string;
  /** Waits other than the demo's (a test's faster carrier). */
  times?: Partial<DemoTimes>;
}

const what = (lines: readonly Pick<ApiJobLine, 'color' | 'kind' | 'sku'>[]) => lines.map((l) => `${[l.color, l.kind].filter(Boolean).join(' ')} ${l.sku}`).join(', ');
const since = (job: ApiJob, now: Date) => now.getTime() - Date.parse(job.statusChangedAt);
const excessPending = (job: ApiJob) => job.excess !== null && job.excess.confirmedAt === null;

/**
 * The demo's warehouse with nothing stood in: a simulated dispatcher releases booked jobs to the warehouse, a simulated
 * operator receives stock by scanning, picks ready jobs from their pick list, packs them by scanning unit and order label
 * pairs at the scan station and dispatches them with a tracking number, and a simulated carrier confirms delivery through
 * the delivery API after a realistic transit; the delivered cartridges go on the simulated printer's shelf, where the
 * printer takes them when the old one runs out, so the loop closes. All of it through the HTTP API, each person with their
 * own login (the job's history names them), after realistic waits in printer time. A job flagged for excess supply is
 * left for a person to confirm on its job page, as a dispatcher would; a job a person has started packing at another
 * station is finished by whoever scans its last unit. Tells the person at the terminal what happens, one line each.
 */
export class SimulatedWarehouse {
  private readonly said = new Set<string>();
  private readonly serials: Map<string, number>;
  private readonly operator: SimulatedOperator;
  private primed = false;
  private restockedAt: number | null = null;
  private readonly times: DemoTimes;

  constructor(private readonly options: SimulatedWarehouseOptions) {
    this.times = { ...DEMO_TIMES, ...options.times };
    this.serials = new Map(options.simulation.printers.map((p, i) => [p.serial, i]));
    const shelf: Shelf = new Map(Object.entries(options.shelf ?? {}));
    this.operator = new SimulatedOperator(options.operator, shelf, { bench: options.bench ?? 'bench-1', goodsIn: 'goods-in', carrier: options.carrierName ?? 'DPD' });
  }

  /** The unit labels on the shelf, by SKU, for the demo to keep between runs. */
  shelf(): Record<string, string[]> {
    return Object.fromEntries(this.operator.shelf);
  }

  /** One pass: restock, release, pack and dispatch, deliver, and say what happened. */
  async step(): Promise<void> {
    const now = this.options.clock.now();
    await this.restock(now);
    // Read once a pass: the dispatcher releases from it, and the narration says what the job module booked.
    const booked = await this.jobs('booked');
    await this.release(booked, now);
    await this.packAndDispatch(now);
    await this.deliver(now);
    await this.narrate(booked);
    this.primed = true;
  }

  /** Says a line once (not on the first pass, which learns what is there already, so a restarted demo does not repeat itself). */
  private say(key: string, message: string, fields: Record<string, unknown>, always = false): void {
    if (this.said.has(key)) return;
    this.said.add(key);
    if (this.primed || always) this.options.logger.info({ notice: true, ...fields }, message);
  }

  private async jobs(status: string, limit = 500): Promise<ApiJob[]> {
    return (await this.options.dispatcher.get<{ items: ApiJob[] }>(`/jobs?status=${status}&limit=${limit}`)).items;
  }

  /** A supplier's delivery once a printer week: the operator receives each item up to its par and scans every box in. */
  private async restock(now: Date): Promise<void> {
    if (this.restockedAt !== null && now.getTime() - this.restockedAt < RESTOCK_EVERY_MS) return;
    let boxes = 0;
    for (const item of this.options.stock) {
      const short = item.par - (this.operator.shelf.get(item.sku)?.length ?? 0);
      if (short > 0) boxes += await this.operator.receive(item.sku, short, item.bin);
    }
    this.restockedAt = now.getTime();
    if (boxes > 0) this.options.logger.info({ notice: true, boxes }, `The warehouse received ${boxes} boxes from the supplier and scanned each one in at its bin.`);
  }

  /** The dispatcher releases booked jobs to the warehouse after a few hours, unless one waits for an excess confirmation. */
  private async release(booked: readonly ApiJob[], now: Date): Promise<void> {
    for (const job of booked) {
      if (since(job, now) < this.times.releaseAfterMs || excessPending(job)) continue;
      await this.options.dispatcher.post(`/jobs/${job.id}/status`, { status: 'ready', comment: 'Released to the warehouse.' }).catch((error: unknown) => this.leftAlone(error, job));
    }
  }

  /** The operator finishes the job on its bench first, then packs each job ready for a few hours and hands it to the carrier. */
  private async packAndDispatch(now: Date): Promise<void> {
    const ready = await this.jobs('ready');
    const onBench = await this.operator.benchJob();
    const order = [...ready.filter((j) => j.id === onBench), ...ready.filter((j) => j.id !== onBench && since(j, now) >= this.times.packAfterMs)];
    for (const job of order) {
      const packed = await this.operator.pack(job).catch((error: unknown) => ({ done: false as const, why: this.leftAlone(error, job) }));
      if (!packed.done) {
        if (job.id === onBench) break;
        continue;
      }
      await this.dispatch(job, true);
    }
    // Packed by a person (or by a run stopped before its dispatch): handed over a little later.
    for (const job of await this.jobs('packed')) if (since(job, now) >= this.times.dispatchPackedAfterMs) await this.dispatch(job, false);
  }

  private async dispatch(job: ApiJob, byScan: boolean): Promise<void> {
    try {
      const { carrier, trackingNumber } = await this.operator.dispatch(job);
      const serial = job.serial ?? 'a printer of unknown serial';
      this.say(`dispatched:${job.id}`, byScan
        ? `The warehouse packed job ${job.number} for ${serial} by scanning (${what(job.lines)}) and handed it to ${carrier}, tracking ${trackingNumber}.`
        : `The warehouse handed packed job ${job.number} for ${serial} to ${carrier}, tracking ${trackingNumber}.`, { jobId: job.id, carrier, trackingNumber }, true);
    } catch (error) {
      this.leftAlone(error, job);
    }
  }

  /** The carrier confirms each delivery after its transit time; the cartridges go on the simulated printer's shelf. */
  private async deliver(now: Date): Promise<void> {
    for (const job of await this.jobs('dispatched')) {
      const transit = this.times.transitMs(job.number);
      if (since(job, now) < transit) continue;
      const at = new Date(Date.parse(job.statusChangedAt) + transit);
      try {
        await this.options.carrier.post(`/jobs/${job.id}/delivered`, { at: at.toISOString() });
      } catch (error) {
        this.leftAlone(error, job);
        continue;
      }
      const printer = job.serial === null ? undefined : this.serials.get(job.serial);
      const open = job.lines.filter((l) => l.completedAt === null);
      if (printer !== undefined) for (const line of open) for (let n = 0; n < line.quantity; n += 1) this.options.simulation.deliver(printer, line.supplyIndex, at.getTime());
      this.say(`delivered:${job.id}`, `Job ${job.number} was delivered to ${job.serial ?? 'a printer of unknown serial'} (${what(open)}) ${Math.round(transit / HOUR)} h after dispatch; the printer takes the new cartridge when the old one runs out.`, { jobId: job.id }, true);
    }
  }

  /** What the job module booked (or added to a booked job), what waits for a person, and what completed. */
  private async narrate(booked: readonly ApiJob[]): Promise<void> {
    for (const job of booked) {
      const serial = job.serial ?? 'a printer of unknown serial';
      const fresh = job.lines.filter((l) => !this.said.has(`line:${l.id}`));
      if (fresh.length > 0 && this.said.has(`job:${job.id}`)) this.say(`line:${fresh.map((l) => l.id).join()}`, `The job module added ${what(fresh)} to job ${job.number} for ${serial}: one shipment.`, { jobId: job.id });
      this.say(`job:${job.id}`, `The job module booked job ${job.number} for ${serial}: ${what(job.lines)}.`, { jobId: job.id, serial: job.serial });
      for (const line of job.lines) this.said.add(`line:${line.id}`);
      if (excessPending(job)) this.say(`excess:${job.id}`, `Job ${job.number} for ${serial} would ship more toner than the printer used; it waits for a dispatcher to confirm it on its job page.`, { jobId: job.id });
    }
    for (const job of await this.jobs('completed', 100)) {
      this.say(`completed:${job.id}`, `Job ${job.number} completed: the new cartridge was seen installed in ${job.serial ?? 'its printer'}.`, { jobId: job.id });
    }
  }

  /** A job someone moved or cancelled in the portal meanwhile: theirs is the last word. Anything else is a fault. */
  private leftAlone(error: unknown, job: ApiJob): string {
    if (!(error instanceof DemoApiError) || error.status >= 500) throw error;
    this.options.logger.debug({ err: error, jobId: job.id }, 'the demo warehouse left a job as it is');
    return error.message;
  }
}
