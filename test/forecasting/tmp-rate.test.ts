import { it } from 'vitest';
import { pageRate } from '../../src/forecasting/index.js';
import { parseScenario } from '../../src/simulator/scenario.js';
import { Simulation } from '../../src/simulator/simulation.js';

it('rate', () => {
  const sim = new Simulation(parseScenario({ printers: 90, seed: 'tune' }));
  const DAY = 86_400_000;
  const meters: { at: number; total: number }[][] = sim.printers.map(() => []);
  for (let t = sim.start + 4 * 3600_000; t < sim.start + 365 * DAY; t += 4 * 3600_000) {
    sim.printers.forEach((p, i) => { const s = sim.snapshotAt(i, t); if (s.online) meters[i]!.push({ at: t, total: s.pageCount }); });
  }
  let ratioSum = 0, n = 0; const ratios: number[] = [];
  for (const [i, m] of meters.entries()) {
    for (let k = 300; k < m.length - 100; k += 37) {
      const now = m[k]!.at;
      const r = pageRate(m, now, 42)!;
      const future = m.find((x) => x.at >= now + 14 * DAY);
      if (!future) continue;
      const actual = future.total - m[k]!.total;
      const predicted = r.weeklyPages * 2;
      if (actual > 0) { ratios.push(predicted / actual); ratioSum += predicted / actual; n++; }
      void i;
    }
  }
  ratios.sort((a, b) => a - b);
  console.log('mean pred/actual', ratioSum / n, 'median', ratios[n >> 1]);
}, 600_000);
