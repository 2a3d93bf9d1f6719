import { describe, expect, it } from 'vitest';
import { authorizeRequest, consumedSinceLastOrder, coveredByEntitledContract, deviceConnected, manualOrderConflict, manualOrderWarning, metersFresh, noOpenRequestForSupply } from '../../src/requests/index.js';
import { DAY, HOUR, NOW, authInput, settings } from './factories.js';

describe('deviceConnected', () => {
  it('passes when the device was seen within the freshness window', () => {
    expect(deviceConnected(authInput(), settings(), NOW)).toMatchObject({ rule: 'deviceConnected', passed: true });
  });

  it('rejects when the device was last seen longer ago than the window', () => {
    const result = deviceConnected(authInput({ device: { lastSeenAt: NOW - 3 * DAY, lastMeterAt: NOW - 3 * DAY } }), settings(), NOW);
    expect(result).toEqual({ rule: 'deviceConnected', passed: false, reason: 'The device was last seen 3 days ago, longer than the 48-hour window.' });
  });

  it('rejects a device never seen by a collector', () => {
    expect(deviceConnected(authInput({ device: { lastSeenAt: null, lastMeterAt: null } }), settings(), NOW).reason).toBe('The device has never been seen by a collector.');
  });
});

describe('metersFresh', () => {
  it('passes with a recent page meter', () => {
    expect(metersFresh(authInput(), settings(), NOW).passed).toBe(true);
  });

  it('rejects when the newest page meter is older than the configured age', () => {
    const result = metersFresh(authInput({ device: { lastSeenAt: NOW - HOUR, lastMeterAt: NOW - 30 * HOUR } }), settings({ maxMeterAgeHours: 24 }), NOW);
    expect(result).toMatchObject({ passed: false, reason: 'The newest page meter is from 30 hours ago, older than 24 hours.' });
  });

  it('rejects when no meter was ever read', () => {
    expect(metersFresh(authInput({ device: { lastSeenAt: NOW, lastMeterAt: null } }), settings(), NOW).passed).toBe(false);
  });
});

