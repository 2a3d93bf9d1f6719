import type { Store } from '../app/store.js';
import type { Principal } from '../auth/index.js';
import type { SupplyJobLineRow, SupplyJobStatus } from '../db/schema.js';
import { changeJobStatus, listJobs } from '../fulfilment/index.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import type { ModelSpec } from '../simulator/catalogue.js';
import type { Simulation } from '../simulator/simulation.js';
import { createStockItem, restockItem, setRelatedStock } from '../stock/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * How long (printer time) a job waits in each status before the stand-in moves it on: the dispatcher releases a booked
 * job after a few hours (long enough for the hourly job creator to add other toner due for the printer: one shipment),
 * the warehouse picks, packs and hands it to the carrier the same day, and the carrier delivers the next working day.
 */
const STEPS: readonly { from: SupplyJobStatus; to: SupplyJobStatus; afterMs: number; why: string }[] = [
  { from: 'booked', to: 'ready', afterMs: 4 * HOUR, why: 'Released to the warehouse by the demo\'s stand-in dispatcher.' },
  { from: 'ready', to: 'packed', afterMs: 3 * HOUR, why: 'Picked and packed by the demo\'s stand-in warehouse.' },
  { from: 'packed', to: 'dispatched', afterMs: 2 * HOUR, why: 'Handed to the demo\'s stand-in carrier.' },
  { from: 'dispatched', to: 'delivered', afterMs: 30 * HOUR, why: 'Delivered by the demo\'s stand-in carrier.' },
];
/** The whole trip from booked to delivered, for the demo's banner. */
export const STAND_IN_TRIP_MS = STEPS.reduce((sum, step) => sum + step.afterMs, 0);
// A supplier delivery tops the shelves up once a printer week.
const RESTOCK_EVERY_MS = 7 * DAY;

/** One stock item per cartridge, drum and waste box the simulated models take, and how many of them to keep on the shelf. */
export function demoStockCatalogue(models: readonly ModelSpec[], printersOf: (modelId: string) => number) {
  const items = new Map<string, { sku: string; description: string; kind: string; color: string | null; yieldPages: number; partNumbers: string[]; par: number }>();
  for (const model of models) {
    for (const supply of model.supplies) {
      const item = items.get(supply.partNumber) ?? { sku: supply.partNumber, description: supply.description, kind: supply.kind, color: supply.color, yieldPages: supply.ratedYield, partNumbers: [supply.partNumber], par: 2 };
      // Two spare, plus one for each printer that takes it: a week's demand never empties the shelf.
      item.par += printersOf(model.id);
      items.set(supply.partNumber, item);
    }
  }
  return [...items.values()];
}

/**
 * The demo's stock catalogue, as a dealer builds it on the Stock page: an item per part number of the simulated models,
 * each model's related stock (named as the printers report their model), and units on the shelf.
 */
export async function seedDemoStock(store: Store, principal: Principal, models: readonly ModelSpec[], printersOf: (modelId: string) => number, now: Date): Promise<void> {
  const catalogue = demoStockCatalogue(models, printersOf);
  for (const { par, ...item } of catalogue) {
    // A set-up interrupted half-way left some items: they are there already.
    await createStockItem(store, principal, item, now).catch((error: unknown) => { if (!(error instanceof AppError && error.code === 'conflict')) throw error; });
  }
  for (const model of models) await setRelatedStock(store, principal, model.name, model.supplies.map((s) => s.partNumber), now);
  for (const item of catalogue) await restockItem(store, principal, { sku: item.sku, onHand: item.par }, now);
}

/** What the stand-in needs: the store, its own dispatcher login, the printers' clock, and the simulated printers to deliver to. */
export interface StandInWarehouseOptions {
  store: Store;
  principal: Principal;
  clock: Clock;
  logger: Logger;
  simulation: Simulation;
  models: readonly ModelSpec[];
  printersOf: (modelId: string) => number;
}

const what = (lines: readonly Pick<SupplyJobLineRow, 'color' | 'kind' | 'sku'>[]) => lines.map((l) => `${[l.color, l.kind].filter(Boolean).join(' ')} ${l.sku}`).join(', ');

