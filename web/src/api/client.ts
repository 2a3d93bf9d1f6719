import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** The typed API client, generated from /api/openapi.json (see `npm run build:web`). */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

/** What the server said was wrong: its code and one sentence, and which field when it named one. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: unknown) {
    super(message);
  }

  /** The field a 400 was about, when the server named one. */
  get field(): string | null {
    const details = this.details as { field?: unknown; issues?: { path?: unknown[] }[] } | null;
    if (typeof details?.field === 'string') return details.field;
    const path = details?.issues?.[0]?.path;
    return Array.isArray(path) && typeof path[0] === 'string' ? path[0] : null;
  }
}

/** Unwraps an openapi-fetch result: the data, or an ApiError with the server's message (never a blank page). */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.', null);
  }
  if (result.response.ok) return result.data as T;
  const body = result.error as { error?: { code?: string; message?: string; details?: unknown } } | undefined;
  const status = result.response.status;
  const fallback = status >= 500 ? 'The server had a problem; try again in a moment.' : `The request failed (${status}).`;
  throw new ApiError(status, body?.error?.code ?? 'error', body?.error?.message ?? fallback, body?.error?.details ?? null);
}

type Json<P extends keyof paths, M extends keyof paths[P], C extends number> = paths[P][M] extends { responses: { [K in C]: { content: { 'application/json': infer T } } } } ? T : never;

export type Me = Json<'/api/v1/auth/me', 'get', 200>;
export type Device = Json<'/api/v1/devices/{id}', 'get', 200>;
export type Supply = Device['supplies'][number];
export type DeviceStatus = Device['status'];
export type Overview = Json<'/api/v1/fleet/overview', 'get', 200>;
export type History = Json<'/api/v1/devices/{id}/history', 'get', 200>;
export type Cycle = Json<'/api/v1/devices/{id}/cycles', 'get', 200>['items'][number];
export type RequestItem = Json<'/api/v1/consumable-requests', 'get', 200>['items'][number];
export type RequestDetail = Json<'/api/v1/consumable-requests/{id}', 'get', 200>;
export type RequestStatus = RequestItem['status'];
export type Settings = Json<'/api/v1/request-settings', 'get', 200>;
export type SettingsOverride = Settings['overrides'];
export type Customer = Json<'/api/v1/customers/{id}', 'get', 200>;
export type Site = Json<'/api/v1/customers/{id}/sites', 'get', 200>['items'][number];
export type Contract = Json<'/api/v1/contracts/{id}', 'get', 200>;
export type OrderOptions = Json<'/api/v1/devices/{id}/order-options', 'get', 200>;
export type Collector = Json<'/api/v1/collectors', 'get', 200>['items'][number];
export type Integration = Json<'/api/v1/integrations', 'get', 200>['items'][number];
export type User = Json<'/api/v1/users', 'get', 200>['items'][number];
export type ImportResult = Json<'/api/v1/imports/csv', 'post', 200>;
export type ImportRun = Json<'/api/v1/imports/{id}', 'get', 200>;
export type CollectorConfigPatch = NonNullable<paths['/api/v1/collectors/{id}/config']['put']['requestBody']>['content']['application/json'];
export type Job = Json<'/api/v1/jobs', 'get', 200>['items'][number];
export type JobStatus = Job['status'];
export type JobLine = Job['lines'][number];
export type JobDetail = Json<'/api/v1/jobs/{id}', 'get', 200>;
export type JobException = Json<'/api/v1/jobs/exceptions', 'get', 200>['items'][number];
