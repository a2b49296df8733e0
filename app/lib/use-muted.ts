'use client';

import { useEffect, useState } from 'react';

const KEY = 'firedrill:beep-muted';

/** Whether the reflection beep is muted in this browser (kept in localStorage; default: not muted). */
export function useMuted(): [boolean, (muted: boolean) => void] {
  const [muted, setMuted] = useState(false);
  useEffect(() => {
    try {
      setMuted(localStorage.getItem(KEY) === '1');
    } catch {
      // storage unavailable: not muted
    }
  }, []);
  const update = (next: boolean) => {
    setMuted(next);
    try {
      localStorage.setItem(KEY, next ? '1' : '0');
    } catch {
      // the choice lasts for this page only
    }
  };
  return [muted, update];
}
