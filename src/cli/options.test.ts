import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.js';
import { wholeNumber } from './options.js';

describe('wholeNumber', () => {
  it('takes the fallback when the option is absent, and a whole number in range', () => {
    expect(wholeNumber('--runs', undefined, { fallback: 10, min: 1, max: 200 })).toBe(10);
    expect(wholeNumber('--runs', '200', { fallback: 10, min: 1, max: 200 })).toBe(200);
  });

  it('refuses, naming the option, its range and what was typed: out of range, fractions, words, empty, or absent without a fallback', () => {
    for (const value of ['0', '201', '2.5', 'many', '', ' ']) {
      expect(() => wholeNumber('--runs', value, { fallback: 10, min: 1, max: 200 })).toThrow(`--runs must be a whole number from 1 to 200, not "${value}".`);
    }
    expect(() => wholeNumber('--snmp-port', undefined, { min: 0, max: 65535, what: 'a port number' })).toThrow('--snmp-port must be a port number from 0 to 65535, not "".');
  });

  it('property: whatever is typed, the answer is in range or a bad-request refusal', () => {
    fc.assert(fc.property(fc.string(), fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 10 }), (value, min, span) => {
      try {
        const n = wholeNumber('--n', value, { min, max: min + span });
        expect(Number.isInteger(n) && n >= min && n <= min + span).toBe(true);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('bad-request');
      }
    }));
  });
});
