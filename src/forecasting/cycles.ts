import { fitTonerPerPage } from './fit.js';
import { boundaryAbove, intervalOf, type GaugeModel } from './gauge.js';
import { meterAt } from './meters.js';
import type { CartridgeCycle, LevelObservation, MeterSample } from './types.js';

// A re-seated or shaken cartridge lifts the gauge by a few percent (toner redistributed, sensor
// fooled); anything that rises further, or reaches the top of the gauge, is another cartridge.
const SHAKE_MAX_RISE = 10;
const NEW_CARTRIDGE_TOP = 95;
// On a state-only gauge a shake clears "low" only until the toner it seemed to add is used: at most
// SHAKE_MAX_RISE % of a cartridge. Pages since the rise beyond half as much again (a cartridge may
// yield more than the typical one) mean it was an install; a new cartridge prints most of its yield
// before "low" returns.
const INSTALL_EVIDENCE_SHARE = (1.5 * SHAKE_MAX_RISE) / 100;

/** What the gauge history says about a supply's cartridges up to `now`. */
export interface CycleAnalysis {
  /** In time order; the last one is the cartridge in now. */
  cycles: CartridgeCycle[];
  /** A shake's bias is not used up yet: the gauge overstates, its interval is not to be trusted. */
  gaugeDistorted: boolean;
  /** A rise on a state-only gauge not yet proven to be an install or a shake. */
  undecidedRise: { at: number; pages: number } | null;
  /** The last reading at or before `now`. */
  last: LevelObservation | null;
}

export interface CycleOptions {
  gauge: GaugeModel;
  /** Continuous page meter (see continuousMeter). */
  meters: readonly MeterSample[];
  now: number;
  /** Pages a cartridge usually lasts here, for telling a shake from an early swap on state-only gauges. */
  typicalYieldPages: number | null;
}

type Rise = { type: 'install'; moved: boolean } | { type: 'shake'; rise: number } | { type: 'undecided' } | null;

function openCycle(start: CartridgeCycle['start'], at: number, pages: number, startPercent: number | null, anchor: boolean): CartridgeCycle {
  return {
    start, installedAt: at, installPages: pages, startPercent, end: 'open', endedAt: null, endPages: null, pagesPrinted: 0,
    tonerUsedPercent: null, realizedYield: null, residualPercent: null, tonerPerPage: null,
    points: anchor ? [{ pages, percent: 100, at }] : [], lowPages: null, lowAt: null, shakes: 0,
  };
}

function classifyRise(gauge: GaugeModel, prev: LevelObservation, obs: LevelObservation, v: number | null, lastNumeric: number | null): Rise {
  if (obs.state === 'empty') return null;
  const prevEmpty = prev.state === 'empty';
  if (v !== null) {
    const { hi } = intervalOf(gauge, v, obs.state);
    const pv = gauge.kind === 'numeric' ? prev.remainingPercent : null;
    if (prevEmpty) return v > 0 ? { type: 'install', moved: hi < NEW_CARTRIDGE_TOP } : null;
    if (pv !== null) {
      if (v <= pv) return null;
      if (hi >= NEW_CARTRIDGE_TOP) return { type: 'install', moved: false };
      return v - pv > SHAKE_MAX_RISE + gauge.step + 2 ? { type: 'install', moved: true } : { type: 'shake', rise: v - pv };
    }
    if (prev.state === 'low') return hi >= NEW_CARTRIDGE_TOP ? { type: 'install', moved: false } : { type: 'shake', rise: Math.max(0, v - (lastNumeric ?? v)) };
    return null;
  }
  if (prevEmpty) return { type: 'install', moved: false };
  if (prev.state === 'low' && obs.state !== 'low') return { type: 'undecided' };
  return null;
}

/**
 * A rise on a numeric gauge is believed once a second reading confirms it (the same level read again, or
 * the next reading still up); until then it is left out. A single reading that jumps up and is back at the
 * old level at the next poll is a bad read: no cartridge goes in and comes out again at the old one's
 * level between two polls. Taken for an install, either would start a false cycle, throw the forecast off
 * by weeks and could close an open request; a real install is seen one poll later instead. Only
 * readings up to `now` count.
 */
