import { describe, expect, it } from 'vitest';
import type { SupplyJobStatus } from '../db/schema.js';
import { JOB_STATUSES, checkJobMove, movesFor, type JobMover } from './status.js';

const MOVERS: JobMover[] = ['staff', 'admin', 'warehouse', 'system', 'scan-station', 'dispatch'];

describe('movesFor', () => {
  it('offers exactly the moves checkJobMove accepts, for every status, mover and excess flag', () => {
    for (const status of JOB_STATUSES) {
      for (const mover of MOVERS) {
        for (const excessPending of [false, true]) {
          const job = { number: 'J-000001', status, excessPending };
          const accepted = JOB_STATUSES.filter((to) => {
            try {
              checkJobMove(job, to, mover);
              return true;
            } catch {
              return false;
            }
          });
          expect(movesFor(job, mover), `${status} by ${mover}${excessPending ? ' with excess pending' : ''}`).toEqual(accepted);
        }
      }
    }
  });

  it('lets a dispatcher release or cancel a booked job, and a dealer admin complete a delivered one; packed and dispatched are never a status change', () => {
    const job = (status: SupplyJobStatus, excessPending = false) => ({ number: 'J-000001', status, excessPending });
    expect(movesFor(job('booked'), 'staff')).toEqual(['ready', 'cancelled']);
    expect(movesFor(job('booked', true), 'staff')).toEqual(['cancelled']);
    expect(movesFor(job('ready'), 'warehouse')).toEqual([]);
    expect(movesFor(job('delivered'), 'admin')).toEqual(['completed', 'cancelled']);
    expect(movesFor(job('delivered'), 'staff')).toEqual(['cancelled']);
    expect(movesFor(job('cancelled'), 'admin')).toEqual([]);
  });
});
