// GS1 General Specifications §7.9: GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13) and GTIN-14 end in a mod-10 check
// digit. Weights 3 and 1 alternate from the digit next to the check digit leftwards, so a GTIN padded with
// leading zeros to 14 digits keeps its check digit — one function serves all four lengths.
const GTIN_LENGTHS = new Set([8, 12, 13, 14]);

/** The GS1 mod-10 check digit of the digits before it (any length). */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, weight = 3; i >= 0; i -= 1, weight = 4 - weight) sum += Number(body[i]) * weight;
  return (10 - (sum % 10)) % 10;
}

/** True when the code is a GTIN-8/12/13/14 (EAN/UPC) whose check digit is right. */
export function isValidGtin(code: string): boolean {
  if (!/^\d+$/.test(code) || !GTIN_LENGTHS.has(code.length)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === Number(code.at(-1));
}

/** A barcode's kind: a valid GTIN, or otherwise the dealer's own code. */
export function barcodeKind(code: string): 'gtin' | 'dealer' {
  return isValidGtin(code) ? 'gtin' : 'dealer';
}
