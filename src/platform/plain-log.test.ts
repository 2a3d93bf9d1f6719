import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { plainLine, plainLogStream } from './plain-log.js';

const at = new Date(2026, 11, 6, 14, 3, 9).getTime();

describe('plainLine', () => {
  it('says a warning as "time  warning: sentence"', () => {
    expect(plainLine({ level: 40, time: at, msg: '127.0.0.9:161 stopped answering: No SNMP answer.' })).toBe('14:03:09  warning: 127.0.0.9:161 stopped answering: No SNMP answer.\n');
  });

  it('adds an error\'s message when the sentence does not carry it already', () => {
    expect(plainLine({ level: 50, time: at, msg: 'job failed permanently', err: { message: 'relation "x" does not exist' } })).toBe('14:03:09  error: job failed permanently: relation "x" does not exist\n');
    expect(plainLine({ level: 40, time: at, msg: 'upload failed: ECONNREFUSED', err: 'ECONNREFUSED' })).toBe('14:03:09  warning: upload failed: ECONNREFUSED\n');
  });

  it('shows an info record only when it is a notice, and never a routine one', () => {
    expect(plainLine({ level: 30, time: at, msg: 'uploaded' })).toBeNull();
    expect(plainLine({ level: 20, time: at, msg: 'poll readings' })).toBeNull();
    expect(plainLine({ level: 30, time: at, msg: '127.0.0.9:161 answers again', notice: true })).toBe('14:03:09  127.0.0.9:161 answers again\n');
  });

  it('keeps a sentence on one line', () => {
    expect(plainLine({ level: 40, time: at, msg: 'first\nsecond' })).toBe('14:03:09  warning: first second\n');
  });
});

describe('plainLogStream', () => {
  it('turns what pino writes into plain lines, with credentials still redacted', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const logger = createLogger('info', plainLogStream(out));
    logger.info('routine');
    logger.warn({ password: 'hunter2', token: 'tlc_secret' }, 'login trouble');
    logger.info({ notice: true }, 'the demo ERP booked an order');
    await new Promise((resolve) => setImmediate(resolve));
    const lines = text.trimEnd().split('\n');
    expect(lines.map((line) => line.slice(10))).toEqual(['warning: login trouble', 'the demo ERP booked an order']);
    expect(text).not.toMatch(/hunter2|tlc_secret|^\{/m);
  });
});
