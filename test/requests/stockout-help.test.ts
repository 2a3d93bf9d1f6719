import { describe, expect, it } from 'vitest';
import { addBusinessDays, stockoutHelp, type SpareOnSite, type StockoutHelpInput } from '../../src/requests/index.js';
import { DAY, NOW } from './factories.js';

// NOW is Saturday 21 Nov 2026, 10:00 UTC; the risk is assessed on Monday morning, when lead times start counting.
const MONDAY = NOW + 2 * DAY;
const iso = (t: number) => new Date(t).toISOString();

/** A black toner that runs out Monday evening while the usual lead time is 2 business days (the shortest 1). */
function input(overrides: Partial<StockoutHelpInput> = {}, risk: Partial<StockoutHelpInput['risk']> = {}): StockoutHelpInput {
  return {
    risk: { unavoidable: true, depletionDate: iso(MONDAY + 0.25 * DAY), expectedArrival: iso(addBusinessDays(MONDAY, 2)), leadTimeDays: { min: 1, max: 10 }, ...risk },
    riskAt: MONDAY, requestId: 'req-1', deviceId: 'dev-1',
    supply: { kind: 'toner', color: 'black', partNumber: 'CF259A' },
    spares: [],
    ...overrides,
  };
}

const spare = (overrides: Partial<SpareOnSite> = {}): SpareOnSite => ({
  requestId: 'req-2', deviceId: 'dev-2', serial: 'SN-NEXT-DOOR', location: '2nd floor, by reception', siteName: 'Head office', sameSite: true,
  sku: 'HP-59A', jobNumber: 'J-000042', deliveredAt: iso(NOW - 3 * DAY), ownDaysRemaining: 30, ...overrides,
});

const kinds = (help: ReturnType<typeof stockoutHelp>) => help.map((h) => h.kind);

describe('stockoutHelp', () => {
  it('suggests nothing when an order placed now still arrives in time', () => {
    expect(stockoutHelp(input({}, { unavoidable: false }), MONDAY)).toEqual([]);
  });

  it('says how many days express shipping gains, and how long the printer then stands empty', () => {
    const [expedite] = stockoutHelp(input(), MONDAY);
    expect(expedite).toMatchObject({ kind: 'expedite', daysGained: 1 });
    expect(expedite!.text).toBe('Ship it express: at the fastest lead time known (1 business day) it arrives around 24 Nov, 1 day sooner than usual, so the printer stands empty for about 1 day instead of 2 days.');
  });

  it('counts the usual lead time from now for a request raised earlier', () => {
    // Assessed on Monday, read on Thursday: an order placed now arrives Friday at the fastest, next Monday as usual.
    const [expedite] = stockoutHelp(input(), MONDAY + 3 * DAY);
    expect(expedite).toMatchObject({ kind: 'expedite', daysGained: 3 });
    expect(expedite!.text).toContain('arrives around 27 Nov');
  });

  it('names the step without a figure when the fastest lead time known is the usual one', () => {
    const [expedite] = stockoutHelp(input({}, { expectedArrival: iso(addBusinessDays(MONDAY, 1)) }), MONDAY);
    expect(expedite).toMatchObject({ kind: 'expedite', daysGained: null });
    expect(expedite!.text).toMatch(/^Ship it by the fastest service the carrier offers/);
  });

  it('suggests economy mode for a toner, and less colour only for a colour cartridge', () => {
    expect(kinds(stockoutHelp(input(), MONDAY))).toEqual(['expedite', 'economy-mode']);
    const cyan = stockoutHelp(input({ supply: { kind: 'toner', color: 'cyan', partNumber: 'CF541A' } }), MONDAY);
    expect(kinds(cyan)).toEqual(['expedite', 'economy-mode', 'less-colour']);
    expect(cyan[2]!.text).toContain('only colour pages use the cyan toner');
    expect(cyan.every((h) => h.kind === 'expedite' || h.daysGained === null)).toBe(true);
  });

  it('suggests no printing mode for a drum, which wears per page whatever the mode', () => {
    expect(kinds(stockoutHelp(input({ supply: { kind: 'drum', color: null, partNumber: 'CF232A' } }), MONDAY))).toEqual(['expedite']);
  });

  it('names a spare on site at another printer of the customer: its serial, location, site and job', () => {
    const help = stockoutHelp(input({ spares: [spare({ sameSite: false, siteName: 'Bradford depot' })] }), MONDAY);
    const lend = help.find((h) => h.kind === 'spare')!;
    expect(lend.spare).toMatchObject({ deviceId: 'dev-2', serial: 'SN-NEXT-DOOR', sku: 'HP-59A', jobNumber: 'J-000042' });
    expect(lend.text).toBe('Lend the spare CF259A (HP-59A, job J-000042) delivered on 18 Nov to printer SN-NEXT-DOOR (2nd floor, by reception) at Bradford depot and not yet installed there. Its own cartridge has about 30 days left, time enough to reorder one for it.');
  });

  it('does not lend a spare whose printer would itself run out before a reorder arrives', () => {
    const help = stockoutHelp(input({ spares: [spare({ ownDaysRemaining: 1.5 })] }), MONDAY);
    expect(kinds(help)).not.toContain('spare');
  });

  it('puts a spare already delivered for this printer first', () => {
    const help = stockoutHelp(input({ spares: [spare(), spare({ requestId: 'req-3', deviceId: 'dev-1', serial: 'SN-HERE', jobNumber: 'J-000040' })] }), MONDAY).filter((h) => h.kind === 'spare');
    expect(help.map((h) => h.spare!.jobNumber)).toEqual(['J-000040', 'J-000042']);
    expect(help[0]!.text).toMatch(/^A spare CF259A \(HP-59A, job J-000040\) was delivered for this printer on 18 Nov/);
  });

  it('suggests nothing once the request\'s own cartridge has been delivered', () => {
    expect(stockoutHelp(input({ spares: [spare({ requestId: 'req-1', deviceId: 'dev-1' })] }), MONDAY)).toEqual([]);
  });
});
