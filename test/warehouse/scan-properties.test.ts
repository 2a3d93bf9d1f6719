import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { ENGINE } from '../support/database.js';
import { buildDealer, type DealerWorld } from '../support/factories.js';
import { warehouseWorld } from './support.js';

describe(`scan station properties (${ENGINE})`, () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let world: DealerWorld;
  let w: Awaited<ReturnType<typeof warehouseWorld>>;
  beforeAll(async () => {
    ctx = await createTestApp();
    world = await buildDealer(ctx.store, 'scan-props');
    w = await warehouseWorld(ctx, world);
  });
  afterAll(() => ctx.close());

  it('whatever sequence of scans reaches a job, it is dispatchable exactly when what was scanned into its box equals its lines, and no line is ever over-packed', async () => {
    // The other job's label is on the same bench: units scanned to it must never count for this one.
    await w.stock(w.black, 1);
    const other = await w.readyJob(false);
    let dispatched = 0;
    await fc.assert(fc.asyncProperty(fc.array(fc.nat(8), { minLength: 1, maxLength: 14 }), fc.boolean(), async (picks, finish) => {
      const blacks = await w.stock(w.black, 2);
      const [cyan] = await w.stock(w.cyan, 1);
      const [magenta] = await w.stock(w.magenta, 1);
      const job = await w.readyJob();
      const codes = [blacks[0]!, blacks[1]!, cyan!, magenta!, job.orderLabel, job.orderLabel, other.orderLabel, 'NOT-A-LABEL', 'J-999999'];
      const scan = w.station();
      // Half the runs end with the right pairs, so both outcomes are reached (whatever state the noise left behind).
      const sequence = [...picks.map((p) => codes[p]!), ...(finish ? [blacks[0]!, job.orderLabel, cyan!, job.orderLabel] : [])];
      for (const code of sequence) {
        const answer = await scan(code);
        for (const line of answer.lines) expect(line.packed).toBeLessThanOrEqual(line.required);
      }
      const packed = await ctx.store.db.selectFrom('stock_units').select(['stock_item_id']).where('job_id', '=', job.id).execute();
      const lines = (await w.dispatcher.ok('GET', `/jobs/${job.id}`)).lines as { sku: string }[];
      const equal = packed.length === lines.length && new Set(packed.map((p) => p.stock_item_id)).size === lines.length;
      dispatched += equal ? 1 : 0;
      const dispatch = await w.operator.call('POST', `/jobs/${job.id}/dispatch`, { carrier: 'DPD', trackingNumber: 'PROP-1' });
      expect(dispatch.status).toBe(equal ? 200 : 409);
      if (!equal) expect(dispatch.body.error.details.difference.length).toBeGreaterThan(0);
    }), { numRuns: Number(process.env.WAREHOUSE_RUNS ?? 25), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined });
    expect(dispatched).toBeGreaterThan(0);
  });
});
