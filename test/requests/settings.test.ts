import { describe, expect, it } from 'vitest';
import { DEFAULT_REQUEST_SETTINGS, requestSettingsOverrideSchema, resolveSettings, settingValues, settingsProblems } from '../../src/requests/index.js';

describe('resolveSettings', () => {
  it('uses the built-in defaults when no level overrides anything, and says so', () => {
    const resolved = resolveSettings({});
    expect(resolved.leadTimeDays).toEqual({ value: 7, source: 'default' });
    expect(resolved.lowerThresholdPercent).toEqual({ value: 5, source: 'default' });
    expect(resolved.upperThresholdPercent).toEqual({ value: 15, source: 'default' });
    expect(resolved.triggerMode).toEqual({ value: 'service-level', source: 'default' });
    expect(resolved.serviceLevelPercent).toEqual({ value: 99.5, source: 'default' });
    expect(resolved.minConsumedSinceLastOrderPercent).toEqual({ value: 30, source: 'default' });
    expect(resolved.maxMeterAgeHours).toEqual({ value: 48, source: 'default' });
    expect(resolved.consolidateColours).toEqual({ value: true, source: 'default' });
  });

  it('turns automatic replenishment on by default, so a newly seen device is looked after (CONTRACT)', () => {
    expect(resolveSettings({}).autoReplenish).toEqual({ value: true, source: 'default' });
  });

  it('takes a dealer-wide override over the default', () => {
    expect(resolveSettings({ dealer: { leadTimeDays: 10 } }).leadTimeDays).toEqual({ value: 10, source: 'dealer' });
  });

  it('takes a customer override over the dealer', () => {
    expect(resolveSettings({ dealer: { leadTimeDays: 10 }, customer: { leadTimeDays: 5 } }).leadTimeDays).toEqual({ value: 5, source: 'customer' });
  });

  it('takes a contract override over the customer', () => {
    expect(resolveSettings({ dealer: { autoReplenish: true }, customer: { autoReplenish: true }, contract: { autoReplenish: false } }).autoReplenish).toEqual({ value: false, source: 'contract' });
  });

  it('takes a device override over the contract', () => {
    const resolved = resolveSettings({ dealer: { triggerMode: 'forecast' }, customer: { triggerMode: 'level' }, contract: { triggerMode: 'forecast' }, device: { triggerMode: 'level' } });
    expect(resolved.triggerMode).toEqual({ value: 'level', source: 'device' });
  });

  it('resolves each field on its own, so each can come from a different level', () => {
    const resolved = resolveSettings({ dealer: { safetyBufferDays: 3 }, customer: { lowerThresholdPercent: 8 }, contract: { minConsumedSinceLastOrderPercent: 25 }, device: { consolidateColours: false } });
    expect(resolved.safetyBufferDays.source).toBe('dealer');
    expect(resolved.lowerThresholdPercent.source).toBe('customer');
    expect(resolved.minConsumedSinceLastOrderPercent.source).toBe('contract');
    expect(resolved.consolidateColours.source).toBe('device');
    expect(resolved.leadTimeDays.source).toBe('default');
  });

  it('inherits from the level above when a level sets a field to null ("reset to inherited")', () => {
    expect(resolveSettings({ customer: { leadTimeDays: 4 }, device: { leadTimeDays: null } }).leadTimeDays).toEqual({ value: 4, source: 'customer' });
  });

  it('keeps an explicit false or 0 instead of falling through to the level above', () => {
    const resolved = resolveSettings({ dealer: { safetyBufferDays: 3, consolidateColours: true }, device: { safetyBufferDays: 0, consolidateColours: false } });
    expect(resolved.safetyBufferDays).toEqual({ value: 0, source: 'device' });
    expect(resolved.consolidateColours).toEqual({ value: false, source: 'device' });
  });

  it('yields plain values for the rules', () => {
    expect(settingValues(resolveSettings({}))).toEqual(DEFAULT_REQUEST_SETTINGS);
  });
});

describe('requestSettingsOverrideSchema', () => {
  it('accepts a partial override', () => {
    expect(requestSettingsOverrideSchema.parse({ leadTimeDays: 3 })).toEqual({ leadTimeDays: 3 });
  });

  it('refuses unknown fields, out-of-range percentages and unknown trigger modes', () => {
    expect(requestSettingsOverrideSchema.safeParse({ leadTime: 3 }).success).toBe(false);
    expect(requestSettingsOverrideSchema.safeParse({ lowerThresholdPercent: 120 }).success).toBe(false);
    expect(requestSettingsOverrideSchema.safeParse({ triggerMode: 'sometimes' }).success).toBe(false);
    expect(requestSettingsOverrideSchema.safeParse({ maxMeterAgeHours: 0 }).success).toBe(false);
  });

  it('takes the service-level mode and a service level between 50 and 99.99 %', () => {
    expect(requestSettingsOverrideSchema.parse({ triggerMode: 'service-level', serviceLevelPercent: 99.9 })).toEqual({ triggerMode: 'service-level', serviceLevelPercent: 99.9 });
    for (const serviceLevelPercent of [49, 100, '99']) expect(requestSettingsOverrideSchema.safeParse({ serviceLevelPercent }).success).toBe(false);
  });
});

describe('settingsProblems', () => {
  it('reports a lower threshold above the upper one, which only shows once levels are combined', () => {
    const effective = settingValues(resolveSettings({ customer: { lowerThresholdPercent: 20 } }));
    expect(settingsProblems(effective)).toEqual([expect.stringContaining('lower threshold (20 %) is above the upper threshold (15 %)')]);
    expect(settingsProblems(settingValues(resolveSettings({})))).toEqual([]);
  });
});
