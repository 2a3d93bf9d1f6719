import snmp from 'net-snmp';
import { EVERY_MAKERS_SERIAL, vendorOf, vendorRoots } from './normalize/vendor.js';

/** How to reach one printer over SNMP. */
export interface SnmpTarget {
  host: string;
  port: number;
  version: '1' | '2c' | '3';
  community: string;
  v3?: { user: string; authProtocol: 'sha' | 'md5' | null; authKey: string | null; privProtocol: 'aes' | 'des' | null; privKey: string | null };
  timeoutMs: number;
  retries: number;
}

/** A value as it came off the wire, with its ASN.1 type (some devices send counters as INTEGER). */
export interface RawValue {
  type: 'integer' | 'counter' | 'gauge' | 'timeticks' | 'string' | 'oid' | 'other';
  value: number | string;
  /** An OCTET STRING's bytes as sent: interface addresses and binary counters are not text. */
  bytes?: Buffer;
}

/** Every Printer MIB and host resources value TonerLoop reads, keyed by the OID suffix below each column. */
export interface RawSnmpReading {
  sysDescr: string | null;
  sysObjectId: string | null;
  sysName: string | null;
  /** hrDeviceType and hrDeviceDescr by hrDeviceIndex. */
  hrDeviceType: Map<string, string>;
  hrDeviceDescr: Map<string, string>;
  /** prtGeneralSerialNumber by hrDeviceIndex. */
  serial: Map<string, string>;
  /** prtMarkerLifeCount by "hrDeviceIndex.markerIndex". */
  lifeCount: Map<string, RawValue>;
  /** prtMarkerSuppliesTable column → "hrDeviceIndex.supplyIndex" → value. */
  supplies: Map<number, Map<string, RawValue>>;
  /** prtMarkerColorantValue by "hrDeviceIndex.colorantIndex". */
  colorants: Map<string, string>;
  /** prtAlertTable column → "hrDeviceIndex.alertIndex" → value. */
  alerts: Map<number, Map<string, RawValue>>;
  /** ifType and ifPhysAddress by ifIndex: the printer's network interfaces and their addresses. */
  ifType: Map<string, RawValue>;
  ifPhysAddress: Map<string, RawValue>;
  /** What the printer's maker publishes in its own MIB (normalize/vendor.ts), by full OID. */
  vendor: Map<string, RawValue>;
}

export const OID = {
  sysDescr: '1.3.6.1.2.1.1.1.0',
  sysObjectId: '1.3.6.1.2.1.1.2.0',
  sysName: '1.3.6.1.2.1.1.5.0',
  hrDeviceType: '1.3.6.1.2.1.25.3.2.1.2',
  hrDeviceDescr: '1.3.6.1.2.1.25.3.2.1.3',
  serial: '1.3.6.1.2.1.43.5.1.1.17',
  lifeCount: '1.3.6.1.2.1.43.10.2.1.4',
  supplies: '1.3.6.1.2.1.43.11.1.1',
  colorants: '1.3.6.1.2.1.43.12.1.1.4',
  alerts: '1.3.6.1.2.1.43.18.1.1',
  ifType: '1.3.6.1.2.1.2.2.1.3',
  ifPhysAddress: '1.3.6.1.2.1.2.2.1.6',
} as const;

/** Why a target could not be read, in one sentence. */
export class SnmpReadError extends Error {}

function rawValue(varbind: snmp.Varbind): RawValue {
  const { ObjectType: T } = snmp;
  const v = varbind.value;
  switch (varbind.type) {
    case T.Integer: return { type: 'integer', value: Number(v) };
    case T.Counter32: case T.Counter64: return { type: 'counter', value: Number(v) };
    case T.Gauge32: return { type: 'gauge', value: Number(v) };
    case T.TimeTicks: return { type: 'timeticks', value: Number(v) };
    case T.OctetString: return { type: 'string', value: text(v), ...(Buffer.isBuffer(v) ? { bytes: v } : {}) };
    case T.OID: return { type: 'oid', value: String(v) };
    default: return { type: 'other', value: v === null ? '' : String(v) };
  }
}

