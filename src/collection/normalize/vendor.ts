import type { RawValue } from '../snmp-reader.js';
import { counterValue } from './identity.js';

/**
 * What printers publish in their makers' own MIBs and not (or not always) in the Printer MIB: the serial
 * (Kyocera and its UTAX/Triumph-Adler rebadges, Brother, Epson and Zebra often leave prtGeneralSerialNumber
 * empty), the model, and mono and colour page counters (dealers bill by them; colour toner follows colour
 * pages). OIDs are from the vendors' public MIBs where those are published (HP-LASERJET-COMMON-MIB,
 * KYOCERA-MIB, LEXMARK-PVT-MIB, XEROX-HOST-RESOURCES-EXT-MIB, Ricoh Private MIB, BROTHER-MIB, CANON-MIB)
 * and otherwise as read by established inventory tools (GLPI agent's MibSupport modules, LibreNMS, Zabbix
 * templates); docs/printers.md lists each with its source. Konica Minolta and Sharp publish their serial
 * only in the Printer MIB.
 */

/** Values read under a vendor's subtrees, by full numeric OID without a leading dot. */
export type VendorValues = ReadonlyMap<string, RawValue>;

/** Mono and colour page counters (and a total where the Printer MIB has none); null where not published. */
export interface VendorMeters {
  total: number | null;
  mono: number | null;
  color: number | null;
}

/** One maker's MIB: how to recognise its printers, what to read, and how to make sense of it. */
export interface VendorMib {
  brand: string;
  /** Enterprise numbers (1.3.6.1.4.1.N) its printers name in sysObjectID. */
  enterprises: number[];
  /** How its sysDescr names it, for agents whose sysObjectID says nothing useful. */
  sysDescr: RegExp;
  /** Serial number objects, best first. */
  serial: string[];
  /** Model name objects, best first. */
  model: string[];
  /** Counter subtrees, read with the rest; `meters` makes sense of what came back. */
  counters: string[];
  meters(read: VendorReader): VendorMeters;
}

const E = '1.3.6.1.4.1';
const NONE: VendorMeters = { total: null, mono: null, color: null };

/** Typed access to the values read under a vendor's subtrees. */
export class VendorReader {
  constructor(private readonly values: VendorValues) {}

  /** A counter: a non-negative whole number, whatever ASN.1 type carried it (counterValue's rule). */
  count(oid: string): number | null {
    return counterValue(this.values.get(oid)?.value);
  }

  /** A text value, trimmed; null when absent or empty. */
  text(oid: string): string | null {
    const v = this.values.get(oid);
    return v && v.type === 'string' ? String(v.value).trim() || null : null;
  }

  /** The raw bytes of an OCTET STRING (binary counters). */
  bytes(oid: string): Buffer | null {
    return this.values.get(oid)?.bytes ?? null;
  }

  /** Every value under `root`, keyed by the rest of its OID. */
  under(root: string): Map<string, RawValue> {
    const prefix = `${root}.`;
    return new Map([...this.values].filter(([oid]) => oid.startsWith(prefix)).map(([oid, v]) => [oid.slice(prefix.length), v]));
  }

  /** The sum of the counters present among `oids`; null when none is. */
  sum(oids: string[]): number | null {
    return sumKnown(oids.map((oid) => this.count(oid)));
  }
}

/** The sum of the known numbers; null when none is known (an absent counter is not zero). */
function sumKnown(numbers: (number | null)[]): number | null {
  const known = numbers.filter((n): n is number => n !== null);
  return known.length > 0 ? known.reduce((a, b) => a + b, 0) : null;
}

/**
 * Brother's brInfoCounter: 7-byte records [code, 0x01, 0x04, uint32 big-endian] up to FF FF FF FF; code 00
 * is the total, 01 black and white, 02 colour (BROTHER-MIB, as decoded by the `brother` Python library).
 */
export function brotherCounters(bytes: Buffer | null): VendorMeters {
  const found = new Map<number, number>();
  for (let at = 0; bytes && at + 7 <= bytes.length; at += 7) {
    if (bytes.readUInt32BE(at) === 0xffffffff) break;
    if (bytes[at + 1] !== 0x01 || bytes[at + 2] !== 0x04) break;
    if (!found.has(bytes[at]!)) found.set(bytes[at]!, bytes.readUInt32BE(at + 3));
  }
  return { total: found.get(0x00) ?? null, mono: found.get(0x01) ?? null, color: found.get(0x02) ?? null };
}

