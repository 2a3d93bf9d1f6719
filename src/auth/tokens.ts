import { createHash, randomBytes } from 'node:crypto';

/** What a secret token is for; the prefix lets operators and secret scanners recognize a leaked token. */
export type TokenKind = 'collector' | 'integration' | 'session';
const PREFIX: Record<TokenKind, string> = { collector: 'tlc_', integration: 'tli_', session: 'tls_' };

/** A fresh 256-bit secret with its kind's prefix. Shown once; only its hash is stored. */
export function newToken(kind: TokenKind): string {
  return PREFIX[kind] + randomBytes(32).toString('base64url');
}

/**
 * SHA-256 of a token. Tokens carry 256 random bits, so a fast hash is enough (no dictionary to
 * guess from) and lets the server look a token up by its hash in one indexed query.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The last four characters, for telling tokens apart in lists without revealing them. */
export function tokenHint(token: string): string {
  return token.slice(-4);
}

/** The kind a presented token claims by its prefix, or null. */
export function tokenKind(token: string): TokenKind | null {
  for (const [kind, prefix] of Object.entries(PREFIX)) if (token.startsWith(prefix)) return kind as TokenKind;
  return null;
}
