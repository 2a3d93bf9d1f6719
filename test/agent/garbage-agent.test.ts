import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollTarget } from '../../src/collection/index.js';
import { probePrinter } from '../../src/collection/snmp-reader.js';

describe('an SNMP agent that answers garbage', () => {
  let socket: Socket;
  let port: number;

  beforeAll(async () => {
    socket = createSocket('udp4');
    // Each request is answered with random bytes, a truncated BER header, a mangled copy and a bare sequence.
    socket.on('message', (msg, from) => {
      for (const bytes of [randomBytes(40), Buffer.from([0x30, 0x82, 0xff, 0xff, 0x02]), Buffer.concat([msg.subarray(0, 12), randomBytes(24)]), Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])]) {
        socket.send(bytes, from.port, from.address);
      }
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    port = (socket.address() as AddressInfo).port;
  });
  afterAll(() => socket.close());

  it('gives a reading with an error sentence and does not crash the collector', async () => {
    for (const version of ['1', '2c'] as const) {
      const reading = await pollTarget({ kind: 'snmp', host: '127.0.0.1', port, label: `127.0.0.1:${port}` }, { snmp: { version, community: 'public', timeoutMs: 300, retries: 0 }, ipp: false, ippPort: 631, ippPath: '/ipp/print' });
      expect(reading.error).toMatch(/^No SNMP answer from 127\.0\.0\.1:\d+ within 300 ms/);
      expect(reading.supplies).toEqual([]);
    }
    expect(await probePrinter({ host: '127.0.0.1', port, version: '2c', community: 'public', timeoutMs: 300, retries: 0 })).toBe(false);
  });
});
