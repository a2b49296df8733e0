'use client';

import { useEffect, useRef, useState } from 'react';
import type { Phase } from '@/server/contract/vocabulary';
import { useRoomContext } from './room-context';
import { ToolbarGroup } from './toolbar-group';

/** The phase each phase leads to, and the button's words. The end has a button of its own. */
const NEXT: Partial<Record<Phase, { phase: Exclude<Phase, 'lobby' | 'ended'>; label: string }>> = {
  lobby: { phase: 'draw', label: 'Move to draw' },
  draw: { phase: 'investigate', label: 'Move to investigate' },
  investigate: { phase: 'reflect', label: 'Move to reflection' },
};

/**
 * The facilitator's way through the agenda: the next phase, and "End workshop", which asks first.
 * The question takes the focus on its safe answer (Cancel), so a second Enter ends nothing; leaving
 * the question puts the focus back on "End workshop".
 */
export function PhaseControls({ reflecting }: { reflecting: boolean }) {
  const { state, send } = useRoomContext();
  const [confirming, setConfirming] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const end = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (confirming) cancel.current?.focus();
    else if (asked.current) end.current?.focus();
    asked.current = confirming;
  }, [confirming]);
  const next = NEXT[state.phase];
  return (
    <ToolbarGroup label="Phase">
      {next && (
        <button
          type="button"
          className={next.phase === 'reflect' && reflecting ? 'attention' : undefined}
          onClick={() => void send('phase:set', { phase: next.phase })}
        >
          {next.label}
        </button>
      )}
      {confirming ? (
        <span className="confirm">
          <span>End the workshop for everyone?</span>
          <button type="button" onClick={() => void send('workshop:end', {})}>
            Yes, end it
          </button>
          <button ref={cancel} type="button" className="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button ref={end} type="button" className="secondary" onClick={() => setConfirming(true)}>
          End workshop
        </button>
      )}
    </ToolbarGroup>
  );
}
