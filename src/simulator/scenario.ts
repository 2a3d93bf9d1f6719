import { z } from 'zod';
import { parseOrRefuse, readYamlFile } from '../platform/schema-file.js';
import { Behaviour } from './behaviour.js';
import { Catalogue } from './catalogue.js';

/** A reproducible simulation: the fleet, its seed and start date, how people behave, and events to force. */
export const Scenario = z.object({
  seed: z.union([z.number(), z.string()]).default(1),
  /** Simulated time when the run starts. */
  start: z.iso.datetime({ offset: true }).default('2026-01-05T00:00:00Z'),
  /** Simulated seconds per real second when served over the network: 1 is real time, 86400 a day per second. */
  speed: z.number().positive().max(31_536_000).default(1),
  /** How many printers; models are dealt round-robin from the catalogue so every personality appears. */
  printers: z.number().int().min(1).max(65_000).default(10),
  /** Restrict the fleet to these catalogue model ids (default: all). */
  models: z.array(z.string()).min(1).optional(),
  /** Replace the built-in catalogue of printer models. */
  catalogue: Catalogue.optional(),
  behaviour: Behaviour.default(Behaviour.parse({})),
  /** Events forced at given times, on printers by position (0-based). */
  events: z
    .array(
      z.object({
        at: z.iso.datetime({ offset: true }),
        printer: z.number().int().min(0),
        type: z.enum(['shake', 'offline', 'move-in', 'deliver']),
        supply: z.number().int().min(1).nullable().default(null),
      }),
    )
    .default([]),
});

export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

/** Checks a scenario object, or throws `bad-request` naming the first wrong field. */
export function parseScenario(input: unknown, source = 'the scenario'): Scenario {
  return parseOrRefuse(Scenario, input ?? {}, source);
}

/** Reads a scenario from a YAML or JSON file (JSON is YAML too). */
export function loadScenario(path: string): Scenario {
  return parseScenario(readYamlFile(path, 'scenario'), path);
}
