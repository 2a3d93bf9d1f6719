import { readIppPrinter, IppReadError } from './ipp-reader.js';
import { normalizeIppReading } from './normalize/ipp.js';
import { looksLikePrinter, normalizeSnmpReading } from './normalize/snmp.js';
import { failedReading, type DeviceReading } from './reading.js';
import { readPrinterMib, SnmpReadError, type SnmpTarget } from './snmp-reader.js';

/** How to poll: SNMP credentials, whether to try IPP as well, and how long to wait. */
export interface PollOptions {
  snmp: Omit<SnmpTarget, 'host' | 'port'>;
  /** Also ask IPP when SNMP gives no supplies (and SNMP when IPP gives none). */
  ipp: boolean;
  /** IPP port and path used when falling back from SNMP. */
  ippPort: number;
  ippPath: string;
}

/** A target as the user wrote it: `host[:port]` for SNMP or an ipp:// URI. */
export type Target = { kind: 'snmp'; host: string; port: number; label: string } | { kind: 'ipp'; uri: string; host: string; label: string };

/** Parses a command-line target, or returns an error sentence. */
export function parseTarget(text: string): Target | string {
  if (/^ipps?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      return { kind: 'ipp', uri: text, host: url.hostname, label: text };
    } catch {
      return `${text} is not a valid ipp:// URI.`;
    }
  }
  const match = /^(\[[0-9a-f:]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(text);
  if (!match) return `${text} is not host[:port] or an ipp:// URI.`;
  const port = match[2] === undefined ? 161 : Number(match[2]);
  if (port < 1 || port > 65535) return `${text} has a port outside 1–65535.`;
  return { kind: 'snmp', host: match[1]!.replace(/^\[|\]$/g, ''), port, label: text };
}

function message(error: unknown): string {
  return error instanceof SnmpReadError || error instanceof IppReadError ? error.message : `Unexpected failure: ${(error as Error).message}`;
}

async function viaSnmp(host: string, port: number, label: string, options: PollOptions, now: () => Date): Promise<DeviceReading> {
  try {
    const raw = await readPrinterMib({ ...options.snmp, host, port });
    if (!looksLikePrinter(raw)) return failedReading(label, 'snmp', `${label} answers SNMP but is not a printer (no Printer MIB, hrDeviceType not printer).`, now());
    return normalizeSnmpReading(raw, label, now());
  } catch (error) {
    return failedReading(label, 'snmp', message(error), now());
  }
}

async function viaIpp(uri: string, label: string, timeoutMs: number, now: () => Date): Promise<DeviceReading> {
  try {
    return normalizeIppReading(await readIppPrinter(uri, timeoutMs), label, now());
  } catch (error) {
    return failedReading(label, 'ipp', message(error), now());
  }
}

/**
 * Polls one target: the protocol it names first; with `ipp` on, the other protocol when the first gave
 * no supplies (a printer without the Printer MIB may still speak IPP, and the other way round).
 */
export async function pollTarget(target: Target, options: PollOptions, now: () => Date = () => new Date()): Promise<DeviceReading> {
  const timeout = options.snmp.timeoutMs;
  if (target.kind === 'snmp') {
    const first = await viaSnmp(target.host, target.port, target.label, options, now);
    if (!options.ipp || first.supplies.length > 0) return first;
    const second = await viaIpp(`ipp://${target.host}:${options.ippPort}${options.ippPath}`, target.label, timeout, now);
    return second.error === null ? second : first;
  }
  const first = await viaIpp(target.uri, target.label, timeout, now);
  if (!options.ipp || first.supplies.length > 0) return first;
  const second = await viaSnmp(target.host, 161, target.label, options, now);
  return second.error === null ? second : first;
}

/** Polls many targets, at most `concurrency` at once, keeping their order. */
export async function pollTargets(targets: Target[], options: PollOptions, concurrency = 32, onDone?: (done: number) => void, now: () => Date = () => new Date()): Promise<DeviceReading[]> {
  const results: DeviceReading[] = new Array(targets.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      results[i] = await pollTarget(targets[i]!, options, now);
      onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  return results;
}
