import { describe, expect, it } from 'vitest';
import { excessFlag, excessPages } from './excess.js';

describe('excessPages', () => {
  it('counts a colour supply on colour pages against the rated yield where the printer reports colour pages', () => {
    expect(excessPages('cyan', { total: 6000, color: 40 }, { realized: 9000, rated: 1300 })).toEqual({ pagesAxis: 'color', pagesPrinted: 40, yieldPages: 1300 });
  });
  it('counts black on total pages against the realized yield, else the rated one', () => {
    expect(excessPages('black', { total: 6000, color: 40 }, { realized: 3100, rated: 3000 })).toEqual({ pagesAxis: 'total', pagesPrinted: 6000, yieldPages: 3100 });
    expect(excessPages('black', { total: 6000, color: 40 }, { realized: null, rated: 3000 })).toEqual({ pagesAxis: 'total', pagesPrinted: 6000, yieldPages: 3000 });
  });
  it('falls back to total pages for a colour supply without a colour counter or a rated yield', () => {
    expect(excessPages('magenta', { total: 6000, color: null }, { realized: null, rated: 1300 })).toMatchObject({ pagesAxis: 'total', pagesPrinted: 6000 });
    expect(excessPages('magenta', { total: 6000, color: 10 }, { realized: 8000, rated: null })).toEqual({ pagesAxis: 'total', pagesPrinted: 6000, yieldPages: 8000 });
  });
});

describe('excessFlag', () => {
  const base = { supplyIndex: 3, color: 'cyan', kind: 'toner', firstShippedAt: new Date('2026-11-01T00:00:00Z'), adding: 1, threshold: 1 };
  it('flags a third cyan shipped when no colour page was printed, and says the pages are colour pages', () => {
    const flag = excessFlag({ ...base, shippedBefore: 2, pagesPrinted: 0, yieldPages: 1300, pagesAxis: 'color' });
    expect(flag).toMatchObject({ shipped: 3, cartridgesUsed: 0, ahead: 2, pagesAxis: 'color' });
    expect(flag!.message).toContain('0 colour pages at about 1300 colour pages a cartridge');
  });
  it('allows one spare: a second cyan without colour pages is not flagged', () => {
    expect(excessFlag({ ...base, shippedBefore: 1, pagesPrinted: 0, yieldPages: 1300, pagesAxis: 'color' })).toBeNull();
  });
  it('does not flag a third black when the total pages used two', () => {
    expect(excessFlag({ ...base, color: 'black', shippedBefore: 2, pagesPrinted: 6000, yieldPages: 3000 })).toBeNull();
  });
});
