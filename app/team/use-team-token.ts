'use client';

import { useEffect, useState } from 'react';
import { tokenFromHash } from '../lib/tokens';
import { recallTeamToken, rememberTeamToken } from './team-tokens';

/**
 * The team token of this page: from the link's #token= (then remembered, and the fragment cleared
 * so it does not linger on screen) or from this browser's storage. `undefined` until read, null if none.
 */
export function useTeamToken(teamId: string): string | null | undefined {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    const fromHash = tokenFromHash();
    if (fromHash) {
      rememberTeamToken(teamId, fromHash);
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
    }
    setToken(fromHash ?? recallTeamToken(teamId));
  }, [teamId]);
  return token;
}
