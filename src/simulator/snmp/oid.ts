/** Object identifiers as arrays of arcs, compared the way SNMP orders them (RFC 3416 §4.2.2). */

export type Oid = readonly number[];

/** Parses a dotted OID ("1.3.6.1" or ".1.3.6.1"); throws on anything that is not one. */
export function parseOid(dotted: string): number[] {
  const text = dotted.startsWith('.') ? dotted.slice(1) : dotted;
  const arcs = text.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((arc) => !Number.isInteger(arc) || arc < 0 || arc > 0xffffffff)) {
    throw new Error(`Not an object identifier: "${dotted}"`);
  }
  return arcs;
}

/** Formats an OID as dotted decimal without a leading dot. */
export function formatOid(oid: Oid): string {
  return oid.join('.');
}

/**
 * Orders two OIDs arc by arc, numerically; a proper prefix sorts first. This is the lexicographic
 * order GETNEXT walks in — not string order, where "1.10" would precede "1.9".
 */
export function compareOids(a: Oid, b: Oid): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const difference = a[i]! - b[i]!;
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** True when `oid` lies at or below `prefix` in the OID tree. */
export function startsWithOid(oid: Oid, prefix: Oid): boolean {
  if (oid.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (oid[i] !== prefix[i]) return false;
  return true;
}
