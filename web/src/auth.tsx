import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { ApiError, api, call, type Me } from './api/client';

interface Auth {
  me: Me | null;
  loading: boolean;
  /** `dealerId` only when the password opens accounts at several dealers (the login's 409 lists them). */
  login(email: string, password: string, dealerId?: string): Promise<void>;
  logout(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

/** Who is logged in (asked of the API once, refreshed after login and logout). */
export function AuthProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const me = useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await call(api.GET('/api/v1/auth/me'));
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
  const value: Auth = {
    me: me.data ?? null,
    loading: me.isPending,
    async login(email, password, dealerId) {
      await call(api.POST('/api/v1/auth/login', { body: { email, password, ...(dealerId ? { dealerId } : {}) } }));
      const who = await call(api.GET('/api/v1/auth/me'));
      // Nothing cached for the previous user may show to this one.
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'me' });
      client.setQueryData(['me'], who);
    },
    async logout() {
      await call(api.POST('/api/v1/auth/logout')).catch(() => undefined);
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'me' });
      client.setQueryData(['me'], null);
    },
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/**
 * Now on the printers' clock, in epoch ms: the server's time when `me` was read, run forward at the
 * clock's rate (an hour a second in the demo). Readings and forecasts are stamped on that clock.
 */
export function usePrinterNow(): number {
  const client = useQueryClient();
  const state = client.getQueryState(['me']);
  const me = client.getQueryData<Me | null>(['me']);
  if (!me || !state?.dataUpdatedAt) return Date.now();
  return Date.parse(me.printerClock.now) + (Date.now() - state.dataUpdatedAt) * me.printerClock.rate;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** Dealer staff see the whole dealership; a key user only their company (the scope, not a capability). */
export function isStaff(me: Me | null): boolean {
  return me?.kind === 'user' && me.customerId === null;
}
// What a person may do comes from the server (`capabilities` in /auth/me), which enforces the same list.
type Capability = Me['capabilities'][number];
const may = (me: Me | null, capability: Capability) => me?.capabilities.includes(capability) ?? false;
export const isAdmin = (me: Me | null) => may(me, 'users:manage');
export const canWorkRequests = (me: Me | null) => may(me, 'requests:action');
export const canOrder = (me: Me | null) => may(me, 'requests:order');
export const canEditDevices = (me: Me | null) => may(me, 'devices:write');
export const canLocateDevices = (me: Me | null) => may(me, 'devices:locate');
// A warehouse operator is dealer staff who sees no requests and no customer settings (issue 18).
export const canReadRequests = (me: Me | null) => may(me, 'requests:read');
export const canReadSettings = (me: Me | null) => may(me, 'settings:read');
export const canSeeMoves = (me: Me | null) => may(me, 'moves:read');
export const canDecideMoves = (me: Me | null) => may(me, 'moves:decide');
export const canWriteSettings = (me: Me | null) => may(me, 'settings:write');
