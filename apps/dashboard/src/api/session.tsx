import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AccountSummary, MeResponse } from '@loadwatch/shared/contracts';
import { ApiClient } from './client';

export interface Session {
  api: ApiClient;
  /** Undefined while a stored session is being resumed. */
  user: AccountSummary | null | undefined;
  /** The account's settings (units, zone, week start); null until loaded or signed out. */
  me: MeResponse | null;
  signedIn(user: AccountSummary): Promise<void>;
  signOut(): Promise<void>;
  reloadMe(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ api, children }: { api: ApiClient; children: ReactNode }) {
  const [user, setUser] = useState<AccountSummary | null | undefined>(undefined);
  const [me, setMe] = useState<MeResponse | null>(null);

  const reloadMe = useCallback(async () => {
    setMe(await api.get<MeResponse>('/api/me'));
  }, [api]);

  const signedIn = useCallback(
    async (account: AccountSummary) => {
      setUser(account);
      await reloadMe();
    },
    [reloadMe],
  );

  useEffect(() => {
    api.onSignedOut = () => {
      setUser(null);
      setMe(null);
    };
    let live = true;
    api
      .refresh()
      .then(async (tokens) => {
        if (!live) return;
        if (tokens) await signedIn(tokens.user);
        else setUser(null);
      })
      .catch(() => live && setUser(null));
    return () => {
      live = false;
    };
  }, [api, signedIn]);

  const value = useMemo<Session>(
    () => ({ api, user, me, signedIn, signOut: () => api.logout(), reloadMe }),
    [api, user, me, signedIn, reloadMe],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
