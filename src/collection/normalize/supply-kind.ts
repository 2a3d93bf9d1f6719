import type { SupplyKind, UnitName } from '../reading.js';

// RFC 3805 PrtMarkerSuppliesTypeTC → CONTRACT kinds. tonerCartridge (21) and toner (3) are both toner;
// opc (9) is the drum.
const KIND_BY_TYPE: Record<number, SupplyKind> = {
  3: 'toner', 21: 'toner', 4: 'waste-toner', 5: 'ink', 6: 'ink', 8: 'waste-ink', 9: 'drum', 10: 'developer',
  15: 'fuser', 20: 'transfer', 32: 'staples',
};

/** The kind of supply a Printer MIB type means; for "other"/"unknown" types the description decides. */
export function supplyKindOf(type: number | null, description: string | null): SupplyKind {
  const byType = type === null ? undefined : KIND_BY_TYPE[type];
  if (byType) return byType;
  const text = (description ?? '').toLowerCase();
  if (/waste|collector|resid/.test(text)) return /ink/.test(text) ? 'waste-ink' : 'waste-toner';
  if (/drum|opc|imaging unit|photoconductor/.test(text)) return 'drum';
  if (/fuser/.test(text)) return 'fuser';
  if (/transfer|belt/.test(text)) return 'transfer';
  if (/developer/.test(text)) return 'developer';
  if (/staple/.test(text)) return 'staples';
  if (/ink/.test(text)) return 'ink';
  if (/toner|cartridge/.test(text)) return 'toner';
  return 'other';
}

// RFC 3805 PrtMarkerSuppliesSupplyUnitTC.
const UNIT_BY_CODE: Record<number, UnitName> = { 7: 'impressions', 8: 'sheets', 11: 'hours', 13: 'tenths-of-grams', 15: 'tenths-of-milliliters', 18: 'items', 19: 'percent' };

/** The CONTRACT unit name of a Printer MIB supply unit code. */
export function unitOf(code: number | null): UnitName | null {
  if (code === null) return null;
  return UNIT_BY_CODE[code] ?? 'other';
}

// IPP printer-supply unit keywords (the same TC spelled as keywords).
const UNIT_BY_KEYWORD: Record<string, UnitName> = {
  percent: 'percent', impressions: 'impressions', sheets: 'sheets', hours: 'hours', tenthsofgrams: 'tenths-of-grams',
  tenthsofmilliliters: 'tenths-of-milliliters', items: 'items',
};

/** The CONTRACT unit name of an IPP printer-supply unit keyword. */
export function unitOfKeyword(keyword: string | null): UnitName | null {
  if (!keyword) return null;
  return UNIT_BY_KEYWORD[keyword.toLowerCase()] ?? 'other';
}

/** True for supplies that fill up (waste containers): RFC 3805 class 4, or a waste kind. */
export function isReceptacleOf(supplyClass: number | null, kind: SupplyKind): boolean {
  return supplyClass === 4 || kind === 'waste-toner' || kind === 'waste-ink';
}
