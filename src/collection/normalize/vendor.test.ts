import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawValue } from '../snmp-reader.js';
import { macOf } from './identity.js';
import { brotherCounters, VENDOR_MIBS, VendorReader, vendorOf, vendorRoots } from './vendor.js';

const E = '1.3.6.1.4.1';
const int = (value: number): RawValue => ({ type: 'integer', value });
const reader = (values: Record<string, number>) => new VendorReader(new Map(Object.entries(values).map(([oid, v]) => [oid, int(v)])));
const vendor = (brand: string) => VENDOR_MIBS.find((v) => v.brand === brand)!;

/** Brother's brInfoCounter as a device sends it: 7-byte records, then FF FF FF FF. */
function brInfoCounter(records: [number, number][]): Buffer {
  const parts = records.map(([code, value]) => {
    const record = Buffer.alloc(7);
    record.writeUInt8(code, 0);
    record.writeUInt8(0x01, 1);
    record.writeUInt8(0x04, 2);
    record.writeUInt32BE(value, 3);
    return record;
  });
  return Buffer.concat([...parts, Buffer.from([0xff, 0xff, 0xff, 0xff])]);
}

describe('vendorOf', () => {
  it('knows a maker by the enterprise in sysObjectID, whatever sysDescr says', () => {
    expect(vendorOf(`${E}.1347.41`, 'UTAX Printing System')?.brand).toBe('Kyocera');
    expect(vendorOf(`.${E}.2435.2.3.9.1`, null)?.brand).toBe('Brother');
  });

  it('falls back on the maker named at the start of sysDescr, rebadges included', () => {
    expect(vendorOf(null, 'SHARP BP-70C31')?.brand).toBe('Sharp');
    expect(vendorOf('1.3.6.1.4.1.99999.1', 'TA Triumph-Adler 2256')?.brand).toBe('Kyocera');
    expect(vendorOf(null, 'SAVIN 9040 1.18 / SAVIN Network Printer C model')?.brand).toBe('Ricoh');
    expect(vendorOf(null, 'HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT')?.brand).toBe('HP');
  });

  it('knows no maker from a Linux host or nothing at all', () => {
    expect(vendorOf('1.3.6.1.4.1.8072.3.2.10', 'Linux gateway 6.1.0-18-amd64')).toBeNull();
    expect(vendorOf(null, null)).toBeNull();
  });

  it('reads every maker\'s serial and model inside the subtrees it walks', () => {
    for (const mib of VENDOR_MIBS) {
      const roots = vendorRoots(mib);
      for (const oid of [...mib.serial, ...mib.model]) expect(roots.some((root) => oid.startsWith(`${root}.`)), `${mib.brand} ${oid}`).toBe(true);
    }
  });
});

describe('brotherCounters', () => {
  it('decodes total, black and white and colour from brInfoCounter records', () => {
    expect(brotherCounters(brInfoCounter([[0x00, 10814], [0x01, 8192], [0x02, 2622]]))).toEqual({ total: 10814, mono: 8192, color: 2622 });
  });

  it('decodes any records in any order, and stops at FF FF FF FF or a record it does not understand', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 0x20 }), fc.integer({ min: 0, max: 0xfffffffe })), { selector: ([code]) => code, maxLength: 8 }), (records) => {
      const decoded = brotherCounters(brInfoCounter(records));
      const value = (code: number) => records.find(([c]) => c === code)?.[1] ?? null;
      expect(decoded).toEqual({ total: value(0), mono: value(1), color: value(2) });
    }));
    expect(brotherCounters(Buffer.from([0x00, 0x02, 0x04, 0, 0, 0, 1]))).toEqual({ total: null, mono: null, color: null });
    expect(brotherCounters(null)).toEqual({ total: null, mono: null, color: null });
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      expect(() => brotherCounters(Buffer.from(bytes))).not.toThrow();
    }));
  });
});

describe('vendor counters', () => {
  it('Kyocera: mono and colour add up over print, copy and fax; single-colour pages count as colour', () => {
    const by = `${E}.1347.42.3.1.2.1.1`;
    expect(vendor('Kyocera').meters(reader({ [`${by}.1.1`]: 100, [`${by}.1.2`]: 5, [`${by}.1.3`]: 40, [`${by}.2.1`]: 60, [`${by}.2.3`]: 10, [`${by}.4.1`]: 7 })))
      .toEqual({ total: null, mono: 167, color: 55 });
  });

  it('Kyocera single-function printers: their own mono and colour counters when there is no per-function table', () => {
    expect(vendor('Kyocera').meters(reader({ [`${E}.1347.42.2.2.1.1.3.1.1`]: 900, [`${E}.1347.42.2.1.1.1.8.1.1`]: 300, [`${E}.1347.43.10.1.1.12.1.1`]: 1200 })))
      .toEqual({ total: 1200, mono: 900, color: 300 });
  });

  it('Canon: mono from Total (Black 1), else Black Large + Small; colour from Full + Single Color Large + Small', () => {
    const t = `${E}.1602.1.11.1.3.1.4`;
    expect(vendor('Canon').meters(reader({ [`${t}.101`]: 500, [`${t}.112`]: 300, [`${t}.113`]: 50, [`${t}.122`]: 100, [`${t}.123`]: 50 }))).toEqual({ total: 500, mono: 350, color: 150 });
    const mf = `${E}.1602.1.11.1.4.1.4`;
    expect(vendor('Canon').meters(reader({ [`${mf}.101`]: 80, [`${mf}.108`]: 80 }))).toEqual({ total: 80, mono: 80, color: null });
  });

  it('Ricoh: rows are found by their type, wherever the model puts them', () => {
    const type = `${E}.367.3.2.1.2.19.5.1.2`;
    const value = `${E}.367.3.2.1.2.19.5.1.9`;
    expect(vendor('Ricoh').meters(reader({ [`${type}.7`]: 10, [`${value}.7`]: 900, [`${type}.2`]: 401, [`${value}.2`]: 500, [`${type}.9`]: 403, [`${value}.9`]: 300, [`${type}.4`]: 201, [`${value}.4`]: 100 })))
      .toEqual({ total: 900, mono: 600, color: 300 });
  });

  it('a maker whose counters are absent from the device says nothing rather than zero', () => {
    for (const mib of VENDOR_MIBS) expect(mib.meters(reader({})), mib.brand).toEqual({ total: null, mono: null, color: null });
  });
});

describe('macOf', () => {
  const bytes = (hex: string): { bytes: Buffer } => ({ bytes: Buffer.from(hex, 'hex') });
  it('takes the wired interface with the lowest index, as lower-case pairs', () => {
    const types = new Map([['1', int(24)], ['2', int(71)], ['3', int(6)], ['4', int(6)]]);
    const addresses = new Map([['1', bytes('')], ['2', bytes('0026abcafe02')], ['3', bytes('0026ABCAFE03')], ['4', bytes('0026abcafe04')]]);
    expect(macOf(types, addresses)).toBe('00:26:ab:ca:fe:03');
  });

  it('takes any six-byte address when no interface says it is ethernet, but never a zero or broadcast one', () => {
    expect(macOf(new Map(), new Map([['1', bytes('000000000000')], ['2', bytes('ffffffffffff')], ['5', bytes('0026abcafe05')]]))).toBe('00:26:ab:ca:fe:05');
    expect(macOf(new Map(), new Map([['1', bytes('000000000000')], ['2', bytes('00112233')]]))).toBeNull();
  });
});
