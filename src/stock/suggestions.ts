/** A supply (kind and colour) that printers of one model report, with the part numbers they name for it. */
export interface ModelSupply {
  kind: string;
  color: string | null;
  partNumbers: string[];
  /** How many printers of the model report it. */
  devices: number;
}

/** A stock item in brief, as suggestions show it. */
export interface StockItemBrief {
  id: string;
  sku: string;
  description: string;
  kind: string;
  color: string | null;
}

/** A suggestion for one supply of a model: the stock items whose part numbers its printers name. */
export interface SupplySuggestion extends ModelSupply {
  items: (StockItemBrief & { related: boolean })[];
}

/**
 * Related stock suggested for a model (pure): for each supply its printers report, the catalogue items carrying
 * one of the part numbers they name, marked when the model's related stock already has them. A supply without
 * a match is kept (with no items) so the dispatcher sees what the catalogue lacks. Supplies come in the
 * printer's order of urgency for a dispatcher: toner first, then the rest by kind and colour.
 */
export function suggestRelatedStock(supplies: readonly ModelSupply[], matches: readonly { partNumber: string; item: StockItemBrief }[], relatedIds: ReadonlySet<string>): SupplySuggestion[] {
  const byPart = new Map<string, StockItemBrief[]>();
  for (const { partNumber, item } of matches) byPart.set(partNumber, [...(byPart.get(partNumber) ?? []), item]);
  return [...supplies]
    .sort((a, b) => rank(a.kind) - rank(b.kind) || a.kind.localeCompare(b.kind) || (a.color ?? '').localeCompare(b.color ?? ''))
    .map((supply) => {
      const found = new Map<string, StockItemBrief>();
      for (const part of supply.partNumbers) for (const item of byPart.get(part) ?? []) found.set(item.id, item);
      const items = [...found.values()].sort((a, b) => a.sku.localeCompare(b.sku)).map((item) => ({ ...item, related: relatedIds.has(item.id) }));
      return { ...supply, partNumbers: [...supply.partNumbers].sort(), items };
    });
}

const rank = (kind: string) => (kind === 'toner' || kind === 'ink' ? 0 : 1);
