import { pino, type Logger, type LoggerOptions } from 'pino';
import { plainLogStream } from './plain-log.js';

export type { Logger };

/** Paths never written to logs: credentials travel in these. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.passwordHash',
  'password',
  'token',
];

/** Creates the structured JSON logger used by every TonerLoop process. */
export function createLogger(level: LoggerOptions['level'] = 'info', destination?: NodeJS.WritableStream): Logger {
  const options: LoggerOptions = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'tonerloop' } };
  // Synchronous writes: a line logged just before a crash or a kill is on stdout, not in a lost buffer.
  return pino(options, destination ? (destination as unknown as pino.DestinationStream) : pino.destination({ dest: 1, sync: true }));
}

/**
 * The logger of a command a person watches (the demo): plain lines of the events worth telling (plain-log.ts)
 * when `out` is a terminal, the structured JSON of every other process when it is not (a pipe, a file).
 */
export function createConsoleLogger(level: LoggerOptions['level'], out: NodeJS.WriteStream = process.stdout): Logger {
  return out.isTTY ? createLogger(level, plainLogStream(out)) : createLogger(level);
}
