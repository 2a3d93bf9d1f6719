import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUTURE_TOLERANCE_MS, screenReading, UploadedReading } from '../../src/telemetry/index.js';

const NOW = new Date('2026-11-21T10:00:00Z');
const DAY = 86_400_000;
const RULES = { maxAgeMs: 90 * DAY };

const reading = (overrides: Partial<UploadedReading> = {}): UploadedReading => ({
  readingId: randomUUID(), collectedAt: '2026-11-21T09:00:00Z', target: '10.0.0.9:161', protocol: 'snmp', serial: 'abc123', model: 'M404',
  meters: { total: 1000, mono: null, color: null },
  supplies: [{ index: 1, kind: 'toner', color: 'black', description: null, partNumber: 'CF259A', isReceptacle: false, remainingPercent: 40, state: 'ok', raw: { level: 40, max: 100, unit: 'percent' } }],
  error: null,
  ...overrides,
});

describe('screenReading', () => {
  it('uses a reading without serial from a printer known by its MAC address', () => {
    expect(screenReading(reading({ serial: null, mac: '00:1b:78:12:34:56' }), NOW, RULES)).toMatchObject({ rejectedReason: null, reading: { serial: null, mac: '00:1b:78:12:34:56' } });
  });

  it('uses a sound reading as it is, serial upper-cased', () => {
    const screened = screenReading(reading(), NOW, RULES);
    expect(screened).toMatchObject({ rejectedReason: null, notes: [], reading: { serial: 'ABC123', meters: { total: 1000 } } });
  });

  it('refuses a reading stamped ahead of the server clock beyond the tolerance, saying what to check', () => {
    const ahead = screenReading(reading({ collectedAt: new Date(NOW.getTime() + 2 * 3_600_000).toISOString() }), NOW, RULES);
    expect(ahead.rejectedReason).toMatch(/120 minutes ahead of the server's clock; check the clock/);
    expect(screenReading(reading({ collectedAt: new Date(NOW.getTime() + FUTURE_TOLERANCE_MS - 1000).toISOString() }), NOW, RULES).rejectedReason).toBeNull();
  });

  it('refuses a reading collected before the receipts kept, saying why, and takes one just inside', () => {
    const old = screenReading(reading({ collectedAt: new Date(NOW.getTime() - 91 * DAY).toISOString() }), NOW, RULES);
    expect(old.rejectedReason).toBe('The reading was collected more than 90 days ago; readings that old are not accepted, because the server keeps upload receipts, which recognise a repeated reading, for 90 days.');
    expect(screenReading(reading({ collectedAt: new Date(NOW.getTime() - 89 * DAY).toISOString() }), NOW, RULES).rejectedReason).toBeNull();
    // A failed poll that old is refused too: it would count against a target's health long after the fact.
    expect(screenReading(reading({ collectedAt: new Date(NOW.getTime() - 91 * DAY).toISOString(), error: 'timeout' }), NOW, RULES).rejectedReason).toMatch(/more than 90 days ago/);
  });

  it('refuses a reading with neither serial nor MAC address, but keeps a failed poll for the target health', () => {
    expect(screenReading(reading({ serial: null }), NOW, RULES).rejectedReason).toMatch(/no serial number and no MAC address/);
    expect(screenReading(reading({ serial: null, mac: null }), NOW, RULES).rejectedReason).toMatch(/no serial number and no MAC address/);
    expect(screenReading(reading({ serial: null, error: 'timeout' }), NOW, RULES).rejectedReason).toBeNull();
  });

  it('stores a level above 100 % or below 0 % as unknown (100 would pass for a new cartridge), with a note each', () => {
    const high = reading({ supplies: [{ ...reading().supplies[0]!, remainingPercent: 140 }, { ...reading().supplies[0]!, index: 2, remainingPercent: -4 }] });
    const screened = screenReading(high, NOW, RULES);
    expect(screened.reading.supplies.map((s) => [s.remainingPercent, s.state])).toEqual([[null, 'unknown'], [null, 'unknown']]);
    expect(screened.notes).toEqual(['Supply 1 reported 140 % left, above 100 %; stored as an unknown level.', 'Supply 2 reported -4 % left, below 0 %; stored as an unknown level.']);
  });

  it('does not store a negative page meter, and says so', () => {
    const screened = screenReading(reading({ meters: { total: -5, mono: 3, color: null } }), NOW, RULES);
    expect(screened.reading.meters).toEqual({ total: null, mono: 3, color: null });
    expect(screened.notes).toEqual(['The total page meter read -5, which is impossible; it was not stored.']);
  });

  it('never throws, and what it uses has levels within 0–100 and no negative meter (property)', () => {
    const level = fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null });
    const meter = fc.option(fc.integer({ min: -1e9, max: 1e9 }), { nil: null });
    fc.assert(fc.property(level, level, meter, meter, fc.integer({ min: -10 * 86_400_000, max: 10 * 86_400_000 }), (a, b, total, mono, offset) => {
      const base = reading();
      const screened = screenReading(reading({
        collectedAt: new Date(NOW.getTime() + offset).toISOString(), meters: { total, mono, color: null },
        supplies: [{ ...base.supplies[0]!, remainingPercent: a }, { ...base.supplies[0]!, index: 2, remainingPercent: b }],
      }), NOW, RULES);
      if (screened.rejectedReason !== null) return;
      for (const supply of screened.reading.supplies) if (supply.remainingPercent !== null) expect(supply.remainingPercent).toBeGreaterThanOrEqual(0), expect(supply.remainingPercent).toBeLessThanOrEqual(100);
      for (const value of Object.values(screened.reading.meters)) if (value !== null) expect(value).toBeGreaterThanOrEqual(0);
    }));
  });
});