export function withoutBadReads(levels: readonly LevelObservation[], gauge: GaugeModel, now: number): readonly LevelObservation[] {
  if (gauge.kind !== 'numeric') return levels;
  const kept: LevelObservation[] = [];
  levels.forEach((obs, i) => {
    const before = kept[kept.length - 1]?.remainingPercent ?? null;
    const next = levels[i + 1];
    const after = next && next.at <= now ? next.remainingPercent : undefined;
    const single = (obs.lastAt ?? obs.at) === obs.at;
    const v = obs.remainingPercent;
    const rise = single && v !== null && before !== null && v > before + gauge.step;
    if (rise && (after === undefined || (after !== null && after <= before + gauge.step))) return;
    kept.push(obs);
  });
  return kept;
}

/**
 * Splits a supply's readings into cartridge cycles. Installs are level jumps backed by the meter
 * (pages printed since the rise on state-only gauges); shakes and re-seats (small rises) are not
 * installs, and the levels they distort are left out of the fit; a cartridge that starts well below
 * full was moved in; a swap before "empty" records the residual.
 */
export function detectCycles(readings: readonly LevelObservation[], options: CycleOptions): CycleAnalysis {
  const { gauge, meters, now } = options;
  const levels = withoutBadReads(readings, gauge, now);
  const pagesAt = (t: number) => meterAt(meters, t) ?? 0;
  const cycles: CartridgeCycle[] = [];
  let cur: CartridgeCycle | null = null;
  let prev: LevelObservation | null = null;
  let prevLastAt = 0;
  let lastNumeric: number | null = null;
  let shakeFloor: number | null = null;
  let undecided: { at: number; pages: number } | null = null;
  let lastFullCyclePages: number | null = null;

  const typical = () => lastFullCyclePages ?? options.typicalYieldPages ?? (cur && cur.start === 'new' && cur.lowPages !== null ? (cur.lowPages - cur.installPages) / 0.8 : null);
  const close = (end: 'depleted' | 'swapped', at: number, pages: number) => {
    cur!.end = end;
    cur!.endedAt = at;
    cur!.endPages = pages;
    if (end === 'depleted' && cur!.start === 'new') lastFullCyclePages = pages - cur!.installPages;
    cycles.push(cur!);
  };
  const install = (at: number, pages: number, startPercent: number | null) => {
    const moved = startPercent !== null && startPercent < NEW_CARTRIDGE_TOP;
    cur = openCycle(moved ? 'moved-in' : 'new', at, pages, moved ? startPercent : 100, !moved && !gauge.overMax);
    shakeFloor = null;
    undecided = null;
  };
  // An undecided rise on a state-only gauge becomes an install once enough pages prove it.
  const settle = (pagesNow: number, force: boolean) => {
    if (!undecided) return;
    const t = typical();
    if (t !== null && pagesNow - undecided.pages >= INSTALL_EVIDENCE_SHARE * t) {
      const u: { at: number; pages: number } = undecided;
      close('swapped', u.at, u.pages);
      install(u.at, u.pages, null);
    } else if (force) {
      cur!.shakes++;
      undecided = null;
    }
  };

  for (const obs of levels) {
    if (obs.at > now) break;
    const v = gauge.kind === 'state-only' ? null : obs.remainingPercent;
    const lastAt = Math.min(obs.lastAt ?? obs.at, now);
    if (!prev || !cur) {
      const iv = v === null ? null : intervalOf(gauge, v, obs.state);
      cur = openCycle('already-in', obs.at, pagesAt(obs.at), iv && Number.isFinite(iv.hi) ? (iv.lo + iv.hi) / 2 : null, false);
      if (obs.state === 'empty') cur.points.push({ pages: pagesAt(obs.at), percent: 0, at: obs.at });
      prev = obs;
      prevLastAt = lastAt;
      lastNumeric = v;
      continue;
    }
    const pA = pagesAt(prevLastAt);
    const pB = pagesAt(obs.at);
    const pMid = (pA + pB) / 2;
    const rise = classifyRise(gauge, prev, obs, v, lastNumeric);
    if (rise?.type === 'install') {
      const prevEmpty = prev.state === 'empty';
      const at = prevEmpty ? prevLastAt : (prevLastAt + obs.at) / 2;
      const pages = prevEmpty ? pA : pMid;
      if (undecided) settle(pages, true);
      close(prevEmpty ? 'depleted' : 'swapped', at, pages);
      const iv = v === null ? null : intervalOf(gauge, v, obs.state);
      install(obs.at, pages, rise.moved && iv ? (iv.lo + iv.hi) / 2 : null);
    } else if (rise?.type === 'shake') {
      cur.shakes++;
      shakeFloor = (lastNumeric ?? v ?? 0) - rise.rise - gauge.step;
    } else if (rise?.type === 'undecided') {
      undecided = { at: obs.at, pages: pMid };
    } else {
      if (v !== null && lastNumeric !== null && v < lastNumeric) {
        if (shakeFloor !== null && v <= shakeFloor) shakeFloor = null;
        if (shakeFloor === null && obs.state !== 'empty') {
          const b = boundaryAbove(gauge, v);
          const from = intervalOf(gauge, lastNumeric, 'ok');
          const to = intervalOf(gauge, v, 'ok');
          const midFrom = Number.isFinite(from.hi) ? (from.lo + from.hi) / 2 : from.lo;
          const midTo = (to.lo + to.hi) / 2;
          const share = midFrom > midTo ? Math.min(1, Math.max(0, (midFrom - b) / (midFrom - midTo))) : 0.5;
          cur.points.push({ pages: pA + (pB - pA) * share, percent: b, at: prevLastAt + (obs.at - prevLastAt) * share });
        }
      }
      if (obs.state === 'low' && prev.state !== 'low' && prev.state !== 'empty') {
        if (undecided) settle(pB, true);
        if (cur.lowPages === null) {
          cur.lowPages = pMid;
          cur.lowAt = (prevLastAt + obs.at) / 2;
        }
      }
      if (obs.state === 'empty' && prev.state !== 'empty') {
        if (undecided) settle(pB, true);
        cur.points.push({ pages: pB, percent: 0, at: obs.at });
      }
    }
    if (v !== null) lastNumeric = v;
    prev = obs;
    prevLastAt = lastAt;
  }
  if (undecided && prev) settle(pagesAt(prevLastAt), false);
  if (cur) cycles.push(cur);
  const pagesNow = pagesAt(now);
  const typicalRate = gauge.kind === 'numeric' && options.typicalYieldPages ? 100 / options.typicalYieldPages : null;
  for (const c of cycles) finalize(c, pagesNow, gauge.kind === 'numeric', typicalRate);
  return { cycles, gaugeDistorted: shakeFloor !== null, undecidedRise: undecided, last: prev };
}

