import type { StockCandidate } from './select-sku.js';

/** A line to fill when its job goes ready. */
export interface LineToFill {
  id: string;
  stockItemId: string;
  sku: string;
  quantity: number;
}

/** Free stock of an item at one location (on hand less reserved), and when more is expected. */
export interface StockAt {
  location: string;
  free: number;
  nextExpectedAt: Date | null;
}

/** A substitute of an item, in its position order. */
export interface SubstituteOption {
  item: StockCandidate;
  withoutAsking: boolean;
}

/** What becomes of a line: reserved from stock, filled by a substitute, or a back order with its expected date. */
export type LineFill =
  | { lineId: string; kind: 'reserved'; stockItemId: string; location: string; quantity: number }
  | { lineId: string; kind: 'substitute'; stockItemId: string; item: StockCandidate; location: string; quantity: number; why: string }
  | { lineId: string; kind: 'backorder'; expectedAt: Date; why: string };

const DAY_MS = 86_400_000;

/**
 * Whether a substitute may fill a short line, and why: it may ship without asking, or the settings (the contract's
 * substitutesAllowed) allow any substitute; null when the customer must be asked first. Going ready and arriving stock
 * both decide by it.
 */
export function substituteAllowed(option: SubstituteOption, options: { substitutesAllowed: boolean }): string | null {
  if (option.withoutAsking) return 'it may ship without asking';
  return options.substitutesAllowed ? 'the contract allows substitutes' : null;
}

/**
 * Fills a job's lines from stock as it goes ready. Each line reserves its quantity where one location has it free;
 * a line that cannot be filled takes the first substitute in stock that may ship without asking (or any substitute
 * where the contract allows substitutes); otherwise it becomes a back order expected when the item is next expected,
 * else after the lead time. Lines drawing on the same item see each other's reservations.
 */
export function fillLines(lines: readonly LineToFill[], stock: ReadonlyMap<string, readonly StockAt[]>, substitutes: ReadonlyMap<string, readonly SubstituteOption[]>, options: { substitutesAllowed: boolean; leadTimeDays: number }, now: Date): LineFill[] {
  const free = new Map<string, StockAt[]>([...stock].map(([id, levels]) => [id, levels.map((l) => ({ ...l }))]));
  const take = (itemId: string, quantity: number): string | null => {
    const at = (free.get(itemId) ?? []).find((l) => l.free >= quantity);
    if (!at) return null;
    at.free -= quantity;
    return at.location;
  };
  return lines.map((line): LineFill => {
    const location = take(line.stockItemId, line.quantity);
    if (location) return { lineId: line.id, kind: 'reserved', stockItemId: line.stockItemId, location, quantity: line.quantity };
    for (const option of substitutes.get(line.stockItemId) ?? []) {
      const because = substituteAllowed(option, options);
      if (!because) continue;
      const subAt = take(option.item.id, line.quantity);
      if (subAt) {
        return { lineId: line.id, kind: 'substitute', stockItemId: option.item.id, item: option.item, location: subAt, quantity: line.quantity, why: `${line.sku} is out of stock; substitute ${option.item.sku} ships instead (${because}).` };
      }
    }
    const expected = (stock.get(line.stockItemId) ?? []).map((l) => l.nextExpectedAt).filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0];
    const expectedAt = expected && expected > now ? expected : new Date(now.getTime() + options.leadTimeDays * DAY_MS);
    const source = expected && expected > now ? 'when the next delivery of it is expected' : `after the lead time of ${options.leadTimeDays} days`;
    return { lineId: line.id, kind: 'backorder', expectedAt, why: `${line.sku} is out of stock and no substitute may fill it: back order, expected ${expectedAt.toISOString().slice(0, 10)} (${source}).` };
  });
}

/** A line filled from arriving stock: reserved as ordered, or filled by the arrived item as its substitute. */
export type ArrivalFill = Extract<LineFill, { kind: 'reserved' | 'substitute' }>;

/**
 * Fills a ready job's back-ordered lines from an item that just arrived (its free stock per location). In the `own`
 * pass the lines of that item reserve it; in the `substitute` pass the lines of items it is a substitute of take it
 * instead, where substituteAllowed says so (the rule of going ready). Each line takes a location with its whole
 * quantity free, and lines see each other's reservations. `short` counts the lines that may take the item but found no
 * location with enough of it: arriving stock fills jobs oldest first, so the caller stops there rather than let a
 * younger job go first.
 */
export function fillFromArrival(lines: readonly LineToFill[], arrived: { itemId: string; stock: readonly StockAt[] }, substitutes: ReadonlyMap<string, readonly SubstituteOption[]>, options: { substitutesAllowed: boolean }, pass: 'own' | 'substitute'): { fills: ArrivalFill[]; short: number } {
  const free = arrived.stock.map((l) => ({ ...l }));
  const fills: ArrivalFill[] = [];
  let short = 0;
  for (const line of lines) {
    const option = pass === 'substitute' ? (substitutes.get(line.stockItemId) ?? []).find((o) => o.item.id === arrived.itemId) : undefined;
    const because = option ? substituteAllowed(option, options) : null;
    if (pass === 'own' ? line.stockItemId !== arrived.itemId : !option || !because) continue;
    const at = free.find((l) => l.free >= line.quantity);
    if (!at) {
      short += 1;
      continue;
    }
    at.free -= line.quantity;
    fills.push(option
      ? { lineId: line.id, kind: 'substitute', stockItemId: arrived.itemId, item: option.item, location: at.location, quantity: line.quantity, why: `${line.sku} was back-ordered; substitute ${option.item.sku} arrived and ships instead (${because}).` }
      : { lineId: line.id, kind: 'reserved', stockItemId: arrived.itemId, location: at.location, quantity: line.quantity });
  }
  return { fills, short };
}
