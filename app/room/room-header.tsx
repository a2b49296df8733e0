'use client';

import type { LinkStatus } from '../lib/use-room';
import { Clock } from './clock';
import { ConnectionBadge } from './connection-badge';
import { PhaseStepper } from './phase-stepper';
import { useRoomContext } from './room-context';

/** The top bar every screen shares: title, phase stepper, the big clock and the connection badge. */
export function RoomHeader({ status }: { status: LinkStatus }) {
  const { room } = useRoomContext();
  return (
    <header className="room-header">
      <div className="title-block">
        <p className="eyebrow">Firedrill workshop</p>
        <h1>{room.record.title}</h1>
        <PhaseStepper />
      </div>
      <Clock />
      <ConnectionBadge status={status} />
    </header>
  );
}
