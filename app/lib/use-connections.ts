'use client';

import { useEffect, useState } from 'react';
import type { ConnectionsReport } from '@/server/contract/commands';
import type { Ack } from '@/server/contract/errors';
import type { RoomSocket } from './use-room';

/** The connection report, refreshed every `everyMs`, or the server's reason it could not be had. */
export type ConnectionsView =
  | { kind: 'loading' }
  | { kind: 'ready'; report: ConnectionsReport }
  | { kind: 'failed'; message: string };

/**
 * Asks the server for the connection panel (`connections:list`, facilitator only) now and every
 * `everyMs` while `enabled`; a missed answer keeps the last report on screen with the reason.
 */
export function useConnections(socket: RoomSocket, enabled: boolean, everyMs = 3_000): ConnectionsView {
  const [view, setView] = useState<ConnectionsView>({ kind: 'loading' });
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    const ask = async () => {
      if (!socket.connected) return;
      const ack: Ack<ConnectionsReport> = await socket
        .timeout(10_000)
        .emitWithAck('connections:list')
        .catch(() => ({
          ok: false as const,
          error: { code: 'INTERNAL' as const, message: 'The server did not answer in time.' },
        }));
      if (stopped) return;
      setView(ack.ok ? { kind: 'ready', report: ack.value } : { kind: 'failed', message: ack.error.message });
    };
    void ask();
    const timer = setInterval(() => void ask(), everyMs);
    socket.on('connect', ask);
    return () => {
      stopped = true;
      clearInterval(timer);
      socket.off('connect', ask);
    };
  }, [socket, enabled, everyMs]);
  return view;
}
