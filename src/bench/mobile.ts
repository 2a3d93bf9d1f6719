import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

/**
 * Lighthouse 12's mobile preset as its "devtools" throttling applies it: a Moto G Power's 412×823
 * screen at 1.75 device pixels, touch, the CPU slowed 4×, and "Slow 4G" (mobileSlow4G: 150 ms RTT,
 * 1.6 Mbit/s down, 750 kbit/s up). DevTools throttles per request, not per packet, so Lighthouse
 * multiplies the RTT by 3.75 and the throughputs by 0.9 (its DEVTOOLS_RTT_ADJUSTMENT_FACTOR and
 * DEVTOOLS_THROUGHPUT_ADJUSTMENT_FACTOR) and counts a kbit as 1,024 bits: 562.5 ms per request,
 * 188,744 B/s down, 86,400 B/s up.
 */
export const MOBILE_PRESET = {
  context: { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true } satisfies BrowserContextOptions,
  cpuSlowdown: 4,
  network: { offline: false, latency: 150 * 3.75, downloadThroughput: (1.6 * 1024 * 0.9 * 1024) / 8, uploadThroughput: (750 * 0.9 * 1024) / 8 },
};

/** One cold page load's Lighthouse-style figures. */
export interface MobileLoad {
  firstContentfulPaintMs: number;
  largestContentfulPaintMs: number;
  totalBlockingTimeMs: number;
  cumulativeLayoutShift: number;
  transferredBytes: number;
  scriptBytes: number;
  requests: number;
  /** The content-encodings the scripts came with ('identity' when none). */
  scriptEncodings: string[];
}

interface Vitals {
  fcp: number | null;
  lcp: number;
  shifts: [number, number][];
  longTasks: [number, number][];
}

/**
 * Installed before the page's own scripts by CDP (Page.addScriptToEvaluateOnNewDocument), which the
 * portal's Content-Security-Policy does not govern: the page's paints, shifts and long tasks, buffered.
 */
const OBSERVER_SCRIPT = `(() => {
  const vitals = { fcp: null, lcp: 0, shifts: [], longTasks: [] };
  Object.defineProperty(window, '__tonerloopVitals', { value: vitals });
  const observe = (type, record) => new PerformanceObserver((list) => list.getEntries().forEach(record)).observe({ type, buffered: true });
  observe('paint', (e) => { if (e.name === 'first-contentful-paint') vitals.fcp = e.startTime; });
  observe('largest-contentful-paint', (e) => { vitals.lcp = e.startTime; });
  observe('layout-shift', (e) => { if (!e.hadRecentInput) vitals.shifts.push([e.startTime, e.value]); });
  observe('longtask', (e) => vitals.longTasks.push([e.startTime, e.duration]));
})();`;

/** Total blocking time as Lighthouse counts it: of each long task, the part after first contentful paint beyond 50 ms. */
export function totalBlockingTime(fcpMs: number, longTasks: [start: number, duration: number][]): number {
  let sum = 0;
  for (const [start, duration] of longTasks) {
    const afterFcp = start + duration - Math.max(start, fcpMs);
    if (afterFcp > 50) sum += afterFcp - 50;
  }
  return sum;
}

/** Cumulative layout shift as Chrome defines it since 2021: the largest session window (shifts < 1 s apart, ≤ 5 s long). */
export function cumulativeLayoutShift(shifts: [start: number, value: number][]): number {
  let largest = 0;
  let window = 0;
  let windowStart = -Infinity;
  let previous = -Infinity;
  for (const [start, value] of [...shifts].sort((a, b) => a[0] - b[0])) {
    if (start - previous >= 1000 || start - windowStart >= 5000) {
      window = 0;
      windowStart = start;
    }
    window += value;
    previous = start;
    largest = Math.max(largest, window);
  }
  return largest;
}

/** Milliseconds the page must stay quiet (no request in flight, no long task) before it is measured; Lighthouse waits similarly. */
const QUIET_MS = 1000;
const QUIET_LIMIT_MS = 20_000;

/**
 * Loads `url` cold (cache disabled) in a new page of `context` (made with MOBILE_PRESET.context),
 * throttled like Lighthouse's mobile run, waits for `ready` and then for the page to go quiet, and
 * returns its figures. `acceptEncoding`, when given, replaces the browser's Accept-Encoding: 'identity'
 * is the same page as it was served before compression.
 */
export async function measureMobileLoad(context: BrowserContext, url: string, ready: (page: Page) => Promise<unknown>, options: { acceptEncoding?: string } = {}): Promise<MobileLoad> {
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  try {
    const cdp = await context.newCDPSession(page);
    const resources = new Map<string, { type: string; encoding: string }>();
    let transferredBytes = 0;
    let scriptBytes = 0;
    let requests = 0;
    const scriptEncodings: string[] = [];
    const inFlight = new Set<string>();
    let lastNetworkActivity = performance.now();
    cdp.on('Network.requestWillBeSent', (event) => { inFlight.add(event.requestId); lastNetworkActivity = performance.now(); });
    cdp.on('Network.responseReceived', (event) => {
      const encoding = Object.entries(event.response.headers).find(([name]) => name.toLowerCase() === 'content-encoding')?.[1] ?? 'identity';
      resources.set(event.requestId, { type: event.type, encoding });
    });
    const finished = (requestId: string, bytes: number) => {
      inFlight.delete(requestId);
      lastNetworkActivity = performance.now();
      requests++;
      transferredBytes += bytes;
      const resource = resources.get(requestId);
      if (resource?.type === 'Script') {
        scriptBytes += bytes;
        scriptEncodings.push(resource.encoding);
      }
    };
    // encodedDataLength on loadingFinished is what came over the wire for the request: its headers and its (compressed) body.
    cdp.on('Network.loadingFinished', (event) => finished(event.requestId, event.encodedDataLength));
    cdp.on('Network.loadingFailed', (event) => finished(event.requestId, 0));
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', MOBILE_PRESET.network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: MOBILE_PRESET.cpuSlowdown });
    if (options.acceptEncoding) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': options.acceptEncoding } });
    await cdp.send('Page.enable');
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: OBSERVER_SCRIPT });

    await page.goto(url);
    await ready(page);
    const givenUp = performance.now() + QUIET_LIMIT_MS;
    for (;;) {
      const sinceLongTask = await page.evaluate(() => {
        const tasks = (window as unknown as { __tonerloopVitals: Vitals }).__tonerloopVitals.longTasks;
        const last = tasks.at(-1);
        return last ? performance.now() - (last[0] + last[1]) : performance.now();
      });
      if ((inFlight.size === 0 && performance.now() - lastNetworkActivity >= QUIET_MS && sinceLongTask >= QUIET_MS) || performance.now() > givenUp) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const vitals = await page.evaluate(() => (window as unknown as { __tonerloopVitals: Vitals }).__tonerloopVitals);
    if (vitals.fcp === null) throw new Error(`${url}: no first contentful paint was observed`);
    return {
      firstContentfulPaintMs: vitals.fcp,
      largestContentfulPaintMs: vitals.lcp,
      totalBlockingTimeMs: totalBlockingTime(vitals.fcp, vitals.longTasks),
      cumulativeLayoutShift: cumulativeLayoutShift(vitals.shifts),
      transferredBytes, scriptBytes, requests, scriptEncodings,
    };
  } finally {
    await page.close();
  }
}