describe('consumedSinceLastOrder', () => {
  it('passes the first order for a supply', () => {
    expect(consumedSinceLastOrder(authInput({ lastOrder: null }), settings(), NOW)).toMatchObject({ passed: true, reason: 'This is the first order for this supply.' });
  });

  it('passes when at least 30 % was consumed since the last order', () => {
    const result = consumedSinceLastOrder(authInput(), settings(), NOW);
    expect(result.passed).toBe(true);
    expect(result.reason).toContain('4000 pages printed of about 10000 per cartridge (40 %)');
  });

  it('rejects when less than 30 % was consumed since the last order', () => {
    const input = authInput({ current: { pages: 11_000, remainingPercent: 45, state: 'ok' } });
    const result = consumedSinceLastOrder(input, settings(), NOW);
    expect(result.passed).toBe(false);
    expect(result.reason).toBe('Only 10 % was used since the last order (1000 pages printed of about 10000 per cartridge (10 %) and the level fell from 50 % to 45 %); at least 30 % is required.');
  });

  it('honours the configured minimum share', () => {
    const input = authInput({ current: { pages: 12_000, remainingPercent: null, state: 'ok' } });
    expect(consumedSinceLastOrder(input, settings(), NOW).passed).toBe(false);
    expect(consumedSinceLastOrder(input, settings({ minConsumedSinceLastOrderPercent: 20 }), NOW).passed).toBe(true);
  });

  it('works on a coarse 25 %-step gauge: the level shows one step, the pages show enough', () => {
    // The gauge went 50 → 25, a 25 % step that could be anything up to 50 %; 3500 pages of a 10000-page cartridge decide.
    const enough = authInput({ lastOrder: { at: NOW - 30 * DAY, pages: 10_000, remainingPercent: 50 }, current: { pages: 13_500, remainingPercent: 25, state: 'ok' } });
    expect(consumedSinceLastOrder(enough, settings(), NOW)).toMatchObject({ passed: true });
    const tooLittle = authInput({ lastOrder: { at: NOW - 30 * DAY, pages: 10_000, remainingPercent: 50 }, current: { pages: 12_000, remainingPercent: 25, state: 'ok' } });
    expect(consumedSinceLastOrder(tooLittle, settings(), NOW).reason).toContain('Only 25 % was used');
  });

  it('works on a coarse gauge from its level alone when no yield is known', () => {
    const input = authInput({ expectedYieldPages: null, lastOrder: { at: NOW - 30 * DAY, pages: 10_000, remainingPercent: 75 }, current: { pages: 13_500, remainingPercent: 25, state: 'ok' } });
    expect(consumedSinceLastOrder(input, settings(), NOW)).toMatchObject({ passed: true, reason: '50 % was used since the last order (the level fell from 75 % to 25 %).' });
  });

  it('works on a low-only gauge before any yield is known, from a new cartridge that already says low', () => {
    const order = { at: NOW - 30 * DAY, pages: 10_000, remainingPercent: null };
    const low = authInput({ expectedYieldPages: null, lastOrder: order, lastInstallAt: NOW - 20 * DAY, lastNewInstallAt: NOW - 20 * DAY, current: { pages: 13_000, remainingPercent: null, state: 'low' } });
    expect(consumedSinceLastOrder(low, settings(), NOW)).toEqual({ rule: 'consumedSinceLastOrder', passed: true, reason: '60 % was used since the last order (a new cartridge installed since then already reports low).' });
    expect(consumedSinceLastOrder({ ...low, current: { ...low.current, state: 'empty' } }, settings(), NOW).reason).toBe('100 % was used since the last order (a new cartridge installed since then already reports empty).');
    // Not when the cartridge saying low was in before the order, nor when it was moved in from another printer.
    expect(consumedSinceLastOrder({ ...low, lastNewInstallAt: NOW - 40 * DAY }, settings(), NOW).passed).toBe(false);
    expect(consumedSinceLastOrder({ ...low, lastNewInstallAt: null }, settings(), NOW).passed).toBe(false);
    expect(consumedSinceLastOrder({ ...low, current: { ...low.current, state: 'ok' } }, settings(), NOW).reason).toMatch(/^There is no page or level evidence/);
    expect(consumedSinceLastOrder(low, settings({ minConsumedSinceLastOrderPercent: 70 }), NOW).passed).toBe(false);
  });

  it('works on a low-only gauge, which never gives a percentage, from pages printed', () => {
    const lowOnly = (pages: number) => authInput({ lastOrder: { at: NOW - 30 * DAY, pages: 10_000, remainingPercent: null }, current: { pages, remainingPercent: null, state: 'low' } });
    expect(consumedSinceLastOrder(lowOnly(13_200), settings(), NOW).passed).toBe(true);
    expect(consumedSinceLastOrder(lowOnly(10_800), settings(), NOW)).toMatchObject({ passed: false, reason: expect.stringContaining('Only 8 % was used') });
  });

  it('ignores a level that rose since the order (a cartridge was swapped) and relies on pages', () => {
    const input = authInput({ lastOrder: { at: NOW - 30 * DAY, pages: 10_000, remainingPercent: 20 }, current: { pages: 11_000, remainingPercent: 90, state: 'ok' } });
    expect(consumedSinceLastOrder(input, settings(), NOW)).toMatchObject({ passed: false, reason: expect.stringContaining('1000 pages printed') });
  });

  it('measures the level from a new cartridge installed since the last order, not from the level at the order', () => {
    // Ordered at 10 %; the cartridge it shipped went in (the level rose to 100 %) and is down to 8 % again.
    const history = authInput({
      expectedYieldPages: null, lastOrder: { at: NOW - 40 * DAY, pages: 10_000, remainingPercent: 10 }, lastInstallAt: NOW - 35 * DAY, lastNewInstallAt: NOW - 35 * DAY,
      current: { pages: 19_000, remainingPercent: 8, state: 'low' },
    });
    expect(consumedSinceLastOrder(history, settings(), NOW)).toEqual({ rule: 'consumedSinceLastOrder', passed: true, reason: '92 % was used since the last order (a new cartridge installed since then fell from 100 % to 8 %).' });
    // Pages since the order still count across the swap, beside the new cartridge's own fall.
    const withPages = consumedSinceLastOrder({ ...history, expectedYieldPages: 10_000 }, settings(), NOW);
    expect(withPages).toMatchObject({ passed: true, reason: '92 % was used since the last order (9000 pages printed of about 10000 per cartridge (90 %) and a new cartridge installed since then fell from 100 % to 8 %).' });
    // A level that went 10 % → 100 % → 60 % counts the 40 % the new cartridge used.
    expect(consumedSinceLastOrder({ ...history, current: { pages: 14_000, remainingPercent: 60, state: 'ok' } }, settings(), NOW).reason).toBe('40 % was used since the last order (a new cartridge installed since then fell from 100 % to 60 %).');
  });

  it('does not compare levels across a cartridge moved in since the last order, whose starting level is unknown', () => {
    // A part-used cartridge from another printer went in after the order: 10 % then, 8 % now, says nothing of use.
    const moved = authInput({
      lastOrder: { at: NOW - 40 * DAY, pages: 10_000, remainingPercent: 10 }, lastInstallAt: NOW - 35 * DAY, lastNewInstallAt: NOW - 80 * DAY,
      current: { pages: 14_000, remainingPercent: 8, state: 'low' },
    });
    expect(consumedSinceLastOrder(moved, settings(), NOW)).toEqual({ rule: 'consumedSinceLastOrder', passed: true, reason: '40 % was used since the last order (4000 pages printed of about 10000 per cartridge (40 %)).' });
    expect(consumedSinceLastOrder({ ...moved, expectedYieldPages: null }, settings(), NOW).reason).toMatch(/^There is no page or level evidence/);
  });

  it('still compares levels within the cartridge the last order was raised on', () => {
    const same = authInput({ expectedYieldPages: null, lastOrder: { at: NOW - 10 * DAY, pages: 10_000, remainingPercent: 10 }, lastInstallAt: NOW - 35 * DAY, lastNewInstallAt: NOW - 35 * DAY, current: { pages: 10_500, remainingPercent: 8, state: 'low' } });
    expect(consumedSinceLastOrder(same, settings(), NOW)).toMatchObject({ passed: false, reason: 'Only 2 % was used since the last order (the level fell from 10 % to 8 %); at least 30 % is required.' });
  });

  it('rejects when there is neither page nor level evidence', () => {
    const input = authInput({ expectedYieldPages: null, current: { pages: 12_000, remainingPercent: null, state: 'some-remaining' } });
    expect(consumedSinceLastOrder(input, settings(), NOW).reason).toContain('no page or level evidence');
  });
});

