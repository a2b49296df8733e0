'use client';

import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

/** A value derived from a Y.Doc, recomputed after every change to it (local or remote). */
export function useDocValue<T>(doc: Y.Doc, read: (doc: Y.Doc) => T): T {
  const [value, setValue] = useState(() => read(doc));
  useEffect(() => {
    const refresh = () => setValue(read(doc));
    refresh();
    doc.on('update', refresh);
    return () => doc.off('update', refresh);
    // `read` is a pure selector; callers pass module-level functions.
  }, [doc, read]);
  return value;
}

/** Someone present in the room, as the server vouched for them in awareness. */
export interface PresentPerson {
  id: string;
  name: string;
  role: string;
  isYou: boolean;
}

/** The people connected now, one entry per person however many tabs they have open. */
export function usePresence(awareness: Awareness, youId: string | null): PresentPerson[] {
  const [people, setPeople] = useState<PresentPerson[]>([]);
  useEffect(() => {
    const refresh = () => {
      const byId = new Map<string, PresentPerson>();
      for (const state of awareness.getStates().values()) {
        const user = (state as { user?: { id?: unknown; name?: unknown; role?: unknown } }).user;
        if (!user || typeof user.id !== 'string') continue;
        byId.set(user.id, {
          id: user.id,
          name: String(user.name ?? ''),
          role: String(user.role ?? ''),
          isYou: user.id === youId,
        });
      }
      setPeople(
        [...byId.values()].sort(
          (a, b) =>
            Number(b.role === 'facilitator') - Number(a.role === 'facilitator') ||
            a.name.localeCompare(b.name),
        ),
      );
    };
    refresh();
    awareness.on('change', refresh);
    return () => awareness.off('change', refresh);
  }, [awareness, youId]);
  return people;
}
