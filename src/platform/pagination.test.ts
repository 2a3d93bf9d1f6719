import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, toPage } from './pagination.js';

describe('cursors', () => {
  it('round-trip any sort key', () => {
    fc.assert(fc.property(fc.string(), (key) => {
      expect(decodeCursor(encodeCursor(key))).toBe(key);
    }));
  });

  it('refuse anything this server did not hand out with a bad-request error, never another exception', () => {
    fc.assert(
      fc.property(fc.string(), (garbage) => {
        try {
          decodeCursor(garbage);
        } catch (error) {
          expect((error as { code?: string }).code).toBe('bad-request');
        }
      }),
    );
  });
});

describe('toPage', () => {
  it('gives a cursor only when a further row was fetched', () => {
    expect(toPage([1, 2, 3], 2, String)).toEqual({ items: [1, 2], nextCursor: encodeCursor('2') });
    expect(toPage([1, 2], 2, String)).toEqual({ items: [1, 2], nextCursor: null });
  });
});
