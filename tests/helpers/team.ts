import type { CreatedTeam } from '../../server/contract/team';

/** A small HTTP client for one team's API with one of its tokens. */
export function teamApi(baseUrl: string, teamId: string, token: string) {
  const call = async <T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ) => {
    const response = await fetch(`${baseUrl}/api/teams/${teamId}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
      body:
        body === undefined
          ? undefined
          : body instanceof Uint8Array || typeof body === 'string'
            ? (body as BodyInit)
            : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (a download)
    }
    return { status: response.status, body: parsed as T, headers: response.headers, text };
  };
  return {
    get: <T = unknown>(path: string) => call<T>('GET', path),
    post: <T = unknown>(path: string, body?: unknown, contentType?: string) =>
      call<T>('POST', path, body ?? {}, contentType),
    put: <T = unknown>(path: string, body: unknown) => call<T>('PUT', path, body),
    patch: <T = unknown>(path: string, body: unknown) => call<T>('PATCH', path, body),
    delete: <T = unknown>(path: string) => call<T>('DELETE', path),
  };
}

/** Creates a team through the public API. */
export async function createTeam(baseUrl: string, name = 'Payments'): Promise<CreatedTeam> {
  const response = await fetch(`${baseUrl}/api/teams`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (response.status !== 201)
    throw new Error(`team create failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedTeam;
}
