import type { CollectorSettings } from '../../collectors/settings.js';
import type { QueuedReading } from './queue.js';

/** What the server did with an uploaded batch. */
export interface UploadResult {
  accepted: number;
  duplicates: number;
  rejected: { readingId: string; reason: string }[];
  corrected: { readingId: string; notes: string[] }[];
}

/** Why talking to the server failed: `retry` when waiting may help, `refused` when it will not. */
export class ServerError extends Error {
  constructor(message: string, readonly kind: 'retry' | 'refused' | 'bad-batch') {
    super(message);
  }
}

/** The collector's side of the collector API: configuration, readings, heartbeat. */
export class ServerClient {
  constructor(private readonly baseUrl: string, private readonly token: string, private readonly timeoutMs = 30_000) {}

  /** The configuration this collector must run with. */
  async fetchConfig(): Promise<{ collectorId: string; customerId: string; config: CollectorSettings; refreshTargets?: string[] }> {
    return (await this.call('GET', '/api/v1/collector/config')) as { collectorId: string; customerId: string; config: CollectorSettings; refreshTargets?: string[] };
  }

  /** Uploads a batch; the server counts readings it has seen before as duplicates. */
  async upload(readings: QueuedReading[]): Promise<UploadResult> {
    const result = (await this.call('POST', '/api/v1/collector/readings', { readings })) as Omit<UploadResult, 'corrected'> & { corrected?: UploadResult['corrected'] };
    // Servers before corrections were reported answer without `corrected`.
    return { ...result, corrected: result.corrected ?? [] };
  }

  /** Tells the server the collector is alive and how it is doing. */
  async heartbeat(body: Record<string, unknown>): Promise<void> {
    await this.call('POST', '/api/v1/collector/heartbeat', body);
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new ServerError(`Cannot reach the server at ${this.baseUrl}: ${cause?.code ?? cause?.message ?? (error as Error).message}.`, 'retry');
    }
    const text = await response.text();
    if (response.status === 401 || response.status === 403) {
      throw new ServerError(`The server refused this collector's token (HTTP ${response.status}); ask the dealer admin for a new token.`, 'refused');
    }
    if (response.status >= 500 || response.status === 429) throw new ServerError(`The server answered HTTP ${response.status}; retrying later.`, 'retry');
    if (response.status >= 400) {
      let message = text.slice(0, 300);
      try {
        message = (JSON.parse(text) as { error: { message: string } }).error.message;
      } catch {
        // not the error shape; keep the text
      }
      throw new ServerError(`The server refused the request (HTTP ${response.status}): ${message}`, 'bad-batch');
    }
    return text ? JSON.parse(text) : null;
  }
}
