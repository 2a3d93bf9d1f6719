/** Runs Debian's net-snmp command-line tools against the agent and parses their numeric output. */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCommand } from '../../support/debian.js';

/** One value as the tools print it with -On -Oe: type name and the value text. */
export interface PrintedValue {
  type: string;
  value: string;
}

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

const isolated = join(tmpdir(), 'tonerloop-snmp-tools');
mkdirSync(isolated, { recursive: true });
// No MIB files (Debian ships none), no user snmp.conf, no persistent state outside a temp dir.
const env = { ...process.env, MIBS: '', MIBDIRS: isolated, SNMPCONFPATH: isolated, SNMP_PERSISTENT_DIR: isolated };

/** Makes sure snmpwalk, snmpbulkwalk, snmpget and snmpset are installed (Debian package `snmp`). */
export function ensureSnmpTools(): void {
  ensureCommand('snmpwalk', 'snmp');
}

/**
 * Runs a tool asynchronously — the agent under test shares this event loop, so a synchronous
 * child process would starve it and every request would time out.
 */
export function runTool(command: string, args: readonly string[]): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const LINE = /^\.([\d.]+) = (?:([A-Za-z0-9-]+): )?(.*)$/;

/** Parses `-On -Oe` output lines into OID (no leading dot) → printed value. */
export function parsePrinted(stdout: string): Map<string, PrintedValue> {
  const values = new Map<string, PrintedValue>();
  for (const line of stdout.split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const [, oid, type, rest] = match as unknown as [string, string, string | undefined, string];
    if (type === undefined) {
      // `= ""` is an empty string; the exceptions print as sentences.
      if (rest === '""') values.set(oid, { type: 'STRING', value: '' });
      else if (rest.startsWith('No Such Object')) values.set(oid, { type: 'noSuchObject', value: '' });
      else if (rest.startsWith('No Such Instance')) values.set(oid, { type: 'noSuchInstance', value: '' });
      else if (rest.startsWith('No more variables')) continue; // a walk reaching the end of the MIB view
      else values.set(oid, { type: 'unknown', value: rest });
      continue;
    }
    let value = rest;
    if (type === 'STRING' && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (type === 'Timeticks') value = /^\((\d+)\)/.exec(value)?.[1] ?? value;
    if (type === 'OID') value = value.replace(/^\./, '');
    values.set(oid, { type, value });
  }
  return values;
}
