/** Test data for the collection tests: raw SNMP answers as the reader hands them over, and poll options. */
import { spawn } from 'node:child_process';
import { parseTarget, type PollOptions, type Target } from '../../src/collection/index.js';
import type { RawIppAttributes } from '../../src/collection/ipp-reader.js';
import type { RawSnmpReading, RawValue } from '../../src/collection/snmp-reader.js';
import { CLI } from '../support/process.js';

const int = (value: number): RawValue => ({ type: 'integer', value });
const text = (value: string): RawValue => ({ type: 'string', value });

/** One prtMarkerSuppliesTable row as a device would fill it; columns left out are not served. */
export interface SupplyRow {
  index: number;
  colorantIndex?: number;
  /** 3 consumed, 4 receptacle filled. */
  supplyClass?: number;
  /** 3 toner, 4 waste toner, 9 opc, 21 toner cartridge … */
  type?: number;
  description?: string;
  /** 19 percent, 7 impressions, 13 tenths of grams … */
  unit?: number;
  max?: number;
  level?: number;
}

/** One prtAlertTable row. */
export interface AlertRow {
  index: number;
  severity?: number;
  group: number;
  groupIndex: number;
  code: number;
}

function column(rows: Map<number, Map<string, RawValue>>, col: number, key: string, value: RawValue | undefined): void {
  if (value === undefined) return;
  if (!rows.has(col)) rows.set(col, new Map());
  rows.get(col)!.set(key, value);
}

/** The supplies table, by column, for rows of printer `hrIndex`. */
export function suppliesTable(rows: SupplyRow[], hrIndex = '1'): Map<number, Map<string, RawValue>> {
  const table = new Map<number, Map<string, RawValue>>();
  for (const row of rows) {
    const key = `${hrIndex}.${row.index}`;
    column(table, 3, key, row.colorantIndex === undefined ? undefined : int(row.colorantIndex));
    column(table, 4, key, row.supplyClass === undefined ? undefined : int(row.supplyClass));
    column(table, 5, key, row.type === undefined ? undefined : int(row.type));
    column(table, 6, key, row.description === undefined ? undefined : text(row.description));
    column(table, 7, key, row.unit === undefined ? undefined : int(row.unit));
    column(table, 8, key, row.max === undefined ? undefined : int(row.max));
    column(table, 9, key, row.level === undefined ? undefined : int(row.level));
  }
  return table;
}

/** The alert table, by column, for rows of printer `hrIndex`. */
export function alertTable(rows: AlertRow[], hrIndex = '1'): Map<number, Map<string, RawValue>> {
  const table = new Map<number, Map<string, RawValue>>();
  for (const row of rows) {
    const key = `${hrIndex}.${row.index}`;
    column(table, 2, key, int(row.severity ?? 4));
    column(table, 4, key, int(row.group));
    column(table, 5, key, int(row.groupIndex));
    column(table, 7, key, int(row.code));
  }
  return table;
}

/** What a printer answered over SNMP: a mono printer at hrDeviceIndex 1 with nothing else, unless given. */
export function rawSnmpReading(overrides: Partial<RawSnmpReading> & { supplyRows?: SupplyRow[]; alertRows?: AlertRow[]; colorantValues?: string[] } = {}): RawSnmpReading {
  const { supplyRows, alertRows, colorantValues, ...rest } = overrides;
  return {
    sysDescr: null,
    sysObjectId: null,
    sysName: null,
    hrDeviceType: new Map([['1', '1.3.6.1.2.1.25.3.1.5']]),
    hrDeviceDescr: new Map(),
    serial: new Map(),
    lifeCount: new Map(),
    supplies: suppliesTable(supplyRows ?? []),
    colorants: new Map((colorantValues ?? []).map((value, i) => [`1.${i + 1}`, value])),
    alerts: alertTable(alertRows ?? []),
    ifType: new Map(),
    ifPhysAddress: new Map(),
    vendor: new Map(),
    ...rest,
  };
}

/** A printer's Get-Printer-Attributes answer as the IPP reader hands it over. */
export function rawIppAttributes(attributes: Record<string, (string | number)[]>): RawIppAttributes {
  return new Map(Object.entries(attributes));
}

/** Poll options for tests: SNMP v2c community public, short timeout, one retry, no IPP fallback. */
export function pollOptions(overrides: { snmp?: Partial<PollOptions['snmp']>; ipp?: boolean; ippPort?: number } = {}): PollOptions {
  return {
    snmp: { version: '2c', community: 'public', timeoutMs: 2000, retries: 1, ...overrides.snmp },
    ipp: overrides.ipp ?? false,
    ippPort: overrides.ippPort ?? 631,
    ippPath: '/ipp/print',
  };
}

/** Runs the built `tonerloop` CLI with ARGS and returns its exit code, stdout and stderr apart. */
export function runTonerloop(args: string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const { DATABASE_URL: _ignored, ...env } = process.env;
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tonerloop ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The SNMPv3 user the v3 fixtures (canon-v3-authpriv.conf) define. */
export const V3 = { user: 'tlv3user', authProtocol: 'sha', authKey: 'tonerloop-auth-1', privProtocol: 'aes', privKey: 'tonerloop-priv-1' } as const;

/** Installing snmpd, snmp, cups-ipp-utils and avahi from Debian on a fresh machine takes a while. */
export const INSTALL_TIMEOUT_MS = 600_000;

/** A poll target from its text, for tests that know it is valid. */
export function target(text: string): Target {
  const parsed = parseTarget(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}
