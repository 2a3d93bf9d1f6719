import { isIP } from 'node:net';
import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import { endSentence } from '../platform/text.js';

/**
 * Every setting TonerLoop reads, validated once at start-up. Flags win over environment variables.
 * A wrong value stops the process with one sentence naming the variable and what it must be.
 */
const ConfigSchema = z.object({
  /** TCP port of the API and portal (`--port`, TONERLOOP_PORT). 0 picks a free port. */
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Address to listen on (`--host`, TONERLOOP_HOST); loopback by default so nothing is exposed by accident. */
  host: z.string().min(1).default('127.0.0.1'),
  /** Folder of the embedded database (`--data-dir`, TONERLOOP_DATA_DIR); unused when DATABASE_URL is set. */
  dataDir: z.string().min(1).default('./data'),
  /** A PostgreSQL URL (DATABASE_URL) selects a real server instead of the embedded database. */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** E-mail of the first dealer admin, created on an empty database (TONERLOOP_ADMIN_EMAIL). */
  adminEmail: z.email('must be an e-mail address').default('admin@tonerloop.local'),
  /** Password of the first dealer admin (TONERLOOP_ADMIN_PASSWORD); generated and printed once when unset. */
  adminPassword: z.string().min(10, 'must be at least 10 characters').optional(),
  /** Name of the first dealer on an empty database (TONERLOOP_DEALER_NAME). */
  dealerName: z.string().min(1).max(200).default('My dealership'),
  /** pino log level (TONERLOOP_LOG_LEVEL). */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** A session ends after this many hours without a request (TONERLOOP_SESSION_IDLE_HOURS). */
  sessionIdleHours: z.coerce.number().positive().max(24 * 30).default(12),
  /** A session ends this many hours after login whatever happens (TONERLOOP_SESSION_MAX_HOURS). */
  sessionMaxHours: z.coerce.number().positive().max(24 * 90).default(24 * 7),
  /** Mark the session cookie Secure; set it when TonerLoop is served over HTTPS (TONERLOOP_SECURE_COOKIES). */
  secureCookies: z.stringbool().default(false),
  /**
   * Send Strict-Transport-Security (TONERLOOP_HSTS): browsers then reach this host only over HTTPS for a year.
   * Set it only when TonerLoop is served over HTTPS (a TLS proxy in front), never on plain HTTP.
   */
  hsts: z.stringbool().default(false),
  /**
   * Failed logins from one address at one account before each further attempt waits, 1 s doubling (TONERLOOP_LOGIN_MAX_ATTEMPTS);
   * an address may fail ten times that over all accounts, an account twice that from anywhere (its wait stays under 30 s).
   */
  loginMaxAttempts: z.coerce.number().int().min(1).max(1000).default(10),
  /** Failed logins are forgotten this many minutes after the last one; the longest wait (TONERLOOP_LOGIN_WINDOW_MINUTES). */
  loginWindowMinutes: z.coerce.number().positive().max(24 * 60).default(15),
  /**
   * Reverse proxies whose X-Forwarded-For names the real client (TONERLOOP_TRUSTED_PROXIES): addresses or CIDR
   * ranges, comma-separated. Empty: the header is ignored and the connecting address is the client's.
   */
  trustedProxies: z.string().default('').transform((text) => text.split(',').map((part) => part.trim()).filter(Boolean)).pipe(
    z.array(z.string().refine((entry) => isIpOrCidr(entry), { message: 'each entry must be an IP address or a CIDR range such as 10.0.0.0/8' })),
  ),
  /** Run background workers in this process (TONERLOOP_WORKERS); turn off for a web-only replica. */
  workers: z.stringbool().default(true),
  /** A collector that has not called in for this many minutes is shown as silent (TONERLOOP_COLLECTOR_SILENT_MINUTES). */
  collectorSilentMinutes: z.coerce.number().positive().max(7 * 24 * 60).default(30),
  /** A device is unreachable after this many failed polls in a row (TONERLOOP_UNREACHABLE_AFTER_FAILURES). */
  unreachableAfterFailures: z.coerce.number().int().min(1).max(100).default(3),
  /**
   * Days an upload receipt is kept to recognise a repeated reading (TONERLOOP_RECEIPT_RETENTION_DAYS);
   * readings collected longer ago than this are refused, so pruning receipts never lets one in twice.
   */
  receiptRetentionDays: z.coerce.number().int().min(7).max(3650).default(90),
  /** Largest CSV import accepted, in megabytes (TONERLOOP_IMPORT_MAX_MB). */
  importMaxMegabytes: z.coerce.number().positive().max(512).default(50),
  /** Seconds a client may take to send a request's headers (TONERLOOP_HEADERS_TIMEOUT_SECONDS). */
  headersTimeoutSeconds: z.coerce.number().positive().max(600).default(15),
  /**
   * Seconds a client may take to send a whole request, body included (TONERLOOP_REQUEST_TIMEOUT_SECONDS):
   * bounds how long an upload may take, so a large import over a slow line needs it raised.
   */
  requestTimeoutSeconds: z.coerce.number().positive().max(3600).default(120),
  /** Seconds an idle connection is kept open between requests (TONERLOOP_KEEP_ALIVE_TIMEOUT_SECONDS); above a proxy's own idle time. */
  keepAliveTimeoutSeconds: z.coerce.number().positive().max(600).default(72),
  /**
   * Seconds a connection may go without a byte either way before it is closed (TONERLOOP_IDLE_TIMEOUT_SECONDS):
   * covers a client that connects and says nothing; must exceed the slowest answer (a large import).
   */
  idleTimeoutSeconds: z.coerce.number().positive().max(3600).default(300),
  /**
   * Open connections one client address may hold; 0 for no cap (TONERLOOP_MAX_CONNECTIONS_PER_ADDRESS).
   * Counted by the connecting address, which behind a reverse proxy is the proxy's.
   */
  maxConnectionsPerAddress: z.coerce.number().int().min(0).max(100_000).default(50),
}).refine((config) => config.headersTimeoutSeconds <= config.requestTimeoutSeconds, {
  message: 'must not exceed TONERLOOP_REQUEST_TIMEOUT_SECONDS (headers are part of the request)',
  path: ['headersTimeoutSeconds'],
});

