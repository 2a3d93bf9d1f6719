/** Things that really happened to a printer's supplies: what forecasts and policies are scored against. */
export type TruthEventType =
  /** A new, full cartridge went in (cause says why). */
  | 'install'
  /** A part-used cartridge from another printer went in. */
  | 'moved-in'
  /** The device's own low sensor tripped. */
  | 'low'
  /** The supply ran out: the printer stopped. */
  | 'depleted'
  /** A user shook or re-seated the cartridge: the gauge rose, the toner did not. */
  | 'shaken'
  /** A cartridge delivered by TonerLoop arrived at the printer (on the shelf, not yet installed). */
  | 'delivered'
  | 'offline'
  | 'online';

/** One event of the ground truth. */
export interface TruthEvent {
  at: string;
  printer: number;
  serial: string;
  /** Supply index (1-based), or null for whole-printer events. */
  supply: number | null;
  type: TruthEventType;
  /** True fraction left in the supply right after the event (for a swap: what the new cartridge holds). */
  remaining: number | null;
  /** For installs: why, and what the removed cartridge still held (wasted toner). */
  cause?: 'replacement' | 'early-swap' | 'delivered';
  residual?: number;
  pageCount: number;
}

/** Where truth events go: memory, a JSON-lines file, or both. */
export interface TruthSink {
  record(event: TruthEvent): void;
}

/** Keeps every truth event in memory, in order, for in-process scoring and tests. */
export class TruthLog implements TruthSink {
  readonly events: TruthEvent[] = [];

  /** Appends an event. */
  record(event: TruthEvent): void {
    this.events.push(event);
  }

  /** The events of one printer and supply, in order. */
  of(printer: number, supply: number | null): TruthEvent[] {
    return this.events.filter((e) => e.printer === printer && e.supply === supply);
  }
}
