import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { isAppError } from '../platform/errors.js';
import type { Simulation } from './simulation.js';

const Delivery = z.object({
  printer: z.number().int().min(0).optional(),
  serial: z.string().min(1).optional(),
  supply: z.number().int().min(1),
  /** Simulated arrival time; now when omitted. */
  at: z.iso.datetime({ offset: true }).optional(),
}).refine((d) => (d.printer === undefined) !== (d.serial === undefined), 'Name the printer by position or by serial, not both.');

/** What the control API needs from the running simulator. */
export interface ControlTarget {
  simulation: Simulation;
  /** Simulated epoch ms now. */
  now(): number;
  /** The loopback address of printer `index`. */
  addressOf(index: number): string;
  /** Protocol counters of the faces. */
  counters(): Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 65_536) throw new Error('The request body is larger than 64 KiB.');
  }
  return JSON.parse(text);
}

/**
 * The simulator's control API on loopback: the fleet, the ground truth now, the truth events so far,
 * and deliveries ("this cartridge arrives at this printer at time T"). For tests, benchmarks and the demo.
 */
export function createControlServer(target: ControlTarget): Server {
  const { simulation } = target;
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    const handle = async () => {
      if (req.method === 'GET' && url.pathname === '/clock') return send(res, 200, { now: new Date(target.now()).toISOString(), speed: simulation.scenario.speed });
      if (req.method === 'GET' && url.pathname === '/stats') return send(res, 200, { ...target.counters(), rssMb: process.memoryUsage().rss / 1048576 });
      if (req.method === 'GET' && url.pathname === '/printers') {
        return send(res, 200, simulation.printers.map((p, i) => ({ printer: i, address: target.addressOf(i), serial: p.serial, model: p.model.id, personality: p.model.personality })));
      }
      if (req.method === 'GET' && url.pathname === '/truth') return send(res, 200, simulation.printers.map((_, i) => simulation.truthAt(i, target.now())));
      const one = /^\/truth\/(\d+)$/.exec(url.pathname);
      if (req.method === 'GET' && one) return send(res, 200, simulation.truthAt(Number(one[1]), target.now()));
      if (req.method === 'GET' && url.pathname === '/events') {
        simulation.advanceAll(target.now());
        const since = Math.max(0, Number(url.searchParams.get('since') ?? 0) || 0);
        return send(res, 200, { events: simulation.log.events.slice(since, since + 10_000), next: Math.min(simulation.log.events.length, since + 10_000) });
      }
      if (req.method === 'POST' && url.pathname === '/deliveries') {
        const parsed = Delivery.safeParse(await readJson(req));
        if (!parsed.success) return send(res, 400, { error: { code: 'bad-request', message: parsed.error.issues[0]!.message } });
        const d = parsed.data;
        const index = d.printer ?? simulation.printers.findIndex((p) => p.serial === d.serial);
        if (index < 0) return send(res, 404, { error: { code: 'not-found', message: `No simulated printer has serial ${d.serial}.` } });
        simulation.deliver(index, d.supply, d.at ? Date.parse(d.at) : target.now());
        return send(res, 202, { printer: index, supply: d.supply });
      }
      return send(res, 404, { error: { code: 'not-found', message: `No endpoint ${req.method} ${url.pathname}.` } });
    };
    handle().catch((error: unknown) => {
      const status = isAppError(error, 'not-found') ? 404 : 400;
      send(res, status, { error: { code: status === 404 ? 'not-found' : 'bad-request', message: (error as Error).message } });
    });
  });
}
