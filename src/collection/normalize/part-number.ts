// Vendor part numbers mix letters and digits, often with a hyphen: CF259A, W2030A, TK-5240K, TN-2410,
// MLT-D111S, MX-B45GT, C13S110080, 3009C002, 407543. Words of the description are not part numbers.
const CANDIDATE = /^(?=.*\d)[A-Z0-9][A-Z0-9-]{2,15}$/;
// Yields, voltages, percentages and page counts look like part numbers but are not.
const NOT_PART = /^(\d{1,2}|\d+%|\d+K|\d{2,3}V|[0-9]{1,3}(PPM|DPI))$/;
// A number before these words is a quantity ("3000 pages"), after these a lot or batch ("Lot 2024").
const QUANTITY_WORDS = /^(pages?|pp|sheets?|prints?|impressions?|yield|ml|g|grams?)$/i;
const LABEL_WORDS = /^(lot|batch|rev|version|v|fw|firmware)$/i;

// Kits sold per mains voltage name each variant after its voltage: "Fuser Kit HP 110V-C1N54A, 220V-C1N58A".
const VOLTAGE_LABEL = /^\d{2,3}V-(?=[A-Z0-9])/i;

/**
 * Every orderable part number a description carries: the voltage variants of a kit ("Fuser Kit HP 110V-C1N54A,
 * 220V-C1N58A" → C1N54A, C1N58A), else the one partNumberOf finds; empty when none.
 */
export function partNumbersOf(description: string | null): string[] {
  const labelled = (description ?? '').split(/[\s,;]+/).filter((t) => VOLTAGE_LABEL.test(t)).map((t) => partNumberOf(t.replace(VOLTAGE_LABEL, '')));
  if (labelled.length > 0) return [...new Set(labelled.filter((p): p is string => p !== null))];
  const one = partNumberOf(description);
  return one ? [one] : [];
}

/** The part number a supply description carries ("Black Cartridge HP CF259A" → CF259A), or null. */
export function partNumberOf(description: string | null): string | null {
  if (!description) return null;
  const tokens = description.split(/[\s,;:()[\]/]+/).map((t) => t.replace(/[.]+$/, '').replace(VOLTAGE_LABEL, '')).filter(Boolean);
  // The last qualifying token: vendors put the part number at the end ("… HP CF259A", "Toner TK-5240K").
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i]!;
    if (token !== token.toUpperCase() && !/\d/.test(token)) continue;
    const upper = token.toUpperCase();
    if (!CANDIDATE.test(upper) || NOT_PART.test(upper)) continue;
    const numeric = /^\d+$/.test(upper);
    if (numeric && (QUANTITY_WORDS.test(tokens[i + 1] ?? '') || LABEL_WORDS.test(tokens[i - 1] ?? ''))) continue;
    return upper;
  }
  return null;
}

/**
 * A part number as a person types it (a catalogue entry, a CSV cell) in the form partNumberOf stores supplies'
 * part numbers, so the two compare equal: upper case, without spaces ("tn-2410 " → TN-2410, "cf 259a" → CF259A);
 * null when nothing is left.
 */
export function normalizePartNumber(text: string): string | null {
  const value = text.normalize('NFC').replace(/\s+/g, '').toUpperCase();
  return value === '' ? null : value;
}
