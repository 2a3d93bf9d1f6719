import { once } from 'node:events';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IppStatus, decodeIppMessage, encodeIppMessage, getPrinterAttributesRequest } from '../../../src/ipp/index.js';
import { IppSimulator } from '../../../src/simulator/ipp/index.js';
import type { PrinterSnapshot } from '../../../src/simulator/snapshot.js';
import { buildSnapshot } from './factories.js';
import { send } from './http.js';

const PRINTER = '127.0.20.21';
const BROKEN = '127.0.20.22';
const snapshots = new Map<string, PrinterSnapshot>([[PRINTER, buildSnapshot()]]);
const simulator = new IppSimulator({
  port: 0,
  powerCheckMs: 0,
  maxBodyBytes: 4096,
  snapshotOf: (address) => {
    if (address === BROKEN && brokenCallbackThrows) throw new Error('snapshot store unavailable');
    return address === BROKEN ? buildSnapshot() : snapshots.get(address);
  },
});
let brokenCallbackThrows = false;
let port = 0;
const request = () => encodeIppMessage(getPrinterAttributesRequest(simulator.printerUri(PRINTER), ['printer-name'], 1));

beforeAll(async () => {
  port = await simulator.addPrinter(PRINTER);
});

afterAll(() => simulator.close());

describe('IppSimulator over HTTP', () => {
  it('answers a Get-Printer-Attributes POST with an application/ipp body', async () => {
    const reply = await send(PRINTER, port, { body: request() });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/ipp');
    expect(decodeIppMessage(reply.body).code).toBe(IppStatus.successfulOk);
  });

  it('carries IPP refusals in a 200 response, as RFC 8010 §4 wants', async () => {
    const printJob = encodeIppMessage({ ...getPrinterAttributesRequest(simulator.printerUri(PRINTER), [], 2), code: 0x0002 });
    const reply = await send(PRINTER, port, { body: printJob });
    expect(reply.status).toBe(200);
    expect(decodeIppMessage(reply.body).code).toBe(IppStatus.serverErrorOperationNotSupported);
  });

  it('answers 404 for another path and 405 for another method', async () => {
    expect((await send(PRINTER, port, { path: '/', body: request() })).status).toBe(404);
    const get = await send(PRINTER, port, { method: 'GET' });
    expect([get.status, get.headers.allow]).toEqual([405, 'POST']);
  });

  it('answers 415 without application/ipp, 400 for bytes that are not IPP, 413 past the body limit', async () => {
    expect((await send(PRINTER, port, { headers: { 'Content-Type': 'text/plain' }, body: request() })).status).toBe(415);
    const garbage = await send(PRINTER, port, { body: Uint8Array.from([1, 1, 0, 11, 0, 0, 0, 1, 0x01, 0x47, 0xff]) });
    expect([garbage.status, garbage.body.toString()]).toEqual([400, expect.stringMatching(/at byte offset \d+/)]);
    expect((await send(PRINTER, port, { body: new Uint8Array(5000) })).status).toBe(413);
    const chunked = await send(PRINTER, port, { headers: { 'Transfer-Encoding': 'chunked' }, body: new Uint8Array(5000) });
    expect(chunked.status).toBe(413);
  });

  it('answers 500 when the snapshot callback fails, and keeps serving', async () => {
    const brokenPort = await simulator.addPrinter(BROKEN);
    const body = Buffer.from(encodeIppMessage(getPrinterAttributesRequest(simulator.printerUri(BROKEN), [], 1)));
    const socket = connect(brokenPort, BROKEN);
    await once(socket, 'connect');
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The connection was accepted while the callback worked; the request now meets a failing one.
    brokenCallbackThrows = true;
    socket.write(`POST /ipp/print HTTP/1.1\r\nHost: x\r\nContent-Type: application/ipp\r\nContent-Length: ${body.length}\r\n\r\n`);
    socket.write(body);
    const [head] = (await once(socket, 'data')) as [Buffer];
    socket.destroy();
    brokenCallbackThrows = false;
    expect(head.toString()).toMatch(/^HTTP\/1.1 500 .*snapshot store unavailable/s);
    expect((await send(PRINTER, port, { body: request() })).status).toBe(200);
  });

  it('counts requests, answers, errors and drops', async () => {
    const before = simulator.counters;
    await send(PRINTER, port, { body: request() });
    await send(PRINTER, port, { path: '/nope', body: request() });
    snapshots.set(PRINTER, buildSnapshot({ online: false }));
    await expect(send(PRINTER, port, { body: request() })).rejects.toThrow();
    const after = simulator.counters;
    expect(after.requests - before.requests).toBe(2);
    expect(after.answered - before.answered).toBe(1);
    expect(after.errors - before.errors).toBe(1);
    expect(after.dropped - before.dropped).toBe(1);
    snapshots.set(PRINTER, buildSnapshot());
    await simulator.refresh();
    expect((await send(PRINTER, port, { body: request() })).status).toBe(200);
  });
});
