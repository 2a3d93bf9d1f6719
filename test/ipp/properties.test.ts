import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IppDecodeError, decodeIppMessage, encodeIppMessage } from '../../src/ipp/index.js';
import { ippMessage, mutatedMessageBytes } from './arbitraries.js';

/** Runs `decode` and reports what it did: a message, an IppDecodeError, or anything else (a bug). */
function outcome(bytes: Uint8Array): 'decoded' | 'rejected' {
  try {
    decodeIppMessage(bytes);
    return 'decoded';
  } catch (error) {
    if (error instanceof IppDecodeError) return 'rejected';
    throw error;
  }
}

describe('IPP codec properties', () => {
  it('decodes whatever it encodes to the same message', () => {
    fc.assert(
      fc.property(ippMessage(), (message) => {
        expect(decodeIppMessage(encodeIppMessage(message))).toEqual(message);
      }),
      { numRuns: 1000 },
    );
  });

  it('re-encodes anything it decoded to bytes that decode the same way', () => {
    fc.assert(
      fc.property(mutatedMessageBytes, (bytes) => {
        if (outcome(bytes) === 'rejected') return;
        const message = decodeIppMessage(bytes);
        expect(decodeIppMessage(encodeIppMessage(message))).toEqual(message);
      }),
      { numRuns: 1000 },
    );
  });

  it('throws nothing but IppDecodeError on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => void outcome(bytes)), { numRuns: 3000 });
  });

  it('throws nothing but IppDecodeError on mutated valid messages', () => {
    fc.assert(fc.property(mutatedMessageBytes, (bytes) => void outcome(bytes)), { numRuns: 3000 });
  });

  it('rejects every truncation of a valid message with IppDecodeError', () => {
    fc.assert(
      fc.property(ippMessage(false, 2), (message) => {
        const bytes = encodeIppMessage(message);
        // Plain loop rather than expect().toThrow per prefix: thousands of prefixes per run.
        const accepted = [];
        for (let length = 0; length < bytes.length; length++) {
          if (outcome(bytes.subarray(0, length)) === 'decoded') accepted.push(length);
        }
        expect(accepted).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('reports a byte offset inside the input', () => {
    fc.assert(
      fc.property(mutatedMessageBytes, (bytes) => {
        try {
          decodeIppMessage(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(IppDecodeError);
          const offset = (error as IppDecodeError).offset;
          expect(offset).toBeGreaterThanOrEqual(0);
          expect(offset).toBeLessThanOrEqual(bytes.length);
          expect((error as Error).message).toContain(`at byte offset ${offset}`);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
