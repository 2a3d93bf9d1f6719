import { isOrderLabel } from '../fulfilment/index.js';

// Crockford's base 32: no I, L, O or U, so a label read aloud or typed by hand is not misread.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A unit label from ten random bytes: 'U' and ten base-32 characters (50 bits; unique per dealer by the database's
 * key). Code 128 carries it compactly, and it cannot be confused with an order label (J-000123).
 */
export function unitLabelFrom(random: Uint8Array): string {
  let label = 'U';
  for (let i = 0; i < 10; i++) label += ALPHABET[random[i]! % 32];
  return label;
}

/** True when a code has the shape of a unit label. */
export function isUnitLabel(code: string): boolean {
  return /^U[0-9A-HJKMNP-TV-Z]{10}$/.test(code);
}

/**
 * Why a box's own serial cannot be registered, or null: it must be printable ASCII without spaces (what Code 128 and a
 * keyboard-wedge scanner carry), at most 64 characters, and not look like a unit or order label (a scan must name one
 * thing).
 */
export function serialProblem(serial: string): string | null {
  if (!/^[\x21-\x7E]{1,64}$/.test(serial)) return `serial ${JSON.stringify(serial.slice(0, 70))} must be 1 to 64 printable characters without spaces`;
  if (isUnitLabel(serial) || isOrderLabel(serial)) return `serial ${serial} looks like a TonerLoop ${isUnitLabel(serial) ? 'unit' : 'order'} label; a scan must name one thing`;
  return null;
}
