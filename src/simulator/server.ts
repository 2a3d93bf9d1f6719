import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScaledClock, type Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { createControlServer } from './control.js';
import { renderSnapshot } from './render.js';
import type { Scenario } from './scenario.js';
import { Simulation } from './simulation.js';
import type { PrinterSnapshot } from './snapshot.js';
import { IppSimulator } from './ipp/index.js';
import { createSnmpAgent, type SnmpAgent, type SnmpUserConfig } from './snmp/index.js';
import { printerAddress } from './addresses.js';
import { TruthFile } from './truth-file.js';

export interface SimulatorOptions {
  scenario: Scenario;
  /** Address of the first printer; the others count up from it. */
  firstAddress: string;
  snmpPort: number;
  /** IPP port, or null for no IPP. */
  ippPort: number | null;
  /** Port of the control API on 127.0.0.1, or null for none. */
  controlPort: number | null;
  community: string;
  v3Users: SnmpUserConfig[];
  /** Shared accelerated time (demo, end-to-end tests); by default the scenario's start and speed from now. */
  clock?: Clock;
  /** A JSON-lines file that receives every truth event. */
  truthFile?: string;
  logger: Logger;
}

/** A running fleet of simulated printers on loopback. */
export interface RunningSimulator {
  simulation: Simulation;
  addresses: string[];
  snmp: SnmpAgent;
  ipp: IppSimulator | null;
  controlUrl: string | null;
  /** Simulated epoch ms now. */
  now(): number;
  stop(): Promise<void>;
}

// Printers are walked by many requests per poll; their snapshot changes only when their simulated hour does.
function snapshotCache(simulation: Simulation, now: () => number) {
  const cache = new Map<number, { time: number; snapshot: PrinterSnapshot }>();
  return (index: number): PrinterSnapshot => {
    const printer = simulation.printer(index);
    printer.advanceTo(now());
    const hit = cache.get(index);
    if (hit && hit.time === printer.time) return hit.snapshot;
    const snapshot = renderSnapshot(printer);
    cache.set(index, { time: printer.time, snapshot });
    return snapshot;
  };
}

/** Starts the simulated fleet: every printer's SNMP agent (and IPP server), the control API, and a clock tick. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const truthFile = options.truthFile ? new TruthFile(options.truthFile) : null;
  const simulation = new Simulation(options.scenario, truthFile ? [truthFile] : []);
  // Alone, the fleet starts at the scenario's start and runs at its speed; in the demo it shares the server's clock.
  const clock = options.clock ?? new ScaledClock(simulation.start, options.scenario.speed);
  const now = () => clock.now().getTime();
  const addresses = simulation.printers.map((_, i) => printerAddress(options.firstAddress, i));
  const indexOf = new Map(addresses.map((address, i) => [address, i]));
  const snapshotOf = snapshotCache(simulation, now);
  const byAddress = (address: string) => {
    const index = indexOf.get(address);
    return index === undefined ? undefined : snapshotOf(index);
  };

  const snmp = createSnmpAgent({ port: options.snmpPort, snapshotOf: byAddress, community: options.community, users: options.v3Users });
  // Power is checked on each clock tick below, not by the IPP face's own timer.
  const ipp = options.ippPort === null ? null : new IppSimulator({ port: options.ippPort, snapshotOf: byAddress, powerCheckMs: 0 });
  const servers: Server[] = [];
  try {
    for (const address of addresses) {
      await snmp.listen(address);
      await ipp?.addPrinter(address);
    }
    let controlUrl: string | null = null;
    if (options.controlPort !== null) {
      const control = createControlServer({ simulation, now, addressOf: (i) => addresses[i]!, counters: () => ({ snmp: snmp.counters, ipp: ipp?.counters ?? null }) });
      await new Promise<void>((resolve, reject) => control.once('error', reject).listen(options.controlPort!, '127.0.0.1', resolve));
      servers.push(control);
      controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
    }
    // Advance every printer with the clock, so truth events are recorded as they happen, polled or not.
    const tick = setInterval(() => {
      simulation.advanceAll(now());
      void ipp?.refresh();
    }, 1000);
    options.logger.info({ printers: addresses.length, first: addresses[0], snmpPort: options.snmpPort, speed: options.scenario.speed }, 'simulated printers are answering');
    return {
      simulation, addresses, snmp, ipp, controlUrl, now,
      async stop() {
        clearInterval(tick);
        await snmp.close();
        await ipp?.close();
        await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
        truthFile?.close();
      },
    };
  } catch (error) {
    await snmp.close();
    await ipp?.close();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    truthFile?.close();
    throw error;
  }
}
