import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import { loadConfig, type Config } from '../config/index.js';

/** How long a client may take, and how many connections one address may hold (config: TONERLOOP_*_TIMEOUT_SECONDS). */
export interface ConnectionLimits {
  /** From a request's first byte until its headers are complete (Node's headersTimeout). */
  headersTimeoutMs: number;
  /** From a request's first byte until its body is complete (Node's requestTimeout): bounds an upload's duration. */
  requestTimeoutMs: number;
  /** How long a connection may wait idle between requests (keep-alive). */
  keepAliveTimeoutMs: number;
  /** A connection on which nothing moves either way for this long is closed; above the slowest answer (an import). */
  idleTimeoutMs: number;
  /** Open connections one client address may hold; 0 for no cap (e.g. behind a proxy that limits them itself). */
  maxConnectionsPerAddress: number;
}

type ConnectionSettings = Pick<Config, 'headersTimeoutSeconds' | 'requestTimeoutSeconds' | 'keepAliveTimeoutSeconds' | 'idleTimeoutSeconds' | 'maxConnectionsPerAddress'>;

/** The limits a configuration sets. */
export function connectionLimits(config: ConnectionSettings): ConnectionLimits {
  return {
    headersTimeoutMs: config.headersTimeoutSeconds * 1000,
    requestTimeoutMs: config.requestTimeoutSeconds * 1000,
    keepAliveTimeoutMs: config.keepAliveTimeoutSeconds * 1000,
    idleTimeoutMs: config.idleTimeoutSeconds * 1000,
    maxConnectionsPerAddress: config.maxConnectionsPerAddress,
  };
}

/** The configuration's defaults (src/config/config.ts, their one source), for servers built without one (tests, benches). */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = connectionLimits(loadConfig({}, {}));

/**
 * Fastify's server options for these limits. Fastify turns Node's request timeout off by default, and Node
 * checks headers and request timeouts only every 30 s; without these a client sending a byte now and then
 * holds its connection for ever.
 */
export function serverTimeouts(limits: ConnectionLimits): { connectionTimeout: number; keepAliveTimeout: number; requestTimeout: number; http: ServerOptions } {
  return {
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    // Fastify sets the server's keepAliveTimeout and requestTimeout from its own options above; only what it has
    // no option for goes to Node's server here.
    http: {
      headersTimeout: limits.headersTimeoutMs,
      // How often Node looks for connections past their headers or request timeout: often enough that a
      // timeout means about what it says, rarely enough to cost nothing (one pass over the open requests).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, limits.headersTimeoutMs / 4)),
    },
  };
}

/**
 * Closes a new connection at once when its address already holds `max` of them, so that one client
 * cannot use up the server's sockets however slowly it talks. Counts by the connecting address (behind a
 * reverse proxy that is the proxy's: raise the cap or turn it off there and let the proxy limit clients).
 */
export function capConnectionsPerAddress(server: Server, max: number): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = open.get(address) ?? 0;
    if (count >= max) {
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
