import { describe, expect, it } from 'vitest';
import { Random } from './random.js';
import { expectedDay, planDay, type UsageProfile } from './usage.js';

const DAY = 86_400_000;

describe('expectedDay', () => {
  it('is what planDay gives on average, working days and weekends apart (holidays aside)', () => {
    const usage: UsageProfile = { pagesPerWorkday: 80, colorShare: 0.3, blackCoverage: 0.06, colorCoverage: 0.08 };
    const random = new Random('usage');
    const sums = { workday: { n: 0, pages: 0, colorPages: 0, black: 0, color: 0 }, weekend: { n: 0, pages: 0, colorPages: 0, black: 0, color: 0 } };
    const start = Date.UTC(2026, 1, 2); // February: no holiday lull for the next 200 days
    for (let d = 0; d < 60_000; d++) {
      const day = new Date(start + (d % 200) * DAY);
      const plan = planDay(usage, day, random);
      const s = day.getUTCDay() % 6 === 0 ? sums.weekend : sums.workday;
      s.n++;
      s.pages += plan.pages;
      s.colorPages += plan.colorPages;
      s.black += plan.blackCoverage;
      s.color += plan.colorCoverage;
    }
    for (const [weekend, s] of [[false, sums.workday], [true, sums.weekend]] as const) {
      const e = expectedDay(usage, weekend);
      expect(s.pages / s.n / e.pages).toBeCloseTo(1, 1);
      expect(s.colorPages / s.n / e.colorPages).toBeCloseTo(1, 1);
      expect(s.black / s.n / e.blackCoverage).toBeCloseTo(1, 2);
      expect(s.color / s.n / e.colorCoverage).toBeCloseTo(1, 2);
    }
  });
});
