import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './client';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | Error | null;
  loading: boolean;
  reload: () => Promise<void>;
  /** Shows data the caller fetched itself (a poll that waits for a change), as if loaded. */
  set: (data: T) => void;
}

/** Loads `load()` on mount and whenever `key` changes. */
export function useResource<T>(load: () => Promise<T>, key: string): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await load());
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setLoading(false);
    }
    // `key` names what `load` fetches; the closure itself changes on every render.
  }, [key]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const set = useCallback((next: T) => {
    setData(next);
    setError(null);
  }, []);

  return { data, error, loading, reload, set };
}

/** A section whose route has not landed on this server yet answers 404: the caller hides it. */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
