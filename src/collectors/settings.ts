import { z } from 'zod';
import { Text } from '../http/schemas.js';

// An IPv4 range as CIDR ("192.168.1.0/24") or from–to ("192.168.1.10-192.168.1.60").
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** The IPv4 addresses of a range as numbers, or an error sentence. Ranges are capped at a /16 so a typo cannot sweep the internet. */
export function expandRange(range: string): number[] | string {
  const toNumber = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  const cidr = /^([\d.]+)\/(\d{1,2})$/.exec(range.trim());
  let first: number;
  let last: number;
  if (cidr) {
    const bits = Number(cidr[2]);
    if (!IPV4.test(cidr[1]!) || bits < 16 || bits > 32) return `${range} must be an IPv4 CIDR from /16 to /32.`;
    const size = 2 ** (32 - bits);
    first = Math.floor(toNumber(cidr[1]!) / size) * size;
    last = first + size - 1;
    // Network and broadcast addresses are not hosts (except in /31 and /32).
    if (bits < 31) { first += 1; last -= 1; }
  } else {
    const parts = range.split(/\s*[-–]\s*/);
    if (parts.length !== 2 || !IPV4.test(parts[0]!) || !IPV4.test(parts[1]!)) return `${range} is not a CIDR (10.0.0.0/24) or a from–to range (10.0.0.5-10.0.0.60).`;
    first = toNumber(parts[0]!);
    last = toNumber(parts[1]!);
    if (last < first) return `${range} ends before it starts.`;
    if (last - first >= 65_536) return `${range} is larger than 65,536 addresses; split it.`;
  }
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Dotted IPv4 text of a number. */
export function ipv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
}

const Range = Text.trim().refine((r) => typeof expandRange(r) !== 'string', { error: (issue) => String(expandRange(String(issue.input))) });

const V3 = z.object({
  user: Text.min(1).max(64),
  authProtocol: z.enum(['sha', 'md5']).default('sha'),
  authKey: Text.min(8, 'must be at least 8 characters').max(128),
  privProtocol: z.enum(['aes', 'des']).nullable().default('aes'),
  privKey: Text.min(8, 'must be at least 8 characters').max(128).nullable().default(null),
});

/** Everything a collector needs to know to poll its network; dealers set it once for all sites. */
export const CollectorSettings = z.object({
  /** Address ranges to sweep for printers. */
  ranges: z.array(Range).max(64).default([]),
  /** Printers to poll whatever the sweep finds: host[:port] or ipp:// URIs. */
  targets: z.array(Text.trim().min(1).max(300)).max(10_000).default([]),
  snmp: z.object({
    version: z.enum(['1', '2c', '3']).default('2c'),
    community: Text.min(1).max(64).default('public'),
    port: z.number().int().min(1).max(65535).default(161),
    v3: V3.nullable().default(null),
    timeoutMs: z.number().int().min(100).max(30_000).default(2000),
    retries: z.number().int().min(0).max(5).default(1),
  }).prefault({}),
  ipp: z.object({
    enabled: z.boolean().default(true),
    port: z.number().int().min(1).max(65535).default(631),
    path: Text.startsWith('/').max(200).default('/ipp/print'),
  }).prefault({}),
  /** Seconds between polls of every known printer. */
  pollIntervalSeconds: z.number().int().min(5).max(86_400).default(900),
  /** Seconds between sweeps of the ranges for new printers. */
  discoveryIntervalSeconds: z.number().int().min(300).max(7 * 86_400).default(21_600),
  /** Printers polled at once, so a sweep of a /22 does not flood the network. */
  concurrency: z.number().int().min(1).max(256).default(16),
  /** Seconds between fetches of this configuration. */
  configRefreshSeconds: z.number().int().min(5).max(86_400).default(300),
});

export type CollectorSettings = z.infer<typeof CollectorSettings>;

/** A partial configuration as stored at dealer or collector level: any field may be left to the level above. */
export const CollectorSettingsPatch = z.object({
  ranges: CollectorSettings.shape.ranges.unwrap().optional(),
  targets: CollectorSettings.shape.targets.unwrap().optional(),
  snmp: z.object({
    version: z.enum(['1', '2c', '3']).optional(),
    community: Text.min(1).max(64).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    v3: V3.nullable().optional(),
    timeoutMs: z.number().int().min(100).max(30_000).optional(),
    retries: z.number().int().min(0).max(5).optional(),
  }).strict().optional(),
  ipp: z.object({ enabled: z.boolean().optional(), port: z.number().int().min(1).max(65535).optional(), path: Text.startsWith('/').max(200).optional() }).strict().optional(),
  pollIntervalSeconds: z.number().int().min(5).max(86_400).optional(),
  discoveryIntervalSeconds: z.number().int().min(300).max(7 * 86_400).optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
  configRefreshSeconds: z.number().int().min(5).max(86_400).optional(),
}).strict();

export type CollectorSettingsPatch = z.infer<typeof CollectorSettingsPatch>;

/** The configuration a collector runs with: built-in defaults, then the dealer's, then the collector's own. */
export function effectiveSettings(dealer: CollectorSettingsPatch, collector: CollectorSettingsPatch): CollectorSettings {
  return CollectorSettings.parse({
    ...dealer, ...collector,
    snmp: { ...dealer.snmp, ...collector.snmp },
    ipp: { ...dealer.ipp, ...collector.ipp },
  });
}
