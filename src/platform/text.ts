/**
 * What PostgreSQL cannot store as sent, in one place. NUL is refused by text and JSON columns alike; a UTF-16
 * surrogate without its pair is not text at all (a JSON column refuses it, a text column silently alters it).
 * The API refuses such input (http/schemas.ts); a printer's text is cleaned instead (telemetry/screen.ts, and the
 * collector's own heartbeat), since printers send NUL-padded octet strings and descriptions cut mid-character.
 */
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Why a string cannot be stored as sent (one clause, for "field: …"), or null when it can. */
export function unstorableText(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (value.replace(LONE_SURROGATE, '') !== value) return 'must be valid Unicode: it contains a lone UTF-16 surrogate such as \\ud800';
  return null;
}

/** Text made storable: NULs removed, lone surrogates replaced by U+FFFD. Pure. */
export function cleanText(text: string): string {
  return text.replace(NUL, '').replace(LONE_SURROGATE, '\ufffd');
}

/**
 * The text as one sentence: exactly one full stop at its end, none added after "!", "?" or "…". Messages are
 * joined from parts that may already end in a stop (a printer's error, an exception, a reason), and a stop
 * added blindly gave "device is off).." — every sentence built from such a part goes through here. Pure.
 */
export function endSentence(text: string): string {
  const body = text.trim().replace(/[\s.]+$/, '');
  if (body === '') return '';
  return /[!?…]$/.test(body) ? body : `${body}.`;
}

/** Whole sentences joined by a space, each ended once (endSentence); empty parts and nulls are left out. Pure. */
export function sentences(...parts: (string | null | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string').map(endSentence).filter(Boolean).join(' ');
}

/** How long ago, in words a person would say: "40 minutes ago", "1 hour ago", "30 hours ago", "3 days ago" (whole days from two days on). Pure. */
export function agoInWords(ms: number): string {
  const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  const minutes = ms / 60_000;
  if (minutes < 1) return 'just now';
  if (minutes < 60) return count(Math.round(minutes), 'minute');
  const hours = minutes / 60;
  if (hours < 48) return count(Math.min(47, Math.round(hours)), 'hour');
  return count(Math.round(hours / 24), 'day');
}
