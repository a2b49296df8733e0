'use client';

import { useEffect, useState } from 'react';
import type { TeamView } from '@/server/contract/team';
import { callApi } from '../lib/api';
import { ActionTracker } from './action-tracker';
import { ConfidenceSection } from './confidence-section';
import { LibrarySection } from './library-section';
import { LiveNote } from './live-note';
import { NotificationsSection } from './notifications-section';
import { RefusedPage } from './refused-page';
import { TeamHeader } from './team-header';
import { forgetTeamToken } from './team-tokens';
import { TeamLiveContext, useTeamLive } from './use-team-live';
import { useTeamToken } from './use-team-token';
import { WorkshopBuilder } from './workshop-builder';
import { WorkshopsSection } from './workshops-section';

type PageState =
  | { kind: 'loading' }
  | { kind: 'refused'; message: string }
  | { kind: 'ready'; team: TeamView; token: string };

/** The team page: library, workshop builder, history, action tracker and confidence survey. */
export function TeamPage({ teamId }: { teamId: string }) {
  const token = useTeamToken(teamId);
  const [state, setState] = useState<PageState>({ kind: 'loading' });
  // Bumped after a change other sections show (a new workshop, an edited card, a changed action).
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((n) => n + 1);
  // Changes made in other browsers: each section refetches what they touched; the team itself here.
  const live = useTeamLive(teamId, token);
  const teamVersion = live.versionOf(`/api/teams/${teamId}`);

  // biome-ignore lint/correctness/useExhaustiveDependencies: teamVersion exists only to trigger a reload.
  useEffect(() => {
    if (token === undefined) return;
    if (token === null) {
      setState({ kind: 'refused', message: 'This page needs the team link, with its token.' });
      return;
    }
    let current = true;
    void callApi<TeamView>(`/api/teams/${teamId}`, { token }).then((result) => {
      if (!current) return;
      if (result.ok) setState({ kind: 'ready', team: result.value, token });
      else {
        if (result.status === 401) forgetTeamToken(teamId);
        setState({ kind: 'refused', message: result.error.message });
      }
    });
    return () => {
      current = false;
    };
  }, [teamId, token, teamVersion]);

  if (state.kind === 'loading')
    return (
      <p className="centered" role="status">
        Opening the team…
      </p>
    );
  if (state.kind === 'refused') return <RefusedPage message={state.message} />;
  const { team, token: teamToken } = state;
  const isAdmin = team.role === 'admin';
  const props = { teamId, token: teamToken, isAdmin, version, onChange: changed };
  const page = (
    <main className="team-page">
      <TeamHeader
        team={team}
        token={teamToken}
        onTeamChange={(next) => {
          setState({ ...state, team: next });
          // The library's summary counts on the people expected.
          changed();
        }}
      />
      <LiveNote live={live} />
      <div className="team-grid">
        <LibrarySection {...props} />
        {isAdmin && <WorkshopBuilder {...props} expectedParticipants={team.expectedParticipants} />}
        <WorkshopsSection {...props} nextWorkshopAt={team.nextWorkshopAt} />
        <ActionTracker {...props} />
        <ConfidenceSection {...props} />
        {isAdmin && <NotificationsSection {...props} />}
      </div>
    </main>
  );
  return <TeamLiveContext.Provider value={live}>{page}</TeamLiveContext.Provider>;
}
