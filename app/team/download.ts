/**
 * Downloads a file the API serves as an attachment. The bearer header cannot ride on a plain link, so
 * the file is fetched, wrapped in a Blob and saved through a temporary <a download>. Resolves with
 * the server's error message, or null once the download started.
 */
export async function downloadFile(
  path: string,
  token: string,
  fallbackName: string,
): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' });
  } catch {
    return 'Could not reach the server. Check your connection.';
  }
  if (!response.ok) {
    const data = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    return data?.error?.message ?? `The server answered ${response.status}.`;
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoke later: some browsers read the object URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}

/** Sends raw bytes or text (an image, a library file) with the team token; resolves like callApi. */
export async function sendRaw<T>(
  path: string,
  token: string,
  body: Blob | string,
  contentType: string,
): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body,
    });
    const data = (await response.json().catch(() => null)) as (T & { error?: { message: string } }) | null;
    if (response.ok) return { ok: true, value: data as T };
    return { ok: false, message: data?.error?.message ?? `The server answered ${response.status}.` };
  } catch {
    return { ok: false, message: 'Could not reach the server. Check your connection.' };
  }
}
