import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './client';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): Promise<void>;
  setData(next: T | ((prev: T | undefined) => T)): void;
}

/** Loads a GET resource; reloads when the path changes. A null path loads nothing. */
export function useApi<T>(path: string | null): Resource<T> {
  const [data, setDataState] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(path !== null);
  const seq = useRef(0);

  const load = useCallback(async () => {
    if (path === null) return;
    const mine = ++seq.current;
    setLoading(true);
    setError(undefined);
    try {
      const result = await api<T>(path);
      if (mine === seq.current) setDataState(result);
    } catch (err) {
      if (mine === seq.current) setError(toApiError(err));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [path]);

  useEffect(() => {
    setDataState(undefined);
    void load();
  }, [load]);

  const setData = useCallback((next: T | ((prev: T | undefined) => T)) => {
    setDataState((prev) => (typeof next === 'function' ? (next as (p: T | undefined) => T)(prev) : next));
  }, []);

  return { data, error, loading, reload: load, setData };
}

/** Normalises anything thrown into an ApiError. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(
    { type: 'about:blank', title: 'Error', status: 0, detail: err instanceof Error ? err.message : String(err), instance: '', code: 'client', requestId: '' },
    null,
  );
}
