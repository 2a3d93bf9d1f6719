import { describe, expect, it } from 'vitest';
import { jitTables, parseJitScenario, runJitBench, DEFAULT_JIT_SCENARIO } from '../../src/bench/jit/index.js';

describe('the what-if scenario with the service-level trigger', () => {
  it('accepts triggerMode service-level with a service level between 50 and 99.99 %', () => {
    const scenario = parseJitScenario({ ...DEFAULT_JIT_SCENARIO, settings: { triggerMode: 'service-level', serviceLevelPercent: 99.5 } }, 'test');
    expect(scenario.settings).toEqual({ triggerMode: 'service-level', serviceLevelPercent: 99.5 });
    expect(() => parseJitScenario({ ...DEFAULT_JIT_SCENARIO, settings: { serviceLevelPercent: 99.999 } }, 'test')).toThrow(/serviceLevelPercent/);
    expect(() => parseJitScenario({ ...DEFAULT_JIT_SCENARIO, settings: { serviceLevelPercent: 40 } }, 'test')).toThrow(/serviceLevelPercent/);
  });

  it('runs TonerLoop with it on a small fleet and says so in the table', async () => {
    const scenario = parseJitScenario({ ...DEFAULT_JIT_SCENARIO, settings: { triggerMode: 'service-level', serviceLevelPercent: 98 } }, 'test');
    const result = await runJitBench({ printers: 18, days: 60, seed: 'small', threads: 1, scenario, policies: ['tonerloop'], progress: () => {} });
    const tonerloop = result.policies[0]!;
    expect(tonerloop.shipments).toBeGreaterThan(5);
    expect(Number.isFinite(tonerloop.tonerWastedPercent)).toBe(true);
    expect(jitTables(result).header.at(-1)).toContain('trigger service-level 98 %');
    // The setting reaches the trigger (the header only repeats the scenario): a higher service level orders earlier, so cartridges wait longer.
    const stricter = parseJitScenario({ ...DEFAULT_JIT_SCENARIO, settings: { triggerMode: 'service-level', serviceLevelPercent: 99.9 } }, 'test');
    const earlier = (await runJitBench({ printers: 18, days: 60, seed: 'small', threads: 1, scenario: stricter, policies: ['tonerloop'], progress: () => {} })).policies[0]!;
    expect(earlier.meanDaysOnSiteBeforeNeeded).toBeGreaterThan(tonerloop.meanDaysOnSiteBeforeNeeded);
    expect(earlier.shipments).toBeGreaterThanOrEqual(tonerloop.shipments);
  });
});
