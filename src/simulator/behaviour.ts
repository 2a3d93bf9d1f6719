import { z } from 'zod';

const Range = z.tuple([z.number().min(0), z.number().min(0)]).refine(([a, b]) => a <= b, 'the first number must not exceed the second');

/** How the people around the printers behave; every field can be set in a scenario. */
export const Behaviour = z.object({
  /** Hours from a cartridge running out until someone replaces it. */
  replacementDelayHours: Range.default([1, 36]),
  /** Chance that an impatient user swaps a cartridge soon after the device says "low". */
  earlySwapProbability: z.number().min(0).max(1).default(0.15),
  /** Hours from "low" until such an early swap. */
  earlySwapDelayHours: Range.default([2, 120]),
  /** Chance that a user shakes or re-seats a cartridge after "low" (the gauge rises a little). */
  shakeProbability: z.number().min(0).max(1).default(0.2),
  /** Chance that a replacement is a part-used cartridge taken from another printer. */
  movedCartridgeProbability: z.number().min(0).max(1).default(0.05),
  /** Spread (standard deviation, relative) of a cartridge's real yield around its rated yield. */
  yieldSpread: z.number().min(0).max(0.5).default(0.08),
  /** Chance per day that a printer is switched off or unplugged for a while. */
  offlinePerDayProbability: z.number().min(0).max(1).default(0.01),
  /** How long such an outage lasts, in hours. */
  offlineHours: Range.default([2, 60]),
  /**
   * Where replacement cartridges come from: `self` — the customer keeps spares (TonerLoop's
   * deliveries are used first when on the shelf); `delivered` — only cartridges delivered through
   * the simulator's delivery API, so a late delivery leaves the printer stopped.
   */
  supplyMode: z.enum(['self', 'delivered']).default('self'),
  /**
   * When people swap in a cartridge that is waiting on the shelf (weights, need not sum to 1; each printer
   * draws one habit): at empty (the default, as above), as soon as the printer says "low", or as soon as
   * the replacement arrives. Matters in `delivered` mode, where what is on the shelf is what was delivered.
   */
  swapHabits: z.strictObject({ atEmpty: z.number().min(0), atLow: z.number().min(0), onArrival: z.number().min(0) })
    .refine((w) => w.atEmpty + w.atLow + w.onArrival > 0, 'at least one weight must be above 0')
    .default({ atEmpty: 1, atLow: 0, onArrival: 0 }),
});

/** When a printer's people swap in a cartridge from the shelf (Behaviour.swapHabits). */
export type SwapHabit = 'at-empty' | 'at-low' | 'on-arrival';

export type Behaviour = z.infer<typeof Behaviour>;

/** The default behaviour of a fleet's users. */
export const DEFAULT_BEHAVIOUR: Behaviour = Behaviour.parse({});
