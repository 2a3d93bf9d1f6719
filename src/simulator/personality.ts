/**
 * Reporting personalities: how a printer turns the true toner left in a cartridge into the numbers
 * it puts on the wire (BRIEF "How printers report supplies"). Pure functions; the truth never leaves
 * the simulator except through these encodings and the ground-truth API.
 */

/** Printer MIB prtMarkerSuppliesSupplyUnit values used here (RFC 3805 PrtMarkerSuppliesSupplyUnitTC). */
export const UNIT = { impressions: 7, tenthsOfGrams: 13, percent: 19 } as const;

export type Rounding = 'ceil' | 'floor' | 'nearest';

/** How one model reports its consumables. */
export type Personality =
  /** Percent in steps of `step` (1, 10, 25 …), rounded by `rounding`. */
  | { kind: 'percent'; step: number; rounding: Rounding }
  /** −3 ("some remaining") until the low sensor trips, then 0. */
  | { kind: 'low-only' }
  /** Absolute units (tenths of grams) of a cartridge holding `capacity` units. */
  | { kind: 'units'; capacity: number }
  /** Always −2 (unknown), max −2. */
  | { kind: 'unknown' }
  /** Ricoh: 10 % steps, −100 once near end (low), 0 when empty. */
  | { kind: 'ricoh-near-end' }
  /** Level above max: a full cartridge reports `scale` × 100 against a max of 100. */
  | { kind: 'over-max'; scale: number };

/** The named personalities every scenario can use. */
export const PERSONALITIES = {
  'percent-1': { kind: 'percent', step: 1, rounding: 'ceil' },
  'percent-10': { kind: 'percent', step: 10, rounding: 'ceil' },
  'percent-25': { kind: 'percent', step: 25, rounding: 'floor' },
  'low-only': { kind: 'low-only' },
  'tenths-of-grams': { kind: 'units', capacity: 7200 },
  unknown: { kind: 'unknown' },
  'ricoh-near-end': { kind: 'ricoh-near-end' },
  'over-max': { kind: 'over-max', scale: 1.5 },
} as const satisfies Record<string, Personality>;

export type PersonalityName = keyof typeof PERSONALITIES;

/** What a consumable shows: Printer MIB unit, max and level, and the IPP marker-levels value. */
export interface EncodedLevel {
  unit: number;
  max: number;
  level: number;
  ippLevel: number;
}

/** Rounds a percentage to the personality's step. */
export function quantize(percent: number, step: number, rounding: Rounding): number {
  const steps = percent / step;
  // A hair of tolerance so 50.000000001 % on a 25 % floor gauge still shows 50.
  const rounded = rounding === 'ceil' ? Math.ceil(steps - 1e-9) : rounding === 'floor' ? Math.floor(steps + 1e-9) : Math.round(steps);
  return Math.max(0, Math.min(100, rounded * step));
}

/**
 * Encodes a consumable's remaining fraction (0–1, as the gauge sees it) for the wire. `low` is the
 * device's own low sensor, which trips at a model-specific level; `empty` means it stopped printing.
 */
export function encodeConsumable(personality: Personality, remaining: number, low: boolean, empty: boolean): EncodedLevel {
  const fraction = Math.max(0, Math.min(1, remaining));
  switch (personality.kind) {
    case 'percent': {
      const level = empty ? 0 : quantize(fraction * 100, personality.step, personality.rounding);
      return { unit: UNIT.percent, max: 100, level, ippLevel: level };
    }
    case 'low-only':
      return low || empty ? { unit: UNIT.percent, max: 100, level: 0, ippLevel: 0 } : { unit: UNIT.percent, max: 100, level: -3, ippLevel: -3 };
    case 'units': {
      const level = empty ? 0 : Math.round(fraction * personality.capacity);
      return { unit: UNIT.tenthsOfGrams, max: personality.capacity, level, ippLevel: Math.round((100 * level) / personality.capacity) };
    }
    case 'unknown':
      return { unit: UNIT.percent, max: -2, level: -2, ippLevel: -2 };
    case 'ricoh-near-end': {
      if (empty) return { unit: UNIT.percent, max: 100, level: 0, ippLevel: 0 };
      if (low) return { unit: UNIT.percent, max: 100, level: -100, ippLevel: -3 };
      const level = quantize(fraction * 100, 10, 'ceil');
      return { unit: UNIT.percent, max: 100, level, ippLevel: level };
    }
    case 'over-max': {
      const level = empty ? 0 : Math.ceil(fraction * 100 * personality.scale - 1e-9);
      return { unit: UNIT.percent, max: 100, level, ippLevel: Math.min(100, level) };
    }
  }
}

/** How a waste-toner receptacle reports its free space. */
export type ReceptaclePersonality = 'percent' | 'some-remaining';

/** Encodes a receptacle's free space (0–1). For a receptacle the level is the space left (RFC 3805). */
export function encodeReceptacle(personality: ReceptaclePersonality, spaceLeft: number): EncodedLevel {
  const full = spaceLeft <= 0;
  if (personality === 'some-remaining') {
    return full ? { unit: UNIT.percent, max: -2, level: 0, ippLevel: 0 } : { unit: UNIT.percent, max: -2, level: -3, ippLevel: -3 };
  }
  const level = full ? 0 : quantize(spaceLeft * 100, 1, 'ceil');
  return { unit: UNIT.percent, max: 100, level, ippLevel: level };
}