const HP_ENGINE = `${E}.11.2.3.9.4.2.1.4.1.2`;
const KYOCERA_TOTAL = `${E}.1347.43.10.1.1.12`;
const KYOCERA_BY_COLOUR = `${E}.1347.42.3.1.2.1.1`;
const KYOCERA_SF_MONO = `${E}.1347.42.2.2.1.1.3`;
const KYOCERA_SF_COLOUR = `${E}.1347.42.2.1.1.1.8`;
const BROTHER_COUNTER = `${E}.2435.2.3.9.4.2.1.5.5.10`;
const CANON_COUNTERS = [`${E}.1602.1.11.1.3.1.4`, `${E}.1602.1.11.1.4.1.4`];
const RICOH_COUNTER_TYPE = `${E}.367.3.2.1.2.19.5.1.2`;
const RICOH_COUNTER_VALUE = `${E}.367.3.2.1.2.19.5.1.9`;
const LEXMARK_PAGES = `${E}.641.2.1.5`;
const XEROX_DETAIL = `${E}.253.8.53.13.2.1.6.1.20`;
const KM_TOTAL = `${E}.18334.1.1.1.5.7.2.1.1`;
const KM_BY_COLOUR = `${E}.18334.1.1.1.5.7.2.2.1.5`;
const SHARP_OUTPUT = `${E}.2385.1.1.19.2.1.3.5.4`;
const EPSON_COUNTERS = [30, 3, 4].map((column) => `${E}.1248.1.2.2.27.1.1.${column}`);
const OKI_TOTAL = `${E}.2001.1.1.1.1.100.1.1.1.3`;
const TOSHIBA_PRINT = `${E}.1129.2.3.50.1.3.21.6.1.2.1`;

// Ricoh ricohEngCounterType codes: 10 machine total; copy 201/202/203, fax 301/302/303, print 401/402/403 for
// black and white / single or two colour / full colour.
const RICOH_TOTAL = new Set([10]);
const RICOH_MONO = new Set([201, 301, 401]);
const RICOH_COLOUR = new Set([202, 203, 302, 303, 402, 403]);

function ricohMeters(read: VendorReader): VendorMeters {
  const types = read.under(RICOH_COUNTER_TYPE);
  const values = read.under(RICOH_COUNTER_VALUE);
  // Row numbers differ between models: each row says what it counts.
  const total = (codes: Set<number>) => read.sum([...types].filter(([, type]) => codes.has(Number(type.value))).map(([row]) => `${RICOH_COUNTER_VALUE}.${row}`));
  return values.size === 0 ? NONE : { total: total(RICOH_TOTAL), mono: total(RICOH_MONO), color: total(RICOH_COLOUR) };
}

function canonMeters(read: VendorReader): VendorMeters {
  // Canon's counter IDs, the numbers on the device's Check Counter screen: 101 Total 1, 108 Total (Black 1),
  // 112/113 Total (Black/Large, Small), 122/123 Total (Full Color + Single Color/Large, Small).
  for (const table of CANON_COUNTERS) {
    const id = (n: number) => `${table}.${n}`;
    if (read.under(table).size === 0) continue;
    return { total: read.count(id(101)), mono: read.count(id(108)) ?? read.sum([id(112), id(113)]), color: read.sum([id(122), id(123)]) };
  }
  return NONE;
}

function kyoceraMeters(read: VendorReader): VendorMeters {
  // MFPs: function (1 print, 2 copy, 4 fax) × colour mode (1 black and white, 2 single colour, 3 full colour).
  const byColour = [...read.under(KYOCERA_BY_COLOUR).keys()];
  const mode = (m: number) => read.sum(byColour.filter((k) => k.endsWith(`.${m}`)).map((k) => `${KYOCERA_BY_COLOUR}.${k}`));
  const colour = sumKnown([mode(2), mode(3)]);
  return {
    total: read.count(`${KYOCERA_TOTAL}.1.1`),
    mono: mode(1) ?? read.count(`${KYOCERA_SF_MONO}.1.1`),
    color: colour ?? read.count(`${KYOCERA_SF_COLOUR}.1.1`),
  };
}

