import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PrinterSnapshot } from '../snapshot.js';
import { answerIppRequest } from './answer.js';

/** The path IPP Everywhere printers serve (PWG 5100.14); anything else is a 404. */
export const IPP_PATH = '/ipp/print';

/** What the simulator has seen since it started. */
export interface IppSimulatorCounters {
  /** HTTP requests received, whatever became of them. */
  requests: number;
  /** IPP answers with status successful-ok. */
  answered: number;
  /** Everything else answered: HTTP 4xx/5xx, IPP error statuses, unparseable HTTP. */
  errors: number;
  /** Connections and requests dropped without a word because the printer was off (or absent). */
  dropped: number;
}

/** What one printer's request handler needs from the simulator around it. */
export interface HandlerContext {
  printerUri: () => string;
  /** The snapshot when the printer is on; undefined when it is off or absent. */
  snapshotIfOnline: () => PrinterSnapshot | undefined;
  /** Called when a request reaches a printer that is off: the socket is already gone. */
  onOffline: () => void;
  counters: IppSimulatorCounters;
  maxBodyBytes: number;
}

/** Handles one HTTP request to a simulated printer; never rejects, whatever the client sends. */
export async function handleIppHttpRequest(context: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { counters } = context;
  counters.requests += 1;
  const reply = (status: number, message: string, headers: Record<string, string> = {}) => {
    counters.errors += 1;
    const body = `${message}\n`;
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers });
    res.end(body);
  };
  const drop = () => {
    counters.dropped += 1;
    req.socket.destroy();
    context.onOffline();
  };
  try {
    if (context.snapshotIfOnline() === undefined) return drop();
    if (req.url !== IPP_PATH) return reply(404, `Not found: IPP is served at ${IPP_PATH}`);
    if (req.method !== 'POST') return reply(405, 'Only POST is allowed', { Allow: 'POST' });
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/ipp') return reply(415, 'Content-Type must be application/ipp');
    const body = await readBody(req, context.maxBodyBytes);
    if (body === undefined) return reply(413, `Request body exceeds ${context.maxBodyBytes} bytes`, { Connection: 'close' });
    // The snapshot is read again after the body: the answer shows the printer as it is now.
    const snapshot = context.snapshotIfOnline();
    if (snapshot === undefined) return drop();
    const answer = answerIppRequest(body, snapshot, context.printerUri());
    if (answer.kind === 'undecodable') return reply(400, answer.reason);
    if (answer.status === 0) counters.answered += 1;
    else counters.errors += 1;
    res.writeHead(200, { 'Content-Type': 'application/ipp', 'Content-Length': answer.body.length });
    res.end(answer.body);
  } catch (error) {
    // A failing snapshot callback, a broken body stream or a bug costs one request, never the process.
    if (!res.headersSent && !res.destroyed && !req.socket.destroyed) reply(500, `Simulator failure: ${(error as Error).message}`);
    else req.socket.destroy();
  }
}

/** The whole body, or undefined as soon as it passes `limit` (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.removeAllListeners('data');
      req.pause();
      resolve(undefined);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => reject(new Error('The client went away mid-body')));
  });
}
