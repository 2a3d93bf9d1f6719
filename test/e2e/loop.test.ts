import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from '../support/database.js';
import { DAY, startLoop, waitFor, type Loop } from './support.js';

const LEAD_DAYS = 1;

describe(`the whole loop in accelerated time: simulator → collector → server → ERP → delivery → install (${ENGINE})`, () => {
  let loop: Loop;
  const erp = () => ({ authorization: `Bearer ${loop.world.integrationToken}` });

  beforeAll(async () => {
    // This loop goes through an external ERP polling the B2B queue (jobs-loop.test.ts goes through TonerLoop's job module):
    // the dealer-level settings are replaced here, so fulfilment stays external.
    loop = await startLoop({ label: 'e2e', address: '127.0.45.1', workers: false, settings: { leadTimeDays: LEAD_DAYS, safetyBufferDays: 0.5, triggerMode: 'forecast', fulfilment: 'external' } });
  }, 60_000);
  afterAll(async () => loop?.stop());

  it('raises the request ahead of the lead time, lets the ERP action it, and closes the loop when the delivered cartridge goes in', async () => {
    const { api, simulator, clock } = loop;
    expect(loop.firstRemaining).toBeGreaterThan(0.7);
    // 1. The cartridge runs down; the forecast raises a request before it runs out.
    const request = await waitFor('an outstanding request', 150, async () => {
      const items = (await api('GET', '/consumable-requests?status=outstanding', erp())).json.items as { id: string; createdAt: string; serial: string; trigger: string }[];
      return items.find((r) => r.serial === simulator.simulation.printer(0).serial);
    });
    expect(request.trigger).toBe('forecast');
    const raisedAt = Date.parse(request.createdAt);

    // 2. The ERP actions it; the dealer ships it with the lead time.
    const actioned = await api('POST', `/consumable-requests/${request.id}/action`, erp(), { externalId: 'JIM2-E2E-1' });
    expect(actioned.json).toMatchObject({ status: 'actioned', externalId: 'JIM2-E2E-1', changed: true });
    simulator.simulation.deliver(0, 1, Math.max(clock.now().getTime(), raisedAt + LEAD_DAYS * DAY));

    // 3. The printer uses up its cartridge, the delivered one goes in, the collector sees it, the loop closes.
    const completed = await waitFor('the request to complete', 60, async () => {
      const detail = (await api('GET', `/consumable-requests/${request.id}`, erp())).json;
      return detail.status === 'completed' ? detail : undefined;
    });
    expect(completed.history.map((h: { to: string }) => h.to)).toEqual(['outstanding', 'actioned', 'completed']);

    // 4. The ground truth: the cartridge did run out after the request was raised plus the lead time, and the install was the delivered one.
    const events = loop.truth().filter((e) => e.supply === 1);
    const depleted = events.find((e) => e.type === 'depleted' && Date.parse(e.at) > raisedAt);
    const installed = events.find((e) => e.type === 'install' && Date.parse(e.at) > raisedAt);
    expect(installed?.cause).toBe('delivered');
    // Raised in time: at least the lead time before the cartridge actually ran out.
    expect(depleted, 'the cartridge ran out after the request').toBeDefined();
    expect(Date.parse(depleted!.at) - raisedAt).toBeGreaterThanOrEqual(LEAD_DAYS * DAY);
    expect(events.filter((e) => e.type === 'install' && Date.parse(e.at) > raisedAt)).toHaveLength(1);
  }, 330_000);
});
