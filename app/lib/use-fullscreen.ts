'use client';

import { type RefObject, useCallback, useEffect, useState } from 'react';

/** Whether an element fills the screen, and the switch, for a browser that allows it. */
export interface Fullscreen {
  /** False until the page knows the browser allows full screen (and where it never does). */
  isSupported: boolean;
  isFullscreen: boolean;
  toggle: () => void;
}

/**
 * The Fullscreen API for one element (e.g. the driver's stage, for screen sharing). Escape leaves
 * full screen: the browser does so itself, and this also listens for it where a browser passes the
 * key to the page instead.
 */
export function useFullscreen(ref: RefObject<HTMLElement | null>): Fullscreen {
  const [isSupported, setSupported] = useState(false);
  const [isFullscreen, setFullscreen] = useState(false);
  useEffect(() => {
    setSupported(document.fullscreenEnabled);
    const onChange = () => setFullscreen(ref.current !== null && document.fullscreenElement === ref.current);
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && ref.current && document.fullscreenElement === ref.current)
        void document.exitFullscreen();
    };
    document.addEventListener('fullscreenchange', onChange);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [ref]);
  const toggle = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void ref.current?.requestFullscreen().catch(() => {});
  }, [ref]);
  return { isSupported, isFullscreen, toggle };
}
