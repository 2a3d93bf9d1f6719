import { randomUUID } from 'node:crypto';
import type { Repositories, Store } from '../app/store.js';
import type { ConsumableRequestRow, ContractRow } from '../db/schema.js';
import { AppError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { giveWay } from '../platform/slices.js';
import { changeRequestStatusesIn, deviceSettingLevelsEach, queueItemsIn, resolveSettings, settingValues, type RequestChanger } from '../requests/index.js';
import type { SkuSources, StockCandidate, SupplyToFill } from './select-sku.js';
import { jobHistoryEntry } from './status.js';
import { chooseLines, excessLookups, pagesKey, placeholderNumber, placeTakes, suppliesToFill, withNumbers, type HeldJob, type LineChoice, type TakePlan } from './take-plan.js';

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

// Requests read from the queue at a time: a read costs about the same whatever its size (the queue is sorted whole), so few large pages.
const PAGE = 2500;
// Requests taken in one transaction: a batch costs a fixed number of statements whatever its size, and holds its printers'
// locks (and, on the embedded engine, the one connection) until it commits, so not too many at once.
const BATCH = 250;

/**
 * What SKU choice reads alike for many requests of one run — a model's related stock, a contract's default stock, the
 * items listing some part numbers — read once per run instead of once per batch. The stock catalogue is not locked by a
 * run either way; a change made during a run counts from the next one. Loaded with the caller's transaction (the embedded
 * engine has one connection: a read beside the transaction would wait for it).
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

/** Nothing kept: a single request (an exception's fix) reads the catalogue as stored now. */
const NO_CACHE: CatalogueCache = { get: (_key, load) => load() };

/** A request to take, with the printer it was queued for (what to lock before its row) and a fix someone chose. */
interface ToTake {
  id: string;
  deviceId: string;
  fix: ExceptionFix;
}

/**
 * The job creator: takes a dealer's outstanding requests of internal fulfilment, oldest first, from the same queue an
 * ERP's B2B poll reads (queueItemsIn: its requests without the counts), and actions them through the same status machine
 * as an ERP's action (the requests domain's changeRequestStatusesIn), a batch of requests per transaction (takeBatch).
 * Exactly once under races (two processes, the schedule and a "take requests now" click): a batch takes its printers'
 * locks, then its requests' rows, and only those still outstanding, so a second runner finds them actioned and skips
 * them. A request that becomes an exception never holds up the others; a batch that fails is taken again request by
 * request, so a request that cannot be taken fails alone. A printer's requests of one page go in one batch.
 */
export async function runJobCreator(store: Store, taker: JobTaker, now: Date, logger?: Logger): Promise<JobRunResult> {
  const result: JobRunResult = { created: 0, consolidated: 0, exceptions: 0, failed: 0 };
  const count = (outcome: TakeOutcome) => {
    if (outcome.kind === 'created') result.created += 1;
    else if (outcome.kind === 'consolidated') result.consolidated += 1;
    else if (outcome.kind === 'exception') result.exceptions += 1;
  };
  const seen = new Set<string>();
  const catalogue = catalogueCache();
  for (;;) {
    // Requests left outstanding (exceptions) stay at the head of the queue: ask for them plus a fresh page.
    const items = await queueItemsIn(store.repos, taker.changer.scope, { status: 'outstanding', fulfilment: { is: 'internal', now } }, seen.size + PAGE);
    const fresh = items.filter((r) => !seen.has(r.id));
    if (fresh.length === 0) break;
    for (const request of fresh) seen.add(request.id);
    for (const batch of batchesByPrinter(fresh.map((r) => ({ id: r.id, deviceId: r.device_id, fix: {} })), BATCH)) {
      try {
        (await takeBatch(store, taker, batch, now, catalogue)).forEach(count);
      } catch (error) {
        logger?.warn({ err: error, requests: batch.length }, 'the job creator could not take a batch at once; it takes its requests one by one');
        for (const one of batch) {
          try {
            (await takeBatch(store, taker, [one], now, catalogue)).forEach(count);
          } catch (failure) {
            result.failed += 1;
            logger?.error({ err: failure, requestId: one.id }, 'the job creator could not take a request');
          }
        }
      }
      // Requests that arrived meanwhile get the connection first (the embedded engine has one).
      await giveWay();
    }
  }
  return result;
}

/** Batches of about `size` requests in queue order, each printer's requests in the batch of its first. */
function batchesByPrinter(requests: readonly ToTake[], size: number): ToTake[][] {
  const batches: ToTake[][] = [];
  const batchOf = new Map<string, ToTake[]>();
  for (const request of requests) {
    let batch = batchOf.get(request.deviceId);
    if (!batch) {
      if (batches.length === 0 || batches.at(-1)!.length >= size) batches.push([]);
      batch = batches.at(-1)!;
      batchOf.set(request.deviceId, batch);
    }
    batch.push(request);
  }
  return batches;
}

/**
 * Takes one outstanding request for a supply job (takeBatch of one, reading the catalogue as stored now): the fix of an
 * exception — the SKU someone picked and/or the printer someone linked — or a request taken alone.
 */
export async function takeRequest(store: Store, taker: JobTaker, requestId: string, now: Date, fix: ExceptionFix = {}): Promise<TakeOutcome> {
  const deviceId = await store.repos.requests.deviceOfRequest(taker.changer.scope, requestId);
  if (!deviceId) throw new AppError('not-found', `No consumable request with id ${requestId}.`);
  return (await takeBatch(store, taker, [{ id: requestId, deviceId, fix }], now, NO_CACHE))[0]!;
}

/**
 * Takes a batch of outstanding requests for supply jobs in one transaction and a fixed number of statements, whatever its
 * size: (1) each request's serial must still name its printer, (2) the SKU of each supply it orders is chosen (contract
 * default stock, related stock, part number), (3) it joins its printer's booked job, or a new job is made (commented with
 * the printer's other open job), (4) it is actioned with the job's number as its B2B ID. A printer or SKU that cannot be
 * matched makes an exception instead; the request stays outstanding so it is neither lost nor blocking, and a fix or a
 * later run that finds the match turns it into the job. The printers' locks are taken first, in one sorted order, then
 * the requests' rows: whatever is no longer outstanding is skipped. Outcomes in the order of `batch`.
 */
async function takeBatch(store: Store, taker: JobTaker, batch: readonly ToTake[], now: Date, catalogue: CatalogueCache): Promise<TakeOutcome[]> {
  const scope = taker.changer.scope;
  return store.transaction(async (repos) => {
    const linkedIds = batch.flatMap((t) => (t.fix.deviceId ? [t.fix.deviceId] : []));
    await repos.requests.lockDevices(scope.dealerId, [...batch.map((t) => t.deviceId), ...linkedIds]);
    const rows = new Map((await repos.requests.lockManyForUpdate(scope, batch.map((t) => t.id))).map((r) => [r.id, r]));
    const outcomes: (TakeOutcome | undefined)[] = batch.map((t) => {
      const row = rows.get(t.id);
      if (!row) return { kind: 'skipped', why: `No consumable request with id ${t.id}.` };
      if (row.device_id !== t.deviceId) return { kind: 'skipped', why: `Request ${t.id} is not for the printer it was queued with.` };
      if (row.status !== 'outstanding') return { kind: 'skipped', why: `Request ${t.id} is ${row.status}, no longer outstanding.` };
      return undefined;
    });
    const taking = batch.flatMap((t, i) => (outcomes[i] ? [] : [{ ...t, index: i, request: rows.get(t.id)! }]));
    if (taking.length === 0) return outcomes as TakeOutcome[];

    const choices = await chooseBatch(repos, taker, taking, now, catalogue);
    const { plan, numberOfHeld } = await planBatch(repos, choices, now);
    await noteExceptions(repos, taking.map((t) => t.request), choices, now);
    const numberOf = await writeTakes(repos, taker, plan, new Map(taking.map((t) => [t.id, t.fix])), now, numberOfHeld);

    const takeOf = new Map(plan.takes.map((take) => [take.request.id, take]));
    taking.forEach((t, i) => {
      const choice = choices[i]!;
      const take = takeOf.get(t.id);
      if (take) outcomes[t.index] = { kind: take.placement.kind === 'consolidate' ? 'consolidated' : 'created', jobId: take.jobId, number: numberOf(take.jobId) };
      else if (choice.kind === 'exception') outcomes[t.index] = { kind: 'exception', reason: choice.reason, message: choice.message };
      else if (choice.kind === 'skipped') outcomes[t.index] = choice;
    });
    return outcomes as TakeOutcome[];
  });
}

/** Steps (1) and (2) for the batch's held requests, from their printers as they are now (under their locks): rows, inherited settings, supplies. */
async function chooseBatch(repos: Repositories, taker: JobTaker, taking: readonly (ToTake & { request: ConsumableRequestRow })[], now: Date, catalogue: CatalogueCache): Promise<LineChoice[]> {
  const { dealerId } = taker.changer.scope;
  const linkedIds = taking.flatMap((t) => (t.fix.deviceId ? [t.fix.deviceId] : []));
  const devices = new Map((await repos.devices.getMany({ dealerId, customerId: null }, [...new Set([...taking.map((t) => t.deviceId), ...linkedIds])])).map((d) => [d.id, d]));
  for (const id of linkedIds) if (!devices.has(id)) throw new AppError('not-found', `No device with id ${id}.`);
  const [levels, supplyRows] = await Promise.all([deviceSettingLevelsEach(repos, dealerId, [...devices.values()], now), repos.devices.suppliesOf(dealerId, [...new Set(taking.map((t) => t.deviceId))])]);
  const choices: LineChoice[] = [];
  for (const t of taking) {
    const own = devices.get(t.deviceId);
    const target = t.fix.deviceId ? devices.get(t.fix.deviceId) : own;
    const targetLevels = target ? levels.get(target.id) : undefined;
    const supplies = suppliesToFill(t.request, supplyRows.filter((s) => s.device_id === t.deviceId));
    choices.push(chooseLines({
      request: t.request, own, linked: t.fix.deviceId ? target : undefined, supplies, takerName: taker.name,
      fulfilment: own ? resolveSettings(levels.get(own.id)!.levels).fulfilment.value : null,
      sources: target && targetLevels ? await skuSources(repos, catalogue, dealerId, targetLevels.contract, target.model, supplies) : null,
      picked: t.fix.sku ? { sku: t.fix.sku, item: await repos.supplyJobs.itemBySku(dealerId, t.fix.sku) } : null,
      excessAhead: targetLevels ? settingValues(resolveSettings(targetLevels.levels)).excessCartridgesAhead : 0,
    }));
  }
  return choices;
}

/** Step (3) and the excess-supply guard: the printers' open jobs (locked), what they were shipped and printed since, then placeTakes. */
async function planBatch(repos: Repositories, choices: readonly LineChoice[], now: Date): Promise<{ plan: TakePlan; numberOfHeld: (jobId: string) => string | undefined }> {
  const targets = [...new Set(choices.flatMap((c) => (c.kind === 'lines' ? [c.device.id] : [])))];
  const [openRows, shipped] = await Promise.all([repos.supplyJobs.lockOpenJobsOfDevices(targets), repos.supplyJobs.shippedOfDevices(targets)]);
  const asked = excessLookups(choices, shipped, now);
  const [pages, yields] = await Promise.all([repos.supplyJobs.pagesSinceEach(asked), repos.requests.expectedYieldsOf([...new Set(asked.map((a) => a.deviceId))])]);
  const open = new Map<string, HeldJob[]>();
  for (const j of openRows) open.set(j.device_id, [...(open.get(j.device_id) ?? []), { id: j.id, number: j.number, status: j.status, createdAt: j.created_at, excess: j.excess }]);
  const plan = placeTakes(choices, open, { shipped, yields, pages: new Map(asked.map((a, i) => [pagesKey(a.deviceId, a.since), pages[i]!])) }, now, randomUUID);
  const held = new Map(openRows.map((j) => [j.id, j.number]));
  return { plan, numberOfHeld: (jobId) => held.get(jobId) };
}

/** The batch's exceptions, each noted once while open (audited when new). */
async function noteExceptions(repos: Repositories, requests: readonly ConsumableRequestRow[], choices: readonly LineChoice[], now: Date): Promise<void> {
  const exceptions = requests.flatMap((request, i) => { const c = choices[i]!; return c.kind === 'exception' ? [{ request, reason: c.reason, message: c.message }] : []; });
  const noted = await repos.supplyJobs.noteExceptions(exceptions.map(({ request, reason, message }) => ({ id: randomUUID(), dealerId: request.dealer_id, requestId: request.id, customerId: request.customer_id, deviceId: request.device_id, reason, message })), now);
  await repos.audit.record(exceptions.filter((x) => noted.has(x.request.id)).map(({ request, reason, message }) => ({
    dealerId: request.dealer_id, actorType: 'system' as const, actorId: null, action: 'job.exception', entityType: 'consumable-request', entityId: request.id, details: { reason, message },
  })), now);
}

/**
 * Writes a batch's plan, one statement each: its jobs (under placeholders, then numbered: the dealer's number counter is
 * locked from then until commit), lines, comments, new excess flags, resolved exceptions, and (4) its requests actioned
 * with their job's number as their B2B ID, exactly as an ERP's action, the jobs' audit entries in the requests' insert.
 * The number of each job the batch named.
 */
async function writeTakes(repos: Repositories, taker: JobTaker, plan: TakePlan, fixOf: ReadonlyMap<string, ExceptionFix>, now: Date, numberOfHeld: (jobId: string) => string | undefined): Promise<(jobId: string) => string> {
  const { dealerId } = taker.changer.scope;
  const actor = { kind: taker.changer.actor.kind, id: taker.changer.actor.id, name: taker.name };
  await repos.supplyJobs.insertJobs(plan.jobs.map((job) => ({
    id: job.id, dealer_id: dealerId, number: placeholderNumber(job.id), status: 'booked', device_id: job.device.id, customer_id: job.device.customer_id, site_id: job.device.site_id,
    history: JSON.stringify([jobHistoryEntry(null, 'booked', actor, now, job.why)]), status_changed_at: now, created_at: now, updated_at: now,
    ...(job.excess.length > 0 && { excess: JSON.stringify(job.excess) }),
  })));
  const numbers = await repos.supplyJobs.numberJobs(dealerId, plan.jobs.map((j) => j.id));
  const numberOf = (jobId: string) => numbers.get(jobId) ?? numberOfHeld(jobId)!;
  await repos.supplyJobs.insertLines(plan.takes.flatMap((take) => take.lines.map(({ supply, item, selectedBy, why }) => ({
    id: randomUUID(), dealer_id: dealerId, job_id: take.jobId, request_id: take.request.id, supply_index: supply.index, stock_item_id: item.id, sku: item.sku,
    description: item.description, color: supply.color, kind: supply.kind, quantity: take.request.quantity, selected_by: selectedBy, why: withNumbers(`${take.placement.why} ${why}`, numbers), created_at: now,
  }))));
  await repos.supplyJobs.addComments(plan.comments.map(({ jobId, body }) => ({
    id: randomUUID(), dealer_id: dealerId, job_id: jobId, author_kind: 'system', author_id: 'job-creator', author_name: 'TonerLoop job creator', body: withNumbers(body, numbers), created_at: now,
  })));
  await repos.supplyJobs.flagExcess([...plan.flagged].map(([jobId, excess]) => ({ jobId, excess })), now);
  await repos.supplyJobs.resolveExceptionsOf(plan.takes.map((take) => ({ requestId: take.request.id, jobId: take.jobId })), taker.name, now);
  await changeRequestStatusesIn(repos, taker.changer, plan.takes.map((take) => ({
    held: take.request, options: { externalId: numberOf(take.jobId), comment: withNumbers(`Supply job ${numberOf(take.jobId)}. ${take.placement.why}`, numbers) },
  })), 'actioned', now, plan.takes.map((take) => {
    const fix = fixOf.get(take.request.id) ?? {};
    return {
      dealerId, ...taker.changer.audit, action: take.placement.kind === 'consolidate' ? 'job.line-added' : 'job.created', entityType: 'supply-job', entityId: take.jobId,
      details: { number: numberOf(take.jobId), requestId: take.request.id, skus: take.lines.map((l) => l.item.sku), selectedBy: take.lines.map((l) => l.selectedBy), excess: take.flags.length > 0, fix: fix.sku || fix.deviceId ? fix : null },
    };
  }));
  return numberOf;
}

/** Where the SKUs of a printer's supplies come from: its contract's default stock, its model's related stock, the items listing their part numbers. */
async function skuSources(repos: Repositories, catalogue: CatalogueCache, dealerId: string, contract: ContractRow | null, model: string | null, supplies: readonly SupplyToFill[]): Promise<SkuSources> {
  const partNumbers = [...new Set(supplies.flatMap((s) => s.partNumbers))].sort();
  return {
    contract: contract ? { name: contract.name, items: await catalogue.get(`contract:${contract.id}`, () => repos.supplyJobs.contractDefaultStock(dealerId, contract.id)) } : null,
    model,
    related: model ? await catalogue.get(`model:${model}`, () => repos.supplyJobs.relatedStock(dealerId, model)) : [],
    partMatches: await catalogue.get(`parts:${JSON.stringify(partNumbers)}`, () => repos.supplyJobs.partNumberMatches(dealerId, partNumbers)),
  };
}
