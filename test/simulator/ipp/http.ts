import { Agent, request } from 'node:http';

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface HttpCall {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
  agent?: Agent;
}

/** One HTTP exchange with a simulated printer; rejects when the connection is refused or reset. */
export function send(address: string, port: number, call: HttpCall = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: address,
        port,
        method: call.method ?? 'POST',
        path: call.path ?? '/ipp/print',
        headers: { 'Content-Type': 'application/ipp', ...call.headers },
        agent: call.agent ?? false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(call.body === undefined ? undefined : Buffer.from(call.body));
  });
}
