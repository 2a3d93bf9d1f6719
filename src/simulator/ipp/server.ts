import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { PrinterSnapshot } from '../snapshot.js';
import { IPP_PATH, handleIppHttpRequest, type IppSimulatorCounters } from './http-handler.js';

export interface IppSimulatorOptions {
  /** TCP port every printer address listens on: 631 as real printers do, or 0 for a free port per printer (tests). */
  port: number;
  /** The printer's current snapshot, asked on every connection and request; undefined means no printer there. */
  snapshotOf: (address: string) => PrinterSnapshot | undefined;
  /** Largest request body accepted; a Get-Printer-Attributes request is well under 1 KiB. Default 64 KiB. */
  maxBodyBytes?: number;
  /** How often listeners follow printers being switched on and off, in ms. Default 1000; 0 turns polling off. */
  powerCheckMs?: number;
}

interface PrinterListener {
  port: number;
  server: Server | undefined;
}

/**
 * The IPP face of the printer simulator: one HTTP server per printer address (any 127.x.y.z,
 * which Linux routes to loopback), all in one process.
 *
 * A switched-off printer has no listener: clients get "connection refused" at once. (A real one
 * usually makes them time out; refusing means the same "no answer" without making every poll
 * wait.) Listeners follow the snapshots' `online` flag on a timer and on `refresh()`. Between two
 * checks, a connection to a printer that just went off is destroyed unanswered and its listener
 * closed at once; the listener is the signal, because CUPS clients retry reset connections forever.
 */
export class IppSimulator {
  private readonly printers = new Map<string, PrinterListener>();
  private readonly count: IppSimulatorCounters = { requests: 0, answered: 0, errors: 0, dropped: 0 };
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(private readonly options: IppSimulatorOptions) {}

  /** A copy of the counters. */
  get counters(): IppSimulatorCounters {
    return { ...this.count };
  }

  /** Simulates the printer at `address`: listens while it is online; resolves with its port. */
  async addPrinter(address: string): Promise<number> {
    const existing = this.printers.get(address);
    if (existing) return existing.port;
    const printer: PrinterListener = { port: this.options.port, server: undefined };
    // Bound once even when off, so a port of 0 settles to the number the printer keeps for good.
    printer.server = await this.listen(address, printer.port);
    printer.port = (printer.server.address() as { port: number }).port;
    this.printers.set(address, printer);
    this.startPowerChecks();
    await this.refresh();
    return printer.port;
  }

  /** The printer-uri a client uses to reach the printer at `address`. */
  printerUri(address: string): string {
    const printer = this.printers.get(address);
    if (!printer) throw new Error(`No simulated IPP printer at ${address}`);
    return `ipp://${address}:${printer.port}${IPP_PATH}`;
  }

  /** Opens or closes listeners to match every printer's `online` flag now. Never rejects. */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(async () => {
      for (const [address, printer] of this.printers) {
        const online = this.safeSnapshot(address) !== undefined;
        if (online && !printer.server) printer.server = await this.listen(address, printer.port).catch(() => undefined);
        if (!online && printer.server) await this.stop(printer);
        // Removed while its listener was opening: close what was just opened.
        if (!this.printers.has(address)) await this.stop(printer);
      }
    });
    return this.refreshing;
  }

  /** Stops simulating the printer at `address`. */
  async removePrinter(address: string): Promise<void> {
    const printer = this.printers.get(address);
    if (!printer) return;
    this.printers.delete(address);
    await this.stop(printer);
  }

  /** Stops every printer and the power checks. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.refreshing;
    await Promise.all([...this.printers.keys()].map((address) => this.removePrinter(address)));
  }

  private listen(address: string, port: number): Promise<Server> {
    const server = createServer({ requestTimeout: 10_000, headersTimeout: 5_000 });
    const context = {
      printerUri: () => this.printerUri(address),
      snapshotIfOnline: () => this.snapshotIfOnline(address),
      onOffline: () => void this.refresh(),
      counters: this.count,
      maxBodyBytes: this.options.maxBodyBytes ?? 64 * 1024,
    };
    server.on('request', (req, res) => void handleIppHttpRequest(context, req, res));
    server.on('connection', (socket: Socket) => {
      if (this.safeSnapshot(address) !== undefined) return;
      this.count.dropped += 1;
      socket.destroy();
      void this.refresh();
    });
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
      this.count.errors += 1;
      if (error.code === 'ECONNRESET' || !socket.writable) socket.destroy();
      else socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, address, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  private async stop(printer: PrinterListener): Promise<void> {
    const server = printer.server;
    if (!server) return;
    printer.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private startPowerChecks(): void {
    const every = this.options.powerCheckMs ?? 1000;
    if (this.timer || every <= 0) return;
    this.timer = setInterval(() => void this.refresh(), every);
    this.timer.unref();
  }

  private snapshotIfOnline(address: string): PrinterSnapshot | undefined {
    const snapshot = this.options.snapshotOf(address);
    return snapshot?.online ? snapshot : undefined;
  }

  /** As snapshotIfOnline, but a throwing callback counts as "off" where no HTTP answer is possible. */
  private safeSnapshot(address: string): PrinterSnapshot | undefined {
    try {
      return this.snapshotIfOnline(address);
    } catch {
      return undefined;
    }
  }
}
