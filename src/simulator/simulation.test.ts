import { describe, expect, it } from 'vitest';
import { parseScenario, type ScenarioInput } from './scenario.js';
import { Simulation } from './simulation.js';

const DAY = 86_400_000;
const quiet = { offlinePerDayProbability: 0, shakeProbability: 0, earlySwapProbability: 0, movedCartridgeProbability: 0 };
const simulate = (input: ScenarioInput) => new Simulation(parseScenario(input));

describe('Simulation', () => {
  it('replays the same fleet, pages and events from the same seed', () => {
    const a = simulate({ printers: 30, seed: 'same' });
    const b = simulate({ printers: 30, seed: 'same' });
    a.advanceAll(a.start + 90 * DAY);
    b.advanceAll(b.start + 90 * DAY);
    expect(a.log.events).toEqual(b.log.events);
    expect(a.printers.map((p) => p.serial)).toEqual(b.printers.map((p) => p.serial));
    expect(simulate({ printers: 30, seed: 'other' }).printers.map((p) => p.serial)).not.toEqual(a.printers.map((p) => p.serial));
  });

  it('reaches the same state whether advanced in one go or request by request, so the network faces stay reproducible', () => {
    const once = simulate({ printers: 5, seed: 3 });
    const steps = simulate({ printers: 5, seed: 3 });
    once.advanceAll(once.start + 40 * DAY);
    for (let t = steps.start; t <= steps.start + 40 * DAY; t += 7_777_777) steps.advanceAll(t);
    steps.advanceAll(steps.start + 40 * DAY);
    expect(steps.truthAt(2, steps.start + 40 * DAY)).toEqual(once.truthAt(2, once.start + 40 * DAY));
  });

  it('deals every catalogue model, so every reporting personality is in a fleet of nine', () => {
    const sim = simulate({ printers: 9 });
    expect(new Set(sim.printers.map((p) => p.model.personality)).size).toBe(8);
  });

  it('uses toner in proportion to pages: a cartridge runs out, is recorded as depleted, and is replaced full', () => {
    const sim = simulate({ printers: 1, models: ['hp-m404'], behaviour: quiet });
    sim.advanceAll(sim.start + 365 * DAY);
    const events = sim.log.of(0, 1);
    const depleted = events.filter((e) => e.type === 'depleted');
    expect(depleted.length).toBeGreaterThan(0);
    const afterFirst = events[events.indexOf(depleted[0]!) + 1]!;
    expect(afterFirst).toMatchObject({ type: 'install', remaining: 1, cause: 'replacement', residual: 0 });
    expect(Date.parse(afterFirst.at)).toBeGreaterThan(Date.parse(depleted[0]!.at));
  });

  it('shows a shaken cartridge higher on the gauge while the true toner does not rise', () => {
    const sim = simulate({ printers: 1, models: ['hp-m404'], behaviour: quiet, events: [{ at: '2026-01-20T10:00:00Z', printer: 0, type: 'shake', supply: 1 }] });
    const before = sim.truthAt(0, Date.parse('2026-01-20T10:00:00Z')).supplies[0]!;
    const after = sim.truthAt(0, Date.parse('2026-01-20T11:00:00Z')).supplies[0]!;
    expect(after.remaining).toBeLessThanOrEqual(before.remaining);
    expect(after.gauge).toBeGreaterThan(before.gauge + 0.02);
    expect(sim.log.of(0, 1).some((e) => e.type === 'shaken')).toBe(true);
  });

  it('starts a cartridge moved in from another printer part-used', () => {
    const sim = simulate({ printers: 1, models: ['canon-lbp226'], behaviour: quiet, events: [{ at: '2026-01-10T09:00:00Z', printer: 0, type: 'move-in', supply: 1 }] });
    sim.advanceAll(Date.parse('2026-01-10T10:00:00Z'));
    const moved = sim.log.of(0, 1).find((e) => e.type === 'moved-in')!;
    expect(moved.remaining).toBeGreaterThanOrEqual(0.3);
    expect(moved.remaining).toBeLessThanOrEqual(0.8);
  });

  it('records the toner left in a cartridge swapped early', () => {
    const sim = simulate({ printers: 40, seed: 11, behaviour: { ...quiet, earlySwapProbability: 1 } });
    sim.advanceAll(sim.start + 120 * DAY);
    const early = sim.log.events.filter((e) => e.cause === 'early-swap');
    expect(early.length).toBeGreaterThan(0);
    expect(early.every((e) => (e.residual ?? 0) > 0)).toBe(true);
  });

  it('in delivered mode leaves a depleted printer stopped until TonerLoop delivers, then installs the delivery', () => {
    const sim = simulate({ printers: 1, models: ['samsung-m2070'], behaviour: { ...quiet, supplyMode: 'delivered' } });
    sim.advanceAll(sim.start + 200 * DAY);
    const depleted = sim.log.of(0, 1).find((e) => e.type === 'depleted')!;
    expect(depleted).toBeDefined();
    const stoppedAt = Date.parse(depleted.at);
    expect(sim.truthAt(0, sim.start + 200 * DAY).supplies[0]!.empty).toBe(true);
    const lost = sim.truthAt(0, sim.start + 200 * DAY).pagesLost;
    sim.deliver(0, 1, sim.start + 200 * DAY);
    const later = sim.truthAt(0, sim.start + 203 * DAY);
    expect(later.supplies[0]!.empty).toBe(false);
    expect(sim.log.of(0, 1).filter((e) => Date.parse(e.at) > stoppedAt).map((e) => e.type)).toEqual(expect.arrayContaining(['delivered', 'install']));
    expect(sim.log.of(0, 1).find((e) => e.type === 'install' && Date.parse(e.at) > stoppedAt)?.cause).toBe('delivered');
    expect(lost).toBeGreaterThan(0);
  });

  it('in delivered mode lets each printer\'s people swap a delivery in at empty, at "low" or on arrival, as drawn from the habit weights', () => {
    const habits = simulate({ printers: 300, seed: 'habits', behaviour: { supplyMode: 'delivered', swapHabits: { atEmpty: 2, atLow: 1, onArrival: 1 } } }).printers.map((p) => p.swapHabit);
    expect(habits.filter((h) => h === 'at-empty').length).toBeGreaterThan(120);
    expect(habits.filter((h) => h === 'at-low').length).toBeGreaterThan(50);
    expect(habits.filter((h) => h === 'on-arrival').length).toBeGreaterThan(50);
    const swapped = (onArrival: boolean) => {
      const sim = simulate({ printers: 1, models: ['canon-lbp226'], behaviour: { ...quiet, supplyMode: 'delivered', swapHabits: { atEmpty: onArrival ? 0 : 1, atLow: 0, onArrival: onArrival ? 1 : 0 } } });
      sim.deliver(0, 1, sim.start + DAY);
      sim.advanceAll(sim.start + 4 * DAY);
      return sim.log.of(0, 1).filter((e) => e.type === 'install');
    };
    expect(swapped(false)).toEqual([]);
    expect(swapped(true)).toEqual([expect.objectContaining({ cause: 'early-swap', residual: expect.any(Number) })]);
  });

  it('in delivered mode prints the same pages whenever deliveries come, and a fork goes on exactly as its printer', () => {
    const run = (deliverAt: number | null) => {
      const sim = simulate({ printers: 4, seed: 'fork', behaviour: { supplyMode: 'delivered', swapHabits: { atEmpty: 1, atLow: 1, onArrival: 1 } } });
      if (deliverAt !== null) for (let i = 0; i < 4; i++) sim.deliver(i, 1, sim.start + deliverAt * DAY);
      return sim;
    };
    const a = run(null);
    const b = run(3);
    a.advanceAll(a.start + 2 * DAY);
    const forks = a.printers.map((p) => p.fork({ record: () => {} }));
    a.advanceAll(a.start + 60 * DAY);
    b.advanceAll(b.start + 60 * DAY);
    for (const fork of forks) fork.advanceTo(a.start + 60 * DAY);
    expect(forks.map((f) => [f.pageCount + f.pagesLost, f.supplies.map((s) => s.remaining)])).toEqual(a.printers.map((p) => [p.pageCount + p.pagesLost, p.supplies.map((s) => s.remaining)]));
    // What the offices wanted to print does not depend on the deliveries (to the page: printed pages are whole, lost ones not).
    b.printers.forEach((p, i) => expect(Math.abs(p.pageCount + p.pagesLost - (a.printers[i]!.pageCount + a.printers[i]!.pagesLost))).toBeLessThan(2));
  });

  it('counts pages left at the rated yield as the true pages left when cartridges yield their rating, and apart when they do not', () => {
    const gap = (yieldSpread: number) => {
      const sim = simulate({ printers: 18, seed: 'rated', behaviour: { ...quiet, yieldSpread } });
      sim.advanceAll(sim.start + 120 * DAY);
      const gaps = sim.printers.flatMap((p) => p.supplies.map((s) => Math.abs(p.expectedPagesLeftAtRatedYield(s.index) - p.expectedPagesLeft(s.index))));
      return Math.max(...gaps);
    };
    expect(gap(0)).toBeLessThan(1e-6);
    expect(gap(0.08)).toBeGreaterThan(10);
  });

  it('counts a cartridge moved in as a new one when asked to (what a state-only gauge can know), and only those put in during the run', () => {
    const sim = simulate({ printers: 18, seed: 'moved', behaviour: { ...quiet, yieldSpread: 0, movedCartridgeProbability: 1 } });
    sim.advanceAll(sim.start + 200 * DAY);
    const supplies = sim.printers.flatMap((p) => p.supplies.map((s) => ({ p, s })));
    const moved = supplies.filter(({ s }) => s.generation > 0 && s.startRemaining < 1);
    expect(moved.length).toBeGreaterThan(5);
    for (const { p, s } of moved) expect(p.expectedPagesLeftAtRatedYield(s.index, { installsLookNew: true })).toBeGreaterThan(p.expectedPagesLeftAtRatedYield(s.index) + 1);
    for (const { p, s } of supplies.filter(({ s }) => s.generation === 0)) {
      expect(p.expectedPagesLeftAtRatedYield(s.index, { installsLookNew: true })).toBe(p.expectedPagesLeftAtRatedYield(s.index));
    }
  });

  it('publishes mono and colour page counters on models that have them: mono + colour = total, both only grow, colour at the office\'s colour share', () => {
    const sim = simulate({ printers: 2, models: ['kyocera-m5526', 'ricoh-c261'], behaviour: quiet });
    const first = sim.snapshotAt(0, sim.start + DAY).meters;
    let last = first;
    for (let day = 2; day <= 120; day++) {
      const m = sim.snapshotAt(0, sim.start + day * DAY).meters;
      expect(m.mono! + m.color!).toBe(m.total);
      expect(m.color!).toBeGreaterThanOrEqual(last.color!);
      expect(m.mono!).toBeGreaterThanOrEqual(last.mono!);
      last = m;
    }
    const share = (last.color! - first.color!) / (last.total - first.total);
    expect(share).toBeCloseTo(sim.printers[0]!.usage.colorShare, 1);
    expect(sim.snapshotAt(1, sim.start + 120 * DAY).meters).toMatchObject({ mono: null, color: null });
  });

  it('refuses a scenario that names a model the catalogue lacks, or a printer that does not exist', () => {
    expect(() => simulate({ models: ['nope'] })).toThrow(/no model "nope"/);
    expect(() => simulate({ printers: 2, events: [{ at: '2026-01-10T09:00:00Z', printer: 5, type: 'shake', supply: 1 }] })).toThrow(/no printer 5/);
    expect(() => parseScenario({ printers: 0 })).toThrow(/printers: Too small/);
  });
});
