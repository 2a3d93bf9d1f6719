import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { runPolicyYear, type FleetYearOptions, type GroupFigures, type PolicyResult } from './fleet-year.js';
import { STOCKOUT_CAUSES, type JitFigures } from './ledger.js';
import { POLICIES, type PolicyName } from './policies.js';
import { DEFAULT_JIT_SCENARIO, jitSettings, type JitScenario } from './scenario.js';

export { wasteAgainstStockoutsSvg } from './chart.js';
export { loadJitScenario, parseJitScenario, DEFAULT_JIT_SCENARIO, type JitScenario } from './scenario.js';
export { POLICIES, type PolicyName } from './policies.js';

/** What `tonerloop bench jit` is run with; the scenario's seed, printers and days give way to the flags. */
export interface JitBenchOptions {
  printers?: number;
  days?: number;
  seed?: string;
  scenario?: JitScenario;
  /** Policies to run (default: all six). */
  policies?: readonly PolicyName[];
  /** Worker threads running policies side by side (default: 2, or 1 on a one-core machine); 1 runs them in this thread. */
  threads?: number;
  progress(message: string): void;
}

/** The bench's results (CONTRACT "Just in time"), with what they were run on and what they cost. */
export interface JitBenchResult {
  seed: string;
  printers: number;
  days: number;
  warmupDays: number;
  readingEveryHours: number;
  scenario: JitScenario;
  policies: PolicyResult[];
  seconds: number;
  peakRssMb: number;
}

const WARMUP_DAYS = 28;
const STEP_HOURS = 4;

