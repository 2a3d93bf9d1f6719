import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { readPrinterMib } from '../collection/snmp-reader.js';
import { printerAddress } from '../simulator/addresses.js';
import { simulateYear, type YearResult } from './simulator-year.js';

export interface SimulatorBenchOptions {
  printers: number;
  concurrency: number;
  progress(message: string): void;
}

export interface PollResult {
  printers: number;
  polled: number;
  failed: number;
  seconds: number;
  printersPerSecond: number;
  snmpRequests: number;
  requestsPerSecond: number;
  simulatorRssMb: number;
}

const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/** Starts `tonerloop simulate` as its own process (so it gets a core of its own) and waits until it answers. */
export async function spawnSimulator(printers: number, snmpPort: number, controlPort: number) {
  const child = spawn(process.execPath, [CLI, 'simulate', '--printers', String(printers), '--snmp-port', String(snmpPort), '--no-ipp', '--control-port', String(controlPort), '--seed', 'bench'], {
    stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TONERLOOP_LOG_LEVEL: 'warn' },
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk; if (out.includes('Simulating')) resolve(); });
    child.once('exit', (code) => reject(new Error(`the simulator exited with code ${code} before answering`)));
  });
  return child;
}

export async function stats(controlPort: number): Promise<{ snmp: { requests: number }; rssMb: number }> {
  return (await fetch(`http://127.0.0.1:${controlPort}/stats`)).json() as Promise<{ snmp: { requests: number }; rssMb: number }>;
}

/** Polls every simulated printer once over SNMP v2c (identity, meters, supplies, colorants, alerts) and times it. */
async function pollAll(options: SimulatorBenchOptions, snmpPort: number, controlPort: number): Promise<PollResult> {
  const before = await stats(controlPort);
  let next = 0;
  let failed = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < options.printers) {
      const i = next++;
      try {
        const reading = await readPrinterMib({ host: printerAddress('127.0.20.1', i), port: snmpPort, version: '2c', community: 'public', timeoutMs: 5000, retries: 1 });
        if (reading.supplies.size === 0) failed++;
      } catch {
        failed++; // an offline printer (the fleet has outages) does not answer
      }
      if (i % 250 === 0) options.progress(`polled ${i} of ${options.printers}`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const after = await stats(controlPort);
  const requests = after.snmp.requests - before.snmp.requests;
  return {
    printers: options.printers, polled: options.printers - failed, failed, seconds, printersPerSecond: options.printers / seconds,
    snmpRequests: requests, requestsPerSecond: requests / seconds, simulatorRssMb: after.rssMb,
  };
}

/** `tonerloop bench simulator`: a year of 1,000 printers in-process, and one full SNMP poll of a simulated fleet served by one process. */
export async function runSimulatorBench(options: SimulatorBenchOptions): Promise<{ year: YearResult; poll: PollResult }> {
  options.progress('simulating a year of 1,000 printers in-process');
  const year = simulateYear(1000);
  options.progress(`starting ${options.printers} simulated printers in one process`);
  const snmpPort = 20000 + Math.floor(Math.random() * 20000);
  const controlPort = snmpPort + 1;
  const child = await spawnSimulator(options.printers, snmpPort, controlPort);
  try {
    const poll = await pollAll(options, snmpPort, controlPort);
    return { year, poll };
  } finally {
    child.kill('SIGTERM');
  }
}

/** The simulator results as table rows. */
export function simulatorTable(r: { year: YearResult; poll: PollResult }): { header: string[]; rows: string[][] } {
  return {
    header: ['measure', 'value', 'target'],
    rows: [
      ['in-process: 1,000 printers × 365 days, seconds', r.year.seconds.toFixed(2), '< 10'],
      ['in-process: simulated printer-days per second', r.year.simulatedPrinterDaysPerSecond.toFixed(0), ''],
      [`network: printers served by one process`, String(r.poll.printers), '2,000'],
      ['network: full SNMP poll of all printers, seconds', r.poll.seconds.toFixed(2), '< 60'],
      ['network: printers answered / silent (offline)', `${r.poll.polled} / ${r.poll.failed}`, ''],
      ['network: SNMP requests answered per second', r.poll.requestsPerSecond.toFixed(0), ''],
      ['network: simulator memory, MB', r.poll.simulatorRssMb.toFixed(0), ''],
    ],
  };
}
