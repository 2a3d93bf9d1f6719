import { normalizePartNumber, type SupplyKind } from '../collection/index.js';
import { barcodeKind } from './gtin.js';

/** The supply kinds of a reading (collection/reading.ts): a stock item is one of the things a printer reports. */
export const STOCK_KINDS = ['toner', 'waste-toner', 'drum', 'fuser', 'developer', 'ink', 'waste-ink', 'transfer', 'staples', 'other'] as const satisfies readonly SupplyKind[];
export type StockKind = (typeof STOCK_KINDS)[number];

/** A substitute as the API and the CSV take it: a SKU, or a SKU and whether it may ship without asking the customer. */
export type SubstituteInput = string | { sku: string; withoutAsking?: boolean };

/** A stock item as a person describes it, before it is checked. */
export interface StockItemInput {
  sku: string;
  description: string;
  kind: string;
  color?: string | null;
  yieldPages?: number | null;
  partNumbers?: readonly string[];
  barcodes?: readonly string[];
  substitutes?: readonly SubstituteInput[];
}

/** A checked, normalized stock item, ready to store (substitutes still named by SKU). */
export interface StockItemDraft {
  sku: string;
  description: string;
  kind: StockKind;
  color: string | null;
  yieldPages: number | null;
  partNumbers: string[];
  barcodes: { code: string; kind: 'gtin' | 'dealer' }[];
  substitutes: { sku: string; withoutAsking: boolean }[];
}

/** What is wrong with one field, as a sentence fragment ("kind \"tonre\" is not one of …"). */
export interface StockItemProblem {
  field: 'sku' | 'description' | 'kind' | 'color' | 'yieldPages' | 'partNumbers' | 'barcodes' | 'substitutes';
  message: string;
}

export const LIMITS = { sku: 100, description: 500, color: 40, partNumber: 40, barcode: 64, list: 50, yieldPages: 10_000_000 } as const;

// SKUs and barcodes are typed into scanners and ERPs: one token of visible characters.
const ONE_WORD = /^[^\s\p{Cc}\p{Cf}]+$/u;
const COLOR = /^[a-z]+(-[a-z]+)*$/;
const CONTROL = /\p{Cc}/u;

/** The colour as the collector names colours (collection/normalize/color.ts): lower case, words joined by hyphens. */
export function normalizeColor(text: string): string {
  return text.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

/** A barcode as scanned: without spaces (some labels print GTINs in groups). */
export function normalizeBarcode(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, '');
}

/**
 * Checks and normalizes a stock item (pure; the API and the CSV import both use it): SKU one word, a known
 * kind, colour in the collector's form, a positive whole yield, part numbers in the collector's form, barcodes
 * classified GTIN or dealer code, substitutes without repeats and not the item itself. Every problem is listed.
 */
export function draftStockItem(input: StockItemInput): { ok: true; draft: StockItemDraft } | { ok: false; problems: StockItemProblem[] } {
  const problems: StockItemProblem[] = [];
  const sku = input.sku.normalize('NFC').trim();
  if (sku === '') problems.push({ field: 'sku', message: 'sku is empty; every stock item needs one' });
  else if (!ONE_WORD.test(sku)) problems.push({ field: 'sku', message: `sku "${sku}" contains spaces or invisible characters; a SKU is one word` });
  else if ([...sku].length > LIMITS.sku) problems.push({ field: 'sku', message: `sku is longer than ${LIMITS.sku} characters` });

  const description = input.description.normalize('NFC').trim();
  if (description === '') problems.push({ field: 'description', message: 'description is empty; say what the item is, e.g. "HP 59A black toner"' });
  else if ([...description].length > LIMITS.description) problems.push({ field: 'description', message: `description is longer than ${LIMITS.description} characters` });
  else if (CONTROL.test(description)) problems.push({ field: 'description', message: 'description contains a control character (line breaks and tabs are not allowed)' });

  const kind = input.kind.trim().toLowerCase();
  if (!(STOCK_KINDS as readonly string[]).includes(kind)) problems.push({ field: 'kind', message: `kind "${input.kind.trim()}" is not one of ${STOCK_KINDS.join(', ')}` });

  const color = input.color == null || input.color.trim() === '' ? null : normalizeColor(input.color);
  if (color !== null && (!COLOR.test(color) || color.length > LIMITS.color)) problems.push({ field: 'color', message: `color "${input.color}" is not a colour name such as black, cyan, magenta or yellow` });

  const yieldPages = input.yieldPages ?? null;
  if (yieldPages !== null && !(Number.isInteger(yieldPages) && yieldPages >= 1 && yieldPages <= LIMITS.yieldPages)) {
    problems.push({ field: 'yieldPages', message: `yieldPages ${yieldPages} is not a whole number of pages between 1 and ${LIMITS.yieldPages.toLocaleString('en')}` });
  }

  const partNumbers = distinct((input.partNumbers ?? []).map((p) => normalizePartNumber(p)).filter((p): p is string => p !== null));
  const longPart = partNumbers.find((p) => p.length > LIMITS.partNumber || CONTROL.test(p));
  if (longPart) problems.push({ field: 'partNumbers', message: `part number "${longPart.slice(0, 60)}" is longer than ${LIMITS.partNumber} characters or contains a control character` });
  if (partNumbers.length > LIMITS.list) problems.push({ field: 'partNumbers', message: `at most ${LIMITS.list} part numbers are allowed` });

  const codes = distinct((input.barcodes ?? []).map(normalizeBarcode).filter((c) => c !== ''));
  const badCode = codes.find((c) => c.length > LIMITS.barcode || !ONE_WORD.test(c));
  if (badCode) problems.push({ field: 'barcodes', message: `barcode "${badCode.slice(0, 70)}" is longer than ${LIMITS.barcode} characters or contains invisible characters` });
  if (codes.length > LIMITS.list) problems.push({ field: 'barcodes', message: `at most ${LIMITS.list} barcodes are allowed` });

  const substitutes: StockItemDraft['substitutes'] = [];
  for (const entry of input.substitutes ?? []) {
    const given = typeof entry === 'string' ? { sku: entry, withoutAsking: false } : { sku: entry.sku, withoutAsking: entry.withoutAsking ?? false };
    const subSku = given.sku.normalize('NFC').trim();
    if (subSku === '') continue;
    if (subSku === sku) problems.push({ field: 'substitutes', message: `sku ${sku} is named as its own substitute` });
    else if (substitutes.some((s) => s.sku === subSku)) problems.push({ field: 'substitutes', message: `substitute ${subSku} is named twice` });
    else substitutes.push({ sku: subSku, withoutAsking: given.withoutAsking });
  }
  if (substitutes.length > LIMITS.list) problems.push({ field: 'substitutes', message: `at most ${LIMITS.list} substitutes are allowed` });

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    draft: { sku, description, kind: kind as StockKind, color, yieldPages, partNumbers, barcodes: codes.map((code) => ({ code, kind: barcodeKind(code) })), substitutes },
  };
}

function distinct<T>(values: T[]): T[] {
  return [...new Set(values)];
}
