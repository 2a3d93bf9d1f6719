import type { CollectorSettings } from '../../collectors/settings.js';
import type { QueuedReading } from './queue.js';

/** What the server did with an uploaded batch. */
export interface UploadResult {
  accepted: number;
  duplicates: number;
  rejected: { readingId: string; reason: string }[];
  corrected: { readingId: string; notes: string[] }[];
  /** Readings the server did not take, each with why: the collector sets them aside in its quarantine. */
  refused: { readingId: string; reason: string }[];
}

/**
 * Why talking to the server failed: `retry` when waiting may help, `refused` when it will not (the token),
 * `bad-batch` when the server refuses what was sent as it is (so a part of it may pass), `misdirected` when the
 * request was refused for where or how it was sent, which says nothing of what it carried. `status` is the HTTP
 * status when the server answered.
 */
export class ServerError extends Error {
  constructor(message: string, readonly kind: 'retry' | 'refused' | 'bad-batch' | 'misdirected', readonly status: number | null = null) {
    super(message);
  }
}

/**
 * HTTP statuses that refuse what was sent: 400 (a reading that does not fit), 413 (too large), 422. Any other 4xx
 * (a wrong URL's 404, a proxy's 405) says nothing of the readings.
 */
const REFUSES_WHAT_WAS_SENT = new Set([400, 413, 422]);

/** The collector's side of the collector API: configuration, readings, heartbeat. */
export class ServerClient {
  constructor(private readonly baseUrl: string, private readonly token: string, private readonly timeoutMs = 30_000) {}

  /** The configuration this collector must run with. */
  async fetchConfig(): Promise<{ collectorId: string; customerId: string; config: CollectorSettings; refreshTargets?: string[] }> {
    return (await this.call('GET', '/api/v1/collector/config')) as { collectorId: string; customerId: string; config: CollectorSettings; refreshTargets?: string[] };
  }

  /** Uploads a batch; the server counts readings it has seen before as duplicates. */
  async upload(readings: QueuedReading[]): Promise<UploadResult> {
    const result = (await this.call('POST', '/api/v1/collector/readings', { readings })) as Partial<UploadResult> & Pick<UploadResult, 'accepted' | 'duplicates'>;
    // Older servers answer without `corrected` or `refused` (they refused a whole batch with a 400 instead).
    return { ...result, rejected: result.rejected ?? [], corrected: result.corrected ?? [], refused: result.refused ?? [] };
  }

  /** Whether the server answers its health check: up, with its database. */
  async healthy(): Promise<boolean> {
    try {
      const response = await fetch(new URL('/api/health', this.baseUrl), { signal: AbortSignal.timeout(this.timeoutMs) });
      return response.ok && ((await response.json()) as { status?: string }).status === 'ok';
    } catch {
      return false;
    }
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
    if (response.status >= 500 || response.status === 429) {
      throw new ServerError(`The server answered HTTP ${response.status}; retrying later.${response.status >= 500 && text ? ` It said: ${errorMessage(text)}` : ''}`, 'retry', response.status);
    }
    if (response.status >= 400) {
      throw new ServerError(`The server refused the request (HTTP ${response.status}): ${errorMessage(text)}`, REFUSES_WHAT_WAS_SENT.has(response.status) ? 'bad-batch' : 'misdirected', response.status);
    }
    return text ? JSON.parse(text) : null;
  }
}

/** The sentence of a CONTRACT error body, else the start of whatever the server (or a proxy before it) answered. */
function errorMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: a proxy's page, say
  }
  return text.slice(0, 300);
}
