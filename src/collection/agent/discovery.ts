import { expandRange, ipv4, type CollectorSettings } from '../../collectors/settings.js';
import { probePrinter, type SnmpTarget } from '../snmp-reader.js';

/** SNMP session settings for a target from the collector configuration. */
export function snmpSettings(config: CollectorSettings): Omit<SnmpTarget, 'host' | 'port'> {
  const v3 = config.snmp.v3;
  return {
    version: config.snmp.version, community: config.snmp.community, timeoutMs: config.snmp.timeoutMs, retries: config.snmp.retries,
    ...(v3 ? { v3: { user: v3.user, authProtocol: v3.authProtocol, authKey: v3.authKey, privProtocol: v3.privKey ? v3.privProtocol : null, privKey: v3.privKey } } : {}),
  };
}

/**
 * Sweeps the configured ranges for printers, at most `concurrency` probes in flight so a /22 does not
 * flood the network; reports progress as it goes. Returns "host:port" targets of the printers found.
 */
export async function sweep(config: CollectorSettings, onProgress: (done: number, total: number, found: number) => void, probe = probePrinter): Promise<string[]> {
  const addresses = [...new Set(config.ranges.flatMap((range) => { const r = expandRange(range); return typeof r === 'string' ? [] : r; }))].map(ipv4);
  const found: string[] = [];
  let next = 0;
  let done = 0;
  const settings = { ...snmpSettings(config), retries: 0 };
  const worker = async () => {
    while (next < addresses.length) {
      const host = addresses[next++]!;
      if (await probe({ ...settings, host, port: config.snmp.port })) found.push(`${host}:${config.snmp.port}`);
      onProgress(++done, addresses.length, found.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.concurrency, Math.max(1, addresses.length)) }, worker));
  return found.sort();
}