/**
 * Fills a cycle's totals: pages, toner used, realized yield, residual at swap. The residual is the last
 * level point less the toner used since, at the cycle's own rate; a cartridge on a numeric gauge seen
 * too briefly for a rate (swapped right after the first readings) keeps its last level read (an upper
 * bound), less what a typical cartridge here uses per page when that is known; one whose gauge never
 * moved has none.
 */
function finalize(c: CartridgeCycle, pagesNow: number, numeric: boolean, typicalRate: number | null): void {
  c.pagesPrinted = (c.endPages ?? pagesNow) - c.installPages;
  const fit = fitTonerPerPage(c.points);
  c.tonerPerPage = fit ? fit.tonerPerPage : null;
  c.realizedYield = fit ? 100 / fit.tonerPerPage : null;
  // A new cartridge's only point may be its assumed 100 % at install: no level was read off it then.
  const last = c.points.length > (c.start === 'new' ? 1 : 0) || fit ? c.points[c.points.length - 1] : undefined;
  const rate = fit ? fit.tonerPerPage : numeric ? (typicalRate ?? 0) : null;
  if (c.end === 'depleted') c.residualPercent = 0;
  else if (c.end === 'swapped' && last && rate !== null) c.residualPercent = Math.max(0, Math.min(100, last.percent - rate * (c.endPages! - last.pages)));
  if (c.startPercent !== null && c.residualPercent !== null) c.tonerUsedPercent = c.startPercent - c.residualPercent;
}
