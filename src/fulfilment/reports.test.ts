import { describe, expect, it } from 'vitest';
import { ageCutoffs, daysWaiting, shippedVsConsumed, statusAgeRows } from './reports.js';

const NOW = new Date('2026-12-01T10:00:00Z');

describe('statusAgeRows', () => {
  it('lists every status in the machine\'s order, zero where no job is, with the oldest status change', () => {
    const rows = statusAgeRows([
      { status: 'ready', bucket: 'under1Day', count: 2, oldest: new Date('2026-12-01T02:00:00Z') },
      { status: 'ready', bucket: 'over7Days', count: 1, oldest: new Date('2026-11-01T00:00:00Z') },
    ]);
    expect(rows.map((r) => r.status)).toEqual(['booked', 'ready', 'packed', 'dispatched', 'delivered', 'completed', 'cancelled']);
    expect(rows[1]).toEqual({ status: 'ready', total: 3, ages: { under1Day: 2, days1To3: 0, days3To7: 0, over7Days: 1 }, oldestSince: '2026-11-01T00:00:00.000Z' });
    expect(rows[0]).toEqual({ status: 'booked', total: 0, ages: { under1Day: 0, days1To3: 0, days3To7: 0, over7Days: 0 }, oldestSince: null });
  });
  it('splits ages at 1, 3 and 7 days before now', () => {
    expect(ageCutoffs(NOW)).toEqual({ oneDay: new Date('2026-11-30T10:00:00Z'), threeDays: new Date('2026-11-28T10:00:00Z'), sevenDays: new Date('2026-11-24T10:00:00Z') });
  });
});

describe('daysWaiting', () => {
  it('counts whole days', () => {
    expect(daysWaiting(new Date('2026-11-30T00:00:00Z'), NOW)).toBe(1);
    expect(daysWaiting(new Date('2026-12-02T00:00:00Z'), NOW)).toBe(0);
  });
});

describe('shippedVsConsumed', () => {
  it('joins both sides per customer with the ratio, the most over-supplied first and shipments without consumption first of all', () => {
    const rows = shippedVsConsumed(
      [{ customerId: 'a', customer: 'Acme', count: 4 }, { customerId: 'b', customer: 'Bolt', count: 1 }, { customerId: 'c', customer: 'Crane', count: 3 }],
      [{ customerId: 'a', customer: 'Acme', count: 2 }, { customerId: 'b', customer: 'Bolt', count: 4 }, { customerId: 'd', customer: 'Dell', count: 1 }],
    );
    expect(rows.map((r) => [r.customer, r.shipped, r.consumed, r.ratio])).toEqual([['Crane', 3, 0, null], ['Acme', 4, 2, 2], ['Bolt', 1, 4, 0.25], ['Dell', 0, 1, 0]]);
  });
});
