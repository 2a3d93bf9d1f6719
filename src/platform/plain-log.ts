import { Writable } from 'node:stream';

// pino's numeric levels.
const WARN = 40;
const ERROR = 50;

/** A pino record as it arrives on the destination: one JSON object per line. */
interface LogRecord {
  level: number;
  time: number;
  msg?: string;
  notice?: boolean;
  err?: unknown;
}

function errorText(err: unknown): string | null {
  if (!err) return null;
  if (typeof err === 'string') return err;
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' ? message : null;
}

/**
 * One plain line for a person watching a terminal, or null when the record is routine. Shown: warnings and
 * errors, and the info records marked `notice: true` (a printer fell silent or answers again, the demo ERP
 * booked a request) — each said once by whoever logs it, so the terminal reads as a list of events.
 */
export function plainLine(record: LogRecord): string | null {
  if (record.level < WARN && !record.notice) return null;
  const time = new Date(record.time).toTimeString().slice(0, 8);
  const mark = record.level >= ERROR ? 'error: ' : record.level >= WARN ? 'warning: ' : '';
  const message = (record.msg ?? '').trim();
  const cause = errorText(record.err);
  const text = cause && !message.includes(cause) ? `${message.replace(/[.:]?$/, ':')} ${cause}` : message;
  return `${time}  ${mark}${text.replace(/\s+/g, ' ')}\n`;
}

/**
 * A destination for pino that turns its JSON lines into plain lines (plainLine) on `out`. Structured logs
 * stay the format for servers and pipes; this is for a person at a terminal (the demo).
 */
export function plainLogStream(out: NodeJS.WritableStream): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      pending += chunk.toString();
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (!line.trim()) continue;
        let record: LogRecord;
        try {
          record = JSON.parse(line) as LogRecord;
        } catch {
          out.write(`${line}\n`);
          continue;
        }
        const text = plainLine(record);
        if (text) out.write(text);
      }
      done();
    },
  });
}