/** Every maker TonerLoop reads beyond the Printer MIB. */
export const VENDOR_MIBS: readonly VendorMib[] = [
  {
    brand: 'HP', enterprises: [11], sysDescr: /^(HP|Hewlett-Packard)\b|JETDIRECT/i,
    serial: [`${E}.11.2.3.9.4.2.1.1.3.3.0`], model: [`${E}.11.2.3.9.4.2.1.1.3.2.0`], counters: [HP_ENGINE],
    // status-prt-eng: 5 total engine pages, 6 mono, 7 colour.
    meters: (read) => ({ total: read.count(`${HP_ENGINE}.5.0`), mono: read.count(`${HP_ENGINE}.6.0`), color: read.count(`${HP_ENGINE}.7.0`) }),
  },
  {
    brand: 'Kyocera', enterprises: [1347], sysDescr: /^(KYOCERA|UTAX|TA Triumph-Adler|Triumph-Adler)\b/i,
    serial: [`${E}.1347.43.5.1.1.28.1`], model: [`${E}.1347.43.5.1.1.1.1`],
    counters: [KYOCERA_TOTAL, KYOCERA_BY_COLOUR, KYOCERA_SF_MONO, KYOCERA_SF_COLOUR], meters: kyoceraMeters,
  },
  {
    brand: 'Brother', enterprises: [2435], sysDescr: /^Brother\b/i,
    serial: [`${E}.2435.2.3.9.4.2.1.5.5.1.0`], model: [], counters: [BROTHER_COUNTER],
    meters: (read) => brotherCounters(read.bytes(`${BROTHER_COUNTER}.0`)),
  },
  {
    brand: 'Canon', enterprises: [1602], sysDescr: /^Canon\b/i,
    serial: [`${E}.1602.1.2.1.8.1.3.1.1`, `${E}.1602.1.2.1.4.0`], model: [`${E}.1602.1.1.1.1.0`], counters: CANON_COUNTERS, meters: canonMeters,
  },
  {
    brand: 'Ricoh', enterprises: [367], sysDescr: /^(RICOH|SAVIN|LANIER|NRG|Gestetner)\b/i,
    serial: [`${E}.367.3.2.1.2.1.4.0`], model: [], counters: [RICOH_COUNTER_TYPE, RICOH_COUNTER_VALUE], meters: ricohMeters,
  },
  {
    brand: 'Lexmark', enterprises: [641], sysDescr: /^Lexmark\b/i,
    serial: [`${E}.641.2.1.2.1.6.1`, `${E}.641.6.2.3.1.5.1`], model: [`${E}.641.2.1.2.1.2.1`], counters: [LEXMARK_PAGES],
    // pgTotal, pgMono, pgColor.
    meters: (read) => ({ total: read.count(`${LEXMARK_PAGES}.1.0`), mono: read.count(`${LEXMARK_PAGES}.2.0`), color: read.count(`${LEXMARK_PAGES}.3.0`) }),
  },
  {
    brand: 'Xerox', enterprises: [253, 297], sysDescr: /^(Xerox|FUJI ?XEROX|FUJIFILM)\b/i,
    serial: [`${E}.253.8.53.3.2.1.3.1`], model: [], counters: [XEROX_DETAIL],
    // xcmHrDevDetailValueInteger, detail type 20: 1 total impressions, 33 colour, 34 black.
    meters: (read) => ({ total: read.count(`${XEROX_DETAIL}.1`), mono: read.count(`${XEROX_DETAIL}.34`), color: read.count(`${XEROX_DETAIL}.33`) }),
  },
  {
    brand: 'Konica Minolta', enterprises: [18334], sysDescr: /^(KONICA ?MINOLTA|Develop)\b/i,
    serial: [], model: [`${E}.18334.1.1.1.1.6.2.1.0`], counters: [KM_TOTAL, KM_BY_COLOUR],
    // By colour (1 black, 2 full colour) and function (1 copy, 2 print).
    meters: (read) => ({
      total: read.count(`${KM_TOTAL}.0`),
      mono: read.sum([`${KM_BY_COLOUR}.1.1`, `${KM_BY_COLOUR}.1.2`]),
      color: read.sum([`${KM_BY_COLOUR}.2.1`, `${KM_BY_COLOUR}.2.2`]),
    }),
  },
  {
    brand: 'Sharp', enterprises: [2385], sysDescr: /^SHARP\b/i,
    serial: [], model: [], counters: [SHARP_OUTPUT],
    // Total output: 61 black and white, 63 full colour.
    meters: (read) => ({ total: null, mono: read.count(`${SHARP_OUTPUT}.61`), color: read.count(`${SHARP_OUTPUT}.63`) }),
  },
  {
    brand: 'Epson', enterprises: [1248], sysDescr: /^EPSON\b/i,
    serial: [`${E}.1248.1.2.2.1.1.1.5.1`], model: [`${E}.1248.1.2.2.1.1.1.2.1`], counters: EPSON_COUNTERS,
    meters: (read) => ({ total: read.count(`${EPSON_COUNTERS[0]}.1.1`), mono: read.count(`${EPSON_COUNTERS[1]}.1.1`), color: read.count(`${EPSON_COUNTERS[2]}.1.1`) }),
  },
  {
    brand: 'OKI', enterprises: [2001], sysDescr: /^OKI\b/i,
    serial: [`${E}.2001.1.1.1.1.11.1.10.45.0`], model: [`${E}.2001.1.1.1.1.11.1.10.25.0`], counters: [OKI_TOTAL],
    meters: (read) => ({ total: read.count(`${OKI_TOTAL}.1`), mono: null, color: null }),
  },
  {
    brand: 'Samsung', enterprises: [236], sysDescr: /^Samsung\b/i,
    serial: [`${E}.236.11.5.1.1.1.4.0`], model: [`${E}.236.11.5.1.1.1.1.0`], counters: [], meters: () => NONE,
  },
  {
    brand: 'Toshiba', enterprises: [1129], sysDescr: /^TOSHIBA\b/i,
    serial: [`${E}.1129.1.2.1.1.1.1.1.0`], model: [`${E}.1129.1.2.1.1.1.2.1.0`], counters: [TOSHIBA_PRINT],
    // e-STUDIO print counters by colour mode: 1 full colour, 3 black, 4 total.
    meters: (read) => ({ total: read.count(`${TOSHIBA_PRINT}.4`), mono: read.count(`${TOSHIBA_PRINT}.3`), color: read.count(`${TOSHIBA_PRINT}.1`) }),
  },
  {
    brand: 'Zebra', enterprises: [10642, 683], sysDescr: /^Zebra\b/i,
    serial: [`${E}.10642.200.19.5.0`, `${E}.683.1.5.0`], model: [`${E}.10642.1.1.0`], counters: [], meters: () => NONE,
  },
];

/** Every maker's serial objects, asked of every printer (a rebadge may name another maker in sysObjectID). */
export const EVERY_MAKERS_SERIAL: readonly string[] = [...new Set(VENDOR_MIBS.flatMap((v) => v.serial))];

/** The maker of a printer: by the enterprise in its sysObjectID, else by the name its sysDescr starts with. */
export function vendorOf(sysObjectId: string | null, sysDescr: string | null): VendorMib | null {
  const enterprise = /^\.?1\.3\.6\.1\.4\.1\.(\d+)(\.|$)/.exec(sysObjectId ?? '')?.[1];
  return VENDOR_MIBS.find((v) => enterprise !== undefined && v.enterprises.includes(Number(enterprise)))
    ?? VENDOR_MIBS.find((v) => v.sysDescr.test((sysDescr ?? '').trim()))
    ?? null;
}

const parent = (oid: string) => oid.slice(0, oid.lastIndexOf('.'));

/** The subtrees to read for a maker: the column or group of each serial and model object, and its counters. */
export function vendorRoots(vendor: VendorMib): string[] {
  return [...new Set([...vendor.serial.map(parent), ...vendor.model.map(parent), ...vendor.counters])];
}
