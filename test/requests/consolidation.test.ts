import { describe, expect, it } from 'vitest';
import { consolidateRequests, evaluateTrigger, type ConsolidationCandidate, type SupplyNow } from '../../src/requests/index.js';
import { NOW, settings as defaults, supply } from './factories.js';
import type { RequestSettings } from '../../src/requests/index.js';

// Colours triggered by the fixed-days rule (runs out within lead time plus buffer), whose horizon the hand-made histories are drawn for.
const settings = (overrides: Partial<RequestSettings> = {}) => defaults({ triggerMode: 'both', ...overrides });

function candidate(index: number, color: string | null, now: SupplyNow, hasOpenRequest = false): ConsolidationCandidate {
  return { index, color, supply: now, decision: evaluateTrigger(now, settings(), NOW), hasOpenRequest };
}

describe('consolidateRequests', () => {
  const fleet = [
    candidate(1, 'black', supply(40, 30)),
    candidate(2, 'cyan', supply(10, 6)), // triggers
    candidate(3, 'magenta', supply(25, 12)), // runs out 6 days after cyan
    candidate(4, 'yellow', supply(60, 40)),
  ];

  it('puts colours that run out within one lead time of the triggering one into its request', () => {
    const groups = consolidateRequests(fleet, settings(), NOW);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ anchorIndex: 2, supplyIndexes: [2, 3] });
    expect(groups[0]!.reason).toContain('Consolidated with magenta');
  });

  it('raises one request per triggered supply when consolidation is off', () => {
    const both = [candidate(2, 'cyan', supply(10, 6)), candidate(3, 'magenta', supply(10, 8))];
    expect(consolidateRequests(both, settings({ consolidateColours: false }), NOW).map((g) => g.supplyIndexes)).toEqual([[2], [3]]);
    expect(consolidateRequests(fleet, settings({ consolidateColours: false }), NOW).map((g) => g.supplyIndexes)).toEqual([[2]]);
  });

  it('merges several triggered colours into one request, anchored on the most urgent', () => {
    const both = [candidate(3, 'magenta', supply(10, 8)), candidate(2, 'cyan', supply(10, 6))];
    expect(consolidateRequests(both, settings(), NOW)).toMatchObject([{ anchorIndex: 2, supplyIndexes: [2, 3] }]);
  });

  it('keeps triggered colours that run out further apart than the window in separate requests', () => {
    const apart = [candidate(2, 'cyan', supply(3, 0.5)), candidate(3, 'magenta', supply(10, 9))];
    expect(consolidateRequests(apart, settings(), NOW, 5).map((g) => g.supplyIndexes)).toEqual([[2], [3]]);
  });

  it('never bundles supplies without a colour (drums, waste boxes) as colours', () => {
    const mixed = [candidate(2, 'cyan', supply(10, 6)), candidate(7, null, supply(30, 7))];
    expect(consolidateRequests(mixed, settings(), NOW).map((g) => g.supplyIndexes)).toEqual([[2], [7]]);
  });

  it('leaves out supplies that already have an open request', () => {
    const open = [candidate(2, 'cyan', supply(10, 6)), candidate(3, 'magenta', supply(25, 12), true)];
    expect(consolidateRequests(open, settings(), NOW).map((g) => g.supplyIndexes)).toEqual([[2]]);
  });

  it('treats a level trigger without a forecast as the most urgent', () => {
    const low = [candidate(3, 'magenta', supply(10, 6)), candidate(2, 'cyan', supply(null, null, null, 'low'))];
    expect(consolidateRequests(low, settings(), NOW)).toMatchObject([{ anchorIndex: 2, supplyIndexes: [2, 3] }]);
  });
});