// Devices pad strings with NULs and use Latin-1 as often as UTF-8; keep what is printable.
function text(value: snmp.Varbind['value']): string {
  if (!Buffer.isBuffer(value)) return String(value ?? '');
  const utf8 = value.toString('utf8');
  const decoded = utf8.includes('\uFFFD') ? value.toString('latin1') : utf8;
  return decoded.replace(/\0+$/g, '').trim();
}

function openSession(target: SnmpTarget): snmp.Session {
  const options: snmp.SessionOptions = { port: target.port, timeout: target.timeoutMs, retries: target.retries, idBitsSize: 32 };
  if (target.version !== '3') {
    return snmp.createSession(target.host, target.community, { ...options, version: target.version === '1' ? snmp.Version1 : snmp.Version2c });
  }
  const v3 = target.v3;
  if (!v3) throw new SnmpReadError('SNMPv3 needs a user name.');
  const level = v3.privProtocol ? snmp.SecurityLevel.authPriv : v3.authProtocol ? snmp.SecurityLevel.authNoPriv : snmp.SecurityLevel.noAuthNoPriv;
  return snmp.createV3Session(target.host, {
    name: v3.user, level,
    ...(v3.authProtocol ? { authProtocol: snmp.AuthProtocols[v3.authProtocol], authKey: v3.authKey ?? '' } : {}),
    ...(v3.privProtocol ? { privProtocol: snmp.PrivProtocols[v3.privProtocol], privKey: v3.privKey ?? '' } : {}),
  }, { ...options, version: snmp.Version3 });
}

function describe(error: Error, target: SnmpTarget): SnmpReadError {
  const where = `${target.host}:${target.port}`;
  if (error instanceof snmp.RequestTimedOutError || /timed out/i.test(error.message)) return new SnmpReadError(`No SNMP answer from ${where} within ${target.timeoutMs} ms (wrong community or credentials, or the device is off).`);
  return new SnmpReadError(`SNMP read of ${where} failed: ${error.message.replace(/\.$/, '')}.`);
}

const TABLES = [OID.hrDeviceType, OID.hrDeviceDescr, OID.serial, OID.lifeCount, OID.supplies, OID.colorants, OID.alerts, OID.ifType, OID.ifPhysAddress] as const;
// GETBULK non-repeaters ask for the next OID after each: these predecessors yield sysDescr.0, sysObjectID.0, sysName.0
// and, since a printer that leaves prtGeneralSerialNumber empty may be a rebadge whose sysObjectID names another
// maker, every maker's serial object (a wrong maker's answers some unrelated OID, which is ignored).
const SCALAR_PREDECESSORS = ['1.3.6.1.2.1.1.1', '1.3.6.1.2.1.1.2', '1.3.6.1.2.1.1.5'];
const VENDOR_SERIAL_PREDECESSORS = [...new Set(EVERY_MAKERS_SERIAL.map((oid) => oid.slice(0, oid.lastIndexOf('.'))))];
const MAX_ROUNDS = 100;

function isBefore(a: string, b: string): boolean {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
  return x.length < y.length;
}

/** What a walk brought back: the system scalars, each table's rows, and the maker's own values by full OID. */
interface Walked {
  scalars: snmp.Varbind[];
  tables: Map<string, RawValue>[];
  vendor: Map<string, RawValue>;
}

/** The subtrees of the maker the system scalars name, to read beside the Printer MIB. */
function vendorRootsOf(scalars: snmp.Varbind[]): string[] {
  const value = (oid: string) => {
    const vb = scalars.find((v) => v.oid === oid);
    return vb && !snmp.isVarbindError(vb) ? String(rawValue(vb).value) : null;
  };
  const vendor = vendorOf(value(OID.sysObjectId), value(OID.sysDescr));
  return vendor ? vendorRoots(vendor) : [];
}

