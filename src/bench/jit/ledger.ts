import type { SimPrinter } from '../../simulator/printer.js';
import type { TruthEvent } from '../../simulator/truth.js';

const DAY = 86_400_000;

/** The figures of one policy (CONTRACT "Just in time"), over the whole fleet or one group of it. */
export interface JitFigures {
  /** Toner left in cartridges swapped out, as a share of the cartridges shipped. */
  tonerWastedPercent: number;
  /** Days a printer stood with a supply empty and no replacement on site, per 1,000 printer-days. */
  stockoutDeviceDaysPer1000: number;
  /** Cartridges shipped per cartridge's worth of toner (or drum) actually used. */
  shipmentsPerConsumedCartridge: number;
  /** From a cartridge's arrival until the one before it ran out or was swapped out (0 when it came late). */
  meanDaysOnSiteBeforeNeeded: number;
  /** Delivered cartridges still on the shelf at the end. */
  sparesOnSiteAtEnd: number;
}

/**
 * Why a printer stood still, told by the supply that stopped it when it ran out: no order had gone out, or one was on
 * its way and came too late — a back order (5 business days or more, issue 19's tail of 5–10) or an ordinary one.
 */
export const STOCKOUT_CAUSES = ['nothing-ordered', 'order-on-its-way', 'back-order-on-its-way'] as const;
export type StockoutCause = (typeof STOCKOUT_CAUSES)[number];
export const BACK_ORDER_BUSINESS_DAYS = 5;

/** Running sums behind JitFigures. */
export class Tally {
  printers = 0;
  shipments = 0;
  /** Shipments of 5 business days or more (a wait for stock and the carrier), and their business days. */
  backOrders = 0;
  backOrderBusinessDays = 0;
  residual = 0;
  consumed = 0;
  stoppedMs = 0;
  stoppedMsByCause: Record<StockoutCause, number> = { 'nothing-ordered': 0, 'order-on-its-way': 0, 'back-order-on-its-way': 0 };
  onSiteMs = 0;
  onSiteCount = 0;
  spares = 0;

  /** The figures over `days` days. */
  figures(days: number): JitFigures {
    return {
      tonerWastedPercent: this.shipments ? (100 * this.residual) / this.shipments : 0,
      stockoutDeviceDaysPer1000: this.printers ? (1000 * this.stoppedMs) / DAY / (this.printers * days) : 0,
      shipmentsPerConsumedCartridge: this.consumed > 0 ? this.shipments / this.consumed : 0,
      meanDaysOnSiteBeforeNeeded: this.onSiteCount ? this.onSiteMs / DAY / this.onSiteCount : 0,
      sparesOnSiteAtEnd: this.spares,
    };
  }

  /** The share of shipments that were back orders (5 business days or more) and their mean lead time: the model's calibration, measured. */
  backOrderShare(): { sharePercent: number; meanLeadTimeBusinessDays: number } {
    return { sharePercent: this.shipments ? (100 * this.backOrders) / this.shipments : 0, meanLeadTimeBusinessDays: this.backOrders ? this.backOrderBusinessDays / this.backOrders : 0 };
  }

  /** Stockout printer-days per 1,000 printer-days over `days` days, by what stopped the printer; they add up to the total. */
  stockoutsByCause(days: number): { cause: StockoutCause; stockoutDeviceDaysPer1000: number }[] {
    return STOCKOUT_CAUSES.map((cause) => ({ cause, stockoutDeviceDaysPer1000: this.printers ? (1000 * this.stoppedMsByCause[cause]) / DAY / (this.printers * days) : 0 }));
  }
}

interface SupplyBook {
  spares: number;
  empty: boolean;
  /** Arrivals not needed yet, oldest first. */
  waiting: number[];
  /** Orders on their way: when each arrives and whether it is a back order; soonest first. */
  onTheWay: { arrivesAt: number; backOrder: boolean }[];
  /** Why it stood empty, from when it ran out with nothing on the shelf. */
  cause: StockoutCause | null;
}

interface PrinterBook {
  tallies: Tally[];
  supplies: Map<number, SupplyBook>;
  /** Supplies empty with nothing on the shelf: the printer stands still while there is one. */
  stockedOut: Set<number>;
  stoppedSince: number | null;
  /** What stopped the printer: the cause of the supply whose stockout began the stop. */
  stopCause: StockoutCause | null;
}

/**
 * The books of one policy's fleet-year, kept from the simulator's truth events: what was shipped, what
 * was thrown away in cartridges swapped out, how long printers stood for want of a cartridge, how long
 * deliveries waited on the shelf. Only the supplies the policies order (`managed`) count, and only
 * inside [from, to].
 */
export class Ledger {
  private readonly books: PrinterBook[];

  constructor(printers: readonly SimPrinter[], managed: (printer: SimPrinter, index: number) => boolean, groupsOf: (printer: SimPrinter) => Tally[], private readonly from: number, private readonly to: number) {
    this.books = printers.map((p) => {
      const tallies = groupsOf(p);
      for (const t of tallies) t.printers++;
      const supplies = new Map<number, SupplyBook>();
      for (const s of p.supplies) if (managed(p, s.index)) supplies.set(s.index, { spares: 0, empty: false, waiting: [], onTheWay: [], cause: null });
      return { tallies, supplies, stockedOut: new Set(), stoppedSince: null, stopCause: null };
    });
  }