/**
 * The demo's stand-in dispatcher, warehouse and carrier: moves the job module's jobs booked → ready → packed →
 * dispatched → delivered after a realistic wait in printer time, through the same service functions as the portal
 * (the warehouse issue replaces it with picking and packing by scans), puts the delivered cartridges on the simulated
 * printer's shelf, and tells the person at the terminal what the job module booked, delivered and completed. A job
 * flagged for excess supply is left for a person to confirm on the job page, as a dispatcher would.
 */
export class StandInWarehouse {
  private readonly said = new Set<string>();
  private readonly serials: Map<string, number>;
  private primed = false;
  private restockedAt: number | null = null;

  constructor(private readonly options: StandInWarehouseOptions) {
    this.serials = new Map(options.simulation.printers.map((p, i) => [p.serial, i]));
  }

  /** One pass: announce new jobs and lines, move the jobs whose wait is over, announce completed jobs, top up the shelves. */
  async step(): Promise<void> {
    const { store, principal, clock, logger } = this.options;
    const now = clock.now();
    // The first pass only learns what is there already, so a restarted demo does not repeat itself.
    const say = (key: string, message: string, fields: Record<string, unknown>) => {
      if (this.said.has(key)) return;
      this.said.add(key);
      if (this.primed) logger.info({ notice: true, ...fields }, message);
    };
    const booked = await listJobs(store, principal, { status: 'booked' }, 500);
    for (const { row, lines } of booked.items) {
      const serial = row.serial ?? 'a printer of unknown serial';
      const fresh = lines.filter((l) => !this.said.has(`line:${l.id}`));
      if (fresh.length > 0 && this.said.has(`job:${row.id}`)) say(`line:${fresh.map((l) => l.id).join()}`, `The job module added ${what(fresh)} to job ${row.number} for ${serial}: one shipment.`, { jobId: row.id });
      say(`job:${row.id}`, `The job module booked job ${row.number} for ${serial}: ${what(lines)}.`, { jobId: row.id, serial: row.serial });
      for (const line of lines) this.said.add(`line:${line.id}`);
      if (row.excess !== null && row.excess_confirmed_at === null) say(`excess:${row.id}`, `Job ${row.number} for ${serial} would ship more toner than the printer used; it waits for a dispatcher to confirm it on its job page.`, { jobId: row.id });
    }
    for (const step of STEPS) {
      const { items } = step.from === 'booked' ? booked : await listJobs(store, principal, { status: step.from }, 500);
      for (const { row, lines } of items) {
        if (now.getTime() - row.status_changed_at.getTime() < step.afterMs) continue;
        if (row.excess !== null && row.excess_confirmed_at === null) continue;
        // A back-ordered line waits for its goods.
        if (step.from === 'ready' && lines.some((l) => l.backorder && l.expected_at !== null && l.expected_at > now)) continue;
        try {
          await changeJobStatus(store, principal, row.id, step.to, step.why, now);
        } catch (error) {
          // Someone moved or cancelled it in the portal meanwhile: theirs is the last word.
          logger.debug({ err: error, jobId: row.id }, 'the stand-in warehouse left a job as it is');
          continue;
        }
        if (step.to !== 'delivered') continue;
        const printer = row.serial === null ? undefined : this.serials.get(row.serial);
        const open = lines.filter((l) => l.completed_at === null);
        if (printer !== undefined) for (const line of open) for (let n = 0; n < line.quantity; n += 1) this.options.simulation.deliver(printer, line.supply_index, now.getTime());
        say(`delivered:${row.id}`, `Job ${row.number} was delivered to ${row.serial ?? 'a printer of unknown serial'} (${what(open)}); the printer takes the new cartridge when the old one runs out.`, { jobId: row.id });
      }
    }
    for (const { row } of (await listJobs(store, principal, { status: 'completed' }, 100)).items) {
      say(`completed:${row.id}`, `Job ${row.number} completed: the new cartridge was seen installed in ${row.serial ?? 'its printer'}.`, { jobId: row.id });
    }
    if (this.restockedAt === null || now.getTime() - this.restockedAt >= RESTOCK_EVERY_MS) {
      for (const item of demoStockCatalogue(this.options.models, this.options.printersOf)) await restockItem(store, principal, { sku: item.sku, onHand: item.par }, now);
      this.restockedAt = now.getTime();
    }
    this.primed = true;
  }
}