export type Config = z.infer<typeof ConfigSchema>;

/** An IPv4 or IPv6 address, optionally with a prefix length ("10.0.0.0/8", "::1"). */
function isIpOrCidr(entry: string): boolean {
  const [address, prefix, extra] = entry.split('/');
  const version = isIP(address ?? '');
  if (version === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** Which environment variable feeds which setting. */
const ENV_NAMES: Record<keyof Config, string> = {
  port: 'TONERLOOP_PORT',
  host: 'TONERLOOP_HOST',
  dataDir: 'TONERLOOP_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  adminEmail: 'TONERLOOP_ADMIN_EMAIL',
  adminPassword: 'TONERLOOP_ADMIN_PASSWORD',
  dealerName: 'TONERLOOP_DEALER_NAME',
  logLevel: 'TONERLOOP_LOG_LEVEL',
  sessionIdleHours: 'TONERLOOP_SESSION_IDLE_HOURS',
  sessionMaxHours: 'TONERLOOP_SESSION_MAX_HOURS',
  secureCookies: 'TONERLOOP_SECURE_COOKIES',
  hsts: 'TONERLOOP_HSTS',
  loginMaxAttempts: 'TONERLOOP_LOGIN_MAX_ATTEMPTS',
  loginWindowMinutes: 'TONERLOOP_LOGIN_WINDOW_MINUTES',
  trustedProxies: 'TONERLOOP_TRUSTED_PROXIES',
  workers: 'TONERLOOP_WORKERS',
  importMaxMegabytes: 'TONERLOOP_IMPORT_MAX_MB',
  headersTimeoutSeconds: 'TONERLOOP_HEADERS_TIMEOUT_SECONDS',
  requestTimeoutSeconds: 'TONERLOOP_REQUEST_TIMEOUT_SECONDS',
  keepAliveTimeoutSeconds: 'TONERLOOP_KEEP_ALIVE_TIMEOUT_SECONDS',
  idleTimeoutSeconds: 'TONERLOOP_IDLE_TIMEOUT_SECONDS',
  maxConnectionsPerAddress: 'TONERLOOP_MAX_CONNECTIONS_PER_ADDRESS',
  collectorSilentMinutes: 'TONERLOOP_COLLECTOR_SILENT_MINUTES',
  unreachableAfterFailures: 'TONERLOOP_UNREACHABLE_AFTER_FAILURES',
  receiptRetentionDays: 'TONERLOOP_RECEIPT_RETENTION_DAYS',
};

/** Flags that name a setting on the command line, for error messages. */
const FLAG_NAMES: Partial<Record<keyof Config, string>> = { port: '--port', host: '--host', dataDir: '--data-dir' };

/**
 * Builds the configuration from command-line flags and environment variables, or throws an
 * `invalid-config` AppError whose message names the offending flag or variable.
 */
export function loadConfig(flags: Partial<Record<keyof Config, unknown>>, env: NodeJS.ProcessEnv): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ENV_NAMES) as (keyof Config)[]) {
    const fromFlag = flags[key];
    const fromEnv = env[ENV_NAMES[key]];
    const value = fromFlag ?? (fromEnv === '' ? undefined : fromEnv);
    if (value !== undefined) raw[key] = value;
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path[0] as keyof Config;
    const source = flags[key] !== undefined ? (FLAG_NAMES[key] ?? key) : ENV_NAMES[key];
    throw new AppError('invalid-config', endSentence(`${source} is invalid: ${issue.message}`));
  }
  return parsed.data;
}
