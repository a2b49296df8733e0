'use client';

import { useEffect, useRef, useState } from 'react';
import { useServerNow } from '../lib/use-server-now';
import { announcementsBetween, type RoomMoment } from './announcements';
import { useRoomContext } from './room-context';

/** How many announcements stay in the region: enough to read back, few enough to stay small. */
const KEPT = 5;

/**
 * The room's polite live region: draws, the laptop passing, phases, roles and the clock's moments
 * are said here as they happen, once, after whatever is being read now. Always in the page (an
 * added region is often not heard) and visually hidden: the screen shows the same news elsewhere.
 */
export function Announcer() {
  const { state, meId, nameOf, clockOffsetMs } = useRoomContext();
  const now = useServerNow(clockOffsetMs, 1_000);
  const last = useRef<RoomMoment | null>(null);
  const nextId = useRef(0);
  const [news, setNews] = useState<{ id: number; text: string }[]>([]);
  useEffect(() => {
    const moment = { state, now };
    const before = last.current;
    last.current = moment;
    if (!before) return;
    const texts = announcementsBetween(before, moment, { meId, nameOf });
    if (texts.length === 0) return;
    setNews((all) => [...all, ...texts.map((text) => ({ id: ++nextId.current, text }))].slice(-KEPT));
  }, [state, now, meId, nameOf]);
  return (
    <div
      className="visually-hidden"
      role="log"
      aria-live="polite"
      aria-label="Room announcements"
      data-testid="announcer"
    >
      {news.map((item) => (
        <p key={item.id}>{item.text}</p>
      ))}
    </div>
  );
}
