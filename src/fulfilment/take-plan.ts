import type { ConsumableRequestRow, DeviceRow, LineSelectedBy, SupplyRow } from '../db/schema.js';
import { isColorSupply } from '../forecasting/index.js';
import { AppError } from '../platform/errors.js';
import { excessFlag, excessPages, type ExcessFlag } from './excess.js';
import { matchDevice, placeRequest, type OpenJob, type Placement } from './place.js';
import { selectSku, supplyInWords, supplyToFill, type SkuSources, type StockCandidate, type SupplyToFill } from './select-sku.js';

/**
 * The job creator's decisions for a batch of requests, as pure functions over what the batch read under its printers'
 * locks: each request's lines (chooseLines), what the excess-supply guard must read for them (excessLookups), and
 * where each goes (placeTakes) — in the batch's order, so a request sees the jobs and lines of those before it exactly
 * as if each had been taken in a transaction of its own.
 */

/** The supplies a request orders (its anchor and the colours consolidated into it), as its printer reports them. */
export function suppliesToFill(request: Pick<ConsumableRequestRow, 'supply_index' | 'supply_indexes'>, rows: readonly SupplyRow[]): SupplyToFill[] {
  return [...new Set([request.supply_index, ...request.supply_indexes])].map((index) => supplyToFill(index, rows.find((s) => s.supply_index === index)));
}

/** What choosing a request's lines reads. */
export interface LineChoiceInput {
  /** The request, outstanding, held under its printer's lock. */
  request: ConsumableRequestRow;
  /** Its own printer as stored now; undefined when it is gone. */
  own: DeviceRow | undefined;
  /** The effective fulfilment setting of its own printer (null when the printer is gone). */
  fulfilment: 'internal' | 'external' | null;
  /** The printer someone linked to fix an exception, else undefined: it gets the toner, whatever the serial says. */
  linked: DeviceRow | undefined;
  /** The supplies the request orders (suppliesToFill). */
  supplies: readonly SupplyToFill[];
  /** Where SKUs come from for the printer that gets the toner (the linked one, else its own); null when there is none. */
  sources: SkuSources | null;
  /** The SKU someone picked to fix an exception (item undefined when the catalogue has none such), else null. */
  picked: { sku: string; item: StockCandidate | undefined } | null;
  /** Cartridges the printer that gets the toner may be sent ahead of what it used (its excessCartridgesAhead setting). */
  excessAhead: number;
  /** Who takes it, for the words of a picked SKU. */
  takerName: string;
}

/** One job line chosen for a supply, and why. */
export interface ChosenLine {
  supply: SupplyToFill;
  item: StockCandidate;
  selectedBy: LineSelectedBy;
  why: string;
}

/** What becomes of one request before placing: left for an ERP, an exception, or lines for a printer. */
export type LineChoice =
  | { kind: 'skipped'; why: string }
  | { kind: 'exception'; reason: 'unknown-serial' | 'no-sku'; message: string }
  | { kind: 'lines'; request: ConsumableRequestRow; device: DeviceRow; lines: ChosenLine[]; excessAhead: number };

/**
 * Steps (1) and (2) of taking a request: its serial must still name its printer, unless someone linked the printer that
 * gets the toner; then the SKU of each supply it orders (contract default stock, related stock, part number, else the
 * picked SKU). A printer or SKU that cannot be matched is an exception (the request stays outstanding); a printer whose
 * fulfilment is external is left for the ERP.
 */
export function chooseLines(input: LineChoiceInput): LineChoice {
  const { request, own, linked } = input;
  if (input.fulfilment === 'external') return { kind: 'skipped', why: `Request ${request.id} is for a printer whose fulfilment is external: an ERP takes it.` };
  if (!linked) {
    const match = matchDevice({ request: { serial: request.serial, customerId: request.customer_id }, device: own ? { serial: own.serial, customerId: own.customer_id, replacedBy: own.replaced_by } : null });
    if (!match.matched) return { kind: 'exception', reason: 'unknown-serial', message: match.message };
  }
  const device = linked ?? own;
  if (!device || !input.sources) return { kind: 'exception', reason: 'unknown-serial', message: 'The printer of this request no longer exists; link the printer that should get the toner.' };
  const { picked } = input;
  if (picked && !picked.item) throw new AppError('bad-request', `No stock item with SKU ${picked.sku}; add it to the stock catalogue first.`, { field: 'sku' });
  const lines: ChosenLine[] = [];
  const missing: string[] = [];
  for (const supply of input.supplies) {
    const choice = selectSku(supply, input.sources);
    if (choice.item) lines.push({ supply, item: choice.item, selectedBy: choice.selectedBy, why: choice.why });
    else if (picked?.item) lines.push({ supply, item: picked.item, selectedBy: 'manual', why: `SKU ${picked.item.sku}: chosen by ${input.takerName} for the ${supplyInWords(supply)}. (${choice.why})` });
    else missing.push(choice.why);
  }
  if (missing.length > 0) return { kind: 'exception', reason: 'no-sku', message: missing.join(' ') };
  return { kind: 'lines', request, device, lines, excessAhead: input.excessAhead };
}

