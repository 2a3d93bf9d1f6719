import { z } from 'zod';
import { toMillis, type Instant } from './types.js';

/**
 * How an automatic request is triggered: `service-level` — when the chance of running out before a replacement
 * arrives passes what the service level allows (forecast band + lead-time distribution + the next evaluation; the
 * level gauge stays as the net) — or the fixed-days rules: by the forecast within lead time plus buffer, by the level
 * gauge, or by whichever of those two fires first (`both`).
 */
export type TriggerMode = 'service-level' | 'forecast' | 'level' | 'both';

/** Every trigger mode, the default first. */
export const TRIGGER_MODES = ['service-level', 'forecast', 'level', 'both'] as const satisfies readonly TriggerMode[];

/** Who takes a device's outstanding requests: TonerLoop's own supply-job module, or an external ERP polling the B2B queue (CONTRACT). */
export type Fulfilment = 'internal' | 'external';

/** The effective request settings of one device. */
export interface RequestSettings {
  /** Days between raising a request and the cartridge being on site. */
  leadTimeDays: number;
  /** Extra days on top of the lead time, because forecasts and carriers are both late sometimes. */
  safetyBufferDays: number;
  /** Level at or below which level mode raises a request. */
  lowerThresholdPercent: number;
  /** A days-remaining trigger above this level is "rapid use" (Happen EKM's convention). */
  upperThresholdPercent: number;
  triggerMode: TriggerMode;
  /** Service-level mode: the wanted chance, in percent, that the replacement is on site before the supply runs out. */
  serviceLevelPercent: number;
  /** The classic 30 % rule: share of a cartridge consumed since the last order before another may ship. */
  minConsumedSinceLastOrderPercent: number;
  /** Meters older than this are stale and the device counts as disconnected. */
  maxMeterAgeHours: number;
  /** Entitlement to automatic replenishment. */
  autoReplenish: boolean;
  /** Ship colours that run out in the same window in one request instead of several trips. */
  consolidateColours: boolean;
  /** Who takes outstanding requests: the job module (internal) or an ERP on the B2B queue (external); never both. */
  fulfilment: Fulfilment;
  /** Cartridges of one colour a device may be sent ahead of what its pages used before a supply job needs a dispatcher's confirmation. */
  excessCartridgesAhead: number;
  /** A back-ordered line may be filled by any substitute in stock, not only those marked to ship without asking (a contract allows it). */
  substitutesAllowed: boolean;
}

/**
 * Built-in defaults: the service-level trigger at 99.5 % (CONTRACT "Just in time"; dealers that existed before it keep
 * `both` through migration 0024), Happen EKM's lead time and thresholds for the fixed-days rules, Lexmark PCM's 30 %
 * rule, and auto-replenishment on (CONTRACT).
 */
export const DEFAULT_REQUEST_SETTINGS: Readonly<RequestSettings> = Object.freeze({
  leadTimeDays: 7,
  safetyBufferDays: 2,
  lowerThresholdPercent: 5,
  upperThresholdPercent: 15,
  triggerMode: 'service-level',
  serviceLevelPercent: 99.5,
  minConsumedSinceLastOrderPercent: 30,
  maxMeterAgeHours: 48,
  autoReplenish: true,
  consolidateColours: true,
  fulfilment: 'internal',
  // CEO Juice's rule: one spare per colour allowed.
  excessCartridgesAhead: 1,
  substitutesAllowed: false,
});

/** The names of every request setting. */
export const REQUEST_SETTING_NAMES = Object.keys(DEFAULT_REQUEST_SETTINGS) as readonly (keyof RequestSettings)[];

const percent = z.number().min(0).max(100);

/**
 * One level's overrides. A missing or null field inherits from the level above, so a UI can "reset to
 * inherited" by sending null. Unknown fields are refused so a typo is not silently ignored.
 */
export const requestSettingsOverrideSchema = z.strictObject({
  leadTimeDays: z.number().min(0).max(365).nullish(),
  safetyBufferDays: z.number().min(0).max(365).nullish(),
  lowerThresholdPercent: percent.nullish(),
  upperThresholdPercent: percent.nullish(),
  triggerMode: z.enum(TRIGGER_MODES).nullish(),
  // Below 50 % the trigger would order after the likely empty date; 100 % cannot be promised with any lead time.
  serviceLevelPercent: z.number().min(50).max(99.99).nullish(),
  minConsumedSinceLastOrderPercent: percent.nullish(),
  // At least an hour: a tighter window would call devices disconnected between two normal polls.
  maxMeterAgeHours: z.number().min(1).max(24 * 90).nullish(),
  autoReplenish: z.boolean().nullish(),
  consolidateColours: z.boolean().nullish(),
  fulfilment: z.enum(['internal', 'external']).nullish(),
  excessCartridgesAhead: z.number().int().min(0).max(20).nullish(),
  substitutesAllowed: z.boolean().nullish(),
});

