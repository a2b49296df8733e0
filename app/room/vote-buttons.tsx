'use client';

import type { NoteView } from '@/server/model/notes';
import { useRoomContext } from './room-context';

/** An action's vote count, and in the reflect phase the button to spend or take back a vote. */
export function VoteButtons({ note }: { note: NoteView }) {
  const { state, meId, send } = useRoomContext();
  const voters = state.votes[note.id] ?? [];
  const mine = voters.includes(meId);
  const reflecting = state.phase === 'reflect';
  if (!reflecting && voters.length === 0) return null;
  const subject = `“${note.text.length > 60 ? `${note.text.slice(0, 57)}…` : note.text}”`;
  return (
    <div className="votes">
      <span className="vote-count" data-testid="vote-count">
        {voters.length} {voters.length === 1 ? 'vote' : 'votes'}
      </span>
      {reflecting &&
        (mine ? (
          <button
            type="button"
            className="secondary"
            aria-label={`Take back your vote for ${subject}`}
            onClick={() => void send('vote:retract', { actionId: note.id })}
          >
            Unvote
          </button>
        ) : (
          <button
            type="button"
            aria-label={`Vote for ${subject}`}
            onClick={() => void send('vote:cast', { actionId: note.id })}
          >
            Vote
          </button>
        ))}
    </div>
  );
}
