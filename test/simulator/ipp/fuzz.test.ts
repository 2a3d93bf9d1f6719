import fc from 'fast-check';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPP_2_0, decodeIppMessage, encodeIppMessage, getPrinterAttributesRequest } from '../../../src/ipp/index.js';
import { IppSimulator } from '../../../src/simulator/ipp/index.js';
import { buildSnapshot } from './factories.js';
import { send } from './http.js';
import { ipptoolCommand, runIpptool, standardTestFile } from './ipptool.js';

const ADDRESS = '127.0.20.31';
const simulator = new IppSimulator({ port: 0, maxBodyBytes: 16 * 1024, snapshotOf: () => buildSnapshot() });
let port = 0;

beforeAll(async () => {
  ipptoolCommand();
  port = await simulator.addPrinter(ADDRESS);
});

afterAll(() => simulator.close());

/** Valid requests with bytes overwritten, inserted, deleted, or cut off: the near-misses that find bugs. */
function malformedBodies(count: number, seed: number): Uint8Array[] {
  const uri = `ipp://${ADDRESS}:631/ipp/print`;
  const bases = [
    encodeIppMessage(getPrinterAttributesRequest(uri, ['all', 'media-col-database'], 1, IPP_2_0)),
    encodeIppMessage(getPrinterAttributesRequest(uri, ['marker-levels', 'printer-supply'], 2)),
  ];
  const edit = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete', 'cut'));
  const mutated = fc.tuple(fc.constantFrom(...bases), fc.array(edit, { minLength: 1, maxLength: 6 })).map(([base, edits]) => {
    let out = Array.from(base);
    for (const [at, value, kind] of edits) {
      const index = at % (out.length + 1);
      if (kind === 'set') out[Math.min(index, out.length - 1)] = value;
      else if (kind === 'insert') out.splice(index, 0, value);
      else if (kind === 'delete') out.splice(index, 1);
      else out = out.slice(0, index);
    }
    return Uint8Array.from(out);
  });
  const randomTail = fc.uint8Array({ maxLength: 400 }).map((tail) => Uint8Array.from([2, 0, 0, 0x0b, 0, 0, 0, 1, 1, ...tail]));
  const arbitrary = fc.oneof({ weight: 6, arbitrary: mutated }, { weight: 2, arbitrary: randomTail }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 600 }) });
  return fc.sample(arbitrary, { numRuns: count, seed });
}

/** Raw bytes no HTTP parser should accept, or only just: broken request lines, headers, chunking. */
function garbageHttp(count: number, seed: number): Buffer[] {
  const fixed = [
    'GARBAGE\r\n\r\n',
    'POST /ipp/print HTTP/1.1\r\nContent-Length: -5\r\n\r\n',
    'POST /ipp/print HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n',
    'POST /ipp/print HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/ipp\r\n\r\nZZ\r\nxx\r\n',
    'POST /ipp/print HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    `POST /ipp/print HTTP/1.1\r\nX-Long: ${'a'.repeat(100_000)}\r\n\r\n`,
    'POST /ipp/print HTTP/9.9\r\n\r\n',
    '\u0000\u0001\u0002\r\n\r\n',
  ].map((text) => Buffer.from(text, 'latin1'));
  const random = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 300 }), { numRuns: count, seed }).map((bytes) => Buffer.from(bytes));
  const headerNoise = fc
    .sample(fc.string({ unit: 'binary-ascii', maxLength: 80 }), { numRuns: count, seed: seed + 1 })
    .map((noise) => Buffer.from(`POST /ipp/print HTTP/1.1\r\n${noise}\r\n\r\n`, 'latin1'));
  return [...fixed, ...random, ...headerNoise];
}

/** Writes `bytes` on a fresh connection and waits until the server closes or answers it. */
function sendRaw(bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, ADDRESS, () => socket.end(bytes));
    socket.setTimeout(5_000, () => socket.destroy());
    socket.on('data', () => undefined);
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
  });
}

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += width) await Promise.all(items.slice(start, start + width).map(work));
}

describe('IppSimulator under malformed input', () => {
  it('answers thousands of malformed bodies with 200/IPP or 400, never anything worse', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const statuses = new Map<number, number>();
    await inBatches(malformedBodies(4000, 20_26), 64, async (body) => {
      const reply = await send(ADDRESS, port, { body, agent });
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      if (reply.status === 200) decodeIppMessage(reply.body);
    });
    agent.destroy();
    expect([...statuses.keys()].every((status) => status === 200 || status === 400)).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(100);
    expect(statuses.get(200)).toBeGreaterThan(10);
  });

  it('survives garbage HTTP on raw connections', async () => {
    const before = simulator.counters.errors;
    await inBatches(garbageHttp(600, 7), 32, sendRaw);
    expect(simulator.counters.errors).toBeGreaterThan(before);
  });

  it('still passes ipptool’s standard test afterwards', async () => {
    const run = await runIpptool(['-t', simulator.printerUri(ADDRESS), standardTestFile('get-printer-attributes.test')]);
    expect(run.code, run.stdout).toBe(0);
    expect(simulator.counters.requests).toBeGreaterThan(4000);
  });
});
