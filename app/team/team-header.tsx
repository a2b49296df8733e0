'use client';

import type { TeamView } from '@/server/contract/team';
import { CopyField } from './copy-field';
import { formatDateTime } from './format';
import { NextWorkshopForm } from './next-workshop-form';
import { TeamName } from './team-name';

/**
 * The team's name (renamed here by the admin), the role this link gives, the member link (admin)
 * and the next workshop date.
 */
export function TeamHeader(props: { team: TeamView; token: string; onTeamChange: (team: TeamView) => void }) {
  const { team, token, onTeamChange } = props;
  const isAdmin = team.role === 'admin';
  return (
    <header className="team-header card">
      <div className="team-title">
        <p className="eyebrow">Team</p>
        <TeamName team={team} token={token} onRenamed={onTeamChange} />
        <span className={`role-badge role-${team.role}`} data-testid="role">
          {isAdmin ? 'Admin' : 'Member (read-only)'}
        </span>
      </div>
      {isAdmin && team.memberUrl && (
        <CopyField label="Member link for your team" value={team.memberUrl} testId="member-link" />
      )}
      {isAdmin ? (
        <NextWorkshopForm team={team} token={token} onSaved={onTeamChange} />
      ) : (
        <p data-testid="next-workshop">
          <strong>Next workshop:</strong>{' '}
          {team.nextWorkshopAt ? formatDateTime(team.nextWorkshopAt) : 'not planned yet'}
          {team.recurrence === 'monthly' && ' (monthly)'}
        </p>
      )}
    </header>
  );
}
