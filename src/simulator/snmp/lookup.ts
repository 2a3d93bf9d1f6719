/** GET / GETNEXT / GETBULK resolution over a sorted MIB table (RFC 3416 §4.2.1–4.2.3), pure. */
import { compareOids, startsWithOid, type Oid } from './oid.js';
import type { MibEntry, MibTable, SnmpValue } from './oids.js';

/** What a response varbind carries: a value, an SNMPv2 exception, or request bytes echoed back. */
export type VarbindValue =
  | SnmpValue
  | { type: 'noSuchObject' }
  | { type: 'noSuchInstance' }
  | { type: 'endOfMibView' }
  | { type: 'raw'; bytes: Buffer };

export interface Varbind {
  oid: Oid;
  value: VarbindValue;
}

/** Index of the first entry whose OID is ≥ `oid` (or > `oid` when `strictly`). */
function lowerBound(table: MibTable, oid: Oid, strictly: boolean): number {
  let low = 0;
  let high = table.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareOids(table[middle]!.oid, oid);
    if (order < 0 || (strictly && order === 0)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** True when some entry shares the object (column or scalar) part of `oid`. */
function objectExists(entry: MibEntry | undefined, oid: Oid): boolean {
  return entry !== undefined && startsWithOid(oid, entry.oid.slice(0, entry.oid.length - entry.instanceLength));
}

/**
 * Resolves a GET: the value, or noSuchInstance when the object exists but not that instance, else
 * noSuchObject. Entries of one object are contiguous, so only the two neighbours need checking.
 */
export function getExact(table: MibTable, oid: Oid): Varbind {
  const at = lowerBound(table, oid, false);
  const entry = table[at];
  if (entry && compareOids(entry.oid, oid) === 0) return { oid, value: entry.value };
  const known = objectExists(entry, oid) || objectExists(table[at - 1], oid);
  return { oid, value: { type: known ? 'noSuchInstance' : 'noSuchObject' } };
}

/** The first entry strictly after `oid` in OID order, or undefined at the end of the MIB view. */
export function getNext(table: MibTable, oid: Oid): MibEntry | undefined {
  return table[lowerBound(table, oid, true)];
}

/** GETNEXT as a varbind: the successor, or endOfMibView named after the requested OID. */
export function getNextVarbind(table: MibTable, oid: Oid): Varbind {
  const entry = getNext(table, oid);
  return entry ? { oid: entry.oid, value: entry.value } : { oid, value: { type: 'endOfMibView' } };
}

/**
 * Resolves a GETBULK: one GETNEXT for each of the first `nonRepeaters` OIDs, then up to
 * `maxRepetitions` rounds of GETNEXT over the rest, each round continuing where the last ended.
 * Stops early (as RFC 3416 allows) when a round would exceed `maxVarbinds` or every repeater has
 * reached endOfMibView.
 */
export function getBulk(table: MibTable, oids: readonly Oid[], nonRepeaters: number, maxRepetitions: number, maxVarbinds: number): Varbind[] {
  const fixed = Math.min(Math.max(nonRepeaters, 0), oids.length);
  const out: Varbind[] = [];
  for (const oid of oids.slice(0, fixed)) {
    if (out.length >= maxVarbinds) return out;
    out.push(getNextVarbind(table, oid));
  }
  const cursors = oids.slice(fixed);
  for (let round = 0; round < maxRepetitions && cursors.length > 0; round++) {
    if (out.length + cursors.length > maxVarbinds) break;
    let advanced = false;
    for (let i = 0; i < cursors.length; i++) {
      const varbind = getNextVarbind(table, cursors[i]!);
      out.push(varbind);
      if (varbind.value.type !== 'endOfMibView') {
        cursors[i] = varbind.oid;
        advanced = true;
      }
    }
    if (!advanced) break;
  }
  return out;
}
