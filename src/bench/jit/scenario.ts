import { z } from 'zod';
import { parseOrRefuse, readYamlFile } from '../../platform/schema-file.js';
import { DEFAULT_LEAD_TIME_DISTRIBUTION, requestSettingsOverrideSchema, resolveSettings, settingValues, type RequestSettings } from '../../requests/index.js';

const Weight = z.number().min(0);

/**
 * A dealer's what-if for `tonerloop bench jit --scenario FILE` (CONTRACT "Just in time"): their lead times,
 * their customers' swap habits and TonerLoop's request settings. Unknown fields are refused, so a typo
 * never runs silently on a default.
 */
export const JitScenario = z.strictObject({
  seed: z.union([z.string().min(1), z.number()]).optional(),
  printers: z.number().int().min(9).max(20_000).optional(),
  days: z.number().int().min(30).max(730).optional(),
  /** Business days from order to the cartridge on site, and how often each happens; weights need not sum to 1. */
  leadTimeBusinessDays: z.array(z.strictObject({ days: z.number().int().min(0).max(60), weight: Weight })).min(1)
    .refine((list) => list.some((w) => w.weight > 0), 'at least one weight must be above 0'),
  /** Shares of customers who swap in a delivered cartridge when the printer says "low", as soon as it arrives, or only at empty. */
  behaviour: z.strictObject({ swapAtLow: Weight, swapOnArrival: Weight, swapAtEmpty: Weight })
    .refine((b) => b.swapAtLow + b.swapOnArrival + b.swapAtEmpty > 0, 'at least one share must be above 0'),
  /** Request settings of TonerLoop's policy, as a dealer would set them (trigger mode, service level, …); the rest are the built-in defaults. */
  settings: requestSettingsOverrideSchema.optional(),
});

export type JitScenario = z.infer<typeof JitScenario>;

/** The bench's own scenario: the default lead times and a stated mix of swap habits (half at empty, a quarter each early). */
export const DEFAULT_JIT_SCENARIO: JitScenario = {
  leadTimeBusinessDays: [...DEFAULT_LEAD_TIME_DISTRIBUTION],
  behaviour: { swapAtLow: 25, swapOnArrival: 25, swapAtEmpty: 50 },
};

/** TonerLoop's request settings in a scenario: its overrides on the built-in defaults, as a dealer's would be. */
export function jitSettings(scenario: JitScenario): RequestSettings {
  return settingValues(resolveSettings({ dealer: scenario.settings ?? {} }));
}

/** Checks a scenario object, or throws `bad-request` with one sentence naming the first wrong field (unknown ones by name). */
export function parseJitScenario(input: unknown, source: string): JitScenario {
  return parseOrRefuse(JitScenario, input, source);
}

/** Reads a what-if scenario from a YAML or JSON file (JSON is YAML too); `bad-request` with one sentence if it cannot. */
export function loadJitScenario(path: string): JitScenario {
  return parseJitScenario(readYamlFile(path, 'scenario'), `Scenario file ${path}`);
}
