/**
 * The simulator's SNMP face: one UDP socket per simulated printer address, all in one process,
 * answering v1, v2c and v3 (USM) reads from each printer's current snapshot. Tables are rendered
 * lazily — only when a request for that printer passes security — and memoized per snapshot object.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import type { PrinterSnapshot } from '../snapshot.js';
import { BerError } from './ber.js';
import { answerDatagram } from './datagram.js';
import { renderPrinterMib, type MibTable } from './oids.js';
import { createUserDirectory, type SnmpUserConfig } from './users.js';
import { REPORT_OIDS, type ReportReason } from './v3.js';

export interface SnmpAgentOptions {
  /** UDP port every printer address listens on (161 needs privileges); 0 lets each socket pick one. */
  port: number;
  /**
   * The printer's current snapshot; undefined or offline means the address stays silent. Publish a
   * new object when anything changes: the rendered table is memoized per snapshot object.
   */
  snapshotOf: (address: string) => PrinterSnapshot | undefined;
  /** Read community for v1/v2c; defaults to "public"; null switches v1/v2c off. */
  community?: string | null;
  /** SNMPv3 users every printer accepts. */
  users?: readonly SnmpUserConfig[];
  /**
   * snmpEngineBoots of every printer engine. It must grow across restarts — a manager that cached
   * our clock would otherwise discard our answers (RFC 3414 §2.2.3) — so it defaults to seconds since 2020.
   */
  engineBoots?: number;
  /** Milliseconds clock for snmpEngineTime; injectable for tests. */
  clock?: () => number;
  /** snmpEngineID per printer address; defaults to a text-format ID naming the address. */
  engineIdOf?: (address: string) => Buffer;
}

/** What happened to received datagrams: each request ends in exactly one of the five counters after it. */
export interface SnmpAgentCounters {
  requests: number;
  responses: number;
  reports: number;
  /** Deliberate silence: offline or unknown printer, wrong community, non-reportable v3 failure. */
  dropped: number;
  /** Not well-formed SNMP (including v3 PDUs that fail to decrypt into one). */
  malformed: number;
  /** Unexpected failures, e.g. a snapshot the encoder rejects; should stay 0. */
  errors: number;
  /** Reports sent, by reason. */
  usmStats: Record<ReportReason, number>;
  /** Answers the kernel refused to send (not one of the five: the request was already counted). */
  sendFailures: number;
}

export interface SnmpAgent {
  /** Starts answering on address:port; resolves with the bound port. */
  listen(address: string): Promise<number>;
  /** Stops answering on an address. */
  unlisten(address: string): Promise<void>;
  /** Addresses currently listened on. */
  addresses(): string[];
  readonly counters: Readonly<SnmpAgentCounters>;
  /** Closes every socket. */
  close(): Promise<void>;
}

interface Printer {
  socket: Socket;
  engineId: Buffer;
  startedAt: number;
}

const SECONDS_2020 = Date.UTC(2020, 0, 1) / 1000;

/** Default engine ID: RFC 3411 text format (octet 5 = 4) under net-snmp's enterprise number 8072. */
export function defaultEngineId(address: string): Buffer {
  return Buffer.concat([Buffer.from([0x80, 0x00, 0x1f, 0x88, 0x04]), Buffer.from(`tonerloop ${address}`.slice(0, 27))]);
}

/** Creates an agent; it answers nothing until listen() is called for printer addresses. */
export function createSnmpAgent(options: SnmpAgentOptions): SnmpAgent {
  const clock = options.clock ?? Date.now;
  const engineBoots = options.engineBoots ?? Math.max(1, Math.floor(clock() / 1000 - SECONDS_2020));
  const community = options.community === null ? null : Buffer.from(options.community ?? 'public', 'utf8');
  const users = createUserDirectory(options.users ?? []);
  const engineIdOf = options.engineIdOf ?? defaultEngineId;
  const printers = new Map<string, Printer>();
  const tables = new WeakMap<PrinterSnapshot, MibTable>();
  const usmStats = Object.fromEntries(Object.keys(REPORT_OIDS).map((reason) => [reason, 0])) as Record<ReportReason, number>;
  const counters: SnmpAgentCounters = { requests: 0, responses: 0, reports: 0, dropped: 0, malformed: 0, errors: 0, usmStats, sendFailures: 0 };
  const salt = randomBytes(8);

  const tableOf = (snapshot: PrinterSnapshot): MibTable => {
    let table = tables.get(snapshot);
    if (!table) tables.set(snapshot, (table = renderPrinterMib(snapshot)));
    return table;
  };
  const nextSalt = (): Buffer => {
    for (let i = 7; i >= 0 && ++salt[i]! === 256; i--) salt[i] = 0;
    return Buffer.from(salt);
  };

  const onDatagram = (address: string, printer: Printer, datagram: Buffer, port: number, from: string) => {
    counters.requests++;
    try {
      const snapshot = options.snapshotOf(address);
      if (!snapshot?.online) {
        counters.dropped++;
        return;
      }
      const outcome = answerDatagram(datagram, {
        community,
        users,
        engine: { engineId: printer.engineId, engineBoots, engineTime: Math.floor((clock() - printer.startedAt) / 1000) },
        table: () => tableOf(snapshot),
        salt: nextSalt,
        countReport: (reason) => ++usmStats[reason],
      });
      if (outcome.kind === 'drop') {
        counters.dropped++;
        return;
      }
      counters[outcome.kind === 'response' ? 'responses' : 'reports']++;
      printer.socket.send(outcome.datagram, port, from);
    } catch (error) {
      // Nothing a datagram carries may escape as an exception; a counter is all it earns.
      if (error instanceof BerError) counters.malformed++;
      else counters.errors++;
    }
  };

  const unlisten = async (address: string) => {
    const printer = printers.get(address);
    if (!printer) return;
    printers.delete(address);
    await new Promise<void>((resolve) => printer.socket.close(() => resolve()));
  };

  return {
    counters,
    unlisten,
    addresses: () => [...printers.keys()],
    async close() {
      await Promise.all([...printers.keys()].map(unlisten));
    },
    async listen(address) {
      if (printers.has(address)) throw new Error(`Already answering SNMP on ${address}.`);
      const socket = createSocket({ type: 'udp4' });
      const printer: Printer = { socket, engineId: engineIdOf(address), startedAt: clock() };
      await new Promise<void>((resolve, reject) => {
        socket.once('error', (error) => {
          socket.close();
          reject(new Error(`Cannot answer SNMP on ${address}:${options.port}: ${error.message}`));
        });
        socket.bind({ address, port: options.port, exclusive: true }, () => {
          socket.removeAllListeners('error');
          resolve();
        });
      });
      // Send failures surface as socket errors; a printer does not crash over them, nor do we.
      socket.on('error', () => counters.sendFailures++);
      socket.on('message', (datagram, remote) => onDatagram(address, printer, datagram, remote.port, remote.address));
      printers.set(address, printer);
      return socket.address().port;
    },
  };
}
