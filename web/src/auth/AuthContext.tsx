import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthorized, setCsrfToken } from '../api/client';
import type { LoginBody, LoginResponse, Me } from '../api/types';

type AuthState = { status: 'loading' } | { status: 'anonymous' } | { status: 'authenticated'; me: Me };

interface AuthValue {
  state: AuthState;
  login(body: LoginBody): Promise<Me>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

/** Holds the session: loads GET /me at start, logs in and out, forgets the user on any 401. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const accept = useCallback((me: Me) => {
    setCsrfToken(me.csrfToken);
    setState({ status: 'authenticated', me });
  }, []);

  const refresh = useCallback(async () => {
    try {
      accept(await api<Me>('/me', { quiet401: true }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setCsrfToken(null);
        setState({ status: 'anonymous' });
      } else {
        // Server unreachable: show the login page, which reports errors when used.
        setState({ status: 'anonymous' });
      }
    }
  }, [accept]);

  useEffect(() => {
    void refresh();
    return onUnauthorized(() => {
      setCsrfToken(null);
      setState({ status: 'anonymous' });
    });
  }, [refresh]);

  const login = useCallback(
    async (body: LoginBody) => {
      const res = await api<LoginResponse>('/auth/login', { method: 'POST', body, quiet401: true });
      const me: Me = { user: res.user, via: res.via, csrfToken: res.csrfToken, enti: res.enti };
      accept(me);
      return me;
    },
    [accept],
  );

  const logout = useCallback(async () => {
    try {
      await api<void>('/auth/logout', { method: 'POST', quiet401: true });
    } finally {
      setCsrfToken(null);
      setState({ status: 'anonymous' });
    }
  }, []);

  const value = useMemo(() => ({ state, login, logout, refresh }), [state, login, logout, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

/** The authenticated user (only inside routes that require a session). */
export function useMe(): Me {
  const { state } = useAuth();
  if (state.status !== 'authenticated') throw new Error('useMe without a session');
  return state.me;
}
