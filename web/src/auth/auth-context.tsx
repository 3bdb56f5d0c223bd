import {
  createContext,
  use,
  useCallback,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { getMe, logIn, logOut } from '../api/auth.ts';
import { refreshAccessToken } from '../api/client.ts';
import { onAccessTokenChange } from '../api/session.ts';
import type { Me } from '../api/types.ts';

export type AuthState =
  { status: 'restoring' } | { status: 'anonymous' } | { status: 'signed-in'; me: Me };

interface AuthApi {
  state: AuthState;
  logIn(email: string, password: string): Promise<void>;
  logOut(): Promise<void>;
}

const AuthContext = createContext<AuthApi | undefined>(undefined);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'restoring' });

  const loadMe = useCallback(async () => setState({ status: 'signed-in', me: await getMe() }), []);

  useEffect(() => {
    // A page load has no token in memory: the refresh cookie, if any, restores the session.
    void refreshAccessToken().then((ok) =>
      ok
        ? loadMe().catch(() => setState({ status: 'anonymous' }))
        : setState({ status: 'anonymous' }),
    );
    return onAccessTokenChange((token) => {
      if (token === undefined) setState({ status: 'anonymous' });
    });
  }, [loadMe]);

  const api = useMemo<AuthApi>(
    () => ({
      state,
      logIn: async (email, password) => {
        await logIn(email, password);
        await loadMe();
      },
      logOut: () => logOut(),
    }),
    [state, loadMe],
  );
  return <AuthContext value={api}>{children}</AuthContext>;
}

export function useAuth(): AuthApi {
  const auth = use(AuthContext);
  if (!auth) throw new Error('useAuth needs an <AuthProvider>');
  return auth;
}
