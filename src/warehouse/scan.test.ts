import { describe, expect, it } from 'vitest';
import { decideScan, type PackJob, type ScannedUnit, type StationState } from './scan.js';

const unit = (label: string, change: Partial<ScannedUnit> = {}): ScannedUnit => ({ id: label, label, stockItemId: 'black', sku: 'HP-59A', location: 'MAIN', status: 'in-stock', jobNumber: null, ...change });
const job = (number: string, packed = 0): PackJob => ({ id: number, number, status: 'ready', lines: [{ stockItemId: 'black', sku: 'HP-59A', required: 1, reserved: 1, packed }] });
const idle: StationState = { expecting: 'unit', pending: null, job: null, lastCode: null };

describe('decideScan', () => {
  it('packs a unit into the job whose order label follows it, and completes the job when its lines are in the box', () => {
    const held = decideScan(idle, { kind: 'unit', code: 'U1', unit: unit('U1') });
    expect(held).toMatchObject({ accepted: true, next: { expecting: 'order', pendingUnitId: 'U1' } });
    const packed = decideScan({ expecting: 'order', pending: unit('U1'), job: null, lastCode: 'U1' }, { kind: 'order', code: 'J-1', job: job('J-1') });
    expect(packed).toMatchObject({ accepted: true, pack: { unit: { id: 'U1' }, job: { id: 'J-1' } }, next: { expecting: 'unit', pendingUnitId: null, jobId: null } });
    expect(packed.expecting).toContain('J-1 is complete');
  });

  it('refuses the box label scanned twice as same-label-twice, before anything else', () => {
    expect(decideScan({ ...idle, lastCode: 'J-1' }, { kind: 'order', code: 'J-1', job: job('J-1', 1) })).toMatchObject({ accepted: false, reason: 'same-label-twice' });
  });

  it('keeps the waiting unit waiting when a unit label comes instead of its box label', () => {
    const refused = decideScan({ expecting: 'order', pending: unit('U1'), job: null, lastCode: 'U1' }, { kind: 'unit', code: 'U2', unit: unit('U2') });
    expect(refused).toMatchObject({ accepted: false, reason: 'order-label-expected', next: { expecting: 'order', pendingUnitId: 'U1' } });
  });

  it('refuses another job\'s box while the station is in the middle of a job (wrong-job)', () => {
    const two: PackJob = { ...job('J-1'), lines: [{ stockItemId: 'black', sku: 'HP-59A', required: 2, reserved: 2, packed: 1 }] };
    const refused = decideScan({ expecting: 'order', pending: unit('U2'), job: two, lastCode: 'U2' }, { kind: 'order', code: 'J-2', job: job('J-2') });
    expect(refused).toMatchObject({ accepted: false, reason: 'wrong-job', next: { pendingUnitId: 'U2', jobId: 'J-1' } });
  });

  it('refuses a back-ordered line\'s unit as not-needed: it is packed once stock for it is reserved', () => {
    const waiting: PackJob = { ...job('J-1'), lines: [{ stockItemId: 'black', sku: 'HP-59A', required: 1, reserved: 0, packed: 0 }] };
    expect(decideScan({ expecting: 'order', pending: unit('U1'), job: null, lastCode: 'U1' }, { kind: 'order', code: 'J-1', job: waiting })).toMatchObject({ accepted: false, reason: 'not-needed' });
  });
});
