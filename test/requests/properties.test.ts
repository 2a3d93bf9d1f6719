import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/platform/errors.js';
import { REQUEST_SETTING_NAMES, REQUEST_STATUSES, SETTING_LEVELS, evaluateTrigger, requestSettingsOverrideSchema, resolveSettings, transition, type RequestActor, type RequestSettingsOverride, type RequestStatus, type RequestStatusState } from '../../src/requests/index.js';
import { NOW, settings } from './factories.js';

const override: fc.Arbitrary<RequestSettingsOverride> = fc.record(
  {
    leadTimeDays: fc.option(fc.integer({ min: 0, max: 60 })),
    safetyBufferDays: fc.option(fc.integer({ min: 0, max: 30 })),
    lowerThresholdPercent: fc.option(fc.integer({ min: 0, max: 100 })),
    upperThresholdPercent: fc.option(fc.integer({ min: 0, max: 100 })),
    triggerMode: fc.option(fc.constantFrom('service-level' as const, 'forecast' as const, 'level' as const, 'both' as const)),
    serviceLevelPercent: fc.option(fc.double({ min: 50, max: 99.99, noNaN: true })),
    minConsumedSinceLastOrderPercent: fc.option(fc.integer({ min: 0, max: 100 })),
    maxMeterAgeHours: fc.option(fc.integer({ min: 1, max: 500 })),
    autoReplenish: fc.option(fc.boolean()),
    consolidateColours: fc.option(fc.boolean()),
  },
  { requiredKeys: [] },
);
const levels = fc.record({ dealer: override, customer: override, contract: override, device: override }, { requiredKeys: [] });

const status = fc.constantFrom(...REQUEST_STATUSES);
const actor: fc.Arbitrary<RequestActor> = fc.oneof(
  fc.constantFrom('dealer-admin' as const, 'dispatcher' as const, 'warehouse-operator' as const, 'customer-key-user' as const).map((role) => ({ kind: 'user' as const, id: 'u', role })),
  fc.constant({ kind: 'integration' as const, id: 'i' }),
  fc.constant({ kind: 'system' as const, id: 's' }),
);

describe('properties', () => {
  it('resolveSettings always yields every field, from the most specific level that sets it', () => {
    fc.assert(fc.property(levels, (given) => {
      for (const level of SETTING_LEVELS) if (given[level]) expect(requestSettingsOverrideSchema.safeParse(given[level]).success).toBe(true);
      const resolved = resolveSettings(given);
      for (const name of REQUEST_SETTING_NAMES) {
        const { value, source } = resolved[name];
        expect(value).not.toBeNull();
        expect(value).not.toBeUndefined();
        const setter = [...SETTING_LEVELS].reverse().find((level) => given[level]?.[name] != null);
        expect(source).toBe(setter ?? 'default');
      }
    }));
  });

  it('transition never leaves the set of statuses, and either moves with one history entry or refuses with a conflict', () => {
    fc.assert(fc.property(status, status, actor, fc.option(fc.constantFrom('SO-1', 'SO-2')), fc.option(fc.constant('why')), (from, to, who, externalId, comment) => {
      const before: RequestStatusState = { id: 'r', status: from, externalId: from === 'actioned' ? 'SO-1' : null, comment: null, statusChangedAt: new Date(NOW).toISOString(), history: [] };
      try {
        const { request, changed } = transition(before, to as RequestStatus, who, NOW, { externalId, comment });
        expect(REQUEST_STATUSES).toContain(request.status);
        expect(request.history).toHaveLength(changed ? 1 : 0);
      } catch (error) {
        expect(isAppError(error, 'conflict')).toBe(true);
      }
    }));
  });

  it('a forecast trigger never fires beyond lead time + buffer, and rapid use always comes with a raise', () => {
    fc.assert(fc.property(fc.option(fc.double({ min: 0, max: 100, noNaN: true })), fc.double({ min: 0, max: 200, noNaN: true }), (percent, days) => {
      const decision = evaluateTrigger({ remainingPercent: percent, state: 'ok', forecast: { daysRemaining: days, depletionDate: new Date(NOW + days * 86_400_000).toISOString() } }, settings({ triggerMode: 'forecast' }), NOW);
      // Away from the boundary (millisecond rounding of the depletion date), raise exactly within the 9-day horizon.
      fc.pre(Math.abs(days - 9) > 1e-6);
      expect(decision.raise).toBe(days < 9);
      if (decision.rapidUse) expect(decision.raise).toBe(true);
    }));
  });
});
