import { describe, expect, it } from 'vitest';
import type { ConsumableRequestRow, DeviceRow } from '../db/schema.js';
import type { StockCandidate } from './select-sku.js';
import { excessLookups, pagesKey, placeholderNumber, placeTakes, withNumbers, type LineChoice } from './take-plan.js';

const NOW = new Date('2026-06-01T09:00:00Z');
const BLACK: StockCandidate = { id: 'item-k', sku: 'K', description: 'Black', kind: 'toner', color: 'black', yieldPages: 3000, partNumbers: ['PN-1'] };
const CYAN: StockCandidate = { id: 'item-c', sku: 'C', description: 'Cyan', kind: 'toner', color: 'cyan', yieldPages: 2500, partNumbers: ['PN-2'] };
const device = (id: string) => ({ id, customer_id: 'customer', site_id: null }) as DeviceRow;
const request = (id: string, supplyIndex: number) => ({ id, supply_index: supplyIndex, supply_indexes: [supplyIndex], quantity: 1 }) as unknown as ConsumableRequestRow;
/** A request of `deviceId` with one line of `item`. */
const lines = (requestId: string, deviceId: string, item: StockCandidate, index: number): LineChoice => ({
  kind: 'lines', request: request(requestId, index), device: device(deviceId), excessAhead: 1,
  lines: [{ supply: { index, kind: 'toner', color: item.color, partNumbers: item.partNumbers }, item, selectedBy: 'related-stock', why: `SKU ${item.sku}.` }],
});
const ids = () => { let n = 0; return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`; };
const noFacts = { shipped: [], yields: new Map(), pages: new Map() };

describe('placeTakes', () => {
  it('puts a printer\'s second request of a batch on the job the batch made for its first (consolidated freight), naming it by its placeholder until numbered', () => {
    const plan = placeTakes([lines('r1', 'd1', BLACK, 1), lines('r2', 'd2', BLACK, 1), lines('r3', 'd1', CYAN, 3)], new Map(), noFacts, NOW, ids());
    expect(plan.jobs.map((j) => j.device.id)).toEqual(['d1', 'd2']);
    expect(plan.takes.map((t) => [t.request.id, t.jobId, t.placement.kind])).toEqual([['r1', plan.jobs[0]!.id, 'new'], ['r2', plan.jobs[1]!.id, 'new'], ['r3', plan.jobs[0]!.id, 'consolidate']]);
    const why = plan.takes[2]!.placement.why;
    expect(why).toContain(placeholderNumber(plan.jobs[0]!.id));
    expect(withNumbers(why, new Map([[plan.jobs[0]!.id, 'J-000007']]))).toContain('Added to job J-000007');
  });

  it('makes a new job beside a printer\'s job that is no longer booked, with a comment on each naming the other', () => {
    const ready = { id: 'job-ready', number: 'J-000001', status: 'ready' as const, createdAt: new Date('2026-05-01T00:00:00Z'), excess: null };
    const plan = placeTakes([lines('r1', 'd1', BLACK, 1)], new Map([['d1', [ready]]]), noFacts, NOW, ids());
    const made = plan.jobs[0]!.id;
    expect(plan.comments).toEqual([
      { jobId: made, body: expect.stringContaining('J-000001 (ready)') },
      { jobId: 'job-ready', body: expect.stringContaining(`${placeholderNumber(made)} (booked)`) },
    ]);
  });

  it('flags a spare on a booked job made before the batch, appending to its flags, from the pages printed since the first shipment', () => {
    const firstAt = new Date('2026-05-01T00:00:00Z');
    const booked = { id: 'job-booked', number: 'J-000002', status: 'booked' as const, createdAt: firstAt, excess: [{ earlier: true }] };
    const facts = { shipped: [{ deviceId: 'd1', kind: 'toner', color: 'black', quantity: 2, firstAt }], yields: new Map(), pages: new Map([[pagesKey('d1', firstAt), { total: 300, color: null }]]) };
    const plan = placeTakes([lines('r1', 'd1', BLACK, 1)], new Map([['d1', [booked]]]), facts, NOW, ids());
    expect(plan.jobs).toEqual([]);
    expect(plan.takes[0]!.flags).toMatchObject([{ color: 'black', shipped: 3, pagesPrinted: 300 }]);
    expect(plan.flagged.get('job-booked')).toEqual([{ earlier: true }, expect.objectContaining({ shipped: 3 })]);
    expect(plan.comments[0]).toMatchObject({ jobId: 'job-booked', body: expect.stringContaining('Excess supply') });
  });
});

describe('excessLookups', () => {
  it('asks for the pages since each first shipment a line adds to, and since now where the batch ships one kind and colour twice', () => {
    const firstAt = new Date('2026-05-01T00:00:00Z');
    const choices = [lines('r1', 'd1', BLACK, 1), lines('r2', 'd2', CYAN, 3), lines('r3', 'd2', CYAN, 3), lines('r4', 'd3', BLACK, 1)];
    expect(excessLookups(choices, [{ deviceId: 'd1', kind: 'toner', color: 'black', quantity: 1, firstAt }], NOW)).toEqual([{ deviceId: 'd1', since: firstAt }, { deviceId: 'd2', since: NOW }]);
  });
});
