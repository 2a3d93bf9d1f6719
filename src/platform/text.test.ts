import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endSentence, sentences } from './text.js';

// Words, spaces and the punctuation messages end with, so the generator hits "x.", "x)." and "x.. " often.
const part = fc.stringMatching(/^[a-z )(.!?…]{0,12}$/);

describe('endSentence', () => {
  it('ends a sentence with one full stop, never two, whatever the part already ended with', () => {
    expect(endSentence('the device is off)')).toBe('the device is off).');
    expect(endSentence('(wrong community or credentials, or the device is off).')).toBe('(wrong community or credentials, or the device is off).');
    expect(endSentence('No forecast yet: done..  ')).toBe('No forecast yet: done.');
    expect(endSentence('Is it on?')).toBe('Is it on?');
    expect(endSentence('  ')).toBe('');
  });

  it('never ends in "..", and ending a sentence twice changes nothing', () => {
    fc.assert(fc.property(part, (text) => {
      const once = endSentence(text);
      expect(once).not.toMatch(/\.\.$/);
      expect(endSentence(once)).toBe(once);
    }));
  });
});

describe('sentences', () => {
  it('joins parts into sentences without a doubled stop between or after them', () => {
    expect(sentences('Unreachable since 3 May: no SNMP answer (the device is off).', 'Check that it is on')).toBe('Unreachable since 3 May: no SNMP answer (the device is off). Check that it is on.');
    expect(sentences(null, '', 'one', undefined, false, 'two.')).toBe('one. two.');
    fc.assert(fc.property(fc.array(part, { maxLength: 4 }), (parts) => {
      // A part may end in stops and spaces (a message, an exception); the join must not double them.
      if (parts.every((p) => !p.replace(/[\s.]+$/, '').includes('..'))) expect(sentences(...parts)).not.toMatch(/\.\./);
    }));
  });
});
