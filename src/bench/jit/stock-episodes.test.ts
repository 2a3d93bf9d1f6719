import { describe, expect, it } from 'vitest';
import { DEFAULT_LEAD_TIME_DISTRIBUTION } from '../../requests/index.js';
import { backOrderModel, StockEpisodes } from './stock-episodes.js';

const DAY = 86_400_000;
const FROM = Date.parse('2026-01-05T08:00:00Z');
const YEARS = 20;
const TO = FROM + YEARS * 365 * DAY;

describe('backOrderModel', () => {
  it("splits the bench's lead times into the carrier's 1–3 days and stock-outs of 5, 7 or 10 business days covering 14 % of the time", () => {
    const model = backOrderModel(DEFAULT_LEAD_TIME_DISTRIBUTION);
    expect(model.carrier.map((w) => w.days)).toEqual([1, 2, 3]);
    expect(model.episodeBusinessDays.map((w) => w.days)).toEqual([5, 7, 10]);
    expect(model.outOfStockShare).toBeCloseTo(0.14, 9);
  });

  it('has no stock-outs for a dealer whose every order takes the same few days, or whose carrier is slow', () => {
    expect(backOrderModel([{ days: 2, weight: 1 }])).toEqual({ carrier: [{ days: 2, weight: 1 }], episodeBusinessDays: [], outOfStockShare: 0 });
    expect(backOrderModel([{ days: 6, weight: 1 }]).outOfStockShare).toBe(0);
  });
});

describe('StockEpisodes', () => {
  const model = backOrderModel(DEFAULT_LEAD_TIME_DISTRIBUTION);

  it('is the same for the same seed and item, and differs between items', () => {
    const a = new StockEpisodes('s', model, FROM, TO);
    const b = new StockEpisodes('s', model, FROM, TO);
    expect(b.of('CF259A')).toEqual(a.of('CF259A'));
    expect(a.of('TN2410')).not.toEqual(a.of('CF259A'));
  });

  it('keeps an item out of stock about 14 % of the time, in episodes that do not overlap, each promised no later than it ends', () => {
    const episodes = new StockEpisodes('share', model, FROM, TO);
    let out = 0;
    let count = 0;
    for (const item of ['A', 'B', 'C', 'D', 'E']) {
      let last = -Infinity;
      for (const e of episodes.of(item)) {
        expect(e.start).toBeGreaterThanOrEqual(last);
        expect(e.end).toBeGreaterThan(e.start);
        expect(e.promisedEnd).toBeGreaterThan(e.start);
        expect(e.promisedEnd).toBeLessThanOrEqual(e.end);
        last = e.end;
        out += Math.min(e.end, TO) - Math.max(e.start, FROM);
        count++;
      }
    }
    expect(out / (5 * (TO - FROM))).toBeGreaterThan(0.11);
    expect(out / (5 * (TO - FROM))).toBeLessThan(0.17);
    // About five episodes a year for each item: 14 % of the time in episodes of about ten calendar days.
    expect(count / (5 * YEARS)).toBeGreaterThan(4);
    expect(count / (5 * YEARS)).toBeLessThan(6.5);
  });

  it('answers the episode an instant falls in, or null on the shelf', () => {
    const episodes = new StockEpisodes('at', model, FROM, TO);
    const [first] = episodes.of('CF259A').filter((e) => e.start > FROM);
    expect(episodes.at('CF259A', first!.start)).toEqual(first);
    expect(episodes.at('CF259A', first!.end - 1)).toEqual(first);
    expect(episodes.at('CF259A', first!.end)).toBeNull();
    expect(episodes.at('CF259A', first!.start - 1)).toBeNull();
  });
});
