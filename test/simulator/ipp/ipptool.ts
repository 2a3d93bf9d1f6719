import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCommand } from '../../support/debian.js';

/** CUPS's ipptool, installed from Debian's cups-ipp-utils when missing. */
export function ipptoolCommand(): string {
  return ensureCommand('ipptool', 'cups-ipp-utils');
}

/** A test file that ships with ipptool, e.g. get-printer-attributes.test. */
export function standardTestFile(name: string): string {
  const found = ['/usr/share/cups/ipptool', '/usr/local/share/cups/ipptool'].map((dir) => join(dir, name)).find((path) => existsSync(path));
  if (!found) throw new Error(`ipptool's ${name} is not installed`);
  return found;
}

export interface IpptoolRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs ipptool without blocking the event loop (the simulator under test answers in this process). */
export function runIpptool(args: string[]): Promise<IpptoolRun> {
  return new Promise((resolve) => {
    execFile(ipptoolCommand(), ['-T', '10', ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

export type PlistValue = string | number | boolean | Uint8Array | PlistValue[] | { [key: string]: PlistValue };

/** Reads the plist ipptool -X writes: dict, array, key, string, integer, true/false, data. Enough for ipptool, no more. */
export function parsePlist(xml: string): PlistValue {
  const tokens = xml.slice(xml.indexOf('<plist')).matchAll(/<(\/?)(\w+)\s*(\/?)>([^<]*)/g);
  const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const stack: (PlistValue[] | { [key: string]: PlistValue })[] = [];
  let pendingKey: string | undefined;
  let root: PlistValue | undefined;
  const add = (value: PlistValue) => {
    const top = stack[stack.length - 1];
    if (top === undefined) root = value;
    else if (Array.isArray(top)) top.push(value);
    else top[pendingKey as string] = value;
  };
  for (const [, closing, tag, selfClosing, text = ''] of tokens) {
    if (tag === 'plist') continue;
    if (closing) {
      if (tag === 'dict' || tag === 'array') stack.pop();
      continue;
    }
    if (tag === 'dict' || tag === 'array') {
      const container = tag === 'dict' ? {} : [];
      add(container);
      if (!selfClosing) stack.push(container);
    } else if (tag === 'key') pendingKey = unescape(text);
    else if (tag === 'string') add(unescape(text));
    else if (tag === 'integer') add(Number(text));
    else if (tag === 'true' || tag === 'false') add(tag === 'true');
    else if (tag === 'data') add(Uint8Array.from(Buffer.from(text.trim(), 'base64')));
  }
  return root as PlistValue;
}

/** Asks `uri` for `names` with ipptool (IPP/1.1 by default) and returns the printer attributes it received. */
export async function ipptoolPrinterAttributes(uri: string, names: string[], version = '1.1'): Promise<Record<string, PlistValue>> {
  const dir = mkdtempSync(join(tmpdir(), 'ipptool-'));
  const file = join(dir, 'read.test');
  writeFileSync(
    file,
    `{
  NAME "Read printer attributes"
  OPERATION Get-Printer-Attributes
  VERSION ${version}
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR keyword requested-attributes ${names.join(',')}
  STATUS successful-ok
}
`,
  );
  const run = await runIpptool(['-X', uri, file]);
  if (run.code !== 0) throw new Error(`ipptool failed (${run.code}): ${run.stderr}\n${run.stdout}`);
  const plist = parsePlist(run.stdout) as { Tests: { ResponseAttributes: Record<string, PlistValue>[] }[] };
  const groups = plist.Tests[0]?.ResponseAttributes ?? [];
  // The first dict is the operation group; the printer group follows.
  return Object.assign({}, ...groups.slice(1)) as Record<string, PlistValue>;
}