/** Cartridges already on a printer's job lines of one kind and colour (lower case), and when the first was put on a job. */
export interface Shipped {
  deviceId: string;
  kind: string;
  color: string | null;
  quantity: number;
  firstAt: Date;
}

const shippedKey = (deviceId: string, kind: string, color: string | null) => `${deviceId}/${kind}/${color?.toLowerCase() ?? ''}`;

/** The key of pages printed by a printer since an instant, as excessLookups asks for them and placeTakes reads them. */
export const pagesKey = (deviceId: string, since: Date) => `${deviceId}@${since.toISOString()}`;

/**
 * What the excess-supply guard needs read for a batch's lines: pages printed since the first shipment of each kind and
 * colour a line adds to, and since `now` where the batch itself ships one twice (its first line then is the first
 * shipment). Printers with nothing shipped before need nothing: the guard only counts spares.
 */
export function excessLookups(choices: readonly LineChoice[], shipped: readonly Shipped[], now: Date): { deviceId: string; since: Date }[] {
  const before = new Map(shipped.map((s) => [shippedKey(s.deviceId, s.kind, s.color), s]));
  const lines = new Map<string, { deviceId: string; count: number }>();
  for (const choice of choices) {
    if (choice.kind !== 'lines') continue;
    for (const { supply } of choice.lines) {
      const key = shippedKey(choice.device.id, supply.kind, supply.color);
      lines.set(key, { deviceId: choice.device.id, count: (lines.get(key)?.count ?? 0) + 1 });
    }
  }
  const asked = new Map<string, { deviceId: string; since: Date }>();
  const ask = (deviceId: string, since: Date) => asked.set(pagesKey(deviceId, since), { deviceId, since });
  for (const [key, { deviceId, count }] of lines) {
    const prior = before.get(key);
    if (prior) ask(deviceId, prior.firstAt);
    if (count > 1) ask(deviceId, now);
  }
  return [...asked.values()];
}

/** What the excess-supply guard read for a batch: shipped before, realized yields per printer and supply, pages (excessLookups). */
export interface ExcessFacts {
  shipped: readonly Shipped[];
  yields: ReadonlyMap<string, ReadonlyMap<number, number>>;
  pages: ReadonlyMap<string, { total: number | null; color: number | null }>;
}

/** A printer's open job as placing reads it: with its excess flags. */
export type HeldJob = OpenJob & { excess: readonly unknown[] | null };

/** A job the batch makes. */
export interface NewJob {
  id: string;
  device: DeviceRow;
  why: string;
  excess: ExcessFlag[];
}

/** A request placed on a job with its lines. */
export interface Take {
  request: ConsumableRequestRow;
  jobId: string;
  placement: Placement;
  lines: ChosenLine[];
  flags: ExcessFlag[];
}

/** What a batch writes: new jobs (in the order they are numbered), takes, new excess flags of jobs made before, comments. */
export interface TakePlan {
  jobs: NewJob[];
  takes: Take[];
  /** Jobs made before the batch whose excess flags grow: each one's whole new list. */
  flagged: Map<string, unknown[]>;
  comments: { jobId: string; body: string }[];
}

/**
 * A job's number until it is numbered, as it is stored and named in the words of the batch that makes it: numbers are
 * given near commit (the dealer's counter stays locked from then on), so the batch's texts name its new jobs by this,
 * and withNumbers puts the numbers in.
 */
export const placeholderNumber = (jobId: string) => `pending-${jobId}`;