/** `tonerloop bench jit`: the six replenishment policies over the same fleet-year, each in its own run of the simulator. */
export async function runJitBench(input: JitBenchOptions): Promise<JitBenchResult> {
  const started = performance.now();
  const scenario = input.scenario ?? DEFAULT_JIT_SCENARIO;
  const seed = String(input.seed ?? scenario.seed ?? 'bench');
  const printers = input.printers ?? scenario.printers ?? 1000;
  const days = input.days ?? scenario.days ?? 365;
  input.progress(`${printers} printers, ${days} days after ${WARMUP_DAYS} days of warm-up, readings every ${STEP_HOURS} hours, seed "${seed}"`);
  const names = input.policies ?? POLICIES;
  const common = { printers, days, seed, warmupDays: WARMUP_DAYS, stepHours: STEP_HOURS, scenario };
  const threads = Math.min(names.length, input.threads ?? Math.min(2, availableParallelism()));
  const done = threads > 1 && WORKER_URL ? await inWorkers(names, common, threads, input.progress) : names.map((policy) => runPolicyYear(policy, { ...common, progress: input.progress }));
  for (const result of done) input.progress(`${result.policy}: ${result.seconds.toFixed(1)} s`);
  const policies = names.map((name) => done.find((r) => r.policy === name)!);
  return {
    seed, printers, days, warmupDays: WARMUP_DAYS, readingEveryHours: STEP_HOURS, scenario, policies,
    seconds: (performance.now() - started) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

const f2 = (x: number) => x.toFixed(2);
const figureCells = (f: JitFigures) => [f2(f.tonerWastedPercent), f2(f.stockoutDeviceDaysPer1000), f2(f.shipmentsPerConsumedCartridge), f2(f.meanDaysOnSiteBeforeNeeded), String(f.sparesOnSiteAtEnd)];
const FIGURE_HEADER = ['wasted %', 'stockout days /1000', 'ships per used', 'days on site', 'spares at end'];

/** Issue 19's targets for TonerLoop's default, in words, beside its row. */
function targetsOf(r: JitBenchResult, p: PolicyResult): string {
  if (p.policy !== 'tonerloop') return '';
  const rules = r.policies.filter((x) => ['low-alert-30', 'fixed-20', 'ekm-default', 'ndd-orbix'].includes(x.policy));
  const best = (key: 'tonerWastedPercent' | 'stockoutDeviceDaysPer1000' | 'shipmentsPerConsumedCartridge') => Math.min(...rules.map((x) => x[key]));
  const met = (ok: boolean) => (ok ? 'met' : 'missed');
  if (rules.length === 0) return '≤ 3 %, ≤ 1, ≤ 1.02';
  return [
    `waste ≤ 3 % and ≤ ${f2(best('tonerWastedPercent'))}: ${met(p.tonerWastedPercent <= 3 && p.tonerWastedPercent <= best('tonerWastedPercent'))}`,
    `stockouts ≤ 1 and ≤ ${f2(best('stockoutDeviceDaysPer1000'))}: ${met(p.stockoutDeviceDaysPer1000 <= 1 && p.stockoutDeviceDaysPer1000 <= best('stockoutDeviceDaysPer1000'))}`,
    `ships ≤ 1.02 and ≤ ${f2(best('shipmentsPerConsumedCartridge'))}: ${met(p.shipmentsPerConsumedCartridge <= 1.02 && p.shipmentsPerConsumedCartridge <= best('shipmentsPerConsumedCartridge'))}`,
  ].join('; ');
}

/** The policy table, then the same figures by gauge personality and by swap habit. */
export function jitTables(r: JitBenchResult): { header: string[]; rows: string[][]; more: { header: string[]; rows: string[][] }[] } {
  const rows = r.policies.map((p) => [p.policy, String(p.shipments), ...figureCells(p), `${p.seconds.toFixed(0)} s`, targetsOf(r, p)]);
  const grouped = (what: string, of: (p: PolicyResult) => GroupFigures[]) => ({
    header: [what, 'policy', 'printers', ...FIGURE_HEADER],
    rows: [...new Set(r.policies.flatMap((p) => of(p).map((g) => g.group)))].sort().flatMap((group) =>
      r.policies.map((p) => {
        const g = of(p).find((x) => x.group === group)!;
        return [group, p.policy, String(g.printers), ...figureCells(g)];
      })),
  });
  const s = jitSettings(r.scenario);
  return {
    header: ['policy', 'shipments', ...FIGURE_HEADER, 'time', `targets for tonerloop (${s.triggerMode === 'service-level' ? `trigger service-level ${s.serviceLevelPercent} %` : `trigger ${s.triggerMode}, lead ${s.leadTimeDays} + buffer ${s.safetyBufferDays} days`})`],
    rows,
    more: [
      grouped('gauge', (p) => p.byPersonality), grouped('swaps', (p) => p.byBehaviour),
      {
        header: ['stockouts by cause', ...r.policies.map((p) => p.policy)],
        rows: [
          ...STOCKOUT_CAUSES.map((cause) => [cause, ...r.policies.map((p) => f2(p.stockoutsByCause.find((c) => c.cause === cause)!.stockoutDeviceDaysPer1000))]),
          // The back-order model's calibration as this run drew it: shipments of 5 business days or more, and their mean.
          ['back orders, % of shipments', ...r.policies.map((p) => f2(p.backOrders.sharePercent))],
          ['back orders, mean business days', ...r.policies.map((p) => f2(p.backOrders.meanLeadTimeBusinessDays))],
        ],
      },
    ],
  };
}

// Worker threads need the compiled module; from TypeScript sources (tests) the policies run in this thread.
const WORKER_URL = import.meta.url.endsWith('.js') ? new URL('./worker.js', import.meta.url) : null;

/** Runs the policies on `threads` worker threads, the slowest (TonerLoop's forecasts, the oracle's look-aheads) first. */
async function inWorkers(names: readonly PolicyName[], common: Omit<FleetYearOptions, 'progress'>, threads: number, progress: (message: string) => void): Promise<PolicyResult[]> {
  const queue = [...names].sort((a, b) => COST[b] - COST[a]);
  const results: PolicyResult[] = [];
  await Promise.all(Array.from({ length: threads }, () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(WORKER_URL!, { workerData: common });
    const next = () => worker.postMessage(queue.shift() ?? null);
    worker.on('message', (message: { progress?: string; result?: PolicyResult }) => {
      if (message.progress) progress(message.progress);
      if (message.result) {
        results.push(message.result);
        next();
      }
    });
    worker.on('error', reject);
    worker.on('exit', () => resolve());
    next();
  })));
  return results;
}

const COST: Record<PolicyName, number> = { tonerloop: 3, oracle: 2, 'low-alert-30': 1, 'fixed-20': 1, 'ekm-default': 1, 'ndd-orbix': 1 };
