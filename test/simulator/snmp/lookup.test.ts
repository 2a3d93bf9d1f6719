import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareOids, getBulk, getExact, getNext, type MibEntry, type MibTable, type Oid } from '../../../src/simulator/snmp/index.js';

const arc = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 0xffffffff }));
const oidArb = fc.array(arc, { minLength: 1, maxLength: 8 });

/** Reference order: arcs as fixed-width decimal strings compare like numbers; a prefix sorts first. */
const padded = (oid: Oid) => oid.map((part) => String(part).padStart(10, '0')).join('.');
const reference = (a: Oid, b: Oid) => (padded(a) < padded(b) ? -1 : padded(a) > padded(b) ? 1 : 0);

function tableOf(oids: number[][]): MibTable {
  const unique = [...new Map(oids.map((oid) => [oid.join('.'), oid])).values()];
  return unique
    .sort(reference)
    .map((oid, i): MibEntry => ({ oid, instanceLength: 1, value: { type: 'integer', value: i } }));
}
const tableArb = fc.array(oidArb, { maxLength: 40 }).map(tableOf);
const linearNext = (table: MibTable, oid: Oid) => table.find((entry) => reference(entry.oid, oid) > 0);

describe('compareOids', () => {
  it('orders arc by arc, numerically, with a prefix first', () => {
    fc.assert(fc.property(oidArb, oidArb, (a, b) => compareOids(a, b) === reference(a, b)));
  });

  it('puts 1.3.6.1.2.1.43.11.1.1.9.1.2 before 1.3.6.1.2.1.43.11.1.1.9.1.10, unlike string order', () => {
    expect(compareOids([1, 3, 6, 1, 2, 1, 43, 11, 1, 1, 9, 1, 2], [1, 3, 6, 1, 2, 1, 43, 11, 1, 1, 9, 1, 10])).toBe(-1);
  });
});

describe('getNext', () => {
  it('returns the first entry strictly after any OID', () => {
    fc.assert(fc.property(tableArb, oidArb, (table, oid) => getNext(table, oid) === linearNext(table, oid)));
  });

  it('walks every entry exactly once, in order, from the root', () => {
    fc.assert(
      fc.property(tableArb, (table) => {
        const visited: MibEntry[] = [];
        for (let entry = getNext(table, []); entry; entry = getNext(table, entry.oid)) visited.push(entry);
        expect(visited).toEqual([...table]);
      }),
    );
  });
});

describe('getExact', () => {
  it('finds every entry and nothing else', () => {
    fc.assert(
      fc.property(tableArb, oidArb, (table, oid) => {
        for (const entry of table) expect(getExact(table, entry.oid).value).toBe(entry.value);
        const present = table.some((entry) => reference(entry.oid, oid) === 0);
        if (!present) expect(['noSuchObject', 'noSuchInstance']).toContain(getExact(table, oid).value.type);
      }),
    );
  });

  it('says noSuchInstance when the object exists but not the instance, noSuchObject otherwise', () => {
    const table: MibTable = [{ oid: [1, 3, 6, 1, 2, 1, 43, 11, 1, 1, 9, 1, 1], instanceLength: 2, value: { type: 'integer', value: 37 } }];
    expect(getExact(table, [1, 3, 6, 1, 2, 1, 43, 11, 1, 1, 9, 1, 2]).value.type).toBe('noSuchInstance');
    expect(getExact(table, [1, 3, 6, 1, 2, 1, 43, 11, 1, 1, 8, 1, 1]).value.type).toBe('noSuchObject');
  });
});

describe('getBulk', () => {
  /** RFC 3416 §4.2.3 spelled out: N non-repeaters, then M rounds over the R repeaters. */
  function referenceBulk(table: MibTable, oids: Oid[], nonRepeaters: number, maxRepetitions: number) {
    const n = Math.min(Math.max(nonRepeaters, 0), oids.length);
    const step = (oid: Oid) => linearNext(table, oid)?.oid ?? null;
    const out: Array<Oid | null> = oids.slice(0, n).map(step);
    let cursors: Array<Oid> = oids.slice(n);
    for (let round = 0; round < maxRepetitions && cursors.length > 0; round++) {
      const results = cursors.map(step);
      out.push(...results);
      if (results.every((result) => result === null)) break;
      cursors = cursors.map((cursor, i) => results[i] ?? cursor);
    }
    return out;
  }

  it('equals repeated GETNEXT rounds, ending with endOfMibView', () => {
    fc.assert(
      fc.property(tableArb, fc.array(oidArb, { maxLength: 4 }), fc.integer({ min: -2, max: 5 }), fc.integer({ min: -1, max: 12 }), (table, oids, n, m) => {
        const got = getBulk(table, oids, n, m, 10_000).map((varbind) => (varbind.value.type === 'endOfMibView' ? null : varbind.oid));
        expect(got).toEqual(referenceBulk(table, oids, n, m));
      }),
    );
  });

  it('never returns more than maxVarbinds, and only whole rounds', () => {
    fc.assert(
      fc.property(tableArb, fc.array(oidArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 50 }), (table, oids, limit) => {
        const got = getBulk(table, oids, 0, 1_000_000, limit);
        expect(got.length).toBeLessThanOrEqual(limit);
        expect(got.length % oids.length).toBe(0);
      }),
    );
  });
});
