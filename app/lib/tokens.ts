/** The token in the page's URL fragment (#token=…), which the browser never sends to the server. */
export function tokenFromHash(): string | null {
  const params = new URLSearchParams(window.location.hash.slice(1));
  return params.get('token');
}

const key = (workshopId: string) => `firedrill:${workshopId}:token`;

/** Remembers this browser's token for a workshop, so a reload brings back the same person. */
export function rememberToken(workshopId: string, token: string): void {
  try {
    localStorage.setItem(key(workshopId), token);
  } catch {
    // Private mode or storage full: the link in the address bar still works for this tab.
  }
}

/** The token this browser holds for a workshop, if any. */
export function recallToken(workshopId: string): string | null {
  try {
    return localStorage.getItem(key(workshopId));
  } catch {
    return null;
  }
}

/** Forgets a token the server refused. */
export function forgetToken(workshopId: string): void {
  try {
    localStorage.removeItem(key(workshopId));
  } catch {
    // nothing to forget
  }
}
