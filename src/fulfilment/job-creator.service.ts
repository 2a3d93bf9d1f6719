import { randomUUID } from 'node:crypto';
import type { Repositories, Store } from '../app/store.js';
import type { TenantScope } from '../auth/index.js';
import type { ConsumableRequestRow, DeviceRow, SupplyJobLineRow, SupplyRow } from '../db/schema.js';
import { isColorSupply } from '../forecasting/index.js';
import { AppError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { changeRequestStatusIn, deviceSettingLevels, deviceSettingLevelsEach, queueIn, resolveSettings, settingValues, type RequestChanger } from '../requests/index.js';
import { excessFlag, excessPages, type ExcessFlag } from './excess.js';
import { matchDevice, placeRequest, type OpenJob } from './place.js';
import { selectSku, supplyInWords, type StockCandidate, type SupplyToFill } from './select-sku.js';
import { jobHistoryEntry } from './status.js';

/** Who takes requests for jobs: the request changer (scope, actor, audit actor) and a name for comments and history. */
export interface JobTaker {
  changer: RequestChanger;
  name: string;
}

/** The scheduled job creator: TonerLoop itself, dealer-wide. */
export function systemTaker(dealerId: string): JobTaker {
  return { changer: { scope: { dealerId, customerId: null }, actor: { kind: 'system', id: 'job-creator' }, audit: { actorType: 'system', actorId: null } }, name: 'TonerLoop job creator' };
}

/** What a run did (CONTRACT: created, consolidated, exceptions), plus requests it could not handle for another reason. */
export interface JobRunResult {
  created: number;
  consolidated: number;
  exceptions: number;
  failed: number;
}

/** A fix someone chose for an exception: the SKU to ship (selectedBy manual) and/or the printer that gets the toner. */
export interface ExceptionFix {
  sku?: string | undefined;
  deviceId?: string | undefined;
}

/** What became of one request. */
export type TakeOutcome =
  | { kind: 'created' | 'consolidated'; jobId: string; number: string }
  | { kind: 'exception'; reason: 'unknown-serial' | 'no-sku'; message: string }
  | { kind: 'skipped'; why: string };

const PAGE = 1000;
// Requests taken at once, each in its own transaction: a run waits on round trips to the database, not on the CPU, and
// requests of one printer still queue behind its lock. A few, so a run leaves connections for everything else.
const WORKERS = 4;

/**
 * What SKU choice reads alike for many requests of one run — a model's related stock, a contract's default stock, the
 * items listing some part numbers — read once per run instead of once per request. The stock catalogue is not locked by
 * a run either way; a change made during a run counts from the next one. Loaded with the caller's transaction (the
 * embedded engine has one connection: a read beside the transaction would wait for it).
 */
export interface CatalogueCache {
  get(key: string, load: () => Promise<StockCandidate[]>): Promise<StockCandidate[]>;
}

/** A cache for one run. */
export function catalogueCache(): CatalogueCache {
  const values = new Map<string, StockCandidate[]>();
  return {
    async get(key, load) {
      const known = values.get(key);
      if (known) return known;
      const value = await load();
      values.set(key, value);
      return value;
    },
  };
}

/** What a printer's request reads about it beside its own row: its inherited settings and its supplies. */
interface PrinterReads {
  device: Pick<DeviceRow, 'customer_id' | 'request_settings'>;
  levels: Awaited<ReturnType<typeof deviceSettingLevels>>;
  supplies: SupplyRow[];
}

/**
 * What one run reads once and its requests share: the catalogue, and for each page of requests their printers' settings
 * and supplies, read in a few statements when the page is fetched instead of in several per request. A request uses its
 * printer's page reads only while the printer's row, read again under its lock, still has the customer and overrides
 * they were read for; settings changed during a run otherwise count from the next one, as catalogue changes do.
 */
export interface RunReads {
  catalogue: CatalogueCache;
  /** The device of each request of the page. */
  deviceOf: Map<string, string>;
  printers: Map<string, PrinterReads>;
}

/** Nothing read ahead: a single request (an exception's fix) reads what is stored now. */
const NOTHING_READ: RunReads = { catalogue: { get: (_key, load) => load() }, deviceOf: new Map(), printers: new Map() };

/** Reads the printers of a page of requests ahead (five statements, whatever the page's size). */
async function readPage(store: Store, dealerId: string, requests: readonly { id: string; device_id: string }[], catalogue: CatalogueCache, now: Date): Promise<RunReads> {
  const deviceIds = [...new Set(requests.map((r) => r.device_id))];
  const devices = await store.repos.devices.getMany({ dealerId, customerId: null }, deviceIds);
  const [levels, supplies] = await Promise.all([deviceSettingLevelsEach(store.repos, dealerId, devices, now), store.repos.devices.suppliesOf(dealerId, deviceIds)]);
  const printers = new Map(devices.map((d) => [d.id, { device: d, levels: levels.get(d.id)!, supplies: supplies.filter((s) => s.device_id === d.id) }]));
  return { catalogue, deviceOf: new Map(requests.map((r) => [r.id, r.device_id])), printers };
}

const sameInputs = (a: PrinterReads['device'], b: PrinterReads['device']) => a.customer_id === b.customer_id && JSON.stringify(a.request_settings) === JSON.stringify(b.request_settings);

/**
 * The job creator: takes a dealer's outstanding requests of internal fulfilment, oldest first, through the same queue
 * function an ERP's B2B poll uses, and each through the same status change as an ERP's action, one request per
 * transaction: a request that becomes an exception (or fails) never holds up the others. Exactly once under races (two
 * processes, the schedule and a "take requests now" click): each request is taken under its device's lock and only
 * while still outstanding, so a second runner finds it actioned and skips it. A few requests are taken at a time
 * (WORKERS), and what many requests read alike is read once per run or page (RunReads).
 */
export async function runJobCreator(store: Store, taker: JobTaker, now: Date, logger?: Logger): Promise<JobRunResult> {
  const result: JobRunResult = { created: 0, consolidated: 0, exceptions: 0, failed: 0 };
  const seen = new Set<string>();
  const catalogue = catalogueCache();
  for (;;) {
    // Requests left outstanding (exceptions) stay at the head of the queue: ask for them plus a fresh page.
    const { items } = await queueIn(store.repos, taker.changer.scope, { status: 'outstanding', fulfilment: { is: 'internal', now } }, seen.size + PAGE);
    const fresh = items.filter((r) => !seen.has(r.id));
    if (fresh.length === 0) break;
    for (const request of fresh) seen.add(request.id);
    const reads = await readPage(store, taker.changer.scope.dealerId, fresh, catalogue, now);
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(WORKERS, fresh.length) }, async () => {
      // Oldest first: each worker takes the next request of the page.
      while (next < fresh.length) {
        const request = fresh[next++]!;
        try {
          const outcome = await takeRequest(store, taker, request.id, now, {}, reads);
          if (outcome.kind === 'created') result.created += 1;
          else if (outcome.kind === 'consolidated') result.consolidated += 1;
          else if (outcome.kind === 'exception') result.exceptions += 1;
        } catch (error) {
          result.failed += 1;
          logger?.error({ err: error, requestId: request.id }, 'the job creator could not take a request');
        }
      }
    }));
  }
  return result;
}

