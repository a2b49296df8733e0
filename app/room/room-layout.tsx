'use client';

import type { LinkStatus } from '../lib/use-room';
import { ActionReview } from './action-review';
import { Announcer } from './announcer';
import { ConnectionsPanel } from './connections-panel';
import { DriverStage } from './driver-stage';
import { FacilitatorToolbar } from './facilitator-toolbar';
import { HatPanel } from './hat-panel';
import { InviteLink } from './invite-link';
import { ReflectBanner } from './reflect-banner';
import { RoleControls } from './role-controls';
import { RoleEvents } from './role-events';
import { useRoomContext } from './room-context';
import { RoomHeader } from './room-header';
import { Roster } from './roster';
import { ScribeLog } from './scribe-log';
import { TurnOrder } from './turn-order';
import { Walls } from './walls';

/**
 * The room's layout: header (title, phase, clock, connection), the facilitator's toolbar, the
 * driver's stage with the scribe's timeline beside it, the walls below, and a side column with the
 * people, roles and turn order; the announcer tells screen readers what changes.
 */
export function RoomLayout({ status }: { status: LinkStatus }) {
  const { room, state, isFacilitator, send } = useRoomContext();
  const hatUpFront = state.phase === 'lobby' || state.phase === 'draw';
  return (
    <div className="room">
      <RoomHeader status={status} />
      <FacilitatorToolbar />
      <ReflectBanner />
      {room.record.joinUrl && isFacilitator && <InviteLink url={room.record.joinUrl} />}
      {isFacilitator && <ConnectionsPanel />}
      <div className="room-body">
        <aside className="side">
          <Roster />
          <RoleControls />
          <TurnOrder />
          {state.phase === 'investigate' && <HatPanel compact />}
          <RoleEvents />
        </aside>
        <main className="main">
          {state.phase === 'lobby' && state.review.length > 0 && (
            <ActionReview
              review={state.review}
              onSetStatus={(actionId, status) => void send('review:set-status', { actionId, status })}
            />
          )}
          {hatUpFront && <HatPanel />}
          {state.phase !== 'lobby' && (
            <div className="stage-row">
              <DriverStage />
              <ScribeLog />
            </div>
          )}
          <Walls />
        </main>
      </div>
      <Announcer />
    </div>
  );
}
