'use client';

import { useState } from 'react';
import { listNotes } from '@/server/workshop/notes';
import { useDocValue } from '../lib/use-doc';
import { type ConnectedRoom, type LinkStatus, useRoom } from '../lib/use-room';
import { PresenceList } from './presence-list';
import { Wall } from './wall';

/** The live workshop room for one workshop id. */
export function Room({ workshopId }: { workshopId: string }) {
  const { state, status } = useRoom(workshopId);
  if (state.kind === 'loading')
    return (
      <p className="centered" role="status">
        Opening the room…
      </p>
    );
  if (state.kind === 'refused' || state.kind === 'failed') {
    return (
      <main className="centered refused" data-testid="refused">
        <h1>
          {state.kind === 'refused' ? 'This link does not open a room' : 'The room could not be opened'}
        </h1>
        <p>{state.message}</p>
        <p>
          Ask your facilitator for the workshop&rsquo;s join link, or{' '}
          <a href="/">start a workshop of your own</a>.
        </p>
      </main>
    );
  }
  return <RoomView room={state.room} status={status} />;
}

function RoomView({ room, status }: { room: ConnectedRoom; status: LinkStatus }) {
  const notes = useDocValue(room.doc, listNotes);
  const { record } = room;
  const author = { id: record.you.participantId ?? '', name: record.you.name ?? '' };
  return (
    <div className="room">
      <header className="room-header">
        <div>
          <p className="eyebrow">Firedrill workshop</p>
          <h1>{record.title}</h1>
        </div>
        <ConnectionBadge status={status} />
      </header>
      {record.joinUrl && <InviteLink url={record.joinUrl} />}
      <div className="room-body">
        <aside>
          <PresenceList awareness={room.provider.awareness} youId={record.you.participantId} />
        </aside>
        <div className="walls">
          <Wall
            doc={room.doc}
            wall="crappy"
            title="What's crappy"
            hint="A bad alarm, a slow log search…"
            notes={notes.filter((n) => n.wall === 'crappy')}
            author={author}
          />
          <Wall
            doc={room.doc}
            wall="awesome"
            title="What's awesome"
            hint="Something to replicate elsewhere…"
            notes={notes.filter((n) => n.wall === 'awesome')}
            author={author}
          />
        </div>
      </div>
    </div>
  );
}

function ConnectionBadge({ status }: { status: LinkStatus }) {
  const label = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' }[status];
  return (
    <p
      className={`connection connection-${status}`}
      role="status"
      aria-live="polite"
      data-testid="connection"
    >
      {label}
    </p>
  );
}

function InviteLink({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="invite" data-testid="invite">
      <label htmlFor="join-link">Join link for your team</label>
      <input id="join-link" readOnly value={url} onFocus={(event) => event.target.select()} />
      <button
        type="button"
        onClick={() => {
          void navigator.clipboard?.writeText(url).then(() => setCopied(true));
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
