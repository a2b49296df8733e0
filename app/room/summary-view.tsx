'use client';

import { useEffect, useState } from 'react';
import type { WorkshopSummary } from '@/server/contract/http-workshop';
import { callApi } from '../lib/api';
import type { ConnectedRoom } from '../lib/use-room';
import { SummaryTurns } from './summary-turns';
import { SummaryWalls } from './summary-walls';
import { SurveyOffer } from './survey-offer';

/**
 * The read-only record of an ended workshop, from GET /api/workshops/<id>/summary: who took part,
 * the draws, every turn's timeline, both walls and the actions with votes, owner and due date.
 */
export function SummaryView({ room }: { room: ConnectedRoom }) {
  const [summary, setSummary] = useState<WorkshopSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async (attempt: number) => {
      const result = await callApi<WorkshopSummary>(
        `/api/workshops/${encodeURIComponent(room.record.id)}/summary`,
        { token: room.token },
      );
      if (cancelled) return;
      if (result.ok) setSummary(result.value);
      // The record is written as the workshop ends; a moment's wait covers the race.
      else if (attempt < 5) timer = setTimeout(() => void load(attempt + 1), 500 * 2 ** attempt);
      else setError(result.error.message);
    };
    void load(0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [room]);

  if (error)
    return (
      <p className="centered error" role="alert">
        {error}
      </p>
    );
  if (!summary)
    return (
      <p className="centered" role="status">
        Loading the workshop record…
      </p>
    );
  const ended = summary.endedAt ? new Date(summary.endedAt).toLocaleString() : '';
  return (
    <main className="room summary" data-testid="summary">
      <header className="room-header">
        <div>
          <p className="eyebrow">Firedrill workshop · ended {ended}</p>
          <h1>{summary.title}</h1>
          <p className="muted">This record is read-only.</p>
        </div>
      </header>
      <div className="summary-grid">
        <section className="panel" aria-labelledby="sum-people">
          <h2 id="sum-people">Participants</h2>
          <ul data-testid="summary-participants">
            {summary.participants.map((p) => (
              <li key={p.id}>{p.name}</li>
            ))}
          </ul>
        </section>
        <section className="panel" aria-labelledby="sum-draws">
          <h2 id="sum-draws">Draws</h2>
          <ol data-testid="summary-draws">
            {summary.draws.map((d) => (
              <li key={d.seq}>
                {d.participantName} drew ‘{d.scenarioTitle}’
              </li>
            ))}
          </ol>
        </section>
      </div>
      {summary.teamId && <SurveyOffer teamId={summary.teamId} token={room.token} />}
      <SummaryTurns turns={summary.turns} />
      <SummaryWalls notes={summary.notes} actions={summary.actions} />
    </main>
  );
}
