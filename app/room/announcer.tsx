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
  // Renders every second, so the clock's moments are noticed as they pass.
  useServerNow(clockOffsetMs, 1_000);
  const last = useRef<{ moment: RoomMoment; offset: number } | null>(null);
  const nextId = useRef(0);
  const [news, setNews] = useState<{ id: number; text: string }[]>([]);
  // After every render: compare what this screen showed last with what it shows now.
  useEffect(() => {
    const moment = { state, now: Date.now() + clockOffsetMs };
    const before = last.current;
    last.current = { moment, offset: clockOffsetMs };
    if (!before) return;
    // A new estimate of this laptop's clock moves "now" without time passing: no clock moment then.
    const from = before.offset === clockOffsetMs ? before.moment : { ...before.moment, now: moment.now };
    const texts = announcementsBetween(from, moment, { meId, nameOf });
    if (texts.length === 0) return;
    setNews((all) => [...all, ...texts.map((text) => ({ id: ++nextId.current, text }))].slice(-KEPT));
  });
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