/**
 * Takes one outstanding request for a supply job in one transaction: (1) its serial must still name its device, (2) the
 * SKU of each supply it orders is chosen (contract default stock, related stock, part number), (3) it joins the device's
 * booked job, or a new job is made (commented with the device's other open job), (4) it is actioned with the job's
 * number as its B2B ID. A device or SKU that cannot be matched makes an exception instead; the request stays outstanding
 * so it is neither lost nor blocking, and a fix (`fix`) or a later run that finds the match turns it into the job.
 */
export async function takeRequest(store: Store, taker: JobTaker, requestId: string, now: Date, fix: ExceptionFix = {}, reads: RunReads = NOTHING_READ): Promise<TakeOutcome> {
  const { catalogue } = reads;
  const scope = taker.changer.scope;
  const outcome = await store.transaction(async (repos): Promise<TakeOutcome & { exception?: { row: ConsumableRequestRow } }> => {
    const deviceId = reads.deviceOf.get(requestId) ?? await repos.requests.deviceOfRequest(scope, requestId);
    if (!deviceId) throw new AppError('not-found', `No consumable request with id ${requestId}.`);
    await repos.requests.lockDevice(scope.dealerId, deviceId);
    const request = await repos.requests.lockForUpdate(scope, requestId);
    if (!request) throw new AppError('not-found', `No consumable request with id ${requestId}.`);
    if (request.device_id !== deviceId) throw new AppError('conflict', `Request ${requestId} is not for the printer it was read with.`);
    if (request.status !== 'outstanding') return { kind: 'skipped', why: `Request ${requestId} is ${request.status}, no longer outstanding.` };
    const dealerScope: TenantScope = { dealerId: scope.dealerId, customerId: null };
    const own = await repos.devices.get(dealerScope, request.device_id);
    const read = reads.printers.get(request.device_id);
    const fresh = read && own && sameInputs(read.device, own) ? read : undefined;
    const ownLevels = own ? fresh?.levels ?? await deviceSettingLevels(repos, scope.dealerId, own, now) : null;
    const ownSettings = ownLevels ? resolveSettings(ownLevels.levels) : null;
    if (ownSettings?.fulfilment.value === 'external') return { kind: 'skipped', why: `Request ${requestId} is for a printer whose fulfilment is external: an ERP takes it.` };

    // (1) The asset: the request's own device, unless someone linked another one to fix an exception.
    let device: DeviceRow | undefined = own;
    if (fix.deviceId) {
      device = await repos.devices.get(dealerScope, fix.deviceId);
      if (!device) throw new AppError('not-found', `No device with id ${fix.deviceId}.`);
      if (device.id !== request.device_id) await repos.requests.lockDevice(scope.dealerId, device.id);
    } else {
      const match = matchDevice({ request: { serial: request.serial, customerId: request.customer_id }, device: own ? { serial: own.serial, customerId: own.customer_id, replacedBy: own.replaced_by } : null });
      if (!match.matched) return noteException(repos, request, 'unknown-serial', match.message, now);
    }
    if (!device) return noteException(repos, request, 'unknown-serial', 'The printer of this request no longer exists; link the printer that should get the toner.', now);

    // (2) The SKU of each supply the request orders, from the target device's contract and model.
    const levels = device === own && ownLevels ? ownLevels : await deviceSettingLevels(repos, scope.dealerId, device, now);
    const settings = settingValues(resolveSettings(levels.levels));
    const supplyRows = fresh?.supplies ?? await repos.devices.suppliesOf(scope.dealerId, [request.device_id]);
    const indexes = [...new Set([request.supply_index, ...request.supply_indexes])];
    const supplies: SupplyToFill[] = indexes.map((index) => {
      const row = supplyRows.find((s) => s.supply_index === index);
      return { index, kind: row?.kind ?? 'toner', color: row?.color ?? null, partNumbers: [...new Set([...(row?.part_numbers ?? []), ...(row?.part_number ? [row.part_number] : [])].map((p) => p.toUpperCase()))] };
    });
    const contract = levels.contract;
    const model = device.model;
    const partNumbers = [...new Set(supplies.flatMap((s) => s.partNumbers))].sort();
    const sources = {
      contract: contract ? { name: contract.name, items: await catalogue.get(`contract:${contract.id}`, () => repos.supplyJobs.contractDefaultStock(scope.dealerId, contract.id)) } : null,
      model,
      related: model ? await catalogue.get(`model:${model}`, () => repos.supplyJobs.relatedStock(scope.dealerId, model)) : [],
      partMatches: await catalogue.get(`parts:${JSON.stringify(partNumbers)}`, () => repos.supplyJobs.partNumberMatches(scope.dealerId, partNumbers)),
    };
    const manual = fix.sku ? await repos.supplyJobs.itemBySku(scope.dealerId, fix.sku) : undefined;
    if (fix.sku && !manual) throw new AppError('bad-request', `No stock item with SKU ${fix.sku}; add it to the stock catalogue first.`, { field: 'sku' });
    const chosen: { supply: SupplyToFill; item: StockCandidate; selectedBy: SupplyJobLineRow['selected_by']; why: string }[] = [];
    const missing: string[] = [];
    for (const supply of supplies) {
      const choice = selectSku(supply, sources);
      if (choice.item) chosen.push({ supply, item: choice.item, selectedBy: choice.selectedBy, why: choice.why });
      else if (manual) chosen.push({ supply, item: manual, selectedBy: 'manual', why: `SKU ${manual.sku}: chosen by ${taker.name} for the ${supplyInWords(supply)}. (${choice.why})` });
      else missing.push(choice.why);
    }
    if (missing.length > 0) return noteException(repos, request, 'no-sku', missing.join(' '), now);

    // (3) Which job: the device's booked one, or a new one (commented with its other open job).
    const open: OpenJob[] = (await repos.supplyJobs.lockOpenJobsOfDevice(device.id)).map((j) => ({ id: j.id, number: j.number, status: j.status, createdAt: j.created_at }));
    const placement = placeRequest(open);
    // The excess-supply guard, per colour, before the lines are added (and before a new job takes its number: the
    // dealer's number counter stays locked from then until the transaction ends).
    const yields = await repos.requests.expectedYields(device.id);
    const flags: ExcessFlag[] = [];
    for (const { supply, item } of chosen) {
      const shipped = await repos.supplyJobs.shippedOf(device.id, supply.kind, supply.color);
      // Colour supplies count colour pages where the device reports them (excessPages says why).
      const pages = {
        total: shipped.firstAt ? await repos.supplyJobs.pagesSince(device.id, shipped.firstAt) : null,
        color: shipped.firstAt && isColorSupply(supply.color) ? await repos.supplyJobs.pagesSince(device.id, shipped.firstAt, 'color') : null,
      };
      const flag = excessFlag({
        supplyIndex: supply.index, color: supply.color, kind: supply.kind, shippedBefore: shipped.quantity, firstShippedAt: shipped.firstAt, adding: request.quantity,
        ...excessPages(supply.color, pages, { realized: yields.get(supply.index) ?? null, rated: item.yieldPages }), threshold: settings.excessCartridgesAhead,
      });
      if (flag) flags.push(flag);
    }
    const actor = { kind: taker.changer.actor.kind, id: taker.changer.actor.id, name: taker.name };
    let jobId: string;
    let number: string;
    if (placement.kind === 'consolidate') {
      jobId = placement.job.id;
      number = placement.job.number;
    } else {
      // Inserted under a placeholder, numbered last (numberJob): the dealer's number counter is locked from then until
      // commit, and every job the creator makes queues for it.
      jobId = randomUUID();
      number = `pending-${jobId}`;
      await repos.supplyJobs.insertJob({
        id: jobId, dealer_id: scope.dealerId, number, status: 'booked', device_id: device.id, customer_id: device.customer_id, site_id: device.site_id,
        history: JSON.stringify([jobHistoryEntry(null, 'booked', actor, now, placement.why)]), status_changed_at: now, created_at: now, updated_at: now,
        ...(flags.length > 0 && { excess: JSON.stringify(flags) }),
      });
    }

    await repos.supplyJobs.insertLines(chosen.map(({ supply, item, selectedBy, why }) => ({
      id: randomUUID(), dealer_id: scope.dealerId, job_id: jobId, request_id: request.id, supply_index: supply.index, stock_item_id: item.id, sku: item.sku,
      description: item.description, color: supply.color, kind: supply.kind, quantity: request.quantity, selected_by: selectedBy, why: `${placement.why} ${why}`, created_at: now,
    })));
    if (flags.length > 0 && placement.kind === 'consolidate') {
      const job = await repos.supplyJobs.lockJob(dealerScope, jobId);
      // A new flag needs a new confirmation, even where an earlier one was confirmed.
      await repos.supplyJobs.updateJob(jobId, { excess: [...(job?.excess ?? []), ...(flags as unknown as Record<string, unknown>[])], excessConfirmedAt: null, excessConfirmedBy: null }, now);
    }
    if (flags.length > 0) {
      await comment(repos, scope.dealerId, jobId, `Excess supply: ${flags.map((f) => f.message).join(' ')} A dispatcher must confirm before the job goes ready.`, now);
    }

    await repos.supplyJobs.resolveExceptionOf(request.id, taker.name, jobId, now);
    if (placement.kind === 'new') {
      number = await repos.supplyJobs.numberJob(scope.dealerId, jobId);
      if (placement.crossWith) {
        const other = placement.crossWith;
        await comment(repos, scope.dealerId, jobId, `This printer also has job ${other.number} (${other.status}); this job was made because that one is no longer booked.`, now);
        await comment(repos, scope.dealerId, other.id, `This printer also has job ${number} (booked), made for toner that could not ride with this one (${other.status}).`, now);
      }
    }

    // (4) The request is actioned with the job number as its B2B ID, exactly as an ERP's action.
    // The job's audit entry rides in the request change's insert.
    const jobAudit = {
      dealerId: scope.dealerId, ...taker.changer.audit, action: placement.kind === 'consolidate' ? 'job.line-added' : 'job.created', entityType: 'supply-job', entityId: jobId,
      details: { number, requestId: request.id, skus: chosen.map((c) => c.item.sku), selectedBy: chosen.map((c) => c.selectedBy), excess: flags.length > 0, fix: fix.sku || fix.deviceId ? fix : null },
    };
    await changeRequestStatusIn(repos, taker.changer, request.id, 'actioned', { externalId: number, comment: `Supply job ${number}. ${placement.why}` }, now, { held: request, audit: [jobAudit] });
    return { kind: placement.kind === 'consolidate' ? 'consolidated' : 'created', jobId, number };
  });
  return outcome;
}

async function noteException(repos: Repositories, request: ConsumableRequestRow, reason: 'unknown-serial' | 'no-sku', message: string, now: Date): Promise<TakeOutcome> {
  const fresh = await repos.supplyJobs.noteException({ id: randomUUID(), dealerId: request.dealer_id, requestId: request.id, customerId: request.customer_id, deviceId: request.device_id, reason, message }, now);
  if (fresh) await repos.audit.record({ dealerId: request.dealer_id, actorType: 'system', actorId: null, action: 'job.exception', entityType: 'consumable-request', entityId: request.id, details: { reason, message } }, now);
  return { kind: 'exception', reason, message };
}

async function comment(repos: Repositories, dealerId: string, jobId: string, body: string, now: Date): Promise<void> {
  await repos.supplyJobs.addComment({ id: randomUUID(), dealer_id: dealerId, job_id: jobId, author_kind: 'system', author_id: 'job-creator', author_name: 'TonerLoop job creator', body, created_at: now });
}
