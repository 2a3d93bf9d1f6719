import { execFile, execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { pollTargets, type Target } from '../collection/index.js';
import { printerAddress } from '../simulator/addresses.js';
import { spawnSimulator } from './simulator.js';

const run = promisify(execFile);

export interface CollectorBenchOptions {
  printers: number;
  concurrency: number;
  /** Devices polled by the per-device snmpbulkwalk baseline (a sample: launching a process per device is slow). */
  baselineSample: number;
  progress(message: string): void;
}

export interface CollectorBenchResult {
  printers: number;
  concurrency: number;
  ours: { seconds: number; devicesPerSecond: number; failed: number; supplies: number };
  baseline: { devices: number; seconds: number; devicesPerSecond: number } | { skipped: string };
  speedup: number | null;
}

function hasCommand(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `tonerloop bench collector`: TonerLoop's poll of simulated printers against Debian's snmpbulkwalk launched per device. */
export async function runCollectorBench(options: CollectorBenchOptions): Promise<CollectorBenchResult> {
  const snmpPort = 20000 + Math.floor(Math.random() * 20000);
  options.progress(`starting ${options.printers} simulated printers`);
  const child = await spawnSimulator(options.printers, snmpPort, snmpPort + 1);
  try {
    const address = (i: number) => printerAddress('127.0.20.1', i);
    const targets: Target[] = Array.from({ length: options.printers }, (_, i) => ({ kind: 'snmp', host: address(i), port: snmpPort, label: `${address(i)}:${snmpPort}` }));
    options.progress(`polling ${options.printers} printers with the collector (identity, meters, supplies, colorants, alerts; normalized)`);
    const started = performance.now();
    const readings = await pollTargets(targets, { snmp: { version: '2c', community: 'public', timeoutMs: 3000, retries: 1 }, ipp: false, ippPort: 631, ippPath: '/ipp/print' }, options.concurrency);
    const seconds = (performance.now() - started) / 1000;
    const failed = readings.filter((r) => r.error);
    if (failed.length > 0) options.progress(`${failed.length} devices failed, e.g. ${failed[0]!.target}: ${failed[0]!.error}`);
    const ours = { seconds, devicesPerSecond: options.printers / seconds, failed: readings.filter((r) => r.error).length, supplies: readings.reduce((n, r) => n + r.supplies.length, 0) };

    let baseline: CollectorBenchResult['baseline'] = { skipped: 'snmpbulkwalk is not installed (apt-get install snmp)' };
    if (hasCommand('snmpbulkwalk')) {
      const sample = Math.min(options.baselineSample, options.printers);
      options.progress(`baseline: snmpbulkwalk of 1.3.6.1.2.1 launched per device for ${sample} devices, ${options.concurrency} at a time`);
      let next = 0;
      const t0 = performance.now();
      const worker = async () => {
        while (next < sample) {
          const i = next++;
          await run('snmpbulkwalk', ['-v2c', '-c', 'public', '-t', '3', '-r', '1', '-On', `${address(i)}:${snmpPort}`, '1.3.6.1.2.1'], { maxBuffer: 16 * 1024 * 1024 }).catch(() => undefined);
        }
      };
      await Promise.all(Array.from({ length: options.concurrency }, worker));
      const s = (performance.now() - t0) / 1000;
      baseline = { devices: sample, seconds: s, devicesPerSecond: sample / s };
    }
    return { printers: options.printers, concurrency: options.concurrency, ours, baseline, speedup: 'devicesPerSecond' in baseline ? ours.devicesPerSecond / baseline.devicesPerSecond : null };
  } finally {
    child.kill('SIGTERM');
  }
}

/** The collector results as table rows. */
export function collectorTable(r: CollectorBenchResult): { header: string[]; rows: string[][] } {
  const b = r.baseline;
  return {
    header: ['measure', 'value', 'target'],
    rows: [
      [`TonerLoop collector: ${r.printers} devices polled, seconds`, r.ours.seconds.toFixed(2), '< 20'],
      ['TonerLoop collector: devices per second', r.ours.devicesPerSecond.toFixed(1), ''],
      ['TonerLoop collector: failed devices / supplies read', `${r.ours.failed} / ${r.ours.supplies}`, ''],
      'devicesPerSecond' in b ? [`baseline snmpbulkwalk per device (${b.devices} devices): devices per second`, b.devicesPerSecond.toFixed(1), ''] : ['baseline', b.skipped, ''],
      ['speed-up over the baseline', r.speedup === null ? '—' : `${r.speedup.toFixed(1)}×`, '≥ 5×'],
    ],
  };
}
