/** An email and password a simulated person logs in with. */
export interface DemoLogin {
  email: string;
  password: string;
}

/** A refusal from the API: its status and the server's one sentence. */
export class DemoApiError extends Error {
  constructor(readonly status: number, message: string, readonly code: string | null) {
    super(message);
  }
}

/**
 * A simulated person's session with TonerLoop's HTTP API, as the portal has one: logged in with a password (the session
 * cookie), logged in again when the session has expired. The demo's dispatcher, warehouse operator and carrier act only
 * through it, so what they do goes through the same routes, capabilities and checks as a person at the portal.
 */
export class DemoClient {
  private cookie: string | null = null;

  constructor(private readonly baseUrl: string, private readonly login: DemoLogin) {}

  /** GET a JSON answer. */
  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  /** POST a JSON body, answering the JSON answer. */
  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown, again = true): Promise<T> {
    if (this.cookie === null) await this.logIn();
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method, headers: { cookie: this.cookie!, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401 && again) {
      this.cookie = null;
      return this.call<T>(method, path, body, false);
    }
    const answer = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    if (!response.ok) throw new DemoApiError(response.status, answer?.error?.message ?? `${method} ${path} answered ${response.status}.`, answer?.error?.code ?? null);
    return answer as T;
  }

  private async logIn(): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(this.login) });
    const cookie = response.headers.get('set-cookie')?.split(';')[0];
    if (!response.ok || !cookie) throw new DemoApiError(response.status, `${this.login.email} could not log in (${response.status}).`, null);
    this.cookie = cookie;
  }
}