/**
 * Walks several tables at once with GETBULK (SNMP v2c/v3): each round asks for every table not yet
 * finished, so a printer is read in a handful of requests instead of one walk per table. The first
 * round also fetches the system scalars and every maker's serial as non-repeaters; from the second on,
 * the subtrees of the maker those scalars name (model, page counters) are walked with the rest. Stops a
 * column that leaves its subtree or does not advance (broken agents loop).
 */
async function bulkWalk(session: snmp.Session, target: SnmpTarget): Promise<Walked> {
  const column = (root: string, vendor: boolean) => ({ root, vendor, last: root as string, done: false, rows: new Map<string, RawValue>() });
  const columns = TABLES.map((root) => column(root, false));
  const vendor = new Map<string, RawValue>();
  let scalars: snmp.Varbind[] = [];
  for (let round = 0; round < MAX_ROUNDS && columns.some((c) => !c.done); round++) {
    const active = columns.filter((c) => !c.done);
    const nonRepeaters = round === 0 ? [...SCALAR_PREDECESSORS, ...VENDOR_SERIAL_PREDECESSORS] : [];
    const varbinds = await new Promise<snmp.Varbind[]>((resolve, reject) =>
      session.getBulk([...nonRepeaters, ...active.map((c) => c.last)], nonRepeaters.length, 50, (error, vbs) => (error ? reject(describe(error, target)) : resolve(vbs))),
    );
    if (round === 0) {
      scalars = varbinds.slice(0, SCALAR_PREDECESSORS.length);
      for (const [i, vb] of varbinds.slice(SCALAR_PREDECESSORS.length, nonRepeaters.length).entries()) {
        if (vb && !snmp.isVarbindError(vb) && vb.oid.startsWith(`${VENDOR_SERIAL_PREDECESSORS[i]}.`)) vendor.set(vb.oid, rawValue(vb));
      }
      columns.push(...vendorRootsOf(scalars).map((root) => column(root, true)));
    }
    // net-snmp groups a GETBULK answer per requested repeater: one array of varbinds each.
    const repeated = varbinds.slice(nonRepeaters.length) as unknown as snmp.Varbind[][];
    if (round > 0 && repeated.every((vbs) => !Array.isArray(vbs) || vbs.length === 0)) break;
    active.forEach((c, i) => {
      for (const vb of repeated[i] ?? []) {
        if (snmp.isVarbindError(vb) || !vb.oid.startsWith(`${c.root}.`) || !isBefore(c.last, vb.oid)) {
          c.done = true;
          return;
        }
        c.rows.set(vb.oid.slice(c.root.length + 1), rawValue(vb));
        c.last = vb.oid;
      }
      // An agent that answers a repeater with nothing has nothing more there.
      if ((repeated[i] ?? []).length === 0) c.done = true;
    });
  }
  for (const c of columns.filter((c) => c.vendor)) for (const [suffix, value] of c.rows) vendor.set(`${c.root}.${suffix}`, value);
  return { scalars, tables: columns.filter((c) => !c.vendor).map((c) => c.rows), vendor };
}

/** SNMP v1 has no GETBULK: walk each table, and the subtrees of the maker the system scalars name, with GETNEXT. */
async function nextWalk(session: snmp.Session, target: SnmpTarget): Promise<Walked> {
  const scalars = await new Promise<snmp.Varbind[]>((resolve, reject) =>
    session.get([OID.sysDescr, OID.sysObjectId, OID.sysName], (error, varbinds) => (error ? reject(describe(error, target)) : resolve(varbinds))),
  );
  const walk = (base: string) =>
    new Promise<Map<string, RawValue>>((resolve, reject) => {
      const rows = new Map<string, RawValue>();
      session.subtree(base, 1, (varbinds) => {
        for (const vb of varbinds) if (!snmp.isVarbindError(vb)) rows.set(vb.oid.slice(base.length + 1), rawValue(vb));
      }, (error) => (error ? reject(describe(error, target)) : resolve(rows)));
    });
  const roots = vendorRootsOf(scalars);
  const [tables, vendorTables] = await Promise.all([Promise.all(TABLES.map(walk)), Promise.all(roots.map(walk))]);
  const vendor = new Map(roots.flatMap((root, i) => [...vendorTables[i]!].map(([suffix, value]) => [`${root}.${suffix}`, value] as const)));
  return { scalars, tables, vendor };
}

