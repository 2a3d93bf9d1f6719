import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findUnstorable } from './input-guard.js';
import { unstorableText } from '../platform/text.js';
import { Text, Timestamp, text } from './schemas.js';

// Strings without NUL whose surrogates all come in pairs: what PostgreSQL stores as sent.
const storableString = fc.string({ unit: 'binary' }).filter((s) => !s.includes('\u0000'));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

describe('Text', () => {
  it('accepts any Unicode text without NUL, astral characters included', () => {
    fc.assert(fc.property(storableString, (s) => {
      expect(Text.safeParse(s).success).toBe(true);
    }));
    expect(Text.parse('Büro 3. OG — 🖨️')).toBe('Büro 3. OG — 🖨️');
  });

  it('refuses a NUL character anywhere', () => {
    fc.assert(fc.property(storableString, storableString, (a, b) => {
      const result = Text.safeParse(`${a}\u0000${b}`);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('must not contain a NUL character (\\u0000)');
    }));
  });

  it('refuses a lone surrogate, high or low, and keeps a pair', () => {
    fc.assert(fc.property(fc.string(), loneSurrogate, fc.string(), (a, lone, b) => {
      // Between two letters, so the lone half cannot pair with a neighbour by chance.
      expect(Text.safeParse(`${a}x${lone}x${b}`).success).toBe(false);
    }));
    expect(unstorableText('\ud83d\udda8')).toBeNull();
    expect(unstorableText('\udda8\ud83d')).toMatch(/lone UTF-16 surrogate/);
  });

  it('text() trims, needs one character by default, and keeps its limits', () => {
    const name = text({ max: 5 });
    expect(name.parse('  ab  ')).toBe('ab');
    expect(name.safeParse('   ').success).toBe(false);
    expect(name.safeParse('abcdef').success).toBe(false);
    expect(text({ max: 5, min: 0, trim: false }).parse(' ')).toBe(' ');
  });
});

describe('Timestamp', () => {
  it('accepts instants from 1000 to 9999 with Z or an offset within ±14:00', () => {
    for (const ok of ['2027-01-01T00:00:00Z', '1000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2027-01-01T00:00:00+14:00', '2027-01-01T00:00:00-12:00', '2027-01-01T00:00:00.123456+05:30']) {
      expect(Timestamp.safeParse(ok).success, ok).toBe(true);
    }
  });

  it('refuses year 0, years the embedded engine misreads, offsets beyond ±14:00 and instants past 9999 in UTC', () => {
    const cases: [string, RegExp][] = [
      ['0000-01-01T00:00:00Z', /between the years 1000 and 9999/],
      ['0099-12-31T23:59:59Z', /between the years 1000 and 9999/],
      ['1000-01-01T00:00:00+01:00', /between the years 1000 and 9999/],
      ['9999-12-31T23:59:59-01:00', /between the years 1000 and 9999/],
      ['2027-01-01T00:00:00+23:59', /offset within ±14:00/],
      ['2027-01-01T00:00:00-14:01', /offset within ±14:00/],
      ['2027-01-01', /ISO 8601 date-time/],
      ['2027-02-30T00:00:00Z', /ISO 8601 date-time/],
      ['2027-01-01T00:00:00', /ISO 8601 date-time/],
    ];
    for (const [bad, why] of cases) {
      const result = Timestamp.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0]?.message, bad).toMatch(why);
    }
  });

  it('accepts exactly the instants whose ISO form JavaScript reads back unchanged, for any accepted offset', () => {
    const instant = fc.date({ min: new Date('1000-01-02T00:00:00Z'), max: new Date('9999-12-30T00:00:00Z'), noInvalidDate: true });
    const offset = fc.integer({ min: -14 * 60, max: 14 * 60 });
    fc.assert(fc.property(instant, offset, (at, minutes) => {
      const local = new Date(at.getTime() + minutes * 60_000).toISOString().slice(0, 23);
      const sign = minutes < 0 ? '-' : '+';
      const abs = Math.abs(minutes);
      const text = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      expect(Timestamp.safeParse(text).success, text).toBe(true);
      expect(Date.parse(text)).toBe(at.getTime());
    }));
  });
});

describe('findUnstorable', () => {
  it('names the path of the first NUL or lone surrogate, in values and in keys', () => {
    expect(findUnstorable({ a: [1, 'ok', { b: 'x\u0000' }] })).toEqual({ path: ['a', '2', 'b'], why: 'must not contain a NUL character (\\u0000)' });
    expect(findUnstorable({ ['k\ud800']: 1 })?.path).toEqual(['k?']);
    expect(findUnstorable({ a: 'fine', b: [null, true, 3] })).toBeNull();
  });

  it('walks a body nested far deeper than the call stack would allow', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findUnstorable(deep)?.path.length).toBe(200_000);
  });
});
