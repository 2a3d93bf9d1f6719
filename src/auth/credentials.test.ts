import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.js';
import { hashToken, newToken, tokenHint, tokenKind } from './tokens.js';

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one, with a salted hash each time', async () => {
    const one = await hashPassword('correct horse battery staple');
    const two = await hashPassword('correct horse battery staple');
    expect(one).not.toBe(two);
    expect(one).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct horse battery staple', one)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', one)).toBe(false);
  });

  it('refuses anything malformed instead of throwing', async () => {
    await fc.assert(fc.asyncProperty(fc.string(), async (stored) => {
      expect(await verifyPassword("x", stored)).toBe(false);
    }), { numRuns: 50 });
  });
});

describe('tokens', () => {
  it('are prefixed by kind, unique, and stored as a hash that does not contain them', () => {
    const a = newToken('collector');
    const b = newToken('collector');
    expect(a).not.toBe(b);
    expect(tokenKind(a)).toBe('collector');
    expect(tokenKind(newToken('integration'))).toBe('integration');
    expect(tokenKind('Bearer nonsense')).toBeNull();
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toContain(a.slice(4, 20));
    expect(a.endsWith(tokenHint(a))).toBe(true);
  });
});
