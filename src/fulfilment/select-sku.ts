import type { LineSelectedBy, SupplyRow } from '../db/schema.js';

/** A stock item as the SKU choice reads it. */
export interface StockCandidate {
  id: string;
  sku: string;
  description: string;
  kind: string;
  color: string | null;
  yieldPages: number | null;
  partNumbers: readonly string[];
}

/** The supply a request orders, as the device reports it. */
export interface SupplyToFill {
  index: number;
  kind: string;
  color: string | null;
  partNumbers: readonly string[];
}

/** Where the candidates come from: the device's contract's default stock, its model's related stock, and part-number matches. */
export interface SkuSources {
  contract: { name: string; items: readonly StockCandidate[] } | null;
  model: string | null;
  related: readonly StockCandidate[];
  partMatches: readonly StockCandidate[];
}

/** The chosen SKU and why, in words; `item` null when nothing fits (an exception). */
export type SkuChoice = { item: StockCandidate; selectedBy: Exclude<LineSelectedBy, 'manual'>; why: string } | { item: null; why: string };

/** A printer's supply as the SKU choice reads it: its kind, colour and every part number it reports, upper case. */
export function supplyToFill(index: number, row: Pick<SupplyRow, 'kind' | 'color' | 'part_number' | 'part_numbers'> | undefined): SupplyToFill {
  return { index, kind: row?.kind ?? 'toner', color: row?.color ?? null, partNumbers: [...new Set([...(row?.part_numbers ?? []), ...(row?.part_number ? [row.part_number] : [])].map((p) => p.toUpperCase()))] };
}

const colour = (c: string | null) => c?.trim().toLowerCase() || null;

/** "black toner", "drum": the supply in words. */
export function supplyInWords(supply: Pick<SupplyToFill, 'kind' | 'color'>): string {
  return [colour(supply.color), supply.kind].filter(Boolean).join(' ');
}

/** Whether a stock item is of the supply's kind and colour (a colourless drum fits a colourless item). */
export const fitsColourAndKind = (item: StockCandidate, supply: SupplyToFill) => item.kind === supply.kind && colour(item.color) === colour(supply.color);

const fitsPart = (item: StockCandidate, supply: SupplyToFill) => item.partNumbers.some((p) => supply.partNumbers.includes(p));

/** The first item of a list (kept in its position order) for the supply's colour and kind, one fitting its part number first. */
function firstFitting(items: readonly StockCandidate[], supply: SupplyToFill): StockCandidate | undefined {
  const fitting = items.filter((item) => fitsColourAndKind(item, supply));
  return fitting.find((item) => fitsPart(item, supply)) ?? fitting[0];
}

/**
 * Picks the SKU of a supply, first match wins (Jim2's order): the contract's default stock for that colour and kind
 * (a customer-specific override), then the related stock of the device's model for that colour and kind, then a
 * stock item whose part numbers match the supply's. Every choice says why in words; so does finding none.
 */
export function selectSku(supply: SupplyToFill, sources: SkuSources): SkuChoice {
  const what = supplyInWords(supply);
  const parts = supply.partNumbers.length > 0 ? supply.partNumbers.join(', ') : null;
  const contractItem = sources.contract ? firstFitting(sources.contract.items, supply) : undefined;
  if (contractItem && sources.contract) {
    return { item: contractItem, selectedBy: 'contract-default', why: `SKU ${contractItem.sku}: the default stock of contract "${sources.contract.name}" for ${what}, which comes before the model's related stock.` };
  }
  const noContract = sources.contract ? `contract "${sources.contract.name}" has no default stock for ${what}` : 'no contract in force names default stock';
  const relatedItem = firstFitting(sources.related, supply);
  if (relatedItem) {
    return { item: relatedItem, selectedBy: 'related-stock', why: `SKU ${relatedItem.sku}: the related stock of model ${sources.model ?? '(unknown)'} for ${what} (${noContract}).` };
  }
  const noRelated = sources.model ? `model ${sources.model} has no related stock for ${what}` : 'the printer reports no model to look related stock up by';
  const partItem = sources.partMatches.find((item) => fitsColourAndKind(item, supply) && fitsPart(item, supply)) ?? sources.partMatches.find((item) => fitsPart(item, supply));
  if (partItem) {
    return { item: partItem, selectedBy: 'part-number', why: `SKU ${partItem.sku}: its part numbers include ${partItem.partNumbers.filter((p) => supply.partNumbers.includes(p)).join(', ')}, the printer's part number for ${what} (${noContract}; ${noRelated}).` };
  }
  return { item: null, why: `No SKU for the ${what}${parts ? ` (part number ${parts})` : ' (the printer reports no part number)'}: ${noContract}, ${noRelated}, and no stock item ${parts ? 'lists that part number' : 'can be matched without one'}.` };
}
