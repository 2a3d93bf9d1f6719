import { describe, expect, it } from 'vitest';
import { currentSlot, defineJob, defineSchedule, slotDedupeKey } from '../../src/jobs/index.js';
import { checkSchedules, jobRegistry } from '../../src/jobs/registry.js';

const hourly = { name: 'forecast', everyMs: 3_600_000 };

describe('currentSlot', () => {
  it('aligns slots to the epoch so every process computes the same key', () => {
    const slot = currentSlot(hourly, new Date('2025-03-03T10:59:59.999Z'));
    expect(slot.start.toISOString()).toBe('2025-03-03T10:00:00.000Z');
    expect(slot.dedupeKey).toBe('schedule:forecast:2025-03-03T10:00:00.000Z');
  });

  it('starts a new slot exactly on the boundary', () => {
    expect(currentSlot(hourly, new Date('2025-03-03T11:00:00.000Z')).start.toISOString()).toBe('2025-03-03T11:00:00.000Z');
  });

  it('keys slots by schedule name and start', () => {
    expect(slotDedupeKey('nightly', new Date(0))).toBe('schedule:nightly:1970-01-01T00:00:00.000Z');
  });
});

describe('defineJob', () => {
  const run = async () => {};

  it('defaults to five attempts and the default backoff', () => {
    const job = defineJob({ name: 'send-order', run });
    expect(job.maxAttempts).toBe(5);
    expect(job.backoff.baseMs).toBe(30_000);
  });

  it('rejects names that would make dedupe keys ambiguous', () => {
    expect(() => defineJob({ name: 'Send Order', run })).toThrow(/name must be/);
    expect(() => defineJob({ name: 'a:b', run })).toThrow(/name must be/);
  });

  it('rejects fewer than one attempt', () => {
    expect(() => defineJob({ name: 'x', maxAttempts: 0, run })).toThrow(/maxAttempts/);
  });

  it('checks stored payloads with the schema when one is given', () => {
    const job = defineJob<{ n: number }>({
      name: 'typed',
      schema: { parse: (input) => { if (typeof (input as { n?: unknown }).n !== 'number') throw new Error('n must be a number'); return input as { n: number }; } },
      run,
    });
    expect(job.parsePayload({ n: 1 })).toEqual({ n: 1 });
    expect(() => job.parsePayload({ n: 'one' })).toThrow(/n must be a number/);
  });
});

describe('defineSchedule', () => {
  const job = defineJob({ name: 'nightly', run: async () => {} });

  it('defaults the payload to an empty object', () => {
    expect(defineSchedule({ name: 'nightly', everyMs: 86_400_000, job }).payload).toEqual({});
  });

  it('rejects intervals under a second', () => {
    expect(() => defineSchedule({ name: 'fast', everyMs: 10, job })).toThrow(/everyMs/);
  });
});

describe('a runner’s definitions', () => {
  const run = async () => {};
  const job = defineJob({ name: 'send-order', run });

  it('rejects two definitions with one name', () => {
    expect(() => jobRegistry([job, defineJob({ name: 'send-order', run })])).toThrow(/Two job definitions are named "send-order"/);
  });

  it('rejects a schedule whose job the runner does not know', () => {
    const schedule = defineSchedule({ name: 'orders', everyMs: 60_000, job });
    expect(() => checkSchedules([schedule], jobRegistry([]))).toThrow(/not among this runner's definitions/);
  });

  it('rejects two schedules with one name', () => {
    const schedule = defineSchedule({ name: 'orders', everyMs: 60_000, job });
    expect(() => checkSchedules([schedule, schedule], jobRegistry([job]))).toThrow(/Two schedules are named "orders"/);
  });
});
