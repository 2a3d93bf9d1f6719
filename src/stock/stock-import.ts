import { randomUUID } from 'node:crypto';
import type { Store } from '../app/store.js';
import { actorOf, type Principal } from '../auth/index.js';
import type { StockItemRow } from '../db/schema.js';
import { readCsv, type CsvTable } from '../imports/index.js';
import { AppError } from '../platform/errors.js';
import { draftStockItem, type StockItemDraft, type SubstituteInput } from './stock-item.js';
import type { StockItemDetails } from './stock.repository.js';

/** The columns of a catalogue file, in the order docs/stock.md lists them. */
export const STOCK_COLUMNS = ['sku', 'description', 'kind', 'color', 'yieldPages', 'partNumbers', 'barcodes', 'substitutes'] as const;
export type StockColumn = (typeof STOCK_COLUMNS)[number];
const REQUIRED: readonly StockColumn[] = ['sku', 'description', 'kind'];
const MAX_ROWS = 20_000;
const MAX_REPORTED_ERRORS = 100;

/** What is wrong with one line of the file. */
export interface StockRowError {
  line: number;
  column?: StockColumn;
  message: string;
}

/** What a catalogue import did (or, for a dry run, would do). */
export interface StockImportReport {
  dryRun: boolean;
  rows: number;
  changed: boolean;
  created: number;
  updated: number;
  unchanged: number;
}

/** One checked line: the item it describes and which of the optional columns the file has (an absent column keeps what is stored). */
interface PlannedItem {
  line: number;
  draft: StockItemDraft;
}

// Exports write "Yield Pages", "part_numbers" or "PART-NUMBERS": compare without case or separators.
const squash = (header: string) => header.normalize('NFC').toLowerCase().replace(/[\s_-]+/g, '');
const BY_SQUASHED = new Map<string, StockColumn>(STOCK_COLUMNS.map((c) => [squash(c), c]));
// A list in one cell: part numbers, barcodes or substitutes separated by ';' or '|' (use '|' in a ';'-separated file).
const splitList = (cell: string) => cell.split(/[;|]/).map((v) => v.trim()).filter(Boolean);
// "HP-59X*": the substitute may ship without asking the customer.
const substituteOf = (text: string): SubstituteInput => (text.endsWith('*') ? { sku: text.slice(0, -1).trim(), withoutAsking: true } : text);