function byColumn(rows: Map<string, RawValue>): Map<number, Map<string, RawValue>> {
  const columns = new Map<number, Map<string, RawValue>>();
  for (const [suffix, value] of rows) {
    const dot = suffix.indexOf('.');
    const column = Number(suffix.slice(0, dot));
    if (!columns.has(column)) columns.set(column, new Map());
    columns.get(column)!.set(suffix.slice(dot + 1), value);
  }
  return columns;
}

/** Reads the identity, meters, supplies, colorants and alerts of one printer. */
export async function readPrinterMib(target: SnmpTarget): Promise<RawSnmpReading> {
  const session = openSession(target);
  session.on('error', () => {});
  try {
    const { scalars, tables, vendor } = target.version === '1' ? await nextWalk(session, target) : await bulkWalk(session, target);
    const [types, descrs, serials, counts, supplies, colorants, alerts, ifTypes, ifAddresses] = tables;
    const strings = (rows: Map<string, RawValue>) => new Map([...rows].map(([k, v]) => [k, String(v.value)]));
    const scalar = (oid: string) => {
      const vb = scalars.find((v) => v.oid === oid);
      return vb && !snmp.isVarbindError(vb) ? String(rawValue(vb).value) : null;
    };
    return {
      sysDescr: scalar(OID.sysDescr), sysObjectId: scalar(OID.sysObjectId), sysName: scalar(OID.sysName),
      hrDeviceType: strings(types!), hrDeviceDescr: strings(descrs!), serial: strings(serials!), lifeCount: counts!,
      supplies: byColumn(supplies!), colorants: strings(colorants!), alerts: byColumn(alerts!),
      ifType: ifTypes!, ifPhysAddress: ifAddresses!, vendor,
    };
  } finally {
    session.close();
  }
}

/**
 * Asks an address whether it is a printer, cheaply: hrDeviceType.1 is hrDevicePrinter, or anything lives
 * under the Printer MIB. Silence, errors and non-printers all answer false: a sweep skips them quietly.
 */
export async function probePrinter(target: SnmpTarget): Promise<boolean> {
  let session: snmp.Session;
  try {
    session = openSession(target);
  } catch {
    return false;
  }
  session.on('error', () => {});
  const get = (oids: string[]) => new Promise<snmp.Varbind[] | null>((resolve) => session.get(oids, (error, varbinds) => resolve(error ? null : varbinds)));
  try {
    const first = await get([OID.sysDescr, '1.3.6.1.2.1.25.3.2.1.2.1']);
    if (!first) return false;
    if (first[1] && !snmp.isVarbindError(first[1]) && String(first[1].value) === '1.3.6.1.2.1.25.3.1.5') return true;
    const next = await new Promise<snmp.Varbind[] | null>((resolve) =>
      session.getBulk(['1.3.6.1.2.1.43'], 0, 1, (error, varbinds) => resolve(error ? null : varbinds)),
    );
    // net-snmp hands a repeater's varbinds back as an array.
    const after = (next?.[0] as unknown as snmp.Varbind[] | undefined)?.[0];
    return after !== undefined && !snmp.isVarbindError(after) && after.oid.startsWith('1.3.6.1.2.1.43.');
  } finally {
    session.close();
  }
}
