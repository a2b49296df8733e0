'use client';

import { useCallback, useContext, useEffect, useState } from 'react';
import { callApi } from '../lib/api';
import { TeamLiveContext } from './use-team-live';

/** What a section loaded from the API: the value once there, the error to show, and a reload. */
export interface ApiData<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
}

/**
 * Loads one API resource with the team token and reloads it when `version` changes (the team page
 * bumps it after any change that other sections show, e.g. a new workshop moves run counts), and on
 * the team page also when the server announces a change to something the resource is built from.
 */
export function useApiData<T>(path: string, token: string, version = 0): ApiData<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const liveVersion = useContext(TeamLiveContext).versionOf(path);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version, tick and liveVersion exist only to trigger reloads.
  useEffect(() => {
    let live = true;
    void callApi<T>(path, { token }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setData(result.value);
        setError(null);
      } else setError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, [path, token, version, tick, liveVersion]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, reload };
}
