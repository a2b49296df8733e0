'use client';

import { createContext, useEffect, useMemo, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import { ErrorCode } from '@/server/contract/errors';
import {
  TEAM_NAMESPACE,
  TEAM_TOPICS,
  type TeamServerToClientEvents,
  type TeamTopic,
  teamChangeSchema,
  topicsOfPath,
} from '@/server/contract/team';
import { batchTopics } from './topic-batch';

/** Whether changes made elsewhere reach this page by themselves. */
export type LiveStatus = 'off' | 'connecting' | 'live' | 'reconnecting' | 'refused';

/** The team page's live updates, as its sections read them. */
export interface TeamLive {
  status: LiveStatus;
  /** Why the server refused the live connection (the link is not valid), else null. */
  error: string | null;
  /** A number that changes whenever something `path` reads changed on the server. */
  versionOf: (path: string) => number;
}

/** Live updates for `useApiData`; outside the team page nothing is live and nothing is refetched. */
export const TeamLiveContext = createContext<TeamLive>({ status: 'off', error: null, versionOf: () => 0 });

/** How long announcements are collected before the sections refetch: a burst costs one refetch. */
const BATCH_MS = 300;

const unchanged = () =>
  Object.fromEntries(TEAM_TOPICS.map((topic) => [topic, 0])) as Record<TeamTopic, number>;

/**
 * Listens to the team's announcements over socket.io (the team namespace, authenticated with the
 * page's team token) and counts, per topic, the changes heard. After a reconnect every topic counts
 * once more, since whatever changed meanwhile was announced to nobody here. A refused token stops
 * for good; a server that cannot check it now (its database is away) is asked again.
 */
export function useTeamLive(teamId: string, token: string | null | undefined): TeamLive {
  const [counts, setCounts] = useState(unchanged);
  const [status, setStatus] = useState<LiveStatus>('off');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!token) return;
    const batch = batchTopics((topics) => {
      setCounts((current) => {
        const next = { ...current };
        for (const topic of topics) next[topic] += 1;
        return next;
      });
    }, BATCH_MS);
    const socket: Socket<TeamServerToClientEvents, Record<string, never>> = io(TEAM_NAMESPACE, {
      path: '/socket.io/',
      auth: { teamId, token },
      // WebSocket only: long-polling would need sticky sessions behind a load balancer.
      transports: ['websocket'],
      reconnectionDelay: 300,
      reconnectionDelayMax: 10_000,
      randomizationFactor: 0.5,
    });
    let wasLive = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connectLater = () => {
      clearTimeout(retry);
      retry = setTimeout(() => socket.connect(), 1_000 + Math.random() * 2_000);
    };
    setStatus('connecting');
    setError(null);
    socket.on('connect', () => {
      if (wasLive) batch.add(TEAM_TOPICS);
      wasLive = true;
      setStatus('live');
    });
    socket.on('disconnect', (reason) => {
      setStatus('reconnecting');
      // socket.io does not retry a disconnect the server asked for (a process shutting down).
      if (reason === 'io server disconnect') connectLater();
    });
    socket.on('connect_error', (refusal) => {
      if ((refusal as { data?: { code?: string } }).data?.code === ErrorCode.UNAUTHORIZED) {
        setStatus('refused');
        setError(refusal.message);
        return;
      }
      // Refused for now by the server (not a network failure, which socket.io retries itself).
      if (!socket.active) connectLater();
      setStatus(wasLive ? 'reconnecting' : 'connecting');
    });
    socket.on('team:changed', (change) => {
      const parsed = teamChangeSchema.safeParse(change);
      if (parsed.success) batch.add(parsed.data.topics);
    });
    return () => {
      clearTimeout(retry);
      batch.cancel();
      socket.disconnect();
    };
  }, [teamId, token]);

  return useMemo(
    () => ({
      status,
      error,
      versionOf: (path: string) => topicsOfPath(path).reduce((sum, topic) => sum + counts[topic], 0),
    }),
    [status, error, counts],
  );
}
