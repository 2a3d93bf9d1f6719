import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives working defaults on an empty environment', () => {
    const config = loadConfig({}, {});
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', dataDir: './data', workers: true, secureCookies: false });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('lets flags win over environment variables', () => {
    expect(loadConfig({ port: '9090' }, { TONERLOOP_PORT: '7070' }).port).toBe(9090);
    expect(loadConfig({}, { TONERLOOP_PORT: '7070' }).port).toBe(7070);
  });

  it('names the flag or variable that is wrong, in one sentence', () => {
    expect(() => loadConfig({ port: 'eighty' }, {})).toThrow(/^--port is invalid: .*\.$/);
    expect(() => loadConfig({}, { DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL is invalid: must start with postgres/);
    expect(() => loadConfig({}, { TONERLOOP_ADMIN_PASSWORD: 'short' })).toThrow(/TONERLOOP_ADMIN_PASSWORD is invalid: must be at least 10 characters/);
    expect(() => loadConfig({}, { TONERLOOP_SECURE_COOKIES: 'perhaps' })).toThrow(/TONERLOOP_SECURE_COOKIES is invalid/);
  });

  it('reads trusted proxies as addresses and CIDR ranges, none by default, and names a wrong entry', () => {
    expect(loadConfig({}, {}).trustedProxies).toEqual([]);
    expect(loadConfig({}, { TONERLOOP_TRUSTED_PROXIES: '10.0.0.2, 172.16.0.0/12,::1' }).trustedProxies).toEqual(['10.0.0.2', '172.16.0.0/12', '::1']);
    expect(() => loadConfig({}, { TONERLOOP_TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/TONERLOOP_TRUSTED_PROXIES is invalid: each entry must be an IP address or a CIDR range/);
    expect(() => loadConfig({}, { TONERLOOP_TRUSTED_PROXIES: 'proxy.internal' })).toThrow(/TONERLOOP_TRUSTED_PROXIES is invalid/);
  });

  it('reads the HTTP timeouts, the connection cap and HSTS, off by default, and refuses headers slower than the request', () => {
    expect(loadConfig({}, {})).toMatchObject({
      hsts: false, headersTimeoutSeconds: 15, requestTimeoutSeconds: 120, keepAliveTimeoutSeconds: 72, idleTimeoutSeconds: 300, maxConnectionsPerAddress: 50,
    });
    expect(loadConfig({}, { TONERLOOP_HSTS: 'true', TONERLOOP_MAX_CONNECTIONS_PER_ADDRESS: '0' })).toMatchObject({ hsts: true, maxConnectionsPerAddress: 0 });
    expect(() => loadConfig({}, { TONERLOOP_HEADERS_TIMEOUT_SECONDS: '0' })).toThrow(/TONERLOOP_HEADERS_TIMEOUT_SECONDS is invalid/);
    expect(() => loadConfig({}, { TONERLOOP_HEADERS_TIMEOUT_SECONDS: '60', TONERLOOP_REQUEST_TIMEOUT_SECONDS: '30' }))
      .toThrow(/^TONERLOOP_HEADERS_TIMEOUT_SECONDS is invalid: must not exceed TONERLOOP_REQUEST_TIMEOUT_SECONDS/);
    expect(() => loadConfig({}, { TONERLOOP_MAX_CONNECTIONS_PER_ADDRESS: '-1' })).toThrow(/TONERLOOP_MAX_CONNECTIONS_PER_ADDRESS is invalid/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({}, { DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });
});
