import { performance } from 'node:perf_hooks';

/** Latency summary of one measured operation. */
export interface Measurement {
  name: string;
  requests: number;
  perSecond: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

/** The p-th percentile of sorted values (the upper of two middles for the median); 0 for none. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Runs `operation` from `concurrency` loops until `durationMs` passes or `maxRequests` were made
 * (bounded in count and time), and summarizes latencies. Failed operations abort the measurement.
 */
export async function measure(
  name: string,
  operation: (i: number) => Promise<void>,
  options: { concurrency: number; durationMs: number; maxRequests: number; warmup?: number },
): Promise<Measurement> {
  for (let i = 0; i < (options.warmup ?? 20); i++) await operation(i);
  const latencies: number[] = [];
  const started = performance.now();
  let issued = 0;
  const loop = async () => {
    while (issued < options.maxRequests && performance.now() - started < options.durationMs) {
      const i = issued++;
      const t0 = performance.now();
      await operation(i);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  const elapsed = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    name,
    requests: sorted.length,
    perSecond: sorted.length / elapsed,
    medianMs: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    maxMs: sorted[sorted.length - 1] ?? 0,
  };
}