/** A partial override of the request settings at one level. */
export type RequestSettingsOverride = z.infer<typeof requestSettingsOverrideSchema>;

/** Where an effective value comes from, most general first. */
export type SettingSource = 'default' | 'dealer' | 'customer' | 'contract' | 'device';

/** The override levels in inheritance order: each one overrides the ones before it. */
export const SETTING_LEVELS = ['dealer', 'customer', 'contract', 'device'] as const;

/** The overrides present for one device, by level. */
export type SettingLevels = Partial<Record<(typeof SETTING_LEVELS)[number], RequestSettingsOverride | null>>;

/** An effective value together with the level it comes from, so the portal can show "inherited from customer". */
export interface ResolvedSetting<T> {
  value: T;
  source: SettingSource;
}

/** Every request setting, resolved. */
export type ResolvedRequestSettings = { [K in keyof RequestSettings]: ResolvedSetting<RequestSettings[K]> };

/** Resolves dealer → customer → contract → device overrides into effective values, each with its source. */
export function resolveSettings(levels: SettingLevels): ResolvedRequestSettings {
  const resolved = {} as Record<keyof RequestSettings, ResolvedSetting<unknown>>;
  for (const name of REQUEST_SETTING_NAMES) resolved[name] = { value: DEFAULT_REQUEST_SETTINGS[name], source: 'default' };
  for (const level of SETTING_LEVELS) {
    const override = levels[level];
    if (!override) continue;
    for (const name of REQUEST_SETTING_NAMES) {
      const value = override[name];
      if (value !== undefined && value !== null) resolved[name] = { value, source: level };
    }
  }
  return resolved as ResolvedRequestSettings;
}

/** The plain effective values of resolved settings, as the trigger and authorization rules take them. */
export function settingValues(resolved: ResolvedRequestSettings): RequestSettings {
  const values = {} as Record<keyof RequestSettings, unknown>;
  for (const name of REQUEST_SETTING_NAMES) values[name] = resolved[name].value;
  return values as RequestSettings;
}

/**
 * Problems that only show once levels are combined (each level is valid alone), in one sentence each.
 * Empty when the effective settings make sense.
 */
export function settingsProblems(settings: RequestSettings): string[] {
  const problems: string[] = [];
  if (settings.lowerThresholdPercent > settings.upperThresholdPercent) {
    problems.push(`The lower threshold (${settings.lowerThresholdPercent} %) is above the upper threshold (${settings.upperThresholdPercent} %), so every level trigger would count as rapid use.`);
  }
  return problems;
}

/** An override as stored: only the fields that are set (null and absent both mean "inherit"). */
export function storedOverride(override: RequestSettingsOverride): Record<string, unknown> {
  return Object.fromEntries(Object.entries(override).filter(([, value]) => value !== null && value !== undefined));
}

/** An override read back from storage; fields a newer or older version does not know are dropped, not trusted. */
export function parseStoredOverride(stored: unknown): RequestSettingsOverride {
  const parsed = requestSettingsOverrideSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const known = Object.fromEntries(REQUEST_SETTING_NAMES.map((name) => [name, (stored as Record<string, unknown> | null)?.[name]]));
  const fields = Object.entries(known).filter(([name, value]) => requestSettingsOverrideSchema.shape[name as keyof RequestSettings].safeParse(value).success);
  return Object.fromEntries(fields) as RequestSettingsOverride;
}

/** The parts of a contract that decide whether it supplies a device's settings. */
export interface SettingsContract {
  coversAllDevices: boolean;
  validFrom: Instant | null;
  validUntil: Instant | null;
  createdAt: Instant;
}

/** True when the contract is in force at `now` (open-ended bounds allowed). */
export function contractInForce(contract: { validFrom?: Instant | null; validUntil?: Instant | null }, now: Instant): boolean {
  const t = toMillis(now);
  return (contract.validFrom == null || toMillis(contract.validFrom) <= t) && (contract.validUntil == null || t <= toMillis(contract.validUntil));
}

/**
 * The one contract whose overrides a device inherits when several cover it: among those in force, one
 * that names the device beats one covering all the customer's devices, then the one that started
 * last, then the newest. Null when none is in force.
 */
export function settingsContract<C extends SettingsContract>(contracts: readonly C[], now: Instant): C | null {
  const start = (c: C) => (c.validFrom == null ? -Infinity : toMillis(c.validFrom));
  const ranked = contracts.filter((c) => contractInForce(c, now))
    .sort((a, b) => Number(a.coversAllDevices) - Number(b.coversAllDevices) || start(b) - start(a) || toMillis(b.createdAt) - toMillis(a.createdAt));
  return ranked[0] ?? null;
}
