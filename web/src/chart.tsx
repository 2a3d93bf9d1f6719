import { useEffect, useRef, useState, type RefObject } from 'react';
import type { History, Supply } from './api/client';
import { day, stateText, supplyColor } from './ui';

const PAD = { left: 40, right: 16, top: 14, bottom: 64 };
const PAGES_H = 34;
const LANE_H = 16;
const DAY = 86_400_000;
const STATE_FILL: Record<string, string> = { ok: '#cbd5e1', 'some-remaining': '#cbd5e1', low: '#f59e0b', empty: '#b91c1c', unknown: '#e2e8f0' };

/** The width of the box the chart is drawn in, so its text stays at its real size on a phone (no sideways scrolling, no shrunken labels). */
export function useWidth(): [RefObject<HTMLElement | null>, number] {
  const ref = useRef<HTMLElement | null>(null);
  const [width, setWidth] = useState(820);
  useEffect(() => {
    if (!ref.current) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.max(280, Math.round(entry!.contentRect.width))));
    observer.observe(ref.current);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/**
 * Level history of each supply as steps (a gauge holds its value until it changes), the forecast drawn
 * from the last reading to the depletion date with its 10–90 % band, and pages printed per day underneath.
 * A supply whose gauge gives only states (ok, low, empty) is drawn as a lane of its states instead.
 */
export function LevelChart({ history, supplies, now }: { history: History; supplies: Supply[]; now: number }) {
  const [ref, W] = useWidth();
  const firstSeen = Math.min(...history.levels.flatMap((l) => l.points.map((p) => Date.parse(p.at))), ...history.meters.map((m) => Date.parse(m.at)));
  // From the first reading (not the start of the window asked for), so a new printer's chart is not mostly empty.
  const start = Math.max(Date.parse(history.since), Number.isFinite(firstSeen) ? firstSeen - DAY : Date.parse(history.since));
  const ends = supplies.flatMap((s) => (s.forecast.daysRemainingHigh !== null ? [now + s.forecast.daysRemainingHigh * DAY] : []));
  const end = Math.max(now + 14 * DAY, Math.min(now + 90 * DAY, Math.max(now, ...ends) + 2 * DAY));
  const bySupply = new Map(history.levels.map((l) => [l.supplyIndex, l.points]));
  const shown = supplies.filter((s) => !s.isReceptacle && ['toner', 'ink', 'drum', 'developer'].includes(s.kind));
  const numeric = shown.filter((s) => s.remainingPercent !== null || (bySupply.get(s.index) ?? []).some((p) => p.percent !== null));
  const stateOnly = shown.filter((s) => !numeric.includes(s));
  // A printer that tells only states gets no empty 0–100 % grid: its lanes and its pages.
  const plotH = numeric.length > 0 ? 200 : 0;
  const lanesTop = PAD.top + plotH + (plotH > 0 ? 10 : 0);
  const H = lanesTop + stateOnly.length * (LANE_H + 4) + PAD.bottom;
  const x = (t: number) => PAD.left + ((t - start) / (end - start)) * (W - PAD.left - PAD.right);
  const y = (p: number) => PAD.top + (1 - p / 100) * plotH;

  // Date labels at least ~80 px apart: every 1, 2, 7, 14 or 28 days.
  const pxPerDay = (W - PAD.left - PAD.right) / ((end - start) / DAY);
  const stepDays = [1, 2, 7, 14, 28].find((d) => d * pxPerDay >= 80) ?? 56;
  const weeks: number[] = [];
  for (let t = Math.ceil(start / (stepDays * DAY)) * stepDays * DAY; t <= end; t += stepDays * DAY) weeks.push(t);

  const pagesPerDay = dailyPages(history.meters, start, now);
  const maxPages = Math.max(1, ...pagesPerDay.map((p) => p.pages));
  const pagesTop = H - PAGES_H - 18;

  return (
    <figure className="chart" ref={ref}>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label="Supply levels over time with the forecast ahead">
        {plotH > 0 && [0, 25, 50, 75, 100].map((p) => (
          <g key={p}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(p)} y2={y(p)} className="grid" />
            <text x={PAD.left - 6} y={y(p) + 4} textAnchor="end" className="axis">{p}%</text>
          </g>
        ))}
        {weeks.map((t) => <text key={t} x={x(t)} y={H - 4} textAnchor="middle" className="axis">{day(new Date(t).toISOString())}</text>)}
        <rect x={x(now)} y={PAD.top} width={Math.max(0, x(end) - x(now))} height={Math.max(plotH, lanesTop - PAD.top + stateOnly.length * (LANE_H + 4))} className="future" />
        <line x1={x(now)} x2={x(now)} y1={PAD.top} y2={lanesTop + stateOnly.length * (LANE_H + 4)} className="today" />
        <text x={x(now) + 4} y={PAD.top + 10} className="axis">now</text>

        {stateOnly.map((s, lane) => {
          const points = bySupply.get(s.index) ?? [];
          const top = lanesTop + lane * (LANE_H + 4);
          return (
            <g key={s.index} data-supply={s.index} className="state-lane">
              {points.map((p, i) => {
                const from = Math.max(start, Date.parse(p.at));
                const to = Math.max(from, Math.min(now, Date.parse(points[i + 1]?.at ?? p.confirmedAt)));
                return <rect key={p.at} x={x(from)} width={Math.max(1, x(to) - x(from))} y={top} height={LANE_H} fill={STATE_FILL[p.state] ?? STATE_FILL.unknown}><title>{`${s.color ?? s.kind}: ${stateText(p.state)} from ${day(p.at)}`}</title></rect>;
              })}
              <text x={PAD.left - 6} y={top + LANE_H - 4} textAnchor="end" className="axis">{(s.color ?? s.kind).slice(0, 5)}</text>
            </g>
          );
        })}
        {numeric.map((s) => {
          const color = supplyColor(s.color, s.kind);
          const points = (bySupply.get(s.index) ?? []).filter((p) => p.percent !== null);
          const path = points.map((p, i) => {
            const x0 = x(Math.max(start, Date.parse(p.at)));
            const x1 = x(Math.max(start, Date.parse(p.confirmedAt)));
            const y0 = y(p.percent!);
            return `${i === 0 ? 'M' : 'L'}${x0.toFixed(1)},${y0.toFixed(1)} L${x1.toFixed(1)},${y0.toFixed(1)}`;
          }).join(' ');
          const f = s.forecast;
          const level = s.remainingPercent ?? points.at(-1)?.percent ?? null;
          const forecast = f.daysRemaining !== null && level !== null;
          // From the last reading, not from now: a silent printer has printed since it was last read.
          const from = Math.max(start, Math.min(now, f.asOf ? Date.parse(f.asOf) : now));
          return (
            <g key={s.index} data-supply={s.index}>
              {forecast && f.daysRemainingLow !== null && f.daysRemainingHigh !== null && (
                <polygon className="band" fill={color}
                  points={`${x(from)},${y(level!)} ${x(now + f.daysRemainingHigh * DAY)},${y(0)} ${x(now + f.daysRemainingLow * DAY)},${y(0)}`} />
              )}
              {path && <path d={path} fill="none" stroke={color} strokeWidth={2} className="history-line" />}
              {forecast && <line x1={x(from)} y1={y(level!)} x2={x(now + f.daysRemaining! * DAY)} y2={y(0)} stroke={color} strokeWidth={2} strokeDasharray="5 4" className="forecast-line" />}
            </g>
          );
        })}

        {pagesPerDay.map((p) => (
          <rect key={p.day} x={x(p.day)} width={Math.max(1, x(p.day + DAY) - x(p.day) - 1)} y={pagesTop + PAGES_H * (1 - p.pages / maxPages)} height={PAGES_H * (p.pages / maxPages)} className="pages-bar">
            <title>{`${day(new Date(p.day).toISOString())}: ${p.pages} pages`}</title>
          </rect>
        ))}
        <text x={PAD.left - 6} y={pagesTop + 10} textAnchor="end" className="axis">pages</text>
      </svg>
      <figcaption className="legend">
        {numeric.map((s) => <span key={s.index}><i style={{ background: supplyColor(s.color, s.kind) }} />{s.color ?? s.kind}</span>)}
        {numeric.length > 0 && <><span><i className="legend-dash" />forecast</span><span><i className="legend-band" />10–90 % band</span></>}
        {stateOnly.length > 0 && <><span><i style={{ background: STATE_FILL.ok }} />ok</span><span><i style={{ background: STATE_FILL.low }} />low</span><span><i style={{ background: STATE_FILL.empty }} />empty</span><span>(the gauge tells only states)</span></>}
        <span><i className="legend-pages" />pages per day (max {maxPages})</span>
      </figcaption>
    </figure>
  );
}

/** Pages printed on each day, from the page-meter runs (a run holds a total from `at` to `confirmedAt`). */
function dailyPages(meters: History['meters'], start: number, now: number): { day: number; pages: number }[] {
  const samples = meters.flatMap((m) => (m.total === null ? [] : [{ t: Date.parse(m.at), total: m.total }, { t: Date.parse(m.confirmedAt), total: m.total }])).sort((a, b) => a.t - b.t);
  const out: { day: number; pages: number }[] = [];
  // One pass: the meter total at each day boundary is the last sample at or before it.
  let i = 0;
  let last: number | null = null;
  const totalAt = (t: number) => {
    while (i < samples.length && samples[i]!.t <= t) last = samples[i++]!.total;
    return last;
  };
  let previous = totalAt(Math.floor(start / DAY) * DAY);
  for (let d = Math.floor(start / DAY) * DAY; d < now; d += DAY) {
    const next = totalAt(Math.min(now, d + DAY));
    if (previous !== null && next !== null && next >= previous) out.push({ day: d, pages: next - previous });
    previous = next;
  }
  return out;
}