function mapHeader(header: readonly string[]): Map<StockColumn, number> {
  const index = new Map<StockColumn, number>();
  const unknown: string[] = [];
  const duplicate: string[] = [];
  header.forEach((raw, position) => {
    if (raw.trim() === '') return;
    const column = BY_SQUASHED.get(squash(raw));
    if (!column) unknown.push(raw.trim().slice(0, 60));
    else if (index.has(column)) duplicate.push(column);
    else index.set(column, position);
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (unknown.length + duplicate.length + missing.length === 0) return index;
  const problems = [
    unknown.length ? `unknown column ${unknown.map((c) => `"${c}"`).join(', ')}` : '',
    duplicate.length ? `${duplicate.map((c) => `"${c}"`).join(', ')} appears more than once` : '',
    missing.length ? `required column ${missing.map((c) => `"${c}"`).join(', ')} is missing` : '',
  ].filter(Boolean);
  throw new AppError('bad-request', `The header row is not usable: ${problems.join('; ')}. Accepted columns: ${STOCK_COLUMNS.join(', ')} (${REQUIRED.join(', ')} required).`, { unknown, duplicate, missing, accepted: [...STOCK_COLUMNS] });
}

/** Reads every line into a checked item, or lists every line's problems (pure; cross-checks with the database come later). */
export function planStockImport(table: CsvTable): { columns: Set<StockColumn>; items: PlannedItem[]; errors: StockRowError[] } {
  const index = mapHeader(table.header);
  if (table.records.length === 0) throw new AppError('bad-request', 'The file has a header row but no rows below it; there is nothing to import.');
  if (table.records.length > MAX_ROWS) throw new AppError('bad-request', `The file has ${table.records.length} rows; import at most ${MAX_ROWS} at a time.`);
  const items: PlannedItem[] = [];
  const errors: StockRowError[] = [];
  const lineOfSku = new Map<string, number>();
  const barcodeOwner = new Map<string, { sku: string; line: number }>();
  for (const record of table.records) {
    const line = record.line;
    const cell = (column: StockColumn) => {
      const position = index.get(column);
      return position === undefined ? '' : (record.values[position] ?? '').trim();
    };
    const yieldCell = cell('yieldPages').replace(/[\s,_]/g, '');
    if (yieldCell !== '' && !/^\d{1,9}$/.test(yieldCell)) {
      errors.push({ line, column: 'yieldPages', message: `yieldPages "${cell('yieldPages').slice(0, 30)}" is not a whole number of pages` });
      continue;
    }
    const result = draftStockItem({
      sku: cell('sku'), description: cell('description'), kind: cell('kind'), color: cell('color') || null, yieldPages: yieldCell === '' ? null : Number(yieldCell),
      partNumbers: splitList(cell('partNumbers')), barcodes: splitList(cell('barcodes')), substitutes: splitList(cell('substitutes')).map(substituteOf),
    });
    if (!result.ok) {
      errors.push(...result.problems.map((p) => ({ line, column: p.field, message: p.message })));
      continue;
    }
    const { draft } = result;
    const earlier = lineOfSku.get(draft.sku);
    if (earlier !== undefined) {
      errors.push({ line, column: 'sku', message: `sku ${draft.sku} is already described on line ${earlier}; describe each item once` });
      continue;
    }
    lineOfSku.set(draft.sku, line);
    for (const { code } of draft.barcodes) {
      const owner = barcodeOwner.get(code);
      if (owner) errors.push({ line, column: 'barcodes', message: `barcode ${code} is also given to ${owner.sku} on line ${owner.line}; a barcode names one item` });
      else barcodeOwner.set(code, { sku: draft.sku, line });
    }
    items.push({ line, draft });
  }
  return { columns: new Set(index.keys()), items, errors };
}

/** Every line's errors as one refusal, as the customer import reports them. */
function rejected(errors: StockRowError[]): AppError {
  const rows = new Set(errors.map((e) => e.line)).size;
  const shown = errors.slice(0, MAX_REPORTED_ERRORS);
  return new AppError('bad-request', `${rows} ${rows === 1 ? 'row has' : 'rows have'} errors; nothing was imported.`, { errors: shown, moreErrors: errors.length - shown.length });
}

/** The item as stored, in a draft's shape, to tell an unchanged line from a changed one. */
function storedDraft(row: StockItemRow, details: StockItemDetails): StockItemDraft {
  return {
    sku: row.sku, description: row.description, kind: row.kind as StockItemDraft['kind'], color: row.color, yieldPages: row.yield_pages,
    partNumbers: details.partNumbers, barcodes: details.barcodes, substitutes: details.substitutes.map((s) => ({ sku: s.sku, withoutAsking: s.withoutAsking })),
  };
}

const sameDraft = (a: StockItemDraft, b: StockItemDraft) =>
  JSON.stringify({ ...a, partNumbers: [...a.partNumbers].sort(), barcodes: [...a.barcodes].sort((x, y) => x.code.localeCompare(y.code)) }) ===
  JSON.stringify({ ...b, partNumbers: [...b.partNumbers].sort(), barcodes: [...b.barcodes].sort((x, y) => x.code.localeCompare(y.code)) });

/**
 * Imports a dealer's stock catalogue from CSV, all or nothing, in one transaction: a line per item, new SKUs
 * added, known SKUs replaced by what the line says (a column the file lacks keeps what is stored; an empty cell
 * clears). Substitutes may name items of the catalogue or of the same file. Any bad line rejects the whole file
 * with every line's errors; a dry run checks everything and reports the counts without writing.
 */
export async function importStockCsv(store: Store, principal: Principal, csv: string, options: { dryRun: boolean }, now: Date): Promise<StockImportReport> {
  const plan = planStockImport(readCsv(csv));
  if (plan.errors.length > 0) throw rejected(plan.errors);
  const dealerId = principal.dealerId;
  return store.transaction(async (repos) => {
    const fileSkus = plan.items.map((i) => i.draft.sku);
    const subSkus = plan.items.flatMap((i) => i.draft.substitutes.map((s) => s.sku));
    const stored = new Map((await repos.stock.itemsBySku(dealerId, [...new Set([...fileSkus, ...subSkus])])).map((row) => [row.sku, row]));
    const details = await repos.stock.detailsOf(dealerId, [...stored.values()].map((r) => r.id));
    const owners = await repos.stock.barcodeOwners(dealerId, plan.items.flatMap((i) => i.draft.barcodes.map((b) => b.code)));
    const inFile = new Set(fileSkus);
    const errors: StockRowError[] = [];

    // A column the file lacks keeps what is stored for known items.
    const merged = plan.items.map(({ line, draft }) => {
      const row = stored.get(draft.sku);
      if (!row) return { line, draft, row };
      const was = storedDraft(row, details.get(row.id)!);
      const keep = (column: StockColumn) => !plan.columns.has(column);
      return {
        line, row, was,
        draft: {
          ...draft,
          color: keep('color') ? was.color : draft.color,
          yieldPages: keep('yieldPages') ? was.yieldPages : draft.yieldPages,
          partNumbers: keep('partNumbers') ? was.partNumbers : draft.partNumbers,
          barcodes: keep('barcodes') ? was.barcodes : draft.barcodes,
          substitutes: keep('substitutes') ? was.substitutes : draft.substitutes,
        },
      };
    });
    const listed = new Map(merged.map((m) => [m.draft.sku, new Set(m.draft.barcodes.map((b) => b.code))]));
    for (const { line, draft } of merged) {
      for (const sub of draft.substitutes) {
        if (!inFile.has(sub.sku) && !stored.has(sub.sku)) errors.push({ line, column: 'substitutes', message: `substitute ${sub.sku} is neither in the catalogue nor in this file` });
      }
      for (const owner of owners) {
        // A code may move from one item to another when the file takes it off the first.
        if (!draft.barcodes.some((b) => b.code === owner.code) || owner.sku === draft.sku) continue;
        if (!listed.has(owner.sku) || listed.get(owner.sku)!.has(owner.code)) {
          errors.push({ line, column: 'barcodes', message: `barcode ${owner.code} already belongs to stock item ${owner.sku}; a barcode names one item` });
        }
      }
    }
    if (errors.length > 0) throw rejected(errors.sort((a, b) => a.line - b.line));

    const created = merged.filter((m) => !m.row);
    const updated = merged.filter((m) => m.row && !sameDraft(m.draft, m.was!));
    const report: StockImportReport = {
      dryRun: options.dryRun, rows: plan.items.length, changed: created.length + updated.length > 0,
      created: created.length, updated: updated.length, unchanged: merged.length - created.length - updated.length,
    };
    if (options.dryRun || !report.changed) return report;

    const ids = new Map<string, string>([...stored.values()].map((r) => [r.sku, r.id]));
    for (const m of created) ids.set(m.draft.sku, randomUUID());
    await repos.stock.insertItems(dealerId, created.map((m) => ({ id: ids.get(m.draft.sku)!, ...m.draft })), now);
    for (const m of updated) await repos.stock.updateItem(dealerId, m.row!.id, m.draft, now);
    await repos.stock.replaceDetails(dealerId, [...created, ...updated].map((m) => ({
      itemId: ids.get(m.draft.sku)!, partNumbers: m.draft.partNumbers, barcodes: m.draft.barcodes,
      substitutes: m.draft.substitutes.map((s) => ({ id: ids.get(s.sku)!, withoutAsking: s.withoutAsking })),
    })));
    await repos.audit.record({ dealerId, ...actorOf(principal), action: 'stock.imported', entityType: 'stock-catalogue', entityId: dealerId, details: { ...report, skus: [...created, ...updated].slice(0, 1000).map((m) => m.draft.sku) } }, now);
    return report;
  });
}
