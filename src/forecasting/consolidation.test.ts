import { describe, expect, it } from 'vitest';
import { consolidationHints } from './consolidation.js';

const day = (n: number) => Date.UTC(2026, 11, 1) + n * 86_400_000;

describe('consolidationHints', () => {
  it('groups colours that run out within the shipping window of each other', () => {
    const hints = consolidationHints([
      { index: 1, color: 'black', depletesAt: day(20) },
      { index: 2, color: 'cyan', depletesAt: day(12) },
      { index: 3, color: 'magenta', depletesAt: day(15) },
      { index: 4, color: 'yellow', depletesAt: day(40) },
    ], 7);
    expect(hints.get(2)).toEqual([3]);
    expect(hints.get(3)).toEqual([1, 2]);
    expect(hints.get(1)).toEqual([3]);
    expect(hints.get(4)).toEqual([]);
  });

  it('leaves out supplies without a forecast or without a colour (drums, waste boxes)', () => {
    const hints = consolidationHints([
      { index: 1, color: 'black', depletesAt: day(10) },
      { index: 2, color: 'cyan', depletesAt: null },
      { index: 5, color: null, depletesAt: day(10) },
    ], 7);
    expect([...hints.keys()]).toEqual([1]);
    expect(hints.get(1)).toEqual([]);
  });
});