describe('noOpenRequestForSupply', () => {
  it('passes when no request for the supply is open', () => {
    const requests = [
      { id: 'r-done', supplyIndex: 1, status: 'completed' as const, origin: 'automatic' as const, createdAt: NOW - 90 * DAY },
      { id: 'r-other', supplyIndex: 2, status: 'outstanding' as const, origin: 'automatic' as const, createdAt: NOW - DAY },
      { id: 'req-new', supplyIndex: 1, status: 'outstanding' as const, origin: 'automatic' as const, createdAt: NOW },
    ];
    expect(noOpenRequestForSupply(authInput({ requests }), settings(), NOW).passed).toBe(true);
  });

  it.each(['outstanding', 'queried', 'actioned'] as const)('rejects when a request for the same supply is %s', (status) => {
    const requests = [{ id: 'r-open', supplyIndex: 1, status, origin: 'automatic' as const, createdAt: NOW - DAY }];
    expect(noOpenRequestForSupply(authInput({ requests }), settings(), NOW)).toEqual({ rule: 'noOpenRequestForSupply', passed: false, reason: `Request r-open for this supply is still ${status}.` });
  });
});

describe('coveredByEntitledContract', () => {
  const contract = { id: 'c1', name: 'MPS Gold', autoReplenish: true };

  it('passes an automatic request under an entitling contract', () => {
    expect(coveredByEntitledContract(authInput({ contracts: [contract] }), settings(), NOW)).toMatchObject({ passed: true, reason: 'Contract MPS Gold entitles the device to automatic replenishment.' });
  });

  it('passes an uncontracted device on the default auto-replenishment setting (CONTRACT)', () => {
    expect(coveredByEntitledContract(authInput(), settings(), NOW).passed).toBe(true);
  });

  it('rejects when automatic replenishment is switched off in the settings', () => {
    expect(coveredByEntitledContract(authInput({ contracts: [contract] }), settings({ autoReplenish: false }), NOW)).toMatchObject({ passed: false, reason: 'Automatic replenishment is switched off for this device.' });
  });

  it('rejects when the covering contract does not entitle automatic replenishment', () => {
    expect(coveredByEntitledContract(authInput({ contracts: [{ ...contract, name: 'Break-fix', autoReplenish: false }] }), settings(), NOW).reason).toBe('Contract Break-fix covers the device without automatic replenishment.');
  });

  it('rejects when the covering contract has expired', () => {
    const expired = { ...contract, validUntil: NOW - DAY };
    expect(coveredByEntitledContract(authInput({ contracts: [expired] }), settings(), NOW)).toMatchObject({ passed: false, reason: expect.stringContaining('in force today') });
  });

  it('does not apply to manual requests', () => {
    expect(coveredByEntitledContract(authInput({ origin: 'manual' }), settings({ autoReplenish: false }), NOW).passed).toBe(true);
  });
});

