import type { History, Supply } from './api/client';
import { day, supplyColor } from './ui';

const W = 820;
const H = 280;
const PAD = { left: 40, right: 16, top: 14, bottom: 64 };
const PAGES_H = 34;
const DAY = 86_400_000;

/**
 * Level history of each supply as steps (a gauge holds its value until it changes), the forecast drawn
 * ahead from now to the depletion date with its 10–90 % band, and pages printed per day underneath.
 */
export function LevelChart({ history, supplies, now }: { history: History; supplies: Supply[]; now: number }) {
  const firstSeen = Math.min(...history.levels.flatMap((l) => l.points.map((p) => Date.parse(p.at))), ...history.meters.map((m) => Date.parse(m.at)));
  // From the first reading (not the start of the window asked for), so a new printer's chart is not mostly empty.
  const start = Math.max(Date.parse(history.since), Number.isFinite(firstSeen) ? firstSeen - DAY : Date.parse(history.since));
  const ends = supplies.flatMap((s) => (s.forecast.daysRemainingHigh !== null ? [now + s.forecast.daysRemainingHigh * DAY] : []));
  const end = Math.max(now + 14 * DAY, Math.min(now + 90 * DAY, Math.max(now, ...ends) + 2 * DAY));
  const plotH = H - PAD.top - PAD.bottom;
  const x = (t: number) => PAD.left + ((t - start) / (end - start)) * (W - PAD.left - PAD.right);
  const y = (p: number) => PAD.top + (1 - p / 100) * plotH;
  const bySupply = new Map(history.levels.map((l) => [l.supplyIndex, l.points]));
  const shown = supplies.filter((s) => !s.isReceptacle && ['toner', 'ink', 'drum', 'developer'].includes(s.kind));

  // Date labels at least ~80 px apart: every 1, 2, 7, 14 or 28 days.
  const pxPerDay = (W - PAD.left - PAD.right) / ((end - start) / DAY);
  const stepDays = [1, 2, 7, 14, 28].find((d) => d * pxPerDay >= 80) ?? 56;
  const weeks: number[] = [];
  for (let t = Math.ceil(start / (stepDays * DAY)) * stepDays * DAY; t <= end; t += stepDays * DAY) weeks.push(t);

  const pagesPerDay = dailyPages(history.meters, start, now);
  const maxPages = Math.max(1, ...pagesPerDay.map((p) => p.pages));
  const pagesTop = H - PAGES_H - 18;

  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Supply levels over time with the forecast ahead">
        {[0, 25, 50, 75, 100].map((p) => (
          <g key={p}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(p)} y2={y(p)} className="grid" />
            <text x={PAD.left - 6} y={y(p) + 4} textAnchor="end" className="axis">{p}%</text>
          </g>
        ))}
        {weeks.map((t) => <text key={t} x={x(t)} y={H - 4} textAnchor="middle" className="axis">{day(new Date(t).toISOString())}</text>)}
        <rect x={x(now)} y={PAD.top} width={Math.max(0, x(end) - x(now))} height={plotH} className="future" />
        <line x1={x(now)} x2={x(now)} y1={PAD.top} y2={PAD.top + plotH} className="today" />
        <text x={x(now) + 4} y={PAD.top + 10} className="axis">now</text>

        {shown.map((s) => {
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
          return (
            <g key={s.index} data-supply={s.index}>
              {forecast && f.daysRemainingLow !== null && f.daysRemainingHigh !== null && (
                <polygon className="band" fill={color}
                  points={`${x(now)},${y(level!)} ${x(now + f.daysRemainingHigh * DAY)},${y(0)} ${x(now + f.daysRemainingLow * DAY)},${y(0)}`} />
              )}
              {path && <path d={path} fill="none" stroke={color} strokeWidth={2} className="history-line" />}
              {forecast && <line x1={x(now)} y1={y(level!)} x2={x(now + f.daysRemaining! * DAY)} y2={y(0)} stroke={color} strokeWidth={2} strokeDasharray="5 4" className="forecast-line" />}
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
        {shown.map((s) => <span key={s.index}><i style={{ background: supplyColor(s.color, s.kind) }} />{s.color ?? s.kind}</span>)}
        <span><i className="legend-dash" />forecast</span>
        <span><i className="legend-band" />10–90 % band</span>
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