/** A text with the placeholders of numbered jobs replaced by their numbers. */
export function withNumbers(text: string, numbers: ReadonlyMap<string, string>): string {
  return text.replace(/pending-([0-9a-f-]{36})/g, (placeholder, id: string) => numbers.get(id) ?? placeholder);
}

/**
 * Steps (3) and the excess-supply guard for a batch, request after request: the printer's booked job (one the batch
 * made included) gets the lines, else a new job, commented with the printer's other open job (and that job with it);
 * each line's kind and colour is checked against what the printer was shipped before (lines of the batch included)
 * and the pages it printed since. `open` are the printers' open jobs, held under lock; `newId` names new jobs.
 */
export function placeTakes(choices: readonly LineChoice[], open: ReadonlyMap<string, readonly HeldJob[]>, facts: ExcessFacts, now: Date, newId: () => string): TakePlan {
  const plan: TakePlan = { jobs: [], takes: [], flagged: new Map(), comments: [] };
  const jobsOf = new Map([...open].map(([deviceId, jobs]) => [deviceId, [...jobs]]));
  const shipped = new Map(facts.shipped.map((s) => [shippedKey(s.deviceId, s.kind, s.color), { quantity: s.quantity, firstAt: s.firstAt }]));
  for (const choice of choices) {
    if (choice.kind !== 'lines') continue;
    const { request, device } = choice;
    const held = jobsOf.get(device.id) ?? [];
    const placement = placeRequest(held);
    // The guard, per kind and colour, against what was shipped before this request's lines.
    const flags: ExcessFlag[] = [];
    for (const { supply, item } of choice.lines) {
      const before = shipped.get(shippedKey(device.id, supply.kind, supply.color));
      const pages = before ? facts.pages.get(pagesKey(device.id, before.firstAt)) : undefined;
      if (before && !pages) throw new Error(`The pages printed by ${device.id} since ${before.firstAt.toISOString()} were not read (excessLookups).`);
      const flag = excessFlag({
        supplyIndex: supply.index, color: supply.color, kind: supply.kind, shippedBefore: before?.quantity ?? 0, firstShippedAt: before?.firstAt ?? null, adding: request.quantity,
        // Colour supplies count colour pages where the device reports them (excessPages says why).
        ...excessPages(supply.color, { total: pages?.total ?? null, color: isColorSupply(supply.color) ? pages?.color ?? null : null }, { realized: facts.yields.get(device.id)?.get(supply.index) ?? null, rated: item.yieldPages }),
        threshold: choice.excessAhead,
      });
      if (flag) flags.push(flag);
    }
    for (const { supply } of choice.lines) {
      const key = shippedKey(device.id, supply.kind, supply.color);
      const before = shipped.get(key);
      shipped.set(key, { quantity: (before?.quantity ?? 0) + request.quantity, firstAt: before && before.firstAt < now ? before.firstAt : now });
    }

    let jobId: string;
    if (placement.kind === 'consolidate') {
      jobId = placement.job.id;
      const made = plan.jobs.find((j) => j.id === jobId);
      if (made) made.excess.push(...flags);
      else if (flags.length > 0) {
        const job = held.find((j) => j.id === jobId);
        // A new flag needs a new confirmation, even where an earlier one was confirmed.
        plan.flagged.set(jobId, [...(plan.flagged.get(jobId) ?? job?.excess ?? []), ...flags]);
      }
    } else {
      jobId = newId();
      plan.jobs.push({ id: jobId, device, why: placement.why, excess: flags });
      jobsOf.set(device.id, [{ id: jobId, number: placeholderNumber(jobId), status: 'booked', createdAt: now, excess: null }, ...held]);
    }
    if (flags.length > 0) plan.comments.push({ jobId, body: `Excess supply: ${flags.map((f) => f.message).join(' ')} A dispatcher must confirm before the job goes ready.` });
    if (placement.kind === 'new' && placement.crossWith) {
      const other = placement.crossWith;
      plan.comments.push({ jobId, body: `This printer also has job ${other.number} (${other.status}); this job was made because that one is no longer booked.` });
      plan.comments.push({ jobId: other.id, body: `This printer also has job ${placeholderNumber(jobId)} (booked), made for toner that could not ride with this one (${other.status}).` });
    }
    plan.takes.push({ request, jobId, placement, lines: choice.lines, flags });
  }
  return plan;
}
