import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

// axe-core (Deque's WCAG checker, nobody here wrote it) is injected as a script; the portal's own
// Content-Security-Policy would refuse an inline script, so these pages are opened with bypassCSP
// (the CSP itself is tested in test/browser/cross-site.test.ts and stored-xss.test.ts).
const axeSource: string = createRequire(import.meta.url)('axe-core').source;
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
interface Violation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** axe's critical and serious WCAG 2.1 A/AA violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })).violations;
  }, WCAG);
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s), e.g. ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * How far the page, or any box in it (a table in a scrolling wrapper, a chart), is wider than the room it
 * has, in CSS pixels: 0 when nothing on the page scrolls or is cut off sideways.
 */
export const sideways = (page: Page) => page.evaluate(() => {
  const name = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${[...e.classList].map((c) => `.${c}`).join('')}`;
  let worst = { px: document.documentElement.scrollWidth - window.innerWidth, where: 'the page' };
  for (const element of document.querySelectorAll('body *')) {
    const style = getComputedStyle(element);
    // Not a box that is shown: hidden, or kept for screen readers only (a 1 px clipped box).
    if (!['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX) || style.display === 'none' || element.clientWidth <= 1 || element.closest('.sr-only')) continue;
    const px = element.scrollWidth - element.clientWidth - 1;
    if (px > worst.px) worst = { px, where: name(element) };
  }
  // What sticks out furthest past the right edge of the screen.
  let widest: Element | null = null;
  for (const element of document.querySelectorAll('body *')) {
    if (element.closest('.sr-only')) continue;
    if (element.getBoundingClientRect().right > (widest?.getBoundingClientRect().right ?? window.innerWidth + 1)) widest = element;
  }
  return worst.px > 0 ? `${worst.px} px in ${worst.where}${widest ? `, e.g. ${name(widest)}` : ''}` : null;
});
