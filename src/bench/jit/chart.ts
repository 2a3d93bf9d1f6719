import type { JitFigures } from './ledger.js';

const W = 640;
const H = 420;
const M = { left: 64, right: 24, top: 40, bottom: 56 };

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least `x`. */
function niceMax(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 5, 10].map((k) => k * p).find((v) => v >= x)!;
}

/** An SVG scatter of toner wasted (x) against stockout printer-days per 1,000 (y), one labelled point per policy: lower left is better. */
export function wasteAgainstStockoutsSvg(policies: readonly (JitFigures & { policy: string })[], title: string): string {
  const xMax = niceMax(Math.max(...policies.map((p) => p.tonerWastedPercent)) * 1.1);
  const yMax = niceMax(Math.max(...policies.map((p) => p.stockoutDeviceDaysPer1000)) * 1.1);
  const x = (v: number) => M.left + (v / xMax) * (W - M.left - M.right);
  const y = (v: number) => H - M.bottom - (v / yMax) * (H - M.top - M.bottom);
  const ticks = (max: number) => [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const label = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(v < 1 ? 2 : 1));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14">${escape(title)}</text>`,
    ...ticks(xMax).map((v) => `<line x1="${x(v)}" y1="${y(0)}" x2="${x(v)}" y2="${y(yMax)}" stroke="#eee"/><text x="${x(v)}" y="${y(0) + 16}" text-anchor="middle">${label(v)}</text>`),
    ...ticks(yMax).map((v) => `<line x1="${x(0)}" y1="${y(v)}" x2="${x(xMax)}" y2="${y(v)}" stroke="#eee"/><text x="${x(0) - 6}" y="${y(v) + 4}" text-anchor="end">${label(v)}</text>`),
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(xMax)}" y2="${y(0)}" stroke="#333"/><line x1="${x(0)}" y1="${y(0)}" x2="${x(0)}" y2="${y(yMax)}" stroke="#333"/>`,
    `<text x="${(x(0) + x(xMax)) / 2}" y="${H - 14}" text-anchor="middle">toner wasted, % of shipped</text>`,
    `<text transform="translate(16 ${(y(0) + y(yMax)) / 2}) rotate(-90)" text-anchor="middle">stockout printer-days per 1,000</text>`,
    ...labelled(policies.map((p) => ({ name: p.policy, cx: x(p.tonerWastedPercent), cy: y(p.stockoutDeviceDaysPer1000) }))).map(({ name, cx, cy, lx, ly, anchor }) =>
      `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="5" fill="${name === 'tonerloop' ? '#c0392b' : name === 'oracle' ? '#27ae60' : '#2c3e50'}"/>`
        + `<text x="${lx.toFixed(1)}" y="${ly.toFixed(1)}" text-anchor="${anchor}">${escape(name)}</text>`),
    '</svg>',
  ];
  return `${parts.join('\n')}\n`;
}

/** Places each point's label above right, below right, above left or below left: the first that overlaps no label placed before. */
function labelled(points: readonly { name: string; cx: number; cy: number }[]) {
  const CHAR = 6.5;
  const placed: { x0: number; x1: number; y0: number; y1: number }[] = [];
  return points.map((p) => {
    const width = p.name.length * CHAR;
    const options = [[8, -6, 'start'], [8, 16, 'start'], [-8, -6, 'end'], [-8, 16, 'end']] as const;
    const boxOf = ([dx, dy, anchor]: (typeof options)[number]) => {
      const x0 = anchor === 'start' ? p.cx + dx : p.cx + dx - width;
      return { x0, x1: x0 + width, y0: p.cy + dy - 11, y1: p.cy + dy + 2 };
    };
    const free = options.find((o) => placed.every((b) => { const a = boxOf(o); return a.x1 < b.x0 || b.x1 < a.x0 || a.y1 < b.y0 || b.y1 < a.y0; })) ?? options[0];
    placed.push(boxOf(free));
    return { ...p, lx: p.cx + free[0], ly: p.cy + free[1], anchor: free[2] };
  });
}
