import { performance } from 'node:perf_hooks';
import { parseScenario } from '../simulator/scenario.js';
import { Simulation } from '../simulator/simulation.js';

const DAY = 86_400_000;

/** What a year of a fleet simulated in-process cost and produced. */
export interface YearResult {
  printers: number;
  days: number;
  seconds: number;
  simulatedPrinterDaysPerSecond: number;
  pages: number;
  truthEvents: number;
}

/** Simulates `printers` printers for `days` days in-process (no sockets) and times it. */
export function simulateYear(printers: number, days = 365): YearResult {
  const started = performance.now();
  const simulation = new Simulation(parseScenario({ printers, seed: 'bench' }));
  const pagesBefore = simulation.printers.reduce((sum, p) => sum + p.pageCount, 0);
  simulation.advanceAll(simulation.start + days * DAY);
  const seconds = (performance.now() - started) / 1000;
  return {
    printers,
    days,
    seconds,
    simulatedPrinterDaysPerSecond: (printers * days) / seconds,
    pages: simulation.printers.reduce((sum, p) => sum + p.pageCount, 0) - pagesBefore,
    truthEvents: simulation.log.events.length,
  };
}
