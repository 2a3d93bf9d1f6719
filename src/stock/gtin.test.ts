import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barcodeKind, gtinCheckDigit, isValidGtin } from './gtin.js';

const digits = (length: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((d) => d.join(''));
const gtin = fc.constantFrom(8, 12, 13, 14).chain((length) => digits(length - 1)).map((body) => `${body}${gtinCheckDigit(body)}`);

describe('isValidGtin', () => {
  it('accepts published GTINs of every length', () => {
    // EAN-13 4006381333931 (Stabilo pen, GS1's textbook example), UPC-A 036000291452, EAN-8 96385074, GTIN-14 10012345678902.
    for (const code of ['4006381333931', '036000291452', '96385074', '10012345678902']) expect(isValidGtin(code), code).toBe(true);
  });

  it('refuses a wrong check digit, other lengths and non-digits', () => {
    for (const code of ['4006381333932', '03600029145', '1234567', '123456789012345', '40063813339A1', '', ' 4006381333931']) expect(isValidGtin(code), code).toBe(false);
  });

  it('accepts every code that ends in its own check digit', () => {
    fc.assert(fc.property(gtin, (code) => isValidGtin(code)));
  });

  it('refuses every single-digit change of a valid GTIN', () => {
    fc.assert(fc.property(gtin, fc.nat(), fc.integer({ min: 1, max: 9 }), (code, at, delta) => {
      const i = at % code.length;
      const changed = code.slice(0, i) + String((Number(code[i]) + delta) % 10) + code.slice(i + 1);
      return !isValidGtin(changed);
    }));
  });

  it('refuses a swap of two adjacent digits that differ, unless they differ by 5 (mod-10 with weights 3 and 1 cannot see those)', () => {
    fc.assert(fc.property(gtin, fc.nat(), (code, at) => {
      const i = at % (code.length - 1);
      const [x, y] = [Number(code[i]), Number(code[i + 1])];
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      return isValidGtin(swapped) === (x === y || Math.abs(x - y) === 5);
    }));
  });

  it('keeps a GTIN valid when padded with leading zeros to GTIN-14', () => {
    fc.assert(fc.property(gtin.filter((c) => c.length < 14), (code) => isValidGtin(code.padStart(14, '0'))));
  });
});

describe('barcodeKind', () => {
  it("calls a valid GTIN 'gtin' and anything else the dealer's own code", () => {
    expect(barcodeKind('4006381333931')).toBe('gtin');
    expect(barcodeKind('4006381333932')).toBe('dealer');
    expect(barcodeKind('TL-000123')).toBe('dealer');
  });
});
