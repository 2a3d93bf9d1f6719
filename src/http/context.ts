import type { Store } from '../app/store.js';
import type { Capability, Principal, SessionPolicy, ThrottlePolicy } from '../auth/index.js';
import type { Clock } from '../platform/clock.js';
import type { ForecastWorker } from '../telemetry/index.js';

/** What routes need from the running server. */
export interface HttpContext {
  store: Store;
  /** The printers' and requests' time (accelerated in the demo). */
  clock: Clock;
  /** People's time: sessions and login limits. The wall clock even when `clock` is accelerated; defaults to `clock`. */
  peopleClock?: Clock;
  /** How failed logins slow further attempts down (kept in the database: auth/login-throttle.ts). */
  loginThrottle: ThrottlePolicy;
  sessionPolicy: SessionPolicy;
  /** Reverse proxies trusted to name the client in X-Forwarded-For (addresses or CIDR ranges); none by default. */
  trustedProxies?: string[];
  secureCookies: boolean;
  importMaxBytes: number;
  /** Collector and device health thresholds. */
  health: { silentAfterMs: number; unreachableAfterFailures: number };
  /** How long upload receipts are kept; older readings are refused (see screenReading). */
  receiptRetentionMs: number;
  /** Recomputes forecasts and requests of the devices an upload touched, after the upload; stopped with the app. */
  forecasts: ForecastWorker;
  /** The built web portal to serve at `/`; found next to the server when absent, none when null. */
  portalDir?: string | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    tonerloop: HttpContext;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** What the caller must be allowed to do; every route names one, or says `public: true`. */
    capability?: Capability;
    /** The route needs no login (health, login, the OpenAPI document). */
    public?: boolean;
  }
}

export const SESSION_COOKIE = 'tl_session';