describe('manualOrderConflict', () => {
  const manual = { id: 'r-manual', supplyIndex: 1, status: 'completed' as const, origin: 'manual' as const, createdAt: NOW - 10 * DAY };

  it('rejects an automatic request when a manual order for the same supply was placed in this cartridge cycle', () => {
    // Even a manual order already delivered counts until the device shows the new cartridge installed.
    const result = manualOrderConflict(authInput({ requests: [{ ...manual, status: 'actioned' }], lastInstallAt: NOW - 50 * DAY }), settings(), NOW);
    expect(result).toEqual({ rule: 'manualOrderConflict', passed: false, reason: 'Manual request r-manual already orders this supply for the current cartridge (actioned).' });
  });

  it('passes once a new cartridge was installed after the manual order', () => {
    expect(manualOrderConflict(authInput({ requests: [manual], lastInstallAt: NOW - 2 * DAY }), settings(), NOW).passed).toBe(true);
  });

  it('ignores deleted or rejected manual orders and those for other supplies', () => {
    const requests = [{ ...manual, status: 'deleted' as const }, { ...manual, id: 'r-rej', status: 'rejected' as const }, { ...manual, id: 'r-cyan', supplyIndex: 2, status: 'outstanding' as const }];
    expect(manualOrderConflict(authInput({ requests }), settings(), NOW).passed).toBe(true);
  });

  it('does not apply to the manual request itself', () => {
    expect(manualOrderConflict(authInput({ origin: 'manual', requests: [{ ...manual, status: 'outstanding' }] }), settings(), NOW).passed).toBe(true);
  });

  it('warns the user ordering by hand on an auto-replenished device', () => {
    expect(manualOrderWarning(true)).toContain('replenished automatically');
    expect(manualOrderWarning(false)).toBeNull();
  });
});

describe('authorizeRequest', () => {
  it('authorizes when every rule passes, with a reason for each', () => {
    const result = authorizeRequest(authInput(), settings(), NOW);
    expect(result.authorized).toBe(true);
    expect(result.results.map((r) => r.rule)).toEqual(['deviceConnected', 'metersFresh', 'consumedSinceLastOrder', 'noOpenRequestForSupply', 'coveredByEntitledContract', 'manualOrderConflict']);
    expect(result.results.every((r) => r.reason.length > 0)).toBe(true);
  });

  it('runs every rule and keeps every failed reason, not only the first', () => {
    const input = authInput({ device: { lastSeenAt: NOW - 5 * DAY, lastMeterAt: NOW - 5 * DAY }, current: { pages: 10_500, remainingPercent: 49, state: 'ok' } });
    const result = authorizeRequest(input, settings(), NOW);
    expect(result.authorized).toBe(false);
    expect(result.results.filter((r) => !r.passed).map((r) => r.rule)).toEqual(['deviceConnected', 'metersFresh', 'consumedSinceLastOrder']);
  });
});
