'use client';

import { createContext, useContext } from 'react';
import type { CommandName, CommandPayload } from '@/server/contract/commands';
import type { WorkshopState } from '@/server/model/state';
import type { ConnectedRoom } from '../lib/use-room';

/** Someone admitted to the workshop, as the room shows them. */
export interface Person {
  id: string;
  name: string;
  online: boolean;
  isYou: boolean;
}

/** What every part of a running room reads: the connection, the authoritative state and who you are. */
export interface RoomContextValue {
  room: ConnectedRoom;
  state: WorkshopState;
  /** Your participant id. */
  meId: string;
  /** Whether you hold the facilitator role now (from the state: the role can be handed over). */
  isFacilitator: boolean;
  /** Everyone admitted, facilitator first then by name. */
  people: Person[];
  nameOf: (id: string | null | undefined) => string;
  clockOffsetMs: number;
  /** Sends a command; a refusal is shown to the user and resolves false. */
  send: <N extends CommandName>(name: N, payload: CommandPayload<N>) => Promise<boolean>;
}

const RoomContext = createContext<RoomContextValue | null>(null);

/** Provides the room to the components below. */
export const RoomProvider = RoomContext.Provider;

/** The running room; only valid below a RoomProvider. */
export function useRoomContext(): RoomContextValue {
  const value = useContext(RoomContext);
  if (!value) throw new Error('useRoomContext outside a RoomProvider');
  return value;
}
