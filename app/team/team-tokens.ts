/** Team links, like workshop links, carry their token in the #fragment; this browser keeps a copy. */
const tokenKey = (teamId: string) => `firedrill:team:${teamId}:token`;
const surveyKeyKey = (teamId: string) => `firedrill:team:${teamId}:survey-key`;
const answeredKey = (teamId: string) => `firedrill:team:${teamId}:answered`;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Private mode or storage full: the link in the address bar still works for this tab.
  }
}

/** Remembers this browser's token for a team, so the page opens again without the link. */
export const rememberTeamToken = (teamId: string, token: string) => write(tokenKey(teamId), token);
/** The token this browser holds for a team, if any. */
export const recallTeamToken = (teamId: string) => read(tokenKey(teamId));
/** Forgets a team token the server refused. */
export const forgetTeamToken = (teamId: string) => write(tokenKey(teamId), null);

/**
 * This browser's survey key for a team: random, made once and kept. The server stores only a hash of
 * it with the month, which is what allows one answer per person per month without accounts.
 */
export function surveyKeyFor(teamId: string): string {
  const existing = read(surveyKeyKey(teamId));
  if (existing && existing.length >= 16) return existing;
  const key = crypto.randomUUID();
  write(surveyKeyKey(teamId), key);
  return key;
}

/** The last survey month this browser answered for the team (yyyy-mm), to thank rather than ask. */
export const recallAnsweredMonth = (teamId: string) => read(answeredKey(teamId));
/** Notes that this browser answered the survey for a month. */
export const rememberAnsweredMonth = (teamId: string, month: string) => write(answeredKey(teamId), month);
