import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerClient, ServerError } from '../../src/collection/agent/server-client.js';

describe('ServerClient', () => {
  let url: string;
  let close: () => void;
  /** What the stand-in server answers every request with. */
  let status = 200;
  beforeAll(async () => {
    const server = createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'x', message: `answered ${status}` } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  const failure = async (answer: number) => {
    status = answer;
    const error = await new ServerClient(url, 'tlc_test').upload([]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    return { kind: (error as ServerError).kind, status: (error as ServerError).status };
  };

  it('calls a 400, 413 or 422 a bad batch (what was sent is refused), and any other 4xx misdirected (it says nothing of the readings)', async () => {
    for (const status of [400, 413, 422]) expect(await failure(status)).toEqual({ kind: 'bad-batch', status });
    for (const status of [404, 405, 409]) expect(await failure(status)).toEqual({ kind: 'misdirected', status });
    expect(await failure(401)).toEqual({ kind: 'refused', status: null });
    for (const status of [429, 500, 503]) expect(await failure(status)).toEqual({ kind: 'retry', status });
  });
});
