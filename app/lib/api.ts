import type { ApiError } from '@/server/contract/errors';

/** The outcome of an API call: the value, or the server's error to show. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number; error: ApiError };

/** Calls the JSON API; network failures become an error value too. */
export async function callApi<T>(
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<ApiResult<T>> {
  try {
    const response = await fetch(path, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: 'no-store',
    });
    const data = (await response.json().catch(() => null)) as { error?: ApiError } | null;
    if (response.ok) return { ok: true, value: data as T };
    return {
      ok: false,
      status: response.status,
      error: data?.error ?? { code: 'INTERNAL', message: `The server answered ${response.status}.` },
    };
  } catch {
    return {
      ok: false,
      status: 0,
      error: { code: 'INTERNAL', message: 'Could not reach the server. Check your connection.' },
    };
  }
}
