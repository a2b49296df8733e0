'use client';

import { useCallback, useMemo, useRef, useState } from 'react';
import type { CommandName, CommandPayload, RosterEntry } from '@/server/contract/commands';
import { readState } from '@/server/model/state-doc';
import { sendCommand } from '../lib/send-command';
import { useDocValue, usePresence } from '../lib/use-doc';
import { type ConnectedRoom, type LinkStatus, useRoom } from '../lib/use-room';
import { type AlertMessage, Alerts } from './alerts';
import { ConnectionBadge } from './connection-badge';
import { type Person, type RoomContextValue, RoomProvider } from './room-context';
import { RoomLayout } from './room-layout';
import { SummaryView } from './summary-view';

/** The live workshop room for one workshop id; the read-only summary once it has ended. */
export function Room({ workshopId }: { workshopId: string }) {
  const { state, status, clockOffsetMs, roster } = useRoom(workshopId);
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
  return <RoomView room={state.room} status={status} clockOffsetMs={clockOffsetMs} roster={roster} />;
}

function RoomView(props: {
  room: ConnectedRoom;
  status: LinkStatus;
  clockOffsetMs: number;
  roster: RosterEntry[];
}) {
  const { room, status, clockOffsetMs, roster } = props;
  const state = useDocValue(room.stateDoc, readState);
  const meId = room.record.you.participantId ?? '';
  const present = usePresence(room.provider.awareness, meId);
  const [alerts, setAlerts] = useState<AlertMessage[]>([]);
  const nextAlert = useRef(0);
  const dismiss = useCallback((id: number) => setAlerts((all) => all.filter((a) => a.id !== id)), []);

  const send = useCallback(
    async <N extends CommandName>(name: N, payload: CommandPayload<N>) => {
      const ack = await sendCommand(room.socket, name, payload);
      if (ack.ok) return true;
      const id = ++nextAlert.current;
      setAlerts((all) => [...all.slice(-2), { id, text: ack.error.message }]);
      setTimeout(() => dismiss(id), 8_000);
      return false;
    },
    [room.socket, dismiss],
  );

  const facilitatorId = state?.facilitatorId ?? '';
  const people = useMemo(() => {
    const byId = new Map<string, Person>();
    for (const p of room.record.participants)
      byId.set(p.id, { id: p.id, name: p.name, online: false, isYou: p.id === meId });
    for (const r of roster)
      byId.set(r.id, { id: r.id, name: r.name, online: r.online, isYou: r.id === meId });
    // Awareness is quicker than the roster both ways; someone is online when either says so.
    for (const p of present) {
      const known = byId.get(p.id);
      byId.set(p.id, { id: p.id, name: known?.name ?? p.name, online: true, isYou: p.id === meId });
    }
    return [...byId.values()].sort(
      (a, b) =>
        Number(b.id === facilitatorId) - Number(a.id === facilitatorId) || a.name.localeCompare(b.name),
    );
  }, [room.record.participants, roster, present, meId, facilitatorId]);

  const nameOf = useCallback(
    (id: string | null | undefined) => people.find((p) => p.id === id)?.name ?? 'Someone',
    [people],
  );

  if (!state) {
    return (
      <div className="room">
        <header className="room-header">
          <h1>{room.record.title}</h1>
          <ConnectionBadge status={status} />
        </header>
        <p role="status">Loading the workshop…</p>
      </div>
    );
  }
  if (state.phase === 'ended') return <SummaryView room={room} />;
  const value: RoomContextValue = {
    room,
    state,
    meId,
    isFacilitator: state.facilitatorId === meId,
    people,
    nameOf,
    clockOffsetMs,
    send,
  };
  return (
    <RoomProvider value={value}>
      <RoomLayout status={status} />
      <Alerts alerts={alerts} dismiss={dismiss} />
    </RoomProvider>
  );
}
