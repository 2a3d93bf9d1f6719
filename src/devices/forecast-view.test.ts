import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredForecast } from '../db/schema.js';
import { presentForecast } from './forecast-view.js';

const DAY = 86_400_000;
const READ = Date.parse('2026-05-04T10:00:00Z');
const stored: StoredForecast = {
  daysRemaining: 20, daysRemainingLow: 16, daysRemainingHigh: 25, pagesRemaining: 2000, depletionDate: new Date(READ + 20 * DAY).toISOString(),
  basis: 'toner per page from 12 level points of this cartridge; 100 pages per working day from 60 days of meters', asOf: new Date(READ).toISOString(),
};
const answering = { replaced_by: null, replaced_at: null, unreachable_since: null };
const at = (ms: number) => new Date(ms);

describe('presentForecast', () => {
  it('shows a fresh forecast as it was made, in whole sentences, not stale', () => {
    expect(presentForecast(stored, answering, at(READ + 2 * 3_600_000))).toEqual({
      daysRemaining: 19.9, daysRemainingLow: 15.9, daysRemainingHigh: 24.9, pagesRemaining: 1992, depletionDate: stored.depletionDate, consolidateWith: [],
      asOf: stored.asOf, stale: false, basis: 'Toner per page from 12 level points of this cartridge; 100 pages per working day from 60 days of meters.',
    });
  });

  it('projects a silent printer from its last reading and says so: the same depletion date, fewer days left each day', () => {
    const threeDays = presentForecast(stored, answering, at(READ + 3 * DAY));
    const fiveDays = presentForecast(stored, answering, at(READ + 5 * DAY));
    expect(threeDays).toMatchObject({ daysRemaining: 17, daysRemainingLow: 13, daysRemainingHigh: 22, depletionDate: stored.depletionDate, stale: true });
    expect(fiveDays).toMatchObject({ daysRemaining: 15, daysRemainingLow: 11, daysRemainingHigh: 20, depletionDate: stored.depletionDate, stale: true });
    expect(threeDays.basis).toMatch(/ Last read 3 days ago; projected from then\.$/);
  });

  it('is stale at once when the collector fails to read the device, and not before 48 h otherwise', () => {
    expect(presentForecast(stored, answering, at(READ + 47 * 3_600_000)).stale).toBe(false);
    expect(presentForecast(stored, answering, at(READ + 49 * 3_600_000)).stale).toBe(true);
    const failing = presentForecast(stored, { ...answering, unreachable_since: at(READ + 3_600_000) }, at(READ + 3 * 3_600_000));
    expect(failing).toMatchObject({ stale: true, daysRemaining: 19.9 });
    expect(failing.basis).toMatch(/Last read 3 hours ago; projected from then\.$/);
  });

  it('gives a replaced printer no days, pages or date, and says nothing is ordered for it', () => {
    const replaced = presentForecast(stored, { replaced_by: 'b', replaced_at: at(READ + DAY), unreachable_since: null }, at(READ + 21 * DAY));
    expect(replaced).toMatchObject({ daysRemaining: null, daysRemainingLow: null, daysRemainingHigh: null, pagesRemaining: null, depletionDate: null, stale: true, asOf: stored.asOf });
    expect(replaced.basis).toBe("Another printer took this one's place on 2026-05-05: no forecast is kept and nothing is ordered for it. Last read 21 days ago.");
  });

  it('says why there is no forecast, and when it was last read if that was long ago', () => {
    const none: StoredForecast = { daysRemaining: null, daysRemainingLow: null, daysRemainingHigh: null, pagesRemaining: null, depletionDate: null, basis: 'No forecast yet: fewer than two page-meter readings.', asOf: stored.asOf };
    expect(presentForecast(none, answering, at(READ + 4 * DAY)).basis).toBe('No forecast yet: fewer than two page-meter readings. Last read 4 days ago.');
    expect(presentForecast(null, answering, at(READ))).toMatchObject({ asOf: null, stale: false, daysRemaining: null, basis: expect.stringMatching(/^No forecast yet: .+\.$/) });
  });

  it('never gives a basis ending in "..", whatever the stored text ended with', () => {
    const ending = fc.constantFrom('', '.', ')', ').', '..', ' ', '. ');
    fc.assert(fc.property(fc.stringMatching(/^[a-z][a-z ()]{0,20}$/), ending, fc.integer({ min: 0, max: 60 * 24 }), fc.boolean(), (text, end, hours, replaced) => {
      const device = replaced ? { ...answering, replaced_by: 'b', replaced_at: at(READ) } : answering;
      const { basis } = presentForecast({ ...stored, basis: `${text}${end}` }, device, at(READ + hours * 3_600_000));
      expect(basis).not.toMatch(/\.\.$/);
      expect(basis).toMatch(/[.!?…]$/);
    }));
  });
});
