import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../simulator/scenario.js';
import { Simulation } from '../../simulator/simulation.js';
import { lookAhead } from './look-ahead.js';

const DAY = 86_400_000;

describe('lookAhead (what the oracle knows)', () => {
  const fleet = () => new Simulation(parseScenario({ printers: 9, seed: 'ahead', behaviour: { supplyMode: 'delivered', swapHabits: { atEmpty: 1, atLow: 1, onArrival: 1 } } }));

  it('finds the moment a supply really runs out with nothing on the shelf, the other supplies kept supplied, without moving the printer', () => {
    const simulation = fleet();
    const now = simulation.start + 2 * DAY;
    simulation.advanceAll(now);
    const times = simulation.printers.map((p) => p.time);
    const seen = simulation.printers.map((printer) => lookAhead(printer, 1, now).runsOutBareAt);
    expect(simulation.printers.map((p) => p.time)).toEqual(times);
    // Kept supplied as the look-ahead assumes (people who swap at empty do nothing with a spare before then).
    const compared = simulation.printers.filter((p) => p.swapHabit === 'at-empty' && !p.supplies[0]!.empty);
    for (const p of compared) for (const s of p.supplies.slice(1)) for (let k = 0; k < 5; k++) simulation.deliver(p.id, s.index, now);
    simulation.advanceAll(now + 60 * DAY);
    expect(compared.filter((p) => seen[p.id] !== null).length).toBeGreaterThan(1);
    for (const p of compared) {
      const depleted = simulation.log.events.find((e) => e.printer === p.id && e.supply === 1 && e.type === 'depleted');
      expect(depleted ? Date.parse(depleted.at) : null).toBe(seen[p.id]);
    }
  });

  it('counts a cartridge on the shelf: the supply runs out bare only after it was used up too', () => {
    const simulation = fleet();
    const now = simulation.start + DAY;
    simulation.advanceAll(now);
    const printer = simulation.printers.find((p) => p.swapHabit === 'at-empty')!;
    const first = lookAhead(printer, 1, now).runsOutBareAt!;
    simulation.deliver(printer.id, 1, now);
    const second = lookAhead(printer, 1, now).runsOutBareAt;
    expect(second === null || second > first).toBe(true);
  });
});
