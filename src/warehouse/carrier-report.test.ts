import { describe, expect, it } from 'vitest';
import { readCsv } from '../imports/index.js';
import { carrierColumns, deliveredAtProblem, readCarrierReport } from './carrier-report.js';

describe('carrierColumns', () => {
  it('finds the tracking number and delivery time columns however a carrier names them', () => {
    expect(carrierColumns(['Parcel Number', 'Recipient', 'POD Date'])).toEqual({ tracking: 0, delivered: 2 });
    expect(carrierColumns(['tracking_number', 'delivered_at'])).toEqual({ tracking: 0, delivered: 1 });
  });

  it('says which column is missing', () => {
    expect(carrierColumns(['reference', 'deliveredAt'])).toContain('a tracking number column');
  });
});

describe('deliveredAtProblem', () => {
  it('takes ISO 8601 with an offset, a space for the T included', () => {
    expect(deliveredAtProblem('2026-11-23T10:12:00Z')).toBeNull();
    expect(deliveredAtProblem('2026-11-23 10:12:00+01:00')).toBeNull();
  });

  it('refuses a time without an offset rather than guess its time zone, and anything not a date-time', () => {
    expect(deliveredAtProblem('2026-11-23 10:12')).toContain('no UTC offset');
    expect(deliveredAtProblem('23/11/2026 10:12')).toContain('not an ISO 8601');
    expect(deliveredAtProblem('')).toBe('no delivery time');
  });
});

describe('readCarrierReport', () => {
  it('reads each row on its own, with its line in the file', () => {
    const table = readCsv('tracking,delivered\nT1,2026-11-23T10:12:00Z\n,2026-11-23T10:12:00Z\nT3,tomorrow\n');
    const rows = readCarrierReport(table, { tracking: 0, delivered: 1 });
    expect(rows).toEqual([
      { row: 2, trackingNumber: 'T1', at: new Date('2026-11-23T10:12:00Z') },
      { row: 3, trackingNumber: '', outcome: 'unknown-tracking-number', message: 'Line 3 has no tracking number.' },
      expect.objectContaining({ row: 4, trackingNumber: 'T3', outcome: 'bad-date' }),
    ]);
  });
});
