import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { connectionLimits, DEFAULT_CONNECTION_LIMITS } from './connections.js';

describe('connectionLimits', () => {
  it("takes the configuration's seconds as milliseconds, and its defaults are the configuration's defaults", () => {
    expect(connectionLimits(loadConfig({}, { TONERLOOP_HEADERS_TIMEOUT_SECONDS: '5', TONERLOOP_MAX_CONNECTIONS_PER_ADDRESS: '0' })))
      .toEqual({ ...DEFAULT_CONNECTION_LIMITS, headersTimeoutMs: 5000, maxConnectionsPerAddress: 0 });
    expect(DEFAULT_CONNECTION_LIMITS).toEqual({ headersTimeoutMs: 15_000, requestTimeoutMs: 120_000, keepAliveTimeoutMs: 72_000, idleTimeoutMs: 300_000, maxConnectionsPerAddress: 50 });
  });
});