  private add(book: PrinterBook, what: 'shipments' | 'backOrders' | 'backOrderBusinessDays' | 'residual' | 'consumed' | 'stoppedMs' | 'onSiteMs' | 'onSiteCount' | 'spares', amount: number): void {
    for (const t of book.tallies) t[what] += amount;
  }

  private inWindow(at: number): boolean {
    return at >= this.from && at < this.to;
  }

  /** An order placed at `at` for supply `supply` of printer `printer`, arriving at `arrivesAt` after `leadTimeBusinessDays`. */
  shipped(printer: number, at: number, supply: number, arrivesAt: number, leadTimeBusinessDays: number): void {
    const book = this.books[printer]!;
    if (this.inWindow(at)) {
      this.add(book, 'shipments', 1);
      if (leadTimeBusinessDays >= BACK_ORDER_BUSINESS_DAYS) {
        this.add(book, 'backOrders', 1);
        this.add(book, 'backOrderBusinessDays', leadTimeBusinessDays);
      }
    }
    const onTheWay = book.supplies.get(supply)?.onTheWay;
    if (!onTheWay) return;
    onTheWay.push({ arrivesAt, backOrder: leadTimeBusinessDays >= BACK_ORDER_BUSINESS_DAYS });
    onTheWay.sort((a, b) => a.arrivesAt - b.arrivesAt);
  }

  /** The window opens: what is in the cartridges now counts as toner to be used, and a printer standing now is stopped from now. */
  open(printers: readonly SimPrinter[]): void {
    printers.forEach((p, i) => {
      const book = this.books[i]!;
      for (const s of p.supplies) if (book.supplies.has(s.index)) this.add(book, 'consumed', s.remaining);
      if (book.stockedOut.size > 0) book.stoppedSince = this.from;
    });
  }

  /** The window closes: toner still in the cartridges was not used, spares are counted, stops are cut at the end. */
  close(printers: readonly SimPrinter[]): void {
    printers.forEach((p, i) => {
      const book = this.books[i]!;
      for (const s of p.supplies) {
        if (!book.supplies.has(s.index)) continue;
        this.add(book, 'consumed', -s.remaining);
        this.add(book, 'spares', s.spares);
      }
      if (book.stoppedSince !== null) this.stopEnds(book, this.to);
    });
  }

  private stopEnds(book: PrinterBook, at: number): void {
    const since = Math.max(book.stoppedSince!, this.from);
    const until = Math.min(at, this.to);
    if (until > since) {
      this.add(book, 'stoppedMs', until - since);
      for (const t of book.tallies) t.stoppedMsByCause[book.stopCause ?? 'nothing-ordered'] += until - since;
    }
    book.stoppedSince = null;
    book.stopCause = null;
  }

  private needed(book: PrinterBook, s: SupplyBook, at: number): void {
    const arrived = s.waiting.shift();
    if (arrived === undefined || !this.inWindow(arrived)) return;
    this.add(book, 'onSiteMs', Math.max(0, at - arrived));
    this.add(book, 'onSiteCount', 1);
  }

  /** One truth event of the simulator (a TruthSink's record). */
  record(event: TruthEvent): void {
    if (event.supply === null) return;
    const book = this.books[event.printer];
    const s = book?.supplies.get(event.supply);
    if (!book || !s) return;
    const at = Date.parse(event.at);
    switch (event.type) {
      case 'delivered':
        // The order it brings (the soonest due; deliveries the bench makes itself in the warm-up were not ordered).
        if (s.onTheWay.length > 0 && s.onTheWay[0]!.arrivesAt <= at) s.onTheWay.shift();
        s.spares++;
        if (s.empty) {
          if (this.inWindow(at)) {
            this.add(book, 'onSiteCount', 1);
          }
          this.stockoutEnds(book, event.supply, at);
        } else s.waiting.push(at);
        break;
      case 'depleted':
        s.empty = true;
        if (s.waiting.length > 0) this.needed(book, s, at);
        if (s.spares === 0) {
          const next = s.onTheWay[0];
          s.cause = !next ? 'nothing-ordered' : next.backOrder ? 'back-order-on-its-way' : 'order-on-its-way';
          book.stockedOut.add(event.supply);
          if (book.stoppedSince === null) {
            book.stoppedSince = at;
            book.stopCause = s.cause;
          }
        }
        break;
      case 'install':
      case 'moved-in':
        if (this.inWindow(at)) {
          this.add(book, 'residual', event.residual ?? 0);
          this.add(book, 'consumed', (event.remaining ?? 1) - (event.residual ?? 0));
        }
        if (!s.empty && s.waiting.length > 0) this.needed(book, s, at);
        s.spares = Math.max(0, s.spares - 1);
        s.empty = false;
        this.stockoutEnds(book, event.supply, at);
        break;
      default:
        break;
    }
  }

  private stockoutEnds(book: PrinterBook, supply: number, at: number): void {
    if (!book.stockedOut.delete(supply)) return;
    if (book.stockedOut.size === 0 && book.stoppedSince !== null) this.stopEnds(book, at);
  }
}
