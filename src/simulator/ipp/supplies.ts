import type { WireColorant, WireSupply } from '../snapshot.js';

/** PrtMarkerSuppliesClassTC (RFC 3805): what `class=` says in printer-supply. */
const CLASS_KEYWORDS: Readonly<Record<number, string>> = {
  1: 'other',
  2: 'unknown',
  3: 'supplyThatIsConsumed',
  4: 'receptacleThatIsFilled',
};

/** PrtMarkerSuppliesTypeTC (RFC 3805, IANA-PRINTER-MIB): what `type=` says in printer-supply. */
const TYPE_KEYWORDS: Readonly<Record<number, string>> = {
  1: 'other', 2: 'unknown', 3: 'toner', 4: 'wasteToner', 5: 'ink', 6: 'inkCartridge', 7: 'inkRibbon',
  8: 'wasteInk', 9: 'opc', 10: 'developer', 11: 'fuserOil', 12: 'solidWax', 13: 'ribbonWax', 14: 'wasteWax',
  15: 'fuser', 16: 'coronaWire', 17: 'fuserOilWick', 18: 'cleanerUnit', 19: 'fuserCleaningPad',
  20: 'transferUnit', 21: 'tonerCartridge', 22: 'fuserOiler', 23: 'water', 24: 'wasteWater',
  25: 'glueWaterAdditive', 26: 'wastePaper', 27: 'bindingSupply', 28: 'bandingSupply', 29: 'stitchingWire',
  30: 'shrinkWrap', 31: 'paperWrap', 32: 'staples', 33: 'inserts', 34: 'covers', 35: 'matteToner', 36: 'matteInk',
};

/** PrtMarkerSuppliesSupplyUnitTC (RFC 3805); "hundrethsOfFluidOunces" is the MIB's own spelling. */
const UNIT_KEYWORDS: Readonly<Record<number, string>> = {
  1: 'other', 2: 'unknown', 3: 'tenThousandthsOfInches', 4: 'micrometers', 7: 'impressions', 8: 'sheets',
  11: 'hours', 12: 'thousandthsOfOunces', 13: 'tenthsOfGrams', 14: 'hundrethsOfFluidOunces',
  15: 'tenthsOfMilliliters', 16: 'feet', 17: 'meters', 18: 'items', 19: 'percent',
};

/** The RFC 3805 keyword of a supply class code; codes the MIB does not define read as 'other'. */
export function supplyClassKeyword(code: number): string {
  return CLASS_KEYWORDS[code] ?? 'other';
}

/** The RFC 3805 keyword of a supply type code, e.g. 21 → tonerCartridge. */
export function supplyTypeKeyword(code: number): string {
  return TYPE_KEYWORDS[code] ?? 'other';
}

/** The RFC 3805 keyword of a supply unit code, e.g. 19 → percent, 13 → tenthsOfGrams. */
export function supplyUnitKeyword(code: number): string {
  return UNIT_KEYWORDS[code] ?? 'other';
}

/**
 * One printer-supply value (PWG 5100.13 §6.5.5, the MIB row spelled out as CUPS's ippeveprinter
 * does). Level and capacity are the raw MIB numbers, so −3 "some remaining" stays −3 here too;
 * colorantname is left out when the row names no colorant, rather than guessed.
 */
export function printerSupplyValue(supply: WireSupply, colorants: readonly WireColorant[]): string {
  const colorant = colorants.find((row) => row.index === supply.colorantIndex && supply.colorantIndex !== 0);
  return (
    `index=${supply.index};class=${supplyClassKeyword(supply.supplyClass)};type=${supplyTypeKeyword(supply.type)};` +
    `unit=${supplyUnitKeyword(supply.unit)};maxcapacity=${supply.maxCapacity};level=${supply.level};` +
    (colorant ? `colorantname=${colorant.value};` : '')
  );
}

/** Type-specific reason prefixes (RFC 8011 §5.4.12 and the IANA IPP registry) for the low/empty pair. */
const TYPE_REASONS: Readonly<Record<number, readonly [low: string, empty: string]>> = {
  3: ['toner-low', 'toner-empty'],
  21: ['toner-low', 'toner-empty'],
  35: ['toner-low', 'toner-empty'],
  9: ['opc-near-eol', 'opc-life-over'],
  10: ['developer-low', 'developer-empty'],
};

/** CUPS calls a receptacle "almost full" at 5 % space left or less (backend/snmp-supplies.c). */
const WASTE_ALMOST_FULL_PERCENT = 5;

/**
 * printer-state-reasons derived from the supplies. A consumed supply at IPP level 0 is an error, at
 * or under its marker-low-level a warning. A receptacle is judged on its MIB row, whose level is
 * the space left (RFC 3805): IPP clients disagree on what marker-levels means for a waste box (CUPS
 * shows it as how full), the MIB does not. Special levels (−1, −2, −3, −100 …) raise nothing.
 */
export function printerStateReasons(supplies: readonly WireSupply[]): string[] {
  const reasons = new Set<string>();
  for (const supply of supplies) {
    if (supply.supplyClass === 4) {
      const reason = receptacleReason(supply);
      if (reason) reasons.add(reason);
      continue;
    }
    if (supply.ippLevel < 0) continue;
    const empty = supply.ippLevel === 0;
    if (!empty && supply.ippLevel > supply.ippLowLevel) continue;
    reasons.add(empty ? 'marker-supply-empty-error' : 'marker-supply-low-warning');
    const specific = TYPE_REASONS[supply.type];
    if (specific) reasons.add(empty ? `${specific[1]}-error` : `${specific[0]}-warning`);
  }
  return reasons.size > 0 ? [...reasons] : ['none'];
}

function receptacleReason(supply: WireSupply): string | undefined {
  if (supply.level === 0) return 'marker-waste-full-error';
  if (supply.level < 0 || supply.maxCapacity <= 0) return undefined;
  return (100 * supply.level) / supply.maxCapacity <= WASTE_ALMOST_FULL_PERCENT ? 'marker-waste-almost-full-warning' : undefined;
}
