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
      if (!option.withoutAsking && !options.substitutesAllowed) continue;
      const subAt = take(option.item.id, line.quantity);
      if (subAt) {
        const because = option.withoutAsking ? 'it may ship without asking' : 'the contract allows substitutes';
        return { lineId: line.id, kind: 'substitute', stockItemId: option.item.id, item: option.item, location: subAt, quantity: line.quantity, why: `${line.sku} is out of stock; substitute ${option.item.sku} ships instead (${because}).` };
      }
    }
    const expected = (stock.get(line.stockItemId) ?? []).map((l) => l.nextExpectedAt).filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0];
    const expectedAt = expected && expected > now ? expected : new Date(now.getTime() + options.leadTimeDays * DAY_MS);
    const source = expected && expected > now ? 'when the next delivery of it is expected' : `after the lead time of ${options.leadTimeDays} days`;
    return { lineId: line.id, kind: 'backorder', expectedAt, why: `${line.sku} is out of stock and no substitute may fill it: back order, expected ${expectedAt.toISOString().slice(0, 10)} (${source}).` };
  });
}
