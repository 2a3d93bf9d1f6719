import { describe, expect, it } from 'vitest';
import { evaluateTrigger, pessimisticDaysRemaining } from '../../src/requests/index.js';
import { DAY, NOW, daysFromNow, settings as defaults, supply } from './factories.js';
import type { RequestSettings } from '../../src/requests/index.js';

// The fixed-days rules (lead time plus buffer, the lower threshold, or whichever fires first), which a dealer keeps
// by choosing them; the service-level mode, the default, is specified in stockout-risk.test.ts.
const settings = (overrides: Partial<RequestSettings> = {}) => defaults({ triggerMode: 'both', ...overrides });

describe('evaluateTrigger', () => {
  it('raises a forecast request when the supply runs out within lead time + buffer', () => {
    const decision = evaluateTrigger(supply(12, 8.5), settings(), NOW);
    expect(decision).toMatchObject({ raise: true, trigger: 'forecast', rapidUse: false });
    expect(decision.reason).toContain('within the 7-day lead time plus 2-day buffer');
  });

  it('does not raise while the forecast is beyond the horizon and the level is fine', () => {
    const decision = evaluateTrigger(supply(40, 20), settings(), NOW);
    expect(decision).toMatchObject({ raise: false, trigger: null, rapidUse: false });
    expect(decision.reason).toContain('beyond the 9-day horizon');
  });

  it('uses the pessimistic band edge, and says so', () => {
    const decision = evaluateTrigger(supply(30, 12, 8), settings(), NOW);
    expect(decision.raise).toBe(true);
    expect(decision.reason).toContain('pessimistic edge of the forecast band');
  });

  it('counts the time passed since the forecast was computed', () => {
    // Computed three days ago with 11 days left: 8 are left now.
    const stale = { remainingPercent: 30, state: 'ok' as const, forecast: { daysRemaining: 11, daysRemainingLow: null, depletionDate: daysFromNow(8) } };
    expect(evaluateTrigger(stale, settings(), NOW).raise).toBe(true);
    expect(pessimisticDaysRemaining(stale.forecast, NOW)).toBeCloseTo(8);
    expect(pessimisticDaysRemaining(stale.forecast, NOW - 3 * DAY)).toBeCloseTo(11);
  });

  it('raises a level request when the level reaches the lower threshold', () => {
    expect(evaluateTrigger(supply(5, null), settings(), NOW)).toMatchObject({ raise: true, trigger: 'level', rapidUse: false });
    expect(evaluateTrigger(supply(6, null), settings(), NOW).raise).toBe(false);
  });

  it('raises a level request when a low-only gauge says low or empty, without a percentage', () => {
    expect(evaluateTrigger(supply(null, null, null, 'low'), settings(), NOW)).toMatchObject({ raise: true, trigger: 'level', reason: 'The device reports the supply low.' });
    expect(evaluateTrigger(supply(null, null, null, 'empty'), settings(), NOW).trigger).toBe('level');
  });

  it('does not treat "some remaining" as low', () => {
    expect(evaluateTrigger(supply(null, null, null, 'some-remaining'), settings(), NOW).raise).toBe(false);
  });

  it('flags rapid use when a days-remaining trigger fires above the upper threshold', () => {
    const decision = evaluateTrigger(supply(40, 5), settings(), NOW);
    expect(decision).toMatchObject({ raise: true, trigger: 'forecast', rapidUse: true });
    expect(decision.reason).toContain('rapid use');
  });

  it('does not flag rapid use at or below the upper threshold, nor when the level is unknown', () => {
    expect(evaluateTrigger(supply(15, 5), settings(), NOW).rapidUse).toBe(false);
    expect(evaluateTrigger(supply(null, 5), settings(), NOW).rapidUse).toBe(false);
  });

  it('ignores the level in forecast mode', () => {
    expect(evaluateTrigger(supply(3, 30), settings({ triggerMode: 'forecast' }), NOW).raise).toBe(false);
  });

  it('ignores the forecast in level mode', () => {
    expect(evaluateTrigger(supply(40, 2), settings({ triggerMode: 'level' }), NOW).raise).toBe(false);
    expect(evaluateTrigger(supply(4, 2), settings({ triggerMode: 'level' }), NOW)).toMatchObject({ raise: true, trigger: 'level' });
  });

  it('reports the forecast as the trigger in both mode when both fire, and mentions the level', () => {
    const decision = evaluateTrigger(supply(4, 2), settings(), NOW);
    expect(decision.trigger).toBe('forecast');
    expect(decision.reason).toContain('level threshold fired as well');
  });

  it('honours a longer lead time from the settings', () => {
    expect(evaluateTrigger(supply(40, 12), settings(), NOW).raise).toBe(false);
    expect(evaluateTrigger(supply(40, 12), settings({ leadTimeDays: 10 }), NOW).raise).toBe(true);
  });
});
